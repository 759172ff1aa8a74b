"""gunicorn's settings for Local Digital (read from the working directory, or with -c gunicorn.conf.py).

Threaded workers: a request waiting on the database (a commit's flush to disk, above all) leaves its
thread, not its whole process, idle, so the other threads' work goes on and their commits are flushed
together. The figures behind these numbers are in docs/performance.md ("Pledges under a surge").
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Connections a worker holds at once (waiting or being served); further ones wait in the listen backlog.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "100"))
backlog = 2048
timeout = 30
graceful_timeout = 20
keepalive = 5
