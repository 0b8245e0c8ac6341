"""The HTML site: the search page, document pages, feeds and the small files around them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from bs4 import BeautifulSoup, NavigableString
from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext, lazy_gettext

from kb.analysis import field_language
from kb.documents import TYPE_OF_FOLDER
from kb.errors import BadRequest, IndexMissing
from kb.names import country_name, language_name
from kb.sanitize import sanitize
from kb.search import FACETS, MAX_QUERY_CHARS, TYPE_LABELS, SearchRequest
from kb.snippets import matching_spans
from web.context import search_request, service
from web.links import clock, keep_ui
from web.metadata import document_head
from web.searchlog import log_search
from web.trainers.sections import add_section_tools, citation, document_extras
from web.watch import unpublished_page

pages = Blueprint("pages", __name__)


# -- URL helpers used by the templates ----------------------------------------------------
def _args() -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if v != ""]


def search_url(args: list[tuple[str, str]] | None = None, **changes: str | None) -> str:
    """The search page with the current state, some parameters replaced (None drops them)."""
    current = [(k, v) for k, v in (args if args is not None else _args()) if k not in changes]
    current += [(k, v) for k, v in changes.items() if v not in (None, "")]
    return url_for("pages.search") + ("?" + urlencode(current) if current else "")


def toggle_url(name: str, value: str) -> str:
    """Select or unselect one facet value; back to the first page."""
    args = [(k, v) for k, v in _args() if k != "page"]
    if (name, value) in args:
        args.remove((name, value))
    else:
        args.append((name, value))
    return search_url(args)


def clear_url() -> str:
    return search_url([(k, v) for k, v in _args() if k in ("q", "ui", "sort")])


def language_url(code: str) -> str:
    """This page in another interface language (the path percent-encoded again: a city's
    name arrives decoded, ``Ciudad de México``)."""
    args = [(k, v) for k, v in _args() if k != "ui"] + [("ui", code)]
    return quote(request.path) + "?" + urlencode(args)


def feed_url() -> str:
    """The Atom feed of the current search."""
    query = request.query_string.decode("utf-8", "replace")
    return url_for("pages.feed") + (f"?{query}" if query else "")


@pages.app_context_processor
def helpers() -> dict[str, Any]:
    return {
        "search_url": search_url,
        "toggle_url": toggle_url,
        "clear_url": clear_url,
        "language_url": language_url,
        "keep_ui": keep_ui,
        "clock": clock,
        "feed_url": feed_url,
        "country_name": lambda c: country_name(c, g.ui),
        "language_name": lambda c: language_name(c, g.ui),
        "type_label": lambda t: TYPE_LABELS.get(t, {}).get(g.ui, t),
        "theme_label": lambda t: taxonomy_label("theme", t),
        "network_label": lambda n: taxonomy_label("network", n),
        "ui": g.get("ui", "es"),
    }


def taxonomy_label(kind: str, value: str) -> str:
    """A theme's or network's label in the interface's language."""
    try:
        return service().label(kind, value, g.ui)
    except IndexMissing:
        return value


FACET_TITLES = {
    "theme": lazy_gettext("Theme"),
    "country": lazy_gettext("Country"),
    "network": lazy_gettext("City network"),
    "city": lazy_gettext("City"),
    "type": lazy_gettext("Type"),
    "language": lazy_gettext("Language"),
    "year": lazy_gettext("Year"),
}


def how_found(entry: dict[str, Any]) -> str:
    """How a query word found a document's word, in the interface's language."""
    if entry["via"] == "typed":
        return gettext("as typed")
    if entry["via"] == "stem":
        return gettext("another form of the word")
    if entry["via"] == "spelling":
        return gettext("spelling corrected")
    lang = language_name(entry["lang"], g.ui) if entry["lang"] else ""
    if entry["network"]:
        label = taxonomy_label("network", entry["network"])
        return gettext("%(lang)s name of the network %(network)s", lang=lang, network=label)
    label = taxonomy_label("theme", entry["theme"] or "")
    return gettext("%(lang)s term of the theme %(theme)s", lang=lang, theme=label)


# -- pages --------------------------------------------------------------------------------
@pages.get("/")
def search() -> Any:
    """The search page: every state is in the URL, so every search is a permalink."""
    try:
        asked = search_request()
        answer = service().search(asked)
        log_search(asked, answer, "site")
        body = answer.to_dict()
        error = None
        status = 200
    except BadRequest as problem:
        asked = SearchRequest(q=request.args.get("q", "")[:MAX_QUERY_CHARS], ui=g.ui)
        body = service().search(asked).to_dict()
        error = problem.message
        status = 400
    for hit in body["hits"]:
        hit["page_url"] = keep_ui(_with_highlight(hit["url"], body, asked.q))
        for place in hit["matches"]:
            place["page_url"] = keep_ui(_with_highlight(place["url"], body, asked.q))
        for entry in hit["matched"]:
            entry["how"] = how_found(entry)
    chips = [
        (name, f["value"], f["label"])
        for name in FACETS
        for f in body["facets"][name]
        if f["selected"]
    ]
    pages_total = max(1, -(-body["total"] // body["per_page"]))
    return render_template(
        "search.html",
        body=body,
        asked=asked,
        chips=chips,
        error=error,
        facet_titles={k: str(v) for k, v in FACET_TITLES.items()},
        pages_total=pages_total,
    ), status


def _with_highlight(url: str, body: dict[str, Any], q: str) -> str:
    query = body["suggestion"] if body["corrected"] else q
    if not query.strip():
        return url
    path, _, fragment = url.partition("#")
    return f"{path}?{urlencode({'hl': query})}" + (f"#{fragment}" if fragment else "")


@pages.get("/<any(cases, notebooks, webinars):folder>/<slug>")
def document_page(folder: str, slug: str) -> Any:
    """A document: rendered text, table of contents, transcript, related, cite this. In
    watch mode, one never published whose file has problems: a 404 page showing them."""
    doc_id = f"{folder}/{slug}"
    data = service().stored_document(doc_id)
    if data is None:
        target = service().moved_to(doc_id)
        if target:
            new_folder, new_slug = target.split("/", 1)
            return redirect(
                keep_ui(url_for("pages.document_page", folder=new_folder, slug=new_slug)), 301
            )
        return unpublished_page(doc_id) or abort(404)
    highlight = request.args.get("hl", "")[:200]
    terms = service().highlight_terms(highlight) if highlight.strip() else {}
    lang = field_language(data["language"])
    html = sanitize(data["body_html"], current_app.config["KB_IFRAME_HOSTS"])
    if terms:
        html = mark_terms(html, lang, terms.get(lang, frozenset()))
    passages = []
    for section in data["sections"]:
        if section["t"] is None:
            continue
        text = section["text"]
        passages.append(
            {
                **section,
                "html": mark_terms(_escape(text), lang, terms.get(lang, frozenset()))
                if terms
                else _escape(text),
            }
        )
    toc = [s for s in data["sections"] if s["anchor"] and s["t"] is None and s["level"] <= 3]
    permanent = request.url_root.rstrip("/") + url_for(
        "pages.document_page", folder=folder, slug=slug
    )
    html = add_section_tools(html, data, doc_id, permanent)
    return render_template(
        "document.html",
        doc=data,
        doc_id=doc_id,
        body_html=html,
        passages=passages,
        toc=toc,
        related=service().related(doc_id),
        permanent=permanent,
        cite=citation(data, permanent),
        meta=document_head(data, permanent, g.ui, _theme_labels(data)),
        highlight=highlight,
        kind=TYPE_OF_FOLDER[folder],
        **document_extras(data, doc_id, permanent),
    )


def _theme_labels(doc: dict[str, Any]) -> dict[str, str]:
    return {t: taxonomy_label("theme", t) for t in doc.get("themes", [])}


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def mark_terms(html: str, lang: str, terms: frozenset[str]) -> str:
    """Wrap the words of ``html`` whose analysis is in ``terms`` in ``<mark>``."""
    if not terms:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for node in list(soup.find_all(string=True)):
        if not isinstance(node, NavigableString) or (
            node.parent is not None and node.parent.name in ("script", "style")
        ):
            continue
        text = str(node)
        spans = matching_spans(text, lang, terms)
        if not spans:
            continue
        pieces: list[Any] = []
        position = 0
        for start, end, _form in spans:
            pieces.append(NavigableString(text[position:start]))
            mark = soup.new_tag("mark")
            mark.string = text[start:end]
            pieces.append(mark)
            position = end
        pieces.append(NavigableString(text[position:]))
        node.replace_with(*pieces)
    return str(soup)
