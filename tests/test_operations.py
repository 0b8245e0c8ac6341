"""Operations: request logs, health, and a graceful stop under gunicorn."""

from __future__ import annotations

import logging
import signal
import urllib.request
from pathlib import Path

from tests.conftest import PROJECT, production_command, running_server
from web import create_app


def test_one_log_line_per_request_without_personal_data(built_index, caplog):
    client = create_app({"KB_INDEX": str(built_index), "TESTING": True}).test_client()
    with caplog.at_level(logging.INFO, logger="kb.requests"):
        client.get("/api/search?q=agua", environ_base={"REMOTE_ADDR": "203.0.113.9"})
        client.get("/nope")
    lines = [r.getMessage() for r in caplog.records if r.name == "kb.requests"]
    assert len(lines) == 2
    assert lines[0].startswith("request method=GET path=/api/search status=200 ms=")
    assert lines[1].startswith("request method=GET path=/nope status=404 ms=")
    assert not any("203.0.113.9" in line or "agua" in line for line in lines)


def test_gunicorn_serves_and_stops_gracefully_on_sigterm(built_index: Path, tmp_path: Path):
    """The README's production command (gunicorn.conf.py: graceful_timeout 20 s)."""
    command = production_command("--workers", "2")
    log = tmp_path / "gunicorn.log"
    with running_server(built_index, log, command, cwd=PROJECT) as (server, base):
        for _ in range(20):
            with urllib.request.urlopen(base + "/api/search?q=agua", timeout=10) as response:
                assert response.status == 200
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
    text = log.read_text()
    assert "Traceback" not in text and "Shutting down" in text


def test_kb_serve_logs_no_address_and_no_query(built_index: Path, tmp_path: Path):
    log = tmp_path / "serve.log"
    with running_server(built_index, log) as (_server, base):
        with urllib.request.urlopen(base + "/api/search?q=zanahoriaprivada", timeout=10) as r:
            assert r.status == 200
        with urllib.request.urlopen(base + "/?q=zanahoriaprivada", timeout=10) as r:
            assert r.status == 200
    text = log.read_text()
    assert "request method=GET path=/api/search status=200" in text
    assert "zanahoriaprivada" not in text and "127.0.0.1 - -" not in text
