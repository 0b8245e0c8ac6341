"""Screenshots for docs/trainers.md, made with the real chromium.

``python -m tests.trainers_screenshots`` indexes ``content/``, serves it with ``kb serve``,
serves a course page from another origin (as Moodle or Canvas would), and writes
``docs/screenshots/trainers-*.png``. The browser tests call ``take`` on their own corpus.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser

DOCS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

COURSE_PAGE = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Curso: acción internacional local</title>
<style>
 body {{ margin: 0; font: 15px/1.5 system-ui, sans-serif; background: #eef1f5; color: #222; }}
 .top {{ background: #f98012; color: #fff; padding: .7rem 1.5rem; font-weight: 700; }}
 .crumbs {{ padding: .5rem 1.5rem; font-size: .85rem; color: #555; }}
 .box {{ background: #fff; margin: 0 1.5rem 1.5rem; padding: 1rem 1.5rem;
        border: 1px solid #d6dbe1; border-radius: 4px; }}
 h1 {{ font-size: 1.4rem; margin: .2rem 0 .6rem; }}
</style></head>
<body><div class="top">Campus virtual · Acción internacional de los gobiernos locales</div>
<div class="crumbs">Mis cursos › Acción internacional local › Semana 2</div>
<div class="box"><h1>Semana 2: {title}</h1>
<p>Antes del foro, revise estas experiencias. La lista se actualiza sola cuando se publican
casos nuevos.</p>
<iframe id="kb-embed" name="kb-embed" src="{src}" title="kb: {title}" width="100%"
 height="{height}" loading="lazy" style="border:0"></iframe></div>
</body></html>
"""

FRAMES_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
<body><h1>A page of another site</h1>
<iframe id="kb-embed" name="kb-embed" src="{embed}" title="kb embed" width="600"
 height="400"></iframe>
<iframe id="kb-page" name="kb-page" src="{page}" title="kb page" width="600"
 height="400"></iframe>
</body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No log lines on the test's output."""


@contextlib.contextmanager
def other_origin(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on another port of ``localhost``: another origin than the site."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def write_host_pages(folder: Path, kb: str, query: str, title: str) -> None:
    """The pages the other origin serves: a course page, and a page framing two kb pages."""
    folder.mkdir(parents=True, exist_ok=True)
    course = COURSE_PAGE.format(src=f"{kb}/embed?{query}", title=title, height=520)
    (folder / "course.html").write_text(course, encoding="utf-8")
    frames = FRAMES_PAGE.format(embed=f"{kb}/embed?{query}", page=f"{kb}/?{query}")
    (folder / "frames.html").write_text(frames, encoding="utf-8")


def take(browser: Browser, kb: str, host: str, out: Path, list_path: str) -> list[Path]:
    """The embed inside a course page of another origin, and a list as printed."""
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 760}, locale="es-ES")
    page = context.new_page()
    page.goto(f"{host}/course.html")
    page.frame_locator("#kb-embed").locator(".embed-hits li").first.wait_for()
    embed = out / "trainers-embed.png"
    page.screenshot(path=str(embed))
    page.set_viewport_size({"width": 820, "height": 1100})
    page.goto(kb + list_path)
    page.emulate_media(media="print")
    printed = out / "trainers-list-print.png"
    page.screenshot(path=str(printed), full_page=True)
    context.close()
    return [embed, printed]


def main() -> None:
    """Index content/, serve it, and write the screenshots of docs/trainers.md."""
    from playwright.sync_api import sync_playwright

    from indexer.build import build_index
    from tests.conftest import CHROMIUM, running_server

    content = Path(__file__).resolve().parents[1] / "content"
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        build_index(content, base / "index")
        with running_server(base / "index", base / "serve.log") as (_process, kb):
            write_host_pages(base / "host", kb, "q=hermanamientos", "hermanamientos")
            with other_origin(base / "host") as host, sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                for path in take(browser, kb, host, DOCS, "/lists/hermanamientos-taller"):
                    print(path)
                browser.close()


if __name__ == "__main__":
    main()
