"""gunicorn's settings for Local Digital (read from the working directory, or with -c gunicorn.conf.py).

Threaded workers: a request waiting on the database (a commit's flush to disk, above all) leaves its
thread, not its whole process, idle, so the other threads' work goes on and their commits are flushed
together. Past capacity, load is shed at the door (localdigital/platform/workers.py). The figures
behind these numbers are in docs/performance.md ("Pledges under a surge").

Before gunicorn starts its workers, its master builds the similar-projects index (from the stored
vectors, about 14,000 at 10x data), so that every worker starts with it (shared copy-on-write) and no
person's first project page in a fresh worker waits seconds for it. SIMILARITY_WARM_UP=0 skips it.
"""

import logging
import os
import time

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# gunicorn's threaded worker, refusing new connections with 503 at once while the oldest waiting for a
# thread has waited 100 ms (GUNICORN_MAX_WAIT_MS) or 8 a thread wait (GUNICORN_MAX_WAITING), rather than
# queueing them for a minute.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "localdigital.platform.workers.SheddingThreadWorker")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_connections = 1000
backlog = 2048
timeout = 30
graceful_timeout = 20
keepalive = 5


def when_ready(server):
    if os.environ.get("SIMILARITY_WARM_UP", "1") == "0":
        return
    started = time.perf_counter()
    try:
        import django

        django.setup()
        from django.db import connections

        from localdigital.projects.similarity.search import warm

        try:
            warm()
        finally:
            connections.close_all()  # no connection is carried into the forked workers
    except Exception:  # the service still starts; the first search builds the index instead
        logging.getLogger("gunicorn.error").exception("The similar-projects index was not built at start")
        return
    server.log.info("Similar-projects index built in %.1f s", time.perf_counter() - started)
