"""gunicorn's settings for this project, read from the working directory (`make serve-production`).

Before gunicorn starts its workers, its master builds the similar-projects index (from the stored
vectors, about 14,000 at 10x data), so that every worker starts with it (shared copy-on-write) and no
person's first project page in a fresh worker waits seconds for it. SIMILARITY_WARM_UP=0 skips it.
"""

import logging
import os
import time


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
