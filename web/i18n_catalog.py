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
    # several places per hit, why a result matched, filters understood from the query
    "Also in:": ("También en:", "Também em:", "Aussi dans :"),
    "Introduction": ("Introducción", "Introdução", "Introduction"),
    "Why this result": ("Por qué este resultado", "Por que este resultado", "Pourquoi ce résultat"),
    "as typed": ("tal como se escribió", "tal como foi digitado", "tel que saisi"),
    "another form of the word": (
        "otra forma de la palabra",
        "outra forma da palavra",
        "autre forme du mot",
    ),
    "spelling corrected": ("ortografía corregida", "ortografia corrigida", "orthographe corrigée"),
    "%(lang)s term of the theme %(theme)s": (
        "término en %(lang)s del tema %(theme)s",
        "termo em %(lang)s do tema %(theme)s",
        "terme en %(lang)s du thème %(theme)s",
    ),
    "%(lang)s name of the network %(network)s": (
        "nombre en %(lang)s de la red %(network)s",
        "nome em %(lang)s da rede %(network)s",
        "nom en %(lang)s du réseau %(network)s",
    ),
    "Narrow to:": ("Filtrar por:", "Filtrar por:", "Filtrer par :"),
    # Facets that scale, year range and city pages (issue 9)
    "Filter the values of %(facet)s": (
        "Filtrar los valores de %(facet)s",
        "Filtrar os valores de %(facet)s",
        "Filtrer les valeurs de %(facet)s",
    ),
    "Type to filter…": ("Escribe para filtrar…", "Digite para filtrar…", "Tapez pour filtrer…"),
    "%(n)s values match": (
        "%(n)s valores coinciden",
        "%(n)s valores correspondem",
        "%(n)s valeurs correspondent",
    ),
    "No value matches": (
        "Ningún valor coincide",
        "Nenhum valor corresponde",
        "Aucune valeur ne correspond",
    ),
    "Page of %(city)s": ("Página de %(city)s", "Página de %(city)s", "Page de %(city)s"),
    "Results per year": ("Resultados por año", "Resultados por ano", "Résultats par année"),
    "Choose a bar to keep only that year.": (
        "Elige una barra para quedarte solo con ese año.",
        "Escolha uma barra para ficar só com esse ano.",
        "Choisissez une barre pour ne garder que cette année.",
    ),
    "From": ("Desde", "De", "De"),
    "To": ("Hasta", "Até", "À"),
    "Apply": ("Aplicar", "Aplicar", "Appliquer"),
    "Years: %(range)s": ("Años: %(range)s", "Anos: %(range)s", "Années : %(range)s"),
    "All values: %(facet)s": (
        "Todos los valores: %(facet)s",
        "Todos os valores: %(facet)s",
        "Toutes les valeurs : %(facet)s",
    ),
    "Back to the results": (
        "Volver a los resultados",
        "Voltar aos resultados",
        "Retour aux résultats",
    ),
    "Filter values": ("Filtrar valores", "Filtrar valores", "Filtrer les valeurs"),
    "Filter": ("Filtrar", "Filtrar", "Filtrer"),
    "Choose a value to add it to the search or to take it out.": (
        "Elige un valor para añadirlo a la búsqueda o quitarlo.",
        "Escolha um valor para adicioná-lo à busca ou retirá-lo.",
        "Choisissez une valeur pour l'ajouter à la recherche ou l'en retirer.",
    ),
    "Selected": ("Seleccionados", "Selecionados", "Sélectionnées"),
    "%(shown)s of %(total)s values": (
        "%(shown)s de %(total)s valores",
        "%(shown)s de %(total)s valores",
        "%(shown)s valeurs sur %(total)s",
    ),
    "Search within these practices": (
        "Buscar en estas prácticas",
        "Buscar nestas práticas",
        "Chercher dans ces pratiques",
    ),
    "Practices": ("Prácticas", "Práticas", "Pratiques"),
    "Cities it worked with": (
        "Ciudades con las que trabajó",
        "Cidades com as quais trabalhou",
        "Villes avec lesquelles elle a travaillé",
    ),
    "Cities named together with %(city)s in the same practices, by number of shared practices.": (
        "Ciudades que figuran junto a %(city)s en las mismas prácticas, por número de "
        "prácticas compartidas.",
        "Cidades que figuram junto a %(city)s nas mesmas práticas, por número de práticas "
        "compartilhadas.",
        "Villes citées avec %(city)s dans les mêmes pratiques, par nombre de pratiques partagées.",
    ),
    "No other city is named in these practices.": (
        "Ninguna otra ciudad figura en estas prácticas.",
        "Nenhuma outra cidade figura nestas práticas.",
        "Aucune autre ville ne figure dans ces pratiques.",
    ),
    "Filter cities": ("Filtrar ciudades", "Filtrar cidades", "Filtrer les villes"),
    # -- editors' dashboard (/editor) and the search log ----------------------------------
    "Editors' dashboard": (
        "Panel de edición",
        "Painel de edição",
        "Tableau de bord éditorial",
    ),
    "Panels": ("Paneles", "Painéis", "Panneaux"),
    "Content problems": (
        "Problemas del contenido",
        "Problemas do conteúdo",
        "Problèmes du contenu",
    ),
    "Documents per theme": ("Documentos por tema", "Documentos por tema", "Documents par thème"),
    "Documents per country": (
        "Documentos por país",
        "Documentos por país",
        "Documents par pays",
    ),
    "What people search": ("Qué se busca", "O que se procura", "Ce que l'on cherche"),
    "What kb check reports for the content tree %(path)s.": (
        "Lo que kb check informa del árbol de contenido %(path)s.",
        "O que kb check informa sobre a árvore de conteúdo %(path)s.",
        "Ce que kb check signale pour l'arborescence de contenu %(path)s.",
    ),
    "%(errors)s error(s), %(warnings)s warning(s). A file with errors is not indexed (its "
    "last good version stays searchable).": (
        "%(errors)s error(es), %(warnings)s aviso(s). Un archivo con errores no se indexa (su "
        "última versión válida sigue en las búsquedas).",
        "%(errors)s erro(s), %(warnings)s aviso(s). Um arquivo com erros não é indexado (sua "
        "última versão válida continua nas buscas).",
        "%(errors)s erreur(s), %(warnings)s avertissement(s). Un fichier en erreur n'est pas "
        "indexé (sa dernière version valide reste consultable).",
    ),
    "Where": ("Dónde", "Onde", "Où"),
    "Key": ("Clave", "Chave", "Clé"),
    "Problem": ("Problema", "Problema", "Problème"),
    "warning": ("aviso", "aviso", "avertissement"),
    "error": ("error", "erro", "erreur"),
    "did you mean %(value)s?": (
        "¿quiso decir %(value)s?",
        "quis dizer %(value)s?",
        "vouliez-vous dire %(value)s ?",
    ),
    "No problems: every file passes kb check.": (
        "Sin problemas: todos los archivos pasan kb check.",
        "Sem problemas: todos os arquivos passam no kb check.",
        "Aucun problème : tous les fichiers passent kb check.",
    ),
    "%(documents)s documents in the index. Themes with fewer than %(n)s documents are "
    "marked as gaps.": (
        "%(documents)s documentos en el índice. Los temas con menos de %(n)s documentos se "
        "marcan como vacíos.",
        "%(documents)s documentos no índice. Os temas com menos de %(n)s documentos são "
        "marcados como lacunas.",
        "%(documents)s documents dans l'index. Les thèmes de moins de %(n)s documents sont "
        "signalés comme lacunes.",
    ),
    "Documents": ("Documentos", "Documentos", "Documents"),
    "gap": ("vacío", "lacuna", "lacune"),
    "Countries without documents": (
        "Países sin documentos",
        "Países sem documentos",
        "Pays sans documents",
    ),
    "Among the %(n)s countries kb watches (Latin America and Europe unless "
    "KB_EDITOR_COUNTRIES says otherwise).": (
        "Entre los %(n)s países que kb sigue (América Latina y Europa, salvo que "
        "KB_EDITOR_COUNTRIES indique otros).",
        "Entre os %(n)s países que o kb acompanha (América Latina e Europa, salvo se "
        "KB_EDITOR_COUNTRIES indicar outros).",
        "Parmi les %(n)s pays que kb suit (Amérique latine et Europe, sauf si "
        "KB_EDITOR_COUNTRIES en indique d'autres).",
    ),
    "None: every watched country has documents.": (
        "Ninguno: todos los países seguidos tienen documentos.",
        "Nenhum: todos os países acompanhados têm documentos.",
        "Aucun : tous les pays suivis ont des documents.",
    ),
    "Countries with documents": (
        "Países con documentos",
        "Países com documentos",
        "Pays avec documents",
    ),
    "Last days": ("Últimos días", "Últimos dias", "Derniers jours"),
    "Show": ("Mostrar", "Mostrar", "Afficher"),
    "%(searches)s searches in the last %(days)s days, %(zero)s without results.": (
        "%(searches)s búsquedas en los últimos %(days)s días, %(zero)s sin resultados.",
        "%(searches)s buscas nos últimos %(days)s dias, %(zero)s sem resultados.",
        "%(searches)s recherches ces %(days)s derniers jours, dont %(zero)s sans résultat.",
    ),
    "Searches without results": (
        "Búsquedas sin resultados",
        "Buscas sem resultados",
        "Recherches sans résultat",
    ),
    "Query": ("Consulta", "Consulta", "Requête"),
    "Searches": ("Búsquedas", "Buscas", "Recherches"),
    "Every search found something.": (
        "Todas las búsquedas encontraron algo.",
        "Todas as buscas encontraram algo.",
        "Toutes les recherches ont trouvé quelque chose.",
    ),
    "Top searches": ("Búsquedas más frecuentes", "Buscas mais frequentes", "Recherches fréquentes"),
    "No searches logged yet.": (
        "Todavía no hay búsquedas registradas.",
        "Ainda não há buscas registradas.",
        "Aucune recherche enregistrée pour l'instant.",
    ),
    "The log keeps the words searched, the number of results, the filters and the hour; "
    "never who searched.": (
        "El registro guarda las palabras buscadas, el número de resultados, los filtros y la "
        "hora; nunca quién buscó.",
        "O registro guarda as palavras buscadas, o número de resultados, os filtros e a hora; "
        "nunca quem buscou.",
        "Le journal garde les mots cherchés, le nombre de résultats, les filtres et l'heure ; "
        "jamais qui a cherché.",
    ),
    "The search log is off (KB_SEARCH_LOG=off).": (
        "El registro de búsquedas está desactivado (KB_SEARCH_LOG=off).",
        "O registro de buscas está desativado (KB_SEARCH_LOG=off).",
        "Le journal des recherches est désactivé (KB_SEARCH_LOG=off).",
    ),
    "This page needs the editors' token.": (
        "Esta página requiere el token de edición.",
        "Esta página requer o token de edição.",
        "Cette page demande le jeton éditorial.",
    ),
    "This token is not the editors' token.": (
        "Este token no es el de edición.",
        "Este token não é o de edição.",
        "Ce jeton n'est pas le jeton éditorial.",
    ),
    # Watch mode (kb serve --watch): the banner of a document's problems
    "This file has errors: the page shows its last good version until they are fixed.": (
        "Este archivo tiene errores: la página muestra su última versión válida hasta que se "
        "corrijan.",
        "Este arquivo tem erros: a página mostra a sua última versão válida até que sejam "
        "corrigidos.",
        "Ce fichier contient des erreurs : la page montre sa dernière version valide jusqu'à "
        "leur correction.",
    ),
    "This file has warnings.": (
        "Este archivo tiene advertencias.",
        "Este arquivo tem avisos.",
        "Ce fichier comporte des avertissements.",
    ),
    "Watch mode: this page reloads when its file changes.": (
        "Modo de vigilancia: esta página se recarga cuando cambia su archivo.",
        "Modo de observação: esta página é recarregada quando o seu arquivo muda.",
        "Mode surveillance : cette page se recharge quand son fichier change.",
    ),
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
    # City pages (issue 9)
    ("%(num)s practice", "%(num)s practices"): (
        ("%(num)s práctica", "%(num)s prácticas"),
        ("%(num)s prática", "%(num)s práticas"),
        ("%(num)s pratique", "%(num)s pratiques"),
    ),
    ("%(num)s shared practice", "%(num)s shared practices"): (
        ("%(num)s práctica compartida", "%(num)s prácticas compartidas"),
        ("%(num)s prática compartilhada", "%(num)s práticas compartilhadas"),
        ("%(num)s pratique partagée", "%(num)s pratiques partagées"),
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
