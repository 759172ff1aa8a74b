"""The public registers at 10x data, against the production-shaped server: queries, latency, throughput,
and the whole-register exports' time and memory.

    python bench/registers.py [--scale 1] [--keep-database] [--seconds 5] [--requests 40]
                              (or: make bench-registers)

On this machine, loopback only, bounded in time (each request times out at 60 s; at scale 1 it took 41
minutes under heavy load from other work, a fresh database included):

1. Makes a PostgreSQL database of its own, `ld_bench_registers`, in the cluster `scripts/postgres` starts
   (dropping only that one, which it made), migrates it, imports the organisation and service lists,
   and fills it with `bench/register_data.py` at SCALE (1: 10,000 projects, 400 signatories with 4,000
   commitments, 20,000 confirmed pledges, 10,000 awards over 5 rounds). `--keep-database` reuses it.
2. Queries per request: each page is asked for through Django's test client in this process, under the
   production settings and on the same database, once to warm the per-process caches and once counted
   with CaptureQueriesContext (a streamed body is read to its end inside the count).
3. Serves the app as `make serve-production` does (gunicorn, WORKERS sync workers, production settings)
   on port 8108. For each page: a warm-up (two rounds of 8 requests at once, so that every worker has
   answered it and filled its per-process caches, then 2 s of load), then THROUGHPUT: 8 clients, each
   sending its next request as soon as the last is answered, for SECONDS (requests a second); then
   LATENCY: REQUESTS sent one at a time (p50 and p95, from the client, connection set-up included).
   The minimal view (/livez) is measured the same way, first and last, as the reference.
4. Exports (each whole register as CSV or JSON): gunicorn with one worker, started afresh for each, warmed
   on /livez; then the export asked for twice: time to the last byte, bytes, and the worker's peak
   resident memory (VmHWM) against its size before.
5. Prints a table, and writes var/bench/registers.json. The load average is recorded beside each figure.
"""

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PORT = 8108
DATABASE = "ld_bench_registers"
OUT = ROOT / "var" / "bench" / "registers.json"
CLIENTS = 8
TIMEOUT = 60.0


# -- the database ------------------------------------------------------------------------------------


def database_url(keep: bool, name: str) -> tuple[str, bool]:
    """The bench database's URL, and whether it is new (and so needs filling). The cluster is the one
    DATABASE_URL names if it is set, else the one `scripts/postgres` starts."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = subprocess.run(
            [str(ROOT / "scripts" / "postgres")], check=True, capture_output=True, text=True
        ).stdout.strip()
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and keep:
            return url.rsplit("/", 1)[0] + "/" + name, False
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name, True


def environment(url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "localdigital.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",  # loopback, no TLS here; a real proxy terminates TLS
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def fill(env: dict, scale: float, fresh: bool) -> float:
    """Migrate and fill a fresh database; the seconds it took."""
    started = time.perf_counter()
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    if fresh:
        for command in (["migrate", "--no-input"], ["import_organisations"], ["import_services"]):
            subprocess.run(
                [*manage, *command, "-v0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        subprocess.run(
            [PYTHON, "bench/register_data.py", "--scale", str(scale)], cwd=ROOT, env=env, check=True
        )
    return time.perf_counter() - started


# -- what is measured ---------------------------------------------------------------------------------


def targets() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, path) of the pages and API lists, and of the exports, on the rows in the database."""
    from django.db.models import Count

    from localdigital.fund.models import Round
    from localdigital.projects.models import Project
    from localdigital.signing.models import Commitment, Signing

    signing = (
        Signing.objects.filter(status=Signing.Status.SIGNED)
        .annotate(n=Count("commitments"))
        .order_by("-n", "pk")
        .select_related("organisation")
        .first()
    )
    project = Project.objects.filter(lead=signing.organisation).order_by("pk").first()
    commitment = Commitment.objects.filter(signing=signing).order_by("pk").first()
    round_ = Round.objects.annotate(n=Count("applications")).order_by("-n", "pk").first()
    from bench.register_data import public_paths

    return public_paths(signing, project, commitment, round_)


def count_queries(paths: list[tuple[str, str]]) -> dict[str, dict]:
    """Queries and in-process time per request, through the test client (warmed once)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    found = {}
    for name, path in paths:
        read(client.get(path))
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            size = len(read(response))
        found[name] = {
            "status": response.status_code,
            "queries": len(queries),
            "in_process_ms": round((time.perf_counter() - started) * 1000, 1),
            "bytes": size,
        }
    return found


def read(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# -- the server and the load -------------------------------------------------------------------------


def serve(env: dict, workers: int) -> subprocess.Popen:
    command = [
        PYTHON, "-m", "gunicorn", "localdigital.wsgi", "--bind", f"127.0.0.1:{PORT}",
        "--workers", str(workers), "--backlog", "2048", "--timeout", "120",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180  # the master builds the similarity index first
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/livez", timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def workers_of(server: subprocess.Popen) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:
            found.append(int(stat.parent.name))
    return found


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def get(path: str) -> tuple[int, int]:
    """One GET on its own connection, read to its end: (status, bytes)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    try:
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nConnection: close\r\n\r\n"
        writer.write(request.encode())
        head = await reader.readuntil(b"\r\n\r\n")
        body = await reader.read()  # Connection: close, so the body runs to the end of the stream
        return int(head.split(b" ", 2)[1]), len(body)
    finally:
        writer.close()


async def timed(path: str) -> float | None:
    started = time.perf_counter()
    try:
        status, _ = await asyncio.wait_for(get(path), TIMEOUT)
    except (OSError, TimeoutError, asyncio.IncompleteReadError):
        return None
    return time.perf_counter() - started if status == 200 else None


async def closed_loop(path: str, seconds: float) -> tuple[int, int, float]:
    """CLIENTS clients back to back for `seconds`: (answered, failed, seconds taken)."""
    done = failed = 0
    stop_at = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done, failed
        while time.perf_counter() < stop_at:
            if await timed(path) is None:
                failed += 1
            else:
                done += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return done, failed, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


async def warm(path: str, seconds: float) -> None:
    """Two rounds of CLIENTS requests at once, so that every worker has answered the page (and filled its
    per-process caches, such as the similarity index) at least once, then load for `seconds`."""
    for _ in range(2):
        await asyncio.gather(*(timed(path) for _ in range(CLIENTS)))
    await closed_loop(path, seconds)


async def measure_page(path: str, seconds: float, requests: int) -> dict:
    await warm(path, 2)
    load = os.getloadavg()[0]
    done, failed, took = await closed_loop(path, seconds)
    latencies = [await timed(path) for _ in range(requests)]
    answered = [latency for latency in latencies if latency is not None]
    return {
        "per_second": round(done / took, 1),
        "failed": failed + len(latencies) - len(answered),
        "p50_ms": round(percentile(answered, 0.50) * 1000, 1),
        "p95_ms": round(percentile(answered, 0.95) * 1000, 1),
        "load_1min": round(load, 2),
    }


async def measure_export(env: dict, path: str) -> dict:
    server = serve(env, workers=1)
    try:
        (worker,) = workers_of(server)
        await timed("/livez")
        before = memory_kib(worker, "VmRSS")
        load = os.getloadavg()[0]
        times = [await timed(path) for _ in range(2)]
        _, size = await get(path)
        peak = memory_kib(worker, "VmHWM")
    finally:
        stop(server)
    return {
        "first_s": round(times[0], 2) if times[0] else None,
        "second_s": round(times[1], 2) if times[1] else None,
        "bytes": size,
        "rss_before_mb": round(before / 1024, 1),
        "peak_mb": round(peak / 1024, 1),
        "load_1min": round(load, 2),
    }


# -- the report ---------------------------------------------------------------------------------------


def table(results: dict) -> None:
    reference = results["pages"]["minimal view (/livez), first"]["per_second"]
    print(f"\n{'page':40} {'queries':>7} {'req/s':>7} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} {'load':>5}")
    for name, row in results["pages"].items():
        queries = results["queries"].get(name, {}).get("queries", "")
        ratio = row["per_second"] / reference if reference else float("nan")
        print(
            f"{name:40} {queries!s:>7} {row['per_second']:7.1f} {ratio:6.2f} "
            f"{row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['load_1min']:5.2f}"
        )
    heading = ("queries", "first s", "second s", "MB", "peak MB", "RSS MB")
    print(f"\n{'export':40} " + " ".join(f"{h:>8}" for h in heading))
    for name, row in results["exports"].items():
        queries = results["queries"].get(name, {}).get("queries", "")
        print(
            f"{name:40} {queries!s:>8} {row['first_s']!s:>8} {row['second_s']!s:>8} "
            f"{row['bytes'] / 1e6:8.2f} {row['peak_mb']:8.1f} {row['rss_before_mb']:8.1f}"
        )
    machine = results["machine"]
    print(f"\nLoad average at the start: {machine['load_start']}; at the end: {machine['load_end']}")


async def serve_and_measure(env: dict, args, pages: list, exports: list) -> tuple[dict, dict]:
    server = serve(env, workers=args.workers)
    measured = {}
    try:
        for name, path in [
            ("minimal view (/livez), first", "/livez"),
            *pages,
            ("minimal view (/livez), last", "/livez"),
        ]:
            measured[name] = await measure_page(path, args.seconds, args.requests)
            print(f"   {name}: {measured[name]}", flush=True)
    finally:
        stop(server)
    exported = {}
    for name, path in exports:
        exported[name] = await measure_export(env, path)
        print(f"   {name}: {exported[name]}", flush=True)
    return measured, exported


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="of the data set (1: the 10x set)")
    parser.add_argument("--keep-database", action="store_true", help="reuse the data of an earlier run")
    parser.add_argument("--seconds", type=float, default=5.0, help="of closed-loop load per page")
    parser.add_argument("--requests", type=int, default=40, help="one at a time per page, for latency")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--database", default=DATABASE, help=f"its own database's name (default {DATABASE})")
    parser.add_argument("--port", type=int, default=PORT, help=f"gunicorn's port (default {PORT})")
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    args = parser.parse_args()

    PORT = args.port
    load_start = os.getloadavg()
    url, fresh = database_url(args.keep_database, args.database)
    env = environment(url)
    print(f"== Database {args.database} ({'new' if fresh else 'kept'})", flush=True)
    filled = fill(env, args.scale, fresh)
    os.environ.update(env)
    import django

    django.setup()
    pages, exports = targets()
    pages = [(n, p) for n, p in pages if args.only in n]
    exports = [(n, p) for n, p in exports if args.only in n]
    print("== Queries per request (test client, in process)", flush=True)
    queries = count_queries(pages + exports)
    from django.db import connections

    connections.close_all()
    print("== Served by gunicorn", flush=True)
    measured, exported = asyncio.run(serve_and_measure(env, args, pages, exports))
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "load_start": [round(x, 2) for x in load_start],
            "load_end": [round(x, 2) for x in os.getloadavg()],
            "made_in_s": round(filled, 1),
        },
        "settings": vars(args),
        "paths": dict(pages + exports),
        "queries": queries,
        "pages": measured,
        "exports": exported,
    }
    table(results)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    print(f"Written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
