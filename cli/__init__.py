"""The ``kb`` command: check, index, search, serve. A thin layer over the library."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import click

from indexer import settings
from indexer.live import open_service
from kb.documents import TYPES
from kb.errors import KbError
from kb.scaffold import LANGUAGES as SCAFFOLD_LANGUAGES
from kb.search import FACETS, SearchRequest


@click.group()
@click.version_option(package_name="kb")
def main() -> None:
    """kb: search the knowledge of the international action of local governments."""


def _fail(error: KbError) -> None:
    raise click.ClickException(str(error))


@main.command()
@click.option("--content", help="Content tree (default: $KB_CONTENT or ./content).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plain", "github"]),
    default="plain",
    help="plain: PATH:LINE: KEY: message; github: workflow annotations.",
)
@click.option(
    "--index",
    "index_",
    help="Index folder whose anchors are compared (default: $KB_INDEX or ./var/index).",
)
def check(content: str | None, fmt: str, index_: str | None) -> None:
    """Validate a content tree; one line per problem. Exit 1 if any is an error.

    With an index, also warns of headings whose anchor changed since it was built. A
    folder that does not exist, is not a folder or holds no content is an error too."""
    from indexer.build import check_tree
    from indexer.shrink_guard import NotContent

    try:
        problems = check_tree(
            settings.content_dir(content),
            max_bytes=settings.max_file_bytes(),
            index_root=settings.index_dir(index_),
        )
    except NotContent as error:
        for problem in error.problems:
            click.echo(problem.github() if fmt == "github" else str(problem))
        click.echo(f"::error::{error}" if fmt == "github" else str(error))
        click.echo(f"1 error(s), {len(error.problems)} warning(s)", err=True)
        sys.exit(1)
    for problem in problems:
        click.echo(problem.github() if fmt == "github" else str(problem))
    errors = sum(1 for p in problems if not p.warning)
    click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)", err=True)
    sys.exit(1 if errors else 0)


@main.command()
@click.option("--content", help="Content tree (default: $KB_CONTENT or ./content).")
@click.option("--index", "index_", help="Index folder (default: $KB_INDEX or ./var/index).")
@click.option("--full", is_flag=True, help="Rebuild everything into a new generation.")
@click.option("--wait", type=float, default=0.0, help="Seconds to wait for another indexer.")
@click.option(
    "--max-shrink",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Refuse a run that would make the live index more than PERCENT % smaller "
    "(default: $KB_MAX_SHRINK or 20).",
)
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Confirm a real shrink: publish even a run that removes more than --max-shrink, "
    "holds no documents or has no taxonomy.yml.",
)
def index(
    content: str | None,
    index_: str | None,
    full: bool,
    wait: float,
    max_shrink: float | None,
    allow_shrink: bool,
) -> None:
    """Build or update the index (incremental by content hash unless --full).

    A run that would lose most of the live index because of where it looked is refused
    and publishes nothing: a content folder that does not exist, is not a folder, holds
    no documents or has no taxonomy.yml, or that would leave the index more than
    --max-shrink percent smaller. --allow-shrink confirms a real shrink.

    \b
    Exit status: 0 all indexed; 1 some files skipped (the rest is indexed);
    3 refused (nothing published, the live index untouched).
    """
    from indexer.build import build_index
    from indexer.shrink_guard import REFUSED_EXIT, ShrinkPolicy, ShrinkRefused

    try:
        shrink = ShrinkPolicy(settings.max_shrink(max_shrink), allow_shrink)
    except KbError as error:
        _fail(error)
    try:
        with _progress_bar() as progress:
            report = build_index(
                settings.content_dir(content),
                settings.index_dir(index_),
                full=full,
                max_bytes=settings.max_file_bytes(),
                progress=progress,
                lock_wait=wait,
                shrink=shrink,
                phases=settings.indexer_phases(),
            )
    except ShrinkRefused as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(str(error), err=True)
        sys.exit(REFUSED_EXIT)
    except KbError as error:
        _fail(error)
    except OSError as error:
        raise click.ClickException(
            f"could not write the index in {settings.index_dir(index_)}: {error.strerror or error}"
            " — the live index is untouched; free space or fix permissions and run kb index "
            "again"
        ) from None
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{report.generation}{' (full rebuild)' if report.full else ''}: {report.summary()}")
    sys.exit(report.exit_code)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Any]:
    """A progress bar on a terminal (the progress callback), nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("indexing", total=None)
    bar.start()

    def progress(done: int, total: int, path: str) -> None:
        bar.update(task, completed=done, total=total, description=path[-40:])

    try:
        yield progress
    finally:
        bar.stop()


def _filter_options(function):
    for name in reversed(FACETS):
        function = click.option(
            f"--{name}",
            f"{name}_values",
            multiple=True,
            help=f"Only results with this {name} (repeatable).",
        )(function)
    return function


@main.command()
@click.argument("query", nargs=-1)
@_filter_options
@click.option("--year-from", default="", help="Only results from this year on (inclusive).")
@click.option("--year-to", default="", help="Only results up to this year (inclusive).")
@click.option("--page", type=int, default=1)
@click.option("--per-page", type=int, default=10)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance")
@click.option("--ui", default="es", help="Language of labels: es, pt, en or fr.")
@click.option("--json", "as_json", is_flag=True, help="Print the body of GET /api/search.")
@click.option("--index", "index_", help="Index folder (default: $KB_INDEX or ./var/index).")
def search(
    query: tuple[str, ...],
    year_from: str,
    year_to: str,
    page: int,
    per_page: int,
    sort: str,
    ui: str,
    as_json: bool,
    index_: str | None,
    **filters: tuple[str, ...],
) -> None:
    """Search the index."""
    request = SearchRequest(
        q=" ".join(query),
        page=page,
        per_page=per_page,
        sort=sort,
        ui=ui,
        filters={k.removesuffix("_values"): list(v) for k, v in filters.items() if v},
        year_from=year_from,
        year_to=year_to,
    )
    try:
        body = open_service(settings.index_dir(index_)).search(request).to_dict()
    except KbError as error:
        _fail(error)
    if as_json:
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    _print_table(body)


def _print_table(body: dict) -> None:
    import re

    from rich.console import Console
    from rich.table import Table

    console = Console()
    if body["corrected"]:
        console.print(f"Showing results for [bold]{body['suggestion']}[/bold]")
    elif body["suggestion"]:
        console.print(f"Did you mean [bold]{body['suggestion']}[/bold]?")
    console.print(f"{body['total']} result(s) in {body['took_ms']} ms")
    if body["related"]:
        words = ", ".join(body["unmatched"])
        console.print(f"No document speaks of {words}; these results are related to the rest.")
    if body["partial"]:
        console.print(f"The last {body['partial']} hold only some of your words.")
    table = Table(show_lines=True)
    for column in ("#", "title", "type", "where", "snippet"):
        table.add_column(column)
    start = (body["page"] - 1) * body["per_page"]
    for number, hit in enumerate(body["hits"], start=start + 1):
        text = re.sub(r"</?mark>", "", hit["snippet"])
        where = "\n".join([hit["url"], *(f"also {m['url']}" for m in hit["matches"])])
        title = hit["title"]
        if hit["missing"]:
            title += "\nwithout: " + ", ".join(hit["missing"])
        table.add_row(str(number), title, hit["type"], where, text)
    console.print(table)
    if body["suggested_filters"]:
        named = ", ".join(
            f"--{f['facet']} {f['value']} ({f['label']}, {f['count']})"
            for f in body["suggested_filters"]
        )
        console.print(f"Narrow with: {named}")


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--content", help="Content tree (default: $KB_CONTENT or ./content).")
@click.option("--index", "index_", help="Index folder (default: $KB_INDEX or ./var/index).")
@click.option("--watch", is_flag=True, help="Reindex changed files and refresh open pages.")
def serve(host: str, port: int, content: str | None, index_: str | None, watch: bool) -> None:
    """Serve the site and the JSON API; builds the index first if there is none."""
    from indexer.build import build_index
    from indexer.publish import current_name
    from web import create_app

    root = settings.index_dir(index_)
    watcher = _start_watcher(content, root) if watch else None
    if watcher is None and current_name(root) is None:
        try:
            report = build_index(
                settings.content_dir(content),
                root,
                max_bytes=settings.max_file_bytes(),
                shrink=_shrink_policy(),
            )
        except KbError as error:
            _fail(error)
        click.echo(f"{report.generation}: {report.summary()}", err=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The development server's own access lines carry addresses and queries: kb's one
    # line per request (kb.requests) is the log.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(
        {"KB_CONTENT": settings.content_dir(content), "KB_INDEX": str(root), "KB_WATCH": watch}
    )
    app.run(host=host, port=port, threaded=True)


def _shrink_policy() -> Any:
    """The shrink guard of kb serve and kb watch: ``$KB_MAX_SHRINK``, never confirmed."""
    from indexer.shrink_guard import ShrinkPolicy

    try:
        return ShrinkPolicy(settings.max_shrink())
    except KbError as error:
        _fail(error)


def _start_watcher(content: str | None, root: Any) -> Any:
    """Index once (printing the problems), then reindex in the background on changes."""
    from indexer.shrink_guard import folder_error
    from indexer.watch import Watcher

    if error := folder_error(settings.content_dir(content)):
        raise click.ClickException(
            f"{error}: give the content tree with --content (or $KB_CONTENT)"
        )
    watcher = Watcher(
        settings.content_dir(content),
        root,
        echo=click.echo,
        max_bytes=settings.max_file_bytes(),
        shrink=_shrink_policy(),
    )
    watcher.run_once()
    watcher.start()
    click.echo(f"watching {settings.content_dir(content)} for changes", err=True)
    return watcher


@main.command()
@click.option("--content", help="Content tree (default: $KB_CONTENT or ./content).")
@click.option("--index", "index_", help="Index folder (default: $KB_INDEX or ./var/index).")
def watch(content: str | None, index_: str | None) -> None:
    """Reindex the content tree whenever a file changes (until Ctrl-C)."""
    import time

    watcher = _start_watcher(content, settings.index_dir(index_))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        watcher.stop()


@main.command()
@click.argument("doc_type", metavar="case|notebook|webinar", type=click.Choice(TYPES))
@click.argument("slug")
@click.option("--content", help="Content tree (default: $KB_CONTENT or ./content).")
@click.option(
    "--language",
    type=click.Choice(SCAFFOLD_LANGUAGES),
    default="es",
    help="Language of the text (and of the skeleton's headings).",
)
def new(doc_type: str, slug: str, content: str | None, language: str) -> None:
    """Write a new document with every front-matter key explained: content/<type>s/SLUG.md"""
    from indexer.newdoc import create_document

    try:
        path = create_document(settings.content_dir(content), doc_type, slug, language=language)
    except KbError as error:
        _fail(error)
    click.echo(str(path))
