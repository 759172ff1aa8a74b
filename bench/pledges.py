"""Pledges under a surge, against the production-shaped server: gunicorn workers, PostgreSQL, the worker.

    python bench/pledges.py [--rate 500] [--seconds 60] [--workers 4]   (or: make bench-pledges)

On this machine, loopback only, bounded in count and time (about 6 minutes):

1. Makes a fresh PostgreSQL database `localdigital_bench` (the cluster `scripts/postgres` starts), migrates
   it, imports the organisation register and collects static files.
2. Starts gunicorn with the production settings (WORKERS sync worker processes) and the background
   worker (`manage.py run_worker`), as `make serve-production` does. The worker sends email at GOV.UK
   Notify's rate (3,000 a minute) through Django's file backend, into var/bench/mail/, where this script
   plays the people who read their email and click the link.
3. Phases, each measured from a load generator in this process (asyncio on uvloop with a minimal HTTP/1.1
   client, one connection per request; open loop: requests start on a fixed schedule whatever the server
   does, and latency runs from the scheduled start, so a slow server cannot slow the load and hide its
   own latency):
   - pledges: RATE new pledges a second for SECONDS, each from its own address (sent as X-Forwarded-For
     through one trusted proxy, as behind a load balancer) and a spread of email domains; then the
     minimal view (/livez) at the same rate on the same server, for the ratio;
   - count reads: /api/v1/pledges/count, then /livez, each closed loop with 64 connections for 15 s;
   - a worker killed: pledges at RATE for 30 s, with one gunicorn worker sent SIGKILL after 10 s; every
     pledge that got a success response must then be in the database;
   - confirmations: the pledges whose emails have been sent so far (up to CONFIRM) confirmed through
     their links at RATE a second, with another worker killed mid-way; then the public count must equal
     the confirmed rows exactly, in all and for every organisation, within a few seconds.
4. Prints the figures, and writes them to var/bench/pledges.json.
"""

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import uvloop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
OUT = ROOT / "var" / "bench" / "pledges.json"
MAIL = ROOT / "var" / "bench" / "mail"
SUCCESS = "/pledge/check-your-email/"


class Response:
    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def location(self) -> str:
        return self.headers.get("location", "")


async def http(method: str, path: str, *, headers: dict | None = None, form: dict | None = None) -> Response:
    """One HTTP/1.1 request on its own connection: far lighter than a full client library, so that the
    load generator leaves the machine's two cores to the server."""
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    try:
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{PORT}", "Connection: close"]
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        found = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name:
                found.setdefault(name.strip().lower(), []).append(value.strip())
        length = found.get("content-length")
        content = await reader.readexactly(int(length[0])) if length else await reader.read()
        response = Response(int(head[0].split(" ", 2)[1]), {k: v[-1] for k, v in found.items()}, content)
        response.headers["set-cookie"] = "; ".join(found.get("set-cookie", []))
        return response
    finally:
        writer.close()


def run(*command: str, env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def fresh_database() -> str:
    """A new, empty bench database in the local cluster; its DATABASE_URL."""
    import psycopg

    url = subprocess.run(
        [str(ROOT / "scripts" / "postgres")], check=True, capture_output=True, text=True
    ).stdout.strip()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS localdigital_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE localdigital_bench")
    return url.rsplit("/", 1)[0] + "/localdigital_bench"


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "localdigital.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": BASE,
        "SECURE_SSL_REDIRECT": "false",  # loopback, no TLS here; a real proxy terminates TLS
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(MAIL),
    }


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server did not answer at {url}")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def kill_a_worker(master: subprocess.Popen) -> int:
    victim = random.choice(children(master.pid))
    os.kill(victim, signal.SIGKILL)
    print(f"   sent SIGKILL to gunicorn worker {victim}")
    return victim


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def summary(latencies: list[float], errors: int, seconds: float) -> dict:
    return {
        "requests": len(latencies) + errors,
        "succeeded": len(latencies),
        "errors": errors,
        "per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies, default=float("nan")) * 1000, 1),
    }


async def open_loop(rate: float, seconds: float, send, *, label: str, at=None) -> dict:
    """Start `send(i)` at `rate` a second for `seconds`; latency from each request's scheduled start.

    `send` returns True for a success. `at` maps a second into the run to a function to call then."""
    latencies: list[float] = []
    errors = 0
    total = int(rate * seconds)
    at = dict(at or {})

    async def one(index: int, scheduled: float) -> None:
        nonlocal errors
        try:
            ok = await send(index)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            ok = False
        if ok:
            latencies.append(time.perf_counter() - scheduled)
        else:
            errors += 1

    start = time.perf_counter()
    tasks = []
    next_report = 10
    for index in range(total):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elapsed = scheduled - start
        for second in [s for s in at if s <= elapsed]:
            at.pop(second)()
        if elapsed >= next_report:
            print(f"   {label}: {elapsed:.0f} s, {index:,} started, {errors} errors so far")
            next_report += 10
        tasks.append(asyncio.create_task(one(index, scheduled)))
    await asyncio.gather(*tasks)
    return summary(latencies, errors, time.perf_counter() - start)


async def closed_loop(path: str, seconds: float, concurrency: int = 64) -> dict:
    """As many GETs of `path` as `concurrency` clients, each waiting for its answer, make in `seconds`."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                ok = (await http("GET", path)).status == 200
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                ok = False
            if ok:
                latencies.append(time.perf_counter() - began)
            else:
                errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return summary(latencies, errors, time.perf_counter() - start)


class Pledger:
    """Makes distinct people: an address each, and email domains spread like a real surge."""

    def __init__(self, csrf: tuple[str, str], organisations: list[tuple[str, str]], run: str):
        self.cookie, self.token = csrf
        self.organisations = organisations
        self.run = run
        self.succeeded: list[str] = []

    def person(self, index: int) -> tuple[str, str, str]:
        chance = random.random()
        organisation = ""
        if chance < 0.4:  # someone at a council, with its domain
            organisation, domain = random.choice(self.organisations)
        elif chance < 0.8:
            domain = random.choice(
                ["gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com"]
            )
        else:
            domain = f"community-{random.randrange(2000)}.org.uk"
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        return f"person.{self.run}.{index}@{domain}", organisation, address

    def headers(self, address: str) -> dict:
        return {"Cookie": f"csrftoken={self.cookie}", "X-Forwarded-For": address}

    async def pledge(self, index: int) -> bool:
        email, organisation, address = self.person(index)
        form = {
            "csrfmiddlewaretoken": self.token,
            "name": f"Person {index}",
            "email": email,
            "organisation": organisation,
            "role": "Digital lead" if organisation else "",
            "show_name": "on" if index % 3 == 0 else "",
            "website": "",
        }
        response = await http("POST", "/pledge/", headers=self.headers(address), form=form)
        ok = response.status == 302 and response.location().endswith(SUCCESS)
        if ok:
            self.succeeded.append(email)
        return ok

    async def confirm(self, path: str) -> bool:
        address = f"10.200.{random.randrange(256)}.{random.randrange(1, 255)}"
        response = await http(
            "POST", path, headers=self.headers(address), form={"csrfmiddlewaretoken": self.token}
        )
        return response.status == 302 and response.location().endswith("/pledge/confirmed/")


async def get_ok(path: str) -> bool:
    return (await http("GET", path)).status == 200


async def csrf() -> tuple[str, str]:
    response = await http("GET", "/pledge/")
    cookie = re.search(r"csrftoken=([^;]+)", response.headers["set-cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.body.decode()).group(1)
    return cookie, token


def stored(emails: list[str]) -> int:
    from localdigital.platform.emails import canonical_mailbox
    from localdigital.pledges.models import Pledge

    keys = [canonical_mailbox(email) for email in emails]
    found = 0
    for start in range(0, len(keys), 5000):
        found += Pledge.objects.filter(email_key__in=keys[start : start + 5000]).count()
    return found


def confirm_links(limit: int) -> list[str]:
    """Links from the emails the worker has sent so far, as their readers would find them."""
    links = []
    for path in sorted(MAIL.glob("*.log")):
        links += re.findall(r"(/pledge/confirm/[^/\s]+/)", path.read_text())
        if len(links) >= limit:
            break
    return links[:limit]


def confirmed_in_database() -> tuple[int, dict[str, int]]:
    from django.db.models import Count

    from localdigital.pledges.models import Pledge

    confirmed = Pledge.objects.filter(status="confirmed")
    by_organisation = {
        row["organisation__gss_code"] or row["organisation__slug"]: row["n"]
        for row in confirmed.filter(organisation__isnull=False)
        .values("organisation__gss_code", "organisation__slug")
        .annotate(n=Count("pk"))
    }
    return confirmed.count(), by_organisation


async def wait_for_exact_counts(expected: tuple[int, dict[str, int]], since: float) -> dict:
    """Poll the public count until it equals the confirmed rows in all and for every organisation."""
    total, by_organisation = expected
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = json.loads((await http("GET", "/api/v1/pledges/count")).body)
        published = {row["organisation_id"]: row["count"] for row in body["organisations"]}
        if body["total"] == total and published == by_organisation:
            return {
                "exact": True,
                "total": total,
                "organisations": len(published),
                "lag_s": round(time.monotonic() - since, 1),
            }
        await asyncio.sleep(0.25)
    return {"exact": False, "total_published": body["total"], "total_confirmed": total}


async def phases(args, master: subprocess.Popen) -> dict:
    import django

    django.setup()
    from localdigital.organisations.models import OrganisationDomain

    organisations = [
        (slug, domain)
        for slug, domain in OrganisationDomain.objects.filter(
            organisation__end_date__isnull=True
        ).values_list("organisation__slug", "domain")
    ]
    results: dict = {"settings": vars(args)}
    pledger = Pledger(await csrf(), organisations, secrets.token_hex(3))

    print(f"Warming up: pledges at {args.rate // 5}/s for 5 s, and reads")
    await open_loop(args.rate / 5, 5, pledger.pledge, label="warm-up")
    await closed_loop("/api/v1/pledges/count", 2)

    print(f"Pledges: {args.rate}/s for {args.seconds} s")
    results["pledges"] = await open_loop(args.rate, args.seconds, pledger.pledge, label="pledges")
    print(f"   {results['pledges']}")
    print(f"Minimal view (/livez): {args.rate}/s for {args.seconds // 3} s")
    results["minimal_at_pledge_rate"] = await open_loop(
        args.rate, args.seconds // 3, lambda _i: get_ok("/livez"), label="minimal"
    )
    print(f"   {results['minimal_at_pledge_rate']}")

    print("Count reads: 64 clients for 15 s, then the minimal view the same way")
    results["count_reads"] = await closed_loop("/api/v1/pledges/count", 15)
    print(f"   {results['count_reads']}")
    results["minimal_reads"] = await closed_loop("/livez", 15)
    print(f"   {results['minimal_reads']}")

    print(f"A worker killed: pledges at {args.rate}/s for 30 s, SIGKILL to one worker after 10 s")
    surge = Pledger((pledger.cookie, pledger.token), organisations, secrets.token_hex(3))
    killed = []
    results["kill_surge"] = await open_loop(
        args.rate, 30, surge.pledge, label="kill", at={10: lambda: killed.append(kill_a_worker(master))}
    )
    await asyncio.sleep(2)
    found = stored(surge.succeeded)
    results["kill_surge"].update({"killed_worker": killed, "successes_in_database": found})
    print(f"   {results['kill_surge']}")

    links = confirm_links(args.confirm)
    print(f"Confirmations: {len(links):,} emailed links at {args.rate}/s, SIGKILL to a worker half-way")
    results["confirmations"] = await open_loop(
        args.rate,
        len(links) / args.rate,
        lambda index: pledger.confirm(links[index]),
        label="confirm",
        at={len(links) / args.rate / 2: lambda: kill_a_worker(master)},
    )
    finished = time.monotonic()
    print(f"   {results['confirmations']}")
    results["counts_after_confirmation"] = await wait_for_exact_counts(confirmed_in_database(), finished)
    print(f"   {results['counts_after_confirmation']}")
    return results


def report(results: dict) -> None:
    pledges, minimal = results["pledges"], results["minimal_at_pledge_rate"]
    reads, minimal_reads = results["count_reads"], results["minimal_reads"]
    kill = results["kill_surge"]
    counts = results["counts_after_confirmation"]
    settings = results["settings"]
    print("\nResults")
    print(
        f"  pledges: {pledges['per_second']}/s, p50 {pledges['p50_ms']} ms, p99 {pledges['p99_ms']} ms, "
        f"{pledges['errors']} errors (minimal view at the same rate: p99 {minimal['p99_ms']} ms; "
        f"ratio {pledges['p99_ms'] / minimal['p99_ms']:.1f})"
    )
    print(
        f"  count reads: {reads['per_second']}/s, p99 {reads['p99_ms']} ms, {reads['errors']} errors "
        f"(minimal view {minimal_reads['per_second']}/s; "
        f"ratio {reads['per_second'] / minimal_reads['per_second']:.2f})"
    )
    print(
        f"  worker killed: {kill['succeeded']:,} successes, "
        f"{kill['successes_in_database']:,} in the database, "
        f"{kill['errors']} failed responses"
    )
    print(f"  counts after confirmations: {counts}")
    checks = {
        "500 pledges a second for 60 s": settings["rate"] >= 500
        and settings["seconds"] >= 60
        and pledges["succeeded"] == settings["rate"] * settings["seconds"],
        "pledge p99 <= 250 ms": pledges["p99_ms"] <= 250,
        "no pledge errors": pledges["errors"] == 0,
        "count reads >= 2,000/s": reads["per_second"] >= 2000,
        "every success stored": kill["successes_in_database"] == kill["succeeded"],
        "counts exact": counts.get("exact", False),
    }
    results["checks"] = checks
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'NOT MET'}] {name}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=500, help="pledges a second (default 500)")
    parser.add_argument("--seconds", type=int, default=60, help="length of the pledge surge (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync worker processes (default 4)")
    parser.add_argument(
        "--confirm", type=int, default=5_000, help="pledges to confirm, at most (default 5,000)"
    )
    args = parser.parse_args()

    print("Preparing a fresh PostgreSQL database, the register and static files")
    shutil.rmtree(MAIL, ignore_errors=True)
    env = environment(fresh_database())
    os.environ.update(env)
    # This process reads the database between phases, from inside its event loop, while nothing else runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    run(PYTHON, "manage.py", "migrate", "--no-input", env=env)
    run(PYTHON, "manage.py", "import_organisations", "--verbosity", "0", env=env)
    run(PYTHON, "manage.py", "collectstatic", "--no-input", env=env)

    server = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "localdigital.wsgi", "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(args.workers), "--backlog", "2048", "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "run_worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    try:
        wait_until_up(BASE + "/livez")
        results = uvloop.run(phases(args, server))
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)
    report(results)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nWritten to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
