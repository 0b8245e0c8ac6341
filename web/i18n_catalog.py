"""The interface's translations (source of the .po catalogs, English msgids).

``python -m web.i18n_catalog`` writes ``web/translations/<lang>/LC_MESSAGES/messages.po``
and compiles the ``.mo`` next to it; a test checks both are up to date.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

HERE = Path(__file__).parent / "translations"

# msgid: (es, pt, fr)
MESSAGES: dict[str, tuple[str, str, str]] = {
    "kb: good practices of cities abroad": (
        "kb: buenas prácticas de acción internacional local",
        "kb: boas práticas de ação internacional local",
        "kb : bonnes pratiques de l'action internationale locale",
    ),
    "Skip to content": ("Saltar al contenido", "Ir para o conteúdo", "Aller au contenu"),
    "Local governments' international action": (
        "Acción internacional de los gobiernos locales",
        "Ação internacional dos governos locais",
        "Action internationale des collectivités locales",
    ),
    "Language": ("Idioma", "Idioma", "Langue"),
    "Search good practices": (
        "Buscar buenas prácticas",
        "Buscar boas práticas",
        "Chercher des bonnes pratiques",
    ),
    "twinning, migración, Mercociudades…": (
        "hermanamientos, migración, Mercociudades…",
        "geminação, migração, Mercocidades…",
        "jumelage, migrations, Mercociudades…",
    ),
    "Search": ("Buscar", "Buscar", "Chercher"),
    "kb gathers cases, notebooks and webinars on the international action of cities and "
    "regions of Latin America and Europe.": (
        "kb reúne casos, cuadernos y webinars sobre la acción internacional de ciudades y "
        "regiones de América Latina y Europa.",
        "kb reúne casos, cadernos e webinars sobre a ação internacional de cidades e regiões "
        "da América Latina e da Europa.",
        "kb rassemble des cas, des cahiers et des webinaires sur l'action internationale des "
        "villes et régions d'Amérique latine et d'Europe.",
    ),
    "JSON API": ("API JSON", "API JSON", "API JSON"),
    "Feed of this search": ("Feed de esta búsqueda", "Feed desta busca", "Flux de cette recherche"),
    "Date": ("Fecha", "Data", "Date"),
    "Countries": ("Países", "Países", "Pays"),
    "Cities": ("Ciudades", "Cidades", "Villes"),
    "Themes": ("Temas", "Temas", "Thèmes"),
    "City networks": ("Redes de ciudades", "Redes de cidades", "Réseaux de villes"),
    "Authors": ("Autoría", "Autoria", "Auteurs"),
    "Speakers": ("Ponentes", "Palestrantes", "Intervenants"),
    "Source": ("Fuente", "Fonte", "Source"),
    "Recording": ("Grabación", "Gravação", "Enregistrement"),
    "Contents": ("Contenido", "Conteúdo", "Sommaire"),
    "Transcript": ("Transcripción", "Transcrição", "Transcription"),
    "Passage at %(time)s": ("Pasaje en %(time)s", "Trecho em %(time)s", "Passage à %(time)s"),
    "Watch from %(time)s": (
        "Ver desde %(time)s",
        "Assistir a partir de %(time)s",
        "Regarder à partir de %(time)s",
    ),
    "Related practices": (
        "Prácticas relacionadas",
        "Práticas relacionadas",
        "Pratiques similaires",
    ),
    "Cite this": ("Citar", "Citar", "Citer"),
    "Permanent link": ("Enlace permanente", "Link permanente", "Lien permanent"),
    "Copy": ("Copiar", "Copiar", "Copier"),
    "Copy APA": ("Copiar APA", "Copiar APA", "Copier APA"),
    "Copy BibTeX": ("Copiar BibTeX", "Copiar BibTeX", "Copier BibTeX"),
    "This page does not exist": (
        "Esta página no existe",
        "Esta página não existe",
        "Cette page n'existe pas",
    ),
    "The index is not ready yet": (
        "El índice todavía no está listo",
        "O índice ainda não está pronto",
        "L'index n'est pas encore prêt",
    ),
    "Something went wrong on our side": (
        "Algo falló de nuestro lado",
        "Algo deu errado do nosso lado",
        "Une erreur s'est produite de notre côté",
    ),
    "The address may have changed. Search for what you were looking for:": (
        "Puede que la dirección haya cambiado. Busca lo que necesitabas:",
        "O endereço pode ter mudado. Busque o que você procurava:",
        "L'adresse a peut-être changé. Cherchez ce que vous cherchiez :",
    ),
    "Run kb index, then reload this page.": (
        "Ejecuta kb index y vuelve a cargar esta página.",
        "Execute kb index e recarregue esta página.",
        "Lancez kb index puis rechargez cette page.",
    ),
    "Please try again in a moment. Your search is kept in the address bar.": (
        "Vuelve a intentarlo en un momento. Tu búsqueda sigue en la barra de direcciones.",
        "Tente de novo em instantes. Sua busca continua na barra de endereços.",
        "Réessayez dans un instant. Votre recherche reste dans la barre d'adresse.",
    ),
    "Go to the search page": ("Ir a la búsqueda", "Ir para a busca", "Aller à la recherche"),
    "Filters": ("Filtros", "Filtros", "Filtres"),
    "Show all (%(n)s)": ("Ver todos (%(n)s)", "Ver todos (%(n)s)", "Tout afficher (%(n)s)"),
    "Apply filters": ("Aplicar filtros", "Aplicar filtros", "Appliquer les filtres"),
    "Results": ("Resultados", "Resultados", "Résultats"),
    "Selected filters": ("Filtros elegidos", "Filtros escolhidos", "Filtres choisis"),
    "(remove)": ("(quitar)", "(remover)", "(retirer)"),
    "Clear all": ("Quitar todos", "Limpar tudo", "Tout effacer"),
    "Showing results for": (
        "Mostrando resultados para",
        "Mostrando resultados para",
        "Résultats pour",
    ),
    "Did you mean": ("Quisiste decir", "Você quis dizer", "Vouliez-vous dire"),
    "Sort by": ("Ordenar por", "Ordenar por", "Trier par"),
    "relevance": ("relevancia", "relevância", "pertinence"),
    "date": ("fecha", "data", "date"),
    "Sort": ("Ordenar", "Ordenar", "Trier"),
    "at %(time)s": ("en %(time)s", "em %(time)s", "à %(time)s"),
    "Pages": ("Páginas", "Páginas", "Pages"),
    "Previous": ("Anterior", "Anterior", "Précédente"),
    "Next": ("Siguiente", "Próxima", "Suivante"),
    "Nothing found for “%(q)s”": (
        "No encontramos nada para «%(q)s»",
        "Nada encontrado para “%(q)s”",
        "Aucun résultat pour « %(q)s »",
    ),
    "Nothing matches these filters": (
        "Nada coincide con estos filtros",
        "Nada corresponde a estes filtros",
        "Rien ne correspond à ces filtres",
    ),
    "Try": ("Prueba", "Tente", "Essayez"),
    "Remove the filter %(f)s": (
        "Quitar el filtro %(f)s",
        "Remover o filtro %(f)s",
        "Retirer le filtre %(f)s",
    ),
    "Use fewer or more general words, in any language: Spanish, Portuguese, English or French.": (
        "Usa menos palabras o más generales, en cualquier idioma: español, portugués, inglés "
        "o francés.",
        "Use menos palavras ou palavras mais gerais, em qualquer idioma: espanhol, português, "
        "inglês ou francês.",
        "Utilisez moins de mots ou des mots plus généraux, dans n'importe quelle langue : "
        "espagnol, portugais, anglais ou français.",
    ),
    "Browse all documents": (
        "Ver todos los documentos",
        "Ver todos os documentos",
        "Parcourir tous les documents",
    ),
    "Theme": ("Tema", "Tema", "Thème"),
    "Country": ("País", "País", "Pays"),
    "City network": ("Red de ciudades", "Rede de cidades", "Réseau de villes"),
    "City": ("Ciudad", "Cidade", "Ville"),
    "Type": ("Tipo", "Tipo", "Type"),
    "Year": ("Año", "Ano", "Année"),
    # -- trainers: section links, cite this, exports, embeds, reading lists --------------
    "Add to list": ("Añadir a la lista", "Adicionar à lista", "Ajouter à la liste"),
    "In your list": ("En tu lista", "Na sua lista", "Dans votre liste"),
    "Link": ("Enlace", "Link", "Lien"),
    "Link copied": ("Enlace copiado", "Link copiado", "Lien copié"),
    "Cite": ("Citar", "Citar", "Citer"),
    "Your reading list": ("Tu lista de lectura", "Sua lista de leitura", "Votre liste de lecture"),
    "Open it as a handout": (
        "Abrirla como material impreso",
        "Abri-la como material impresso",
        "L'ouvrir comme support imprimable",
    ),
    "Empty it": ("Vaciarla", "Esvaziá-la", "La vider"),
    "This section: %(name)s": (
        "Esta sección: %(name)s",
        "Esta seção: %(name)s",
        "Cette section : %(name)s",
    ),
    "Permanent link of this section": (
        "Enlace permanente de esta sección",
        "Link permanente desta seção",
        "Lien permanent de cette section",
    ),
    "The whole document": ("El documento completo", "O documento inteiro", "Le document entier"),
    "Embed in a course": (
        "Insertar en un curso",
        "Incorporar em um curso",
        "Intégrer dans un cours",
    ),
    "Code to paste in the HTML view of a Moodle or Canvas page": (
        "Código para pegar en la vista HTML de una página de Moodle o Canvas",
        "Código para colar na visualização HTML de uma página do Moodle ou do Canvas",
        "Code à coller dans la vue HTML d'une page Moodle ou Canvas",
    ),
    "Copy the code": ("Copiar el código", "Copiar o código", "Copier le code"),
    "Every heading has its own link and citation: use “Link” and “Cite” under it.": (
        "Cada título tiene su propio enlace y su cita: use «Enlace» y «Citar» debajo de él.",
        "Cada título tem seu próprio link e sua citação: use “Link” e “Citar” abaixo dele.",
        "Chaque titre a son propre lien et sa citation : utilisez « Lien » et « Citer » "
        "en dessous.",
    ),
    "Export": ("Exportar", "Exportar", "Exporter"),
    "Atom feed": ("Canal Atom", "Feed Atom", "Flux Atom"),
    "Embed this search": (
        "Insertar esta búsqueda",
        "Incorporar esta busca",
        "Intégrer cette recherche",
    ),
    "Embed this search in a course": (
        "Insertar esta búsqueda en un curso",
        "Incorporar esta busca em um curso",
        "Intégrer cette recherche dans un cours",
    ),
    "Paste this code in the HTML view of a Moodle page or label, or of a Canvas page. The "
    "list stays current: new practices appear as they are added.": (
        "Pegue este código en la vista HTML de una página o etiqueta de Moodle, o de una "
        "página de Canvas. La lista se mantiene al día: las nuevas prácticas aparecen a "
        "medida que se publican.",
        "Cole este código na visualização HTML de uma página ou rótulo do Moodle, ou de uma "
        "página do Canvas. A lista se mantém atualizada: as novas práticas aparecem à medida "
        "que são publicadas.",
        "Collez ce code dans la vue HTML d'une page ou d'une étiquette Moodle, ou d'une page "
        "Canvas. La liste reste à jour : les nouvelles pratiques apparaissent dès leur "
        "publication.",
    ),
    "Code to paste": ("Código para pegar", "Código para colar", "Code à coller"),
    "Back to the search": ("Volver a la búsqueda", "Voltar à busca", "Retour à la recherche"),
    "Preview": ("Vista previa", "Pré-visualização", "Aperçu"),
    "Preview of the embedded search": (
        "Vista previa de la búsqueda insertada",
        "Pré-visualização da busca incorporada",
        "Aperçu de la recherche intégrée",
    ),
    "Good practices of cities abroad": (
        "Buenas prácticas de acción internacional local",
        "Boas práticas de ação internacional local",
        "Bonnes pratiques de l'action internationale locale",
    ),
    "opens in a new tab": (
        "se abre en una pestaña nueva",
        "abre em uma nova aba",
        "s'ouvre dans un nouvel onglet",
    ),
    "Nothing matches this search yet.": (
        "Todavía nada responde a esta búsqueda.",
        "Ainda nada corresponde a esta busca.",
        "Rien ne correspond encore à cette recherche.",
    ),
    "See all %(n)s results on kb": (
        "Ver los %(n)s resultados en kb",
        "Ver os %(n)s resultados no kb",
        "Voir les %(n)s résultats sur kb",
    ),
    "Search on kb": ("Buscar en kb", "Buscar no kb", "Chercher sur kb"),
    "Read on kb": ("Leer en kb", "Ler no kb", "Lire sur kb"),
    "The address may have changed.": (
        "Puede que la dirección haya cambiado.",
        "O endereço pode ter mudado.",
        "L'adresse a peut-être changé.",
    ),
    "Reading list": ("Lista de lectura", "Lista de leitura", "Liste de lecture"),
    "Reading lists": ("Listas de lectura", "Listas de leitura", "Listes de lecture"),
    "reviewed by the editors": (
        "revisada por el equipo editorial",
        "revisada pela equipe editorial",
        "relue par l'équipe éditoriale",
    ),
    "No longer available: this document was removed, or the address is wrong.": (
        "Ya no está disponible: el documento se retiró o la dirección es incorrecta.",
        "Não está mais disponível: o documento foi retirado ou o endereço está errado.",
        "N'est plus disponible : le document a été retiré ou l'adresse est erronée.",
    ),
    "The section this item pointed to no longer exists: the link opens the document.": (
        "La sección a la que apuntaba ya no existe: el enlace abre el documento.",
        "A seção para a qual apontava não existe mais: o link abre o documento.",
        "La section visée n'existe plus : le lien ouvre le document.",
    ),
    "Note": ("Nota", "Nota", "Note"),
    "This list online": ("Esta lista en línea", "Esta lista on-line", "Cette liste en ligne"),
    "This list is empty. Add documents and sections with “Add to list” on search results and "
    "under headings, or write their addresses below.": (
        "Esta lista está vacía. Añada documentos y secciones con «Añadir a la lista» en los "
        "resultados y bajo los títulos, o escriba sus direcciones abajo.",
        "Esta lista está vazia. Adicione documentos e seções com “Adicionar à lista” nos "
        "resultados e abaixo dos títulos, ou escreva os endereços abaixo.",
        "Cette liste est vide. Ajoutez des documents et des sections avec « Ajouter à la "
        "liste » dans les résultats et sous les titres, ou écrivez leurs adresses ci-dessous.",
    ),
    "Permanent link of this list": (
        "Enlace permanente de esta lista",
        "Link permanente desta lista",
        "Lien permanent de cette liste",
    ),
    "Print": ("Imprimir", "Imprimir", "Imprimer"),
    "Continue this list in my browser": (
        "Seguir esta lista en mi navegador",
        "Continuar esta lista no meu navegador",
        "Poursuivre cette liste dans mon navigateur",
    ),
    "Edit this list": ("Editar esta lista", "Editar esta lista", "Modifier cette liste"),
    "Title": ("Título", "Título", "Titre"),
    "Items, one per line (at most %(n)s): a kb address, or cases/slug, notebooks/slug#section, "
    "webinars/slug#t=seconds": (
        "Elementos, uno por línea (%(n)s como máximo): una dirección de kb, o cases/slug, "
        "notebooks/slug#seccion, webinars/slug#t=segundos",
        "Itens, um por linha (no máximo %(n)s): um endereço do kb, ou cases/slug, "
        "notebooks/slug#secao, webinars/slug#t=segundos",
        "Éléments, un par ligne (%(n)s au plus) : une adresse de kb, ou cases/slug, "
        "notebooks/slug#section, webinars/slug#t=secondes",
    ),
    "Make the list's link": (
        "Crear el enlace de la lista",
        "Criar o link da lista",
        "Créer le lien de la liste",
    ),
    "Lists proposed by trainers and reviewed by the editors.": (
        "Listas propuestas por formadores y revisadas por el equipo editorial.",
        "Listas propostas por formadores e revisadas pela equipe editorial.",
        "Listes proposées par des formateurs et relues par l'équipe éditoriale.",
    ),
    "No list has been published yet.": (
        "Todavía no se publicó ninguna lista.",
        "Nenhuma lista foi publicada ainda.",
        "Aucune liste n'a encore été publiée.",
    ),
    "Make your own list": (
        "Crear su propia lista",
        "Criar sua própria lista",
        "Créer votre propre liste",
    ),
}
PLURALS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("%(num)s result", "%(num)s results"): (
        ("%(num)s resultado", "%(num)s resultados"),
        ("%(num)s resultado", "%(num)s resultados"),
        ("%(num)s résultat", "%(num)s résultats"),
    ),
    ("%(num)s item", "%(num)s items"): (  # trainers: reading lists
        ("%(num)s elemento", "%(num)s elementos"),
        ("%(num)s item", "%(num)s itens"),
        ("%(num)s élément", "%(num)s éléments"),
    ),
}
LANGUAGES = ("es", "pt", "fr")


def catalog(lang: str) -> Catalog:
    """The catalog of one language built from the tables above."""
    position = LANGUAGES.index(lang)
    result = Catalog(locale=lang, project="kb", fuzzy=False)
    for msgid, translations in MESSAGES.items():
        result.add(msgid, translations[position])
    for msgid, translations in PLURALS.items():
        result.add(msgid, translations[position])
    return result


def write_all() -> None:
    for lang in LANGUAGES:
        folder = HERE / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "messages.po", "wb") as handle:
            write_po(handle, catalog(lang), omit_header=False, width=100)
        with open(folder / "messages.mo", "wb") as handle:
            write_mo(handle, catalog(lang))


if __name__ == "__main__":
    write_all()
