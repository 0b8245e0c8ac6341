"""One error mapping for the whole app: ``KbError`` and HTTP errors as a JSON body on the
API's routes and as an HTML page everywhere else."""

from __future__ import annotations

from typing import Any

from flask import Flask, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from kb.errors import BadRequest, IndexMissing, KbError
from kb.search.types import Error

JSON_ROUTES = ("/api/", "/healthz")


def wants_json() -> bool:
    """Whether the current route answers JSON."""
    return request.path.startswith(JSON_ROUTES)


def status_of(error: KbError) -> int:
    """400 for a bad parameter, 503 when there is no index, 500 otherwise."""
    if isinstance(error, BadRequest):
        return 400
    if isinstance(error, IndexMissing):
        return 503
    return 500


def kb_error(error: KbError) -> Any:
    """A ``KbError`` as the route's kind of answer."""
    status = status_of(error)
    if wants_json():
        if isinstance(error, BadRequest):
            return Error(error=error.message, parameter=error.key).to_dict(), status
        return Error(error=error.message).to_dict(), status
    return render_template("error.html", code=status, message=error.message), status


def init_app(app: Flask) -> None:
    """Register the mapping on ``app``."""
    app.register_error_handler(KbError, kb_error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        """Werkzeug's refusals (404, 405, 413, …) in the route's format, headers kept."""
        code = error.code or 500
        if wants_json():
            message = "not found" if code == 404 else (error.description or error.name)
            body: Any = Error(error=message).to_dict()
        else:
            body = render_template("error.html", code=code, message=error.description)
        response = make_response(body, code)
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value  # Allow on a 405, for one
        return response

    @app.errorhandler(500)
    def server_error(_error: Exception) -> Any:
        if wants_json():
            return Error(error="internal error").to_dict(), 500
        return render_template("error.html", code=500), 500
