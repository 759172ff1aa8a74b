"""gunicorn's settings for Local Digital (read from the working directory, or with -c gunicorn.conf.py).

Threaded workers: a request waiting on the database (a commit's flush to disk, above all) leaves its
thread, not its whole process, idle, so the other threads' work goes on and their commits are flushed
together. Past capacity, load is shed at the door (localdigital/platform/workers.py). The figures
behind these numbers are in docs/performance.md ("Pledges under a surge").
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# gunicorn's threaded worker, refusing new connections with 503 at once while twice its threads are
# already waiting (GUNICORN_MAX_WAITING), rather than queueing them for a minute.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "localdigital.platform.workers.SheddingThreadWorker")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_connections = 1000
backlog = 2048
timeout = 30
graceful_timeout = 20
keepalive = 5
