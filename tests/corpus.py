"""A small content tree written by the tests: enough to show every behaviour of the core."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXTERNAL = SHARED / "data" / "external"

TAXONOMY = """\
themes:
  - id: hermanamientos
    label: {es: Hermanamientos, pt: Geminações, en: Twinning, fr: Jumelages}
    synonyms:
      es: [ciudades hermanas, hermanamiento de ciudades]
      en: [sister cities, town twinning]
      pt: [cidades-irmãs]
      fr: [villes jumelles]
    parent: accion-internacional
  - id: accion-internacional
    label: {es: Acción internacional, en: International action}
  - id: migracion
    label: {es: Migración, pt: Migração, en: Migration, fr: Migrations}
    synonyms:
      es: [migrantes, refugiados]
      en: [refugees]
  - id: cultura
    label: {es: Cultura, pt: Cultura, en: Culture, fr: Culture}
  - id: agua
    label: {es: Agua y saneamiento, en: Water and sanitation}
networks:
  - id: mercociudades
    label: {es: Mercociudades}
  - id: cglu
    label:
      es: Ciudades y Gobiernos Locales Unidos (CGLU)
      en: United Cities and Local Governments (UCLG)
    synonyms: {en: [UCLG], es: [CGLU]}
"""


def front(**values: str) -> str:
    lines = ["---"] + [f"{k}: {v}" for k, v in values.items()] + ["---", ""]
    return "\n".join(lines)


def case_file(title: str, text: str, **values: str) -> str:
    """A case's Markdown: front matter (``values`` over the defaults: Spanish, 2020, Spain,
    twinning) and one section, «Lo que se hizo», that says ``text``."""
    defaults = {
        "title": f'"{title}"',
        "date": "2020",
        "language": "es",
        "countries": "[ES]",
        "themes": "[hermanamientos]",
        "summary": '"Un caso de prueba."',
    }
    return front(**{**defaults, **values}) + f"\n## Lo que se hizo\n\n{text}\n"


FILES: dict[str, str] = {
    "taxonomy.yml": TAXONOMY,
    "cases/montevideo-hermanamientos.md": front(
        title="Montevideo y sus hermanamientos",
        date="2014-05",
        language="es",
        countries="[UY, ES]",
        city="Montevideo",
        themes="[hermanamientos]",
        networks="[mercociudades]",
        summary="Cómo Montevideo renovó sus acuerdos con ciudades de España.",
    )
    + """
Montevideo firmó acuerdos con varias ciudades europeas a lo largo de tres décadas.

## Contexto

La Intendencia revisó en 2012 los convenios vigentes con ciudades españolas y encontró
muchos acuerdos sin actividad.

## Resultados {#resultados}

Los hermanamientos renovados incluyeron intercambios técnicos de residuos y de cultura,
con planes de trabajo anuales y una evaluación pública de cada hermanamiento.

## Fuentes

Intendencia de Montevideo, informes anuales.
""",
    "cases/rosario-migrantes.md": front(
        title="Rosario recibe a personas migrantes",
        date="2019-03-10",
        language="es",
        countries="AR",
        city="Rosario",
        themes="[migracion]",
        networks="[mercociudades]",
    )
    + """
## Qué se hizo

Rosario abrió una oficina de atención a migrantes con orientación legal y cursos de idioma.
La migración regional creció con la llegada de familias de Venezuela.

## Lecciones

Coordinar con el gobierno nacional la documentación de las personas migrantes evitó demoras.
""",
    "cases/coventry-twinned.md": front(
        title="Coventry's first links",
        date="1944",
        language="en",
        countries="[GB, RU]",
        city="Coventry",
        themes="[hermanamientos]",
    )
    + """
## History

Coventry twinned with Stalingrad in 1944, when women of both cities exchanged letters.
Later the city twinned with Dresden.
""",
    "cases/lyon-jumelages.md": front(
        title="Lyon et ses partenaires",
        date="2009-06",
        language="fr",
        countries="[FR, BR]",
        city="Lyon",
        themes="[cultura]",
    )
    + """
## Les échanges

Les jumelages de la ville ont ouvert des programmes culturels avec des villes brésiliennes.
""",
    "cases/porto-cooperacoes.md": front(
        title="Porto e as suas parcerias",
        date="2016-09-01",
        language="pt",
        countries="[PT, BR]",
        city="Porto",
        themes="[cultura]",
    )
    + """
## O que foi feito

As cooperações técnicas entre os municípios incluíram bibliotecas e arquivos históricos.
""",
    "cases/quito-agua.md": front(
        title="Quito comparte su gestión del agua",
        date="2017",
        language="es",
        countries="EC",
        city="Quito",
        themes="[agua]",
        networks="[cglu]",
    )
    + """
## Contexto

La empresa municipal de agua de Quito recibió visitas técnicas. La diplomacia tuvo poco
que ver: fue sobre todo trabajo de ingenieros, y el agua llegó a más barrios.
""",
    "notebooks/guia-oficina.md": front(
        title="Guía para crear una oficina de relaciones internacionales",
        date="2020-01",
        language="es",
        countries="[UY, AR, EC]",
        themes="[accion-internacional]",
        networks="[mercociudades, cglu]",
    )
    + """
Una guía práctica en varios capítulos.

## Mandato

La oficina necesita un mandato claro del concejo y un lugar en el organigrama.

## Equipo

Dos personas con idiomas, manejo de proyectos y contactos en redes de ciudades.

## Presupuesto

Un presupuesto propio, aunque pequeño, da continuidad al trabajo internacional.
""",
    "webinars/agua-ciudades.md": front(
        title='"Ciudades y agua: un diálogo"',
        date="2021-11-05",
        language="es",
        countries="[EC, FR]",
        themes="[agua]",
        speakers="[Laura Méndez, Pablo Ruiz]",
        video="https://example.org/recording",
    )
    + """
## Sobre el webinar

Un diálogo entre técnicos municipales sobre servicios de agua.
""",
    "webinars/agua-ciudades.vtt": """WEBVTT

00:00:01.000 --> 00:00:06.000
<v Laura Méndez>Bienvenidos a este encuentro sobre servicios municipales.

00:00:06.500 --> 00:00:20.000
<v Laura Méndez>Hoy hablamos de cómo se comparten experiencias técnicas entre ciudades.

00:00:21.000 --> 00:00:40.000
<v Pablo Ruiz>Gracias, Laura. Empiezo por nuestra experiencia en la empresa municipal.

00:00:40.500 --> 00:01:05.000
<v Pablo Ruiz>Las visitas técnicas fueron lo más útil para los equipos.

00:01:10.000 --> 00:01:20.000
<v Pablo Ruiz>La diplomacia del agua une a Quito y Lyon desde hace una década.

00:01:20.500 --> 00:01:45.000
<v Laura Méndez>Una pregunta del público: ¿cuánto cuesta mantener ese vínculo?
""",
    "webinars/migrar-juntos.md": front(
        title='"Migrar juntos: ciudades de acogida"',
        date="2022-02",
        language="es",
        countries="[AR]",
        themes="[migracion]",
        speakers="[Ana Sosa, Juan Gil]",
    )
    + """
Descripción breve del encuentro.

## Transcripción

[00:00:05] Ana Sosa: Bienvenidas y bienvenidos al encuentro sobre ciudades de acogida.

[00:00:40] Juan Gil: En nuestra ciudad la acogida empezó con un albergue municipal.

[00:02:10] Ana Sosa: ¿Y cómo se financió el albergue durante el primer año?

[00:12:34] Juan Gil: Con un fondo mixto entre la provincia y el municipio.
""",
    "webinars/redes-srt.md": front(
        title="Redes de ciudades",
        date="2023-04-20",
        language="es",
        countries="[MX]",
        themes="[accion-internacional]",
        networks="[cglu]",
    )
    + """
## Sobre el webinar

Conversación sobre redes de ciudades.
""",
    "webinars/redes-srt.srt": """1
00:00:00,500 --> 00:00:04,000
Marta Díaz: Buenas tardes a todas las personas conectadas.

2
00:00:04,500 --> 00:00:09,000
Hoy hablamos de redes de ciudades.

3
00:00:35,000 --> 00:00:40,000
Jorge Paz: Gracias. Yo trabajo en la red desde hace diez años.
""",
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path → text or bytes) under ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
