"""gunicorn's settings for serving kb in production (README, "Development and production"):

    KB_INDEX=/srv/kb/index .venv/bin/gunicorn -c gunicorn.conf.py

Command-line options override these (``-b 0.0.0.0:8000``, ``-w 8``). The index comes from
``KB_INDEX``; every worker keeps one searcher and switches when a new generation appears.
"""

import os

wsgi_app = "web:create_app()"
bind = os.environ.get("KB_BIND", "127.0.0.1:8000")

# Searching is CPU work in Python: about two processes per core, each single-threaded.
workers = int(os.environ.get("KB_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"

# A search has a 1.5 s budget; 30 s is for a request stuck on a slow disk. On SIGTERM,
# requests in flight get 20 s to finish before their worker is stopped.
timeout = 30
graceful_timeout = 20
keepalive = 5

# Request size. The app promises queries of 1,000 characters: an accented one percent-encoded
# is 6,000 bytes (``é`` is ``%C3%A9``), with filters and the path more. The request line may
# take 8,190 bytes, gunicorn's largest bounded value (0 would be unbounded); the app's own
# limit on the query string (8,000 bytes, web/__init__.py) is below it and so answers first,
# as an HTML page on pages and JSON on /api/. Headers keep gunicorn's defaults, written out.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# The app writes one line per request itself (without addresses or queries): no access log.
accesslog = None
errorlog = "-"
