"""Pledges under a surge, against the production-shaped server: gunicorn, PostgreSQL, the email worker.

    python bench/pledges.py [--rate 500] [--duration 60] [--port 8207] [--database ld_surge_bench]
    (or: make bench-pledges ARGS="--duration 20")

Loopback only, bounded in count and time (about 3 minutes plus 2 x DURATION):

1. Makes its own PostgreSQL database (DATABASE, default `ld_surge_bench`, in the cluster that
   DATABASE_URL or `scripts/postgres` names), marked as made by this script: a database of that name
   without the mark is never dropped; the bench refuses to run on it. Migrates it, imports the
   organisation register, collects static files; drops it at the end (unless --keep-database).
2. Starts gunicorn with the production settings and gunicorn.conf.py on PORT, and the email worker
   (`manage.py run_worker`), which sends at GOV.UK Notify's rate (3,000 a minute) through Django's file
   backend into var/bench/pledges-PORT/mail/, where this script plays the people who read their email.
3. Beside every phase it records what the machine was doing: the load average, the share of CPU time
   busy (all processes, this one's own), and PostgreSQL's commit latency, measured by a probe that commits
   one row to its own table every 100 ms (synchronous_commit on, as the pledges are).
4. Phases, measured by a load generator in this process (asyncio on uvloop, a minimal HTTP/1.1 client,
   one connection per request, each stamped with X-Request-Start as our proxy stamps it). Open loop:
   requests start on a schedule whatever the server does, and latency runs from the scheduled start.
   Every request has a timeout (--timeout); failed and timed-out requests are counted in the percentiles
   (at the time they failed, or at the timeout), so a server cannot look fast by failing.
   - pledges: RATE a second for DURATION. JOURNEYS a second of them are whole journeys (the form page
     with its own cookie, the POST, the page after it, which must name their address); the rest POST.
     Addresses repeat (a pool of RATE x DURATION / 6, as offices and mobile networks share them, below
     the per-address limit) and email domains are shared (40% at 300 council domains with the council
     chosen, 40% at large providers, 20% at 200 small domains); 1% are people pledging a second time.
     The email worker is sent SIGKILL half-way and started again 2 s later.
   - the minimal view (/livez) at RATE a second for DURATION / 3, for the ratio;
   - count reads (/api/v1/pledges/count), then /livez: 64 clients each, closed loop, 10 s;
   - a web worker killed: pledges at RATE for 15 s with one gunicorn worker sent SIGKILL at 5 s; every
     pledge acknowledged (302 to the check-your-email page) must then be in the database;
   - confirmations: the links in the emails sent so far (up to --confirm), confirmed at RATE a second
     (JOURNEYS a second of them open the link's page first, as a person does); then every acknowledged
     confirmation must be confirmed in the database, nothing else may be, and the public count must equal
     the confirmed rows exactly, in all and for every organisation;
   - overload: pledges offered at OVERLOAD rates (default 1.5, 2 and 3 times RATE) for 10 s each: the
     ceiling (pledges acknowledged a second) and what everyone else got (503 with Retry-After, and how
     soon), and every acknowledged pledge stored;
   - emails: after the surge, emails that left (files) against emails due, none lost (the one the killed
     worker was handing over is sent again once its lease runs out, a minute later) and none to anyone
     twice: a hand-over retried after the kill carries the first one's Message-ID, so it is the same
     message to mail systems, and is counted apart; two distinct messages to one person are a failure.
5. Prints the figures and the checks, and writes them to var/bench/pledges-PORT.json.
"""

import argparse
import asyncio
import contextlib
import html
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import uvloop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SUCCESS = "/pledge/check-your-email/"
MARK = "made by bench/pledges.py"
PROVIDERS = ["gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com"]
PORT = 8207  # set from --port


class Response:
    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def location(self) -> str:
        return self.headers.get("location", "")


async def _http(method: str, path: str, headers: dict | None, form: dict | None) -> Response:
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    try:
        body = urlencode(form).encode() if form is not None else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{PORT}",
            "Connection: close",
            f"X-Request-Start: t={time.time():.3f}",  # as our proxy stamps each request it passes on
        ]
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        found: dict[str, list[str]] = {}
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


TIMEOUT = 10.0  # set from --timeout


async def http(method: str, path: str, *, headers: dict | None = None, form: dict | None = None) -> Response:
    """One HTTP/1.1 request on its own connection, given up after TIMEOUT seconds: far lighter than a
    full client library, so that the load generator leaves the machine's cores to the server."""
    return await asyncio.wait_for(_http(method, path, headers, form), TIMEOUT)


# What a request ended as: "ok", or why not.
OK, SHED, REFUSED, TIMED_OUT, FAILED = "ok", "503", "429", "timeout", "failed"


def outcome_of(response: Response, ok: bool) -> str:
    if ok:
        return OK
    return {503: SHED, 429: REFUSED}.get(response.status, f"status {response.status}")


# ---------------------------------------------------------------------------------------------------------
# The machine: load, CPU, and PostgreSQL's commit latency, measured beside each phase.


def cpu_times() -> tuple[float, float]:
    fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class CommitProbe(threading.Thread):
    """Commits one row every 100 ms to its own table, timing each commit."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.samples, self.stopping = url, [], threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url) as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS bench_commit_probe (at timestamptz)")
            connection.commit()
            while not self.stopping.wait(0.1):
                connection.execute("INSERT INTO bench_commit_probe VALUES (now())")
                began = time.perf_counter()
                connection.commit()
                self.samples.append((time.monotonic(), time.perf_counter() - began))


class Machine:
    """What the machine was doing during a phase."""

    def __init__(self, probe: CommitProbe):
        self.probe = probe

    @contextlib.contextmanager
    def phase(self, into: dict):
        began, busy0, total0 = time.monotonic(), *cpu_times()
        own0 = resource.getrusage(resource.RUSAGE_SELF)
        load0 = os.getloadavg()[0]
        yield
        busy1, total1 = cpu_times()
        own1 = resource.getrusage(resource.RUSAGE_SELF)
        wall = time.monotonic() - began
        commits = sorted(seconds for at, seconds in self.probe.samples if at >= began)
        into["machine"] = {
            "load_1min_before": round(load0, 2),
            "load_1min_after": round(os.getloadavg()[0], 2),
            "cpu_busy_share": round((busy1 - busy0) / max(total1 - total0, 1), 2),
            "load_generator_cpu_share": round(
                (own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime) / wall / os.cpu_count(), 2
            ),
            "commit_ms_p50": ms(percentile(commits, 0.5)),
            "commit_ms_p99": ms(percentile(commits, 0.99)),
            "commit_ms_max": ms(max(commits, default=float("nan"))),
            "commits_probed": len(commits),
        }


# ---------------------------------------------------------------------------------------------------------
# Load


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def summary(results: list[tuple[str, float]], seconds: float) -> dict:
    """Percentiles over every request, failed and timed out included; the rate of successes."""
    every = [latency for _outcome, latency in results]
    outcomes = Counter(outcome for outcome, _latency in results)
    succeeded = outcomes.pop(OK, 0)
    shed = [latency for outcome, latency in results if outcome == SHED]
    found = {
        "requests": len(results),
        "succeeded": succeeded,
        "errors": sum(outcomes.values()),
        "outcomes": dict(outcomes),
        "per_second": round(succeeded / seconds, 1),
        "p50_ms": ms(percentile(every, 0.50)),
        "p95_ms": ms(percentile(every, 0.95)),
        "p99_ms": ms(percentile(every, 0.99)),
        "max_ms": ms(max(every, default=float("nan"))),
    }
    if shed:
        found["shed_p50_ms"], found["shed_p99_ms"] = ms(percentile(shed, 0.5)), ms(percentile(shed, 0.99))
        good = [latency for outcome, latency in results if outcome == OK]
        found["succeeded_p99_ms"] = ms(percentile(good, 0.99))
    return found


async def attempt(send, index: int, began: float) -> tuple[str, float]:
    try:
        outcome = await send(index)
    except TimeoutError:
        outcome = TIMED_OUT
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
        outcome = FAILED
    return outcome, time.perf_counter() - began


async def open_loop(rate: float, seconds: float, send, *, label: str, at=None) -> dict:
    """Start `send(i)` at `rate` a second for `seconds`; latency from each request's scheduled start.

    `send` returns an outcome (OK or why not). `at` maps a second into the run to a function to call."""
    results: list[tuple[str, float]] = []
    total = int(rate * seconds)
    at = dict(at or {})
    start = time.perf_counter()
    tasks = []
    next_report = 10
    lag = 0.0
    for index in range(total):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            lag = max(lag, -delay)
        elapsed = scheduled - start
        for second in [s for s in at if s <= elapsed]:
            at.pop(second)()
        if elapsed >= next_report:
            print(f"   {label}: {elapsed:.0f} s, {index:,} started, {len(tasks) - len(results):,} waiting")
            next_report += 10
        task = asyncio.create_task(attempt(send, index, scheduled))
        task.add_done_callback(lambda done: results.append(done.result()))
        tasks.append(task)
    offered_for = time.perf_counter() - start
    await asyncio.gather(*tasks)
    found = summary(results, max(seconds, offered_for))
    found["offered_per_second"] = round(total / offered_for, 1)
    found["generator_lag_max_ms"] = ms(lag)
    return found


async def closed_loop(path: str, seconds: float, concurrency: int = 64) -> dict:
    """As many GETs of `path` as `concurrency` clients, each waiting for its answer, make in `seconds`."""
    results: list[tuple[str, float]] = []
    deadline = time.perf_counter() + seconds

    async def get(_index: int) -> str:
        response = await http("GET", path)
        return outcome_of(response, response.status == 200)

    async def client() -> None:
        while time.perf_counter() < deadline:
            results.append(await attempt(get, 0, time.perf_counter()))

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return summary(results, time.perf_counter() - start)


# ---------------------------------------------------------------------------------------------------------
# People


class People:
    """People pledging: addresses that repeat, domains that are shared, a few who pledge twice."""

    def __init__(self, csrf, councils, *, run: str, addresses: int, journeys_share: float):
        self.cookie, self.token = csrf
        self.councils = councils
        self.run = run
        self.addresses = [
            f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
            for _ in range(max(1, addresses))
        ]
        self.small_domains = [f"community-{run}-{n}.org.uk" for n in range(200)]
        self.journeys_share = journeys_share
        self.acknowledged: list[str] = []  # new pledges answered with success
        self.known: set[str] = set()
        self.journeys: list[tuple[str, float]] = []

    def person(self, index: int) -> tuple[str, str, str]:
        chance = random.random()
        organisation = ""
        if chance < 0.01 and self.acknowledged:  # someone pledging again
            return random.choice(self.acknowledged), "", random.choice(self.addresses)
        if chance < 0.4:
            organisation, domain = random.choice(self.councils)
        elif chance < 0.8:
            domain = random.choice(PROVIDERS)
        else:
            domain = random.choice(self.small_domains)
        return f"person.{self.run}.{index}@{domain}", organisation, random.choice(self.addresses)

    def form(self, index: int, email: str, organisation: str, token: str) -> dict:
        return {
            "csrfmiddlewaretoken": token,
            "name": f"Person {index}",
            "email": email,
            "organisation": organisation,
            "role": "Digital lead" if organisation else "",
            "show_name": "on" if index % 3 == 0 else "",
            "website": "",
        }

    async def pledge(self, index: int) -> str:
        if random.random() < self.journeys_share:
            began = time.perf_counter()
            outcome = await self.journey(index)
            self.journeys.append((outcome, time.perf_counter() - began))
            return outcome
        email, organisation, address = self.person(index)
        headers = {"Cookie": f"csrftoken={self.cookie}", "X-Forwarded-For": address}
        response = await http(
            "POST", "/pledge/", headers=headers, form=self.form(index, email, organisation, self.token)
        )
        return self.answered(response, email)

    def answered(self, response: Response, email: str) -> str:
        ok = response.status == 302 and response.location().endswith(SUCCESS)
        if ok and email not in self.known:  # a new pledge (a second one from a mailbox is answered alike)
            self.known.add(email)
            self.acknowledged.append(email)
        return outcome_of(response, ok)

    async def journey(self, index: int) -> str:
        """The form page (a cookie of one's own), the POST, then the page after it."""
        email, organisation, address = self.person(index)
        page = await http("GET", "/pledge/", headers={"X-Forwarded-For": address})
        if page.status != 200:
            return outcome_of(page, False)
        cookie = re.search(r"csrftoken=([^;]+)", page.headers["set-cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body.decode()).group(1)
        headers = {"Cookie": f"csrftoken={cookie}", "X-Forwarded-For": address}
        posted = await http(
            "POST", "/pledge/", headers=headers, form=self.form(index, email, organisation, token)
        )
        outcome = self.answered(posted, email)
        if outcome != OK:
            return outcome
        email_cookie = re.search(r"pledge_email=([^;]+)", posted.headers["set-cookie"]).group(1)
        after = await http(
            "GET", SUCCESS, headers={"Cookie": f"pledge_email={email_cookie}", "X-Forwarded-For": address}
        )
        return outcome_of(after, after.status == 200 and html.escape(email) in after.body.decode())


class Confirmer:
    def __init__(self, csrf, links: list[tuple[str, str]], journeys_share: float):
        self.cookie, self.token = csrf
        self.links = links
        self.journeys_share = journeys_share
        self.acknowledged: set[str] = set()
        self.unknown: set[str] = set()  # failed or timed out: may or may not have been confirmed

    async def confirm(self, index: int) -> str:
        email, path = self.links[index]
        address = f"10.200.{random.randrange(256)}.{random.randrange(1, 255)}"
        try:
            if random.random() < self.journeys_share:
                page = await http("GET", path, headers={"X-Forwarded-For": address})
                if page.status != 200:
                    self.unknown.add(email)
                    return outcome_of(page, False)
            headers = {"Cookie": f"csrftoken={self.cookie}", "X-Forwarded-For": address}
            response = await http("POST", path, headers=headers, form={"csrfmiddlewaretoken": self.token})
        except BaseException:
            self.unknown.add(email)
            raise
        ok = response.status == 302 and response.location().endswith("/pledge/confirmed/")
        (self.acknowledged if ok else self.unknown).add(email)
        return outcome_of(response, ok)


async def livez(_index: int) -> str:
    response = await http("GET", "/livez")
    return outcome_of(response, response.status == 200)


async def csrf() -> tuple[str, str]:
    response = await http("GET", "/pledge/")
    cookie = re.search(r"csrftoken=([^;]+)", response.headers["set-cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.body.decode()).group(1)
    return cookie, token


# ---------------------------------------------------------------------------------------------------------
# The database, the server and the email worker


def cluster_url() -> str:
    """The cluster's maintenance database (to make and drop our own beside it)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = subprocess.run(
            [str(ROOT / "scripts" / "postgres")], check=True, capture_output=True, text=True
        ).stdout.strip()
    return url.rsplit("/", 1)[0] + "/postgres"


def own_database(url: str, name: str) -> str:
    """A fresh database of our own; one of that name that this script did not make is left alone."""
    import psycopg

    if not re.fullmatch(r"[a-z0-9_]+_bench", name):
        raise SystemExit(f"Give a database name ending in _bench, not {name!r}")
    with psycopg.connect(url, autocommit=True) as connection:
        existing = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if existing is not None:
            if existing[0] != MARK:
                raise SystemExit(f"A database {name} exists that this script did not make: not touching it")
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        connection.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}'")
    return url.rsplit("/", 1)[0] + "/" + name


def drop_own_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        mark = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if mark is not None and mark[0] == MARK:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def environment(database_url: str, args, mail: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "localdigital.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "SECURE_SSL_REDIRECT": "false",  # loopback, no TLS here; a real proxy terminates TLS
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        # The production worker (gunicorn.conf.py's), which sheds load at the door; sync for 1 thread.
        "GUNICORN_WORKER_CLASS": (
            "localdigital.platform.workers.SheddingThreadWorker" if args.threads > 1 else "sync"
        ),
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


def kill_a_web_worker(master: subprocess.Popen, killed: list) -> None:
    victim = random.choice(children(master.pid))
    os.kill(victim, signal.SIGKILL)
    killed.append(victim)
    print(f"   sent SIGKILL to gunicorn worker {victim}")


class EmailWorker:
    def __init__(self, env: dict):
        self.env, self.process, self.killed = env, None, 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker"], cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL
        )

    def kill_and_restart(self, loop: asyncio.AbstractEventLoop) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.killed += 1
        print(f"   sent SIGKILL to the email worker {self.process.pid}; starting another in 2 s")
        loop.call_later(2, self.start)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def handovers(mail: Path) -> list[tuple[str, str, str]]:
    """(recipient, Message-ID, confirm link or "") for every hand-over to the mail backend, from the
    file backend's files. A hand-over retried after the email worker was killed mid-send carries the
    same Message-ID as the first (the email's own, from its record), so mail systems take the two as
    one message: "none twice" means no one is handed two distinct messages."""
    found = []
    for path in sorted(mail.glob("*.log")):
        for message in path.read_text().split("\n" + "-" * 79 + "\n"):
            to = re.search(r"^To: (.+)$", message, re.MULTILINE)
            if to:
                message_id = re.search(r"^Message-ID: (.+)$", message, re.MULTILINE)
                link = re.search(r"(/pledge/confirm/[^/\s]+/)", message)
                found.append(
                    (to.group(1).strip(), message_id.group(1).strip() if message_id else "",
                     link.group(1) if link else "")
                )  # fmt: skip
    return found


def emails(mail: Path) -> list[tuple[str, str]]:
    """(recipient, confirm link or "") for every distinct email that has left."""
    return distinct(handovers(mail))


def distinct(handed: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    found = []
    for to, message_id, link in handed:
        if message_id not in seen or not message_id:
            seen.add(message_id)
            found.append((to, link))
    return found


def stored(emails_: list[str]) -> int:
    from localdigital.platform.emails import canonical_mailbox
    from localdigital.pledges.models import Pledge

    keys = [canonical_mailbox(email) for email in emails_]
    return sum(
        Pledge.objects.filter(email_key__in=keys[start : start + 5000]).count()
        for start in range(0, len(keys), 5000)
    )


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
    body = {"total": None}
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, TimeoutError, ValueError):
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


# ---------------------------------------------------------------------------------------------------------
# The run


async def phases(args, master: subprocess.Popen, worker: EmailWorker, machine: Machine, mail: Path) -> dict:
    import django

    django.setup()
    from django.db import connection

    from localdigital.organisations.models import OrganisationDomain
    from localdigital.pledges.models import Pledge

    loop = asyncio.get_running_loop()
    councils = list(
        OrganisationDomain.objects.filter(organisation__end_date__isnull=True).values_list(
            "organisation__slug", "domain"
        )[:300]
    )
    results: dict = {"settings": vars(args)}
    shared_csrf = await csrf()
    journeys_share = args.journeys / args.rate

    def people(seconds: float, rate: float) -> People:
        return People(
            shared_csrf, councils, run=secrets.token_hex(3), addresses=int(rate * seconds / 6),
            journeys_share=journeys_share,
        )  # fmt: skip

    print("Warming up: pledges at a fifth of the rate for 5 s, and reads")
    await open_loop(args.rate / 5, 5, people(5, args.rate / 5).pledge, label="warm-up")
    await closed_loop("/api/v1/pledges/count", 2)

    print(
        f"Pledges: {args.rate}/s for {args.duration} s ({args.journeys}/s whole journeys), "
        "email worker killed half-way"
    )
    surge = people(args.duration, args.rate)
    with machine.phase(results.setdefault("pledges", {})):
        results["pledges"].update(
            await open_loop(
                args.rate,
                args.duration,
                surge.pledge,
                label="pledges",
                at={args.duration / 2: lambda: worker.kill_and_restart(loop)},
            )
        )
    results["journeys"] = summary(surge.journeys, args.duration)
    results["pledges"]["acknowledged_new"] = len(surge.acknowledged)
    results["pledges"]["acknowledged_stored"] = stored(surge.acknowledged)
    print(f"   {results['pledges']}\n   journeys: {results['journeys']}")

    print(f"Minimal view (/livez): {args.rate}/s for {args.duration // 3} s")
    with machine.phase(results.setdefault("minimal_at_pledge_rate", {})):
        results["minimal_at_pledge_rate"].update(
            await open_loop(args.rate, args.duration // 3, livez, label="minimal")
        )
    print(f"   {results['minimal_at_pledge_rate']}")

    print("Count reads: 64 clients for 10 s, then the minimal view the same way")
    with machine.phase(results.setdefault("count_reads", {})):
        results["count_reads"].update(await closed_loop("/api/v1/pledges/count", 10))
    print(f"   {results['count_reads']}")
    with machine.phase(results.setdefault("minimal_reads", {})):
        results["minimal_reads"].update(await closed_loop("/livez", 10))
    print(f"   {results['minimal_reads']}")

    print(f"A web worker killed: pledges at {args.rate}/s for 15 s, SIGKILL to one gunicorn worker at 5 s")
    killed: list[int] = []
    crowd = people(15, args.rate)
    with machine.phase(results.setdefault("web_worker_killed", {})):
        results["web_worker_killed"].update(
            await open_loop(
                args.rate, 15, crowd.pledge, label="kill", at={5: lambda: kill_a_web_worker(master, killed)}
            )
        )
    results["web_worker_killed"].update(
        killed_worker=killed,
        acknowledged_new=len(crowd.acknowledged),
        acknowledged_stored=stored(crowd.acknowledged),
    )
    print(f"   {results['web_worker_killed']}")

    links = [(to, link) for to, link in emails(mail) if link][: args.confirm]
    confirmer = Confirmer(shared_csrf, links, journeys_share)
    seconds = len(links) / args.rate
    print(f"Confirmations: {len(links):,} emailed links at {args.rate}/s ({seconds:.0f} s)")
    with machine.phase(results.setdefault("confirmations", {})):
        results["confirmations"].update(
            await open_loop(args.rate, seconds, confirmer.confirm, label="confirm")
        )
    finished = time.monotonic()
    confirmed = set(Pledge.objects.filter(status="confirmed").values_list("email", flat=True))
    results["confirmations"].update(
        acknowledged=len(confirmer.acknowledged),
        acknowledged_but_not_confirmed=len(confirmer.acknowledged - confirmed),
        confirmed_but_never_acknowledged=len(confirmed - confirmer.acknowledged - confirmer.unknown),
        outcome_unknown=len(confirmer.unknown),
    )
    print(f"   {results['confirmations']}")
    results["counts_after_confirmation"] = await wait_for_exact_counts(confirmed_in_database(), finished)
    print(f"   {results['counts_after_confirmation']}")

    overload = []
    for factor in args.overload:
        rate = args.rate * factor
        crowd = people(10, rate)
        step: dict = {"offered_rate": rate}
        print(f"Overload: pledges offered at {rate:.0f}/s for 10 s")
        with machine.phase(step):
            step.update(await open_loop(rate, 10, crowd.pledge, label=f"overload {rate:.0f}"))
        step.update(acknowledged_new=len(crowd.acknowledged), acknowledged_stored=stored(crowd.acknowledged))
        overload.append(step)
        print(f"   {step}")
        await asyncio.sleep(3)
    results["overload"] = overload

    # The email worker goes on sending; wait a little, stop it (so that nothing moves while counting),
    # then compare what left with what was due.
    await asyncio.sleep(5)
    worker.stop()
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM notifications_sentemail GROUP BY status")
        records = dict(cursor.fetchall())
    handed = handovers(mail)
    sent = distinct(handed)
    recipients = Counter(to for to, _link in sent)
    results["emails"] = {
        "pledges_stored": Pledge.objects.count(),
        "emails_left": len(sent),
        "handed_over_again_same_message_id": len(handed) - len(sent),
        "still_due": Pledge.objects.exclude(email_due="").count(),
        "records": records,
        "anyone_emailed_twice": sum(1 for count in recipients.values() if count > 1),
        "email_worker_killed": worker.killed,
    }
    results["emails"]["due_but_neither_sent_nor_waiting"] = (
        results["emails"]["pledges_stored"]
        - results["emails"]["emails_left"]
        - results["emails"]["still_due"]
    )
    print(f"   emails: {results['emails']}")
    return results


def checks(results: dict, args) -> dict:
    pledges, confirmations = results["pledges"], results["confirmations"]
    overload = results["overload"]
    email = results["emails"]
    return {
        f"pledges >= 500/s for {args.duration} s": pledges["per_second"] >= 500 and args.duration >= 60,
        "pledge p99 <= 250 ms": pledges["p99_ms"] <= 250,
        "no pledge errors": pledges["errors"] == 0,
        "every acknowledged pledge stored": all(
            phase["acknowledged_new"] == phase["acknowledged_stored"]
            for phase in [pledges, results["web_worker_killed"], *overload]
        ),
        "confirmations >= 500/s": confirmations["per_second"] >= 500,
        "confirmation p99 <= 250 ms": confirmations["p99_ms"] <= 250,
        "confirmations as clients were told": confirmations["acknowledged_but_not_confirmed"] == 0
        and confirmations["confirmed_but_never_acknowledged"] == 0,
        "counts exact": results["counts_after_confirmation"].get("exact", False),
        "count reads >= 2,000/s": results["count_reads"]["per_second"] >= 2000,
        "overload answered within a second (p99)": all(step["p99_ms"] <= 1000 for step in overload),
        "no email twice": email["anyone_emailed_twice"] == 0,
        "every email due sent or still waiting": email["due_but_neither_sent_nor_waiting"] == 0,
    }


def report(results: dict, args) -> None:
    print("\nResults (machine: load average before and after, CPU busy share, commit p50/p99)")
    for name in [
        "pledges",
        "journeys",
        "minimal_at_pledge_rate",
        "count_reads",
        "minimal_reads",
        "web_worker_killed",
        "confirmations",
    ]:
        phase = results[name]
        machine = phase.get("machine", {})
        print(
            f"  {name}: {phase['per_second']}/s, p50 {phase['p50_ms']} ms, p99 {phase['p99_ms']} ms, "
            f"max {phase['max_ms']} ms, {phase['errors']} errors {phase['outcomes'] or ''}"
            + (
                f"  [load {machine['load_1min_before']}->{machine['load_1min_after']}, "
                f"cpu {machine['cpu_busy_share']}, "
                f"commit {machine['commit_ms_p50']}/{machine['commit_ms_p99']} ms]"
                if machine
                else ""
            )
        )
    for step in results["overload"]:
        print(
            f"  overload {step['offered_rate']:.0f}/s offered ({step['offered_per_second']}/s sent): "
            f"{step['per_second']}/s acknowledged, p99 {step['p99_ms']} ms of all, "
            f"503s {step['outcomes'].get(SHED, 0)} (p99 {step.get('shed_p99_ms', '-')} ms), "
            f"{step['outcomes']}"
        )
    print(f"  emails: {results['emails']}")
    results["checks"] = checks(results, args)
    for name, ok in results["checks"].items():
        print(f"  [{'ok' if ok else 'NOT MET'}] {name}")


def main() -> None:
    global PORT, TIMEOUT
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=500, help="pledges a second (default 500)")
    parser.add_argument(
        "--duration", "--seconds", type=int, default=60, help="length of the surge in seconds (60)"
    )
    parser.add_argument(
        "--journeys", type=int, default=50, help="whole journeys a second within the rate (50)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker; 1 for sync workers (4)")
    parser.add_argument("--confirm", type=int, default=5_000, help="pledges to confirm, at most (5,000)")
    parser.add_argument(
        "--overload", type=float, nargs="*", default=[1.5, 2, 3], help="overload steps, times RATE"
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds before a request is given up (10)"
    )
    parser.add_argument("--port", type=int, default=8207, help="the port to serve on (8207)")
    parser.add_argument("--database", default="ld_surge_bench", help="its own database, ending in _bench")
    parser.add_argument(
        "--keep-database", action="store_true", help="leave the database for a look afterwards"
    )
    args = parser.parse_args()
    PORT, TIMEOUT = args.port, args.timeout
    work = ROOT / "var" / "bench" / f"pledges-{args.port}"
    mail, out = work / "mail", ROOT / "var" / "bench" / f"pledges-{args.port}.json"

    print(f"Preparing the database {args.database}, the register and static files")
    shutil.rmtree(mail, ignore_errors=True)
    cluster = cluster_url()
    database_url = own_database(cluster, args.database)
    env = environment(database_url, args, mail)
    os.environ.update(env)
    # This process reads the database between phases, from inside its event loop, while nothing else runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        for command in (
            ["migrate", "--no-input"],
            ["import_organisations", "--verbosity", "0"],
            ["collectstatic", "--no-input"],
        ):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "localdigital.wsgi", "-c", "gunicorn.conf.py",
             "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        worker = EmailWorker(env)
        worker.start()
        probe = CommitProbe(database_url)
        probe.start()
        try:
            wait_until_up(f"http://127.0.0.1:{args.port}/livez")
            results = uvloop.run(phases(args, server, worker, Machine(probe), mail))
        finally:
            probe.stopping.set()
            server.terminate()
            worker.stop()
            server.wait(timeout=30)
            probe.join(timeout=5)
        report(results, args)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, default=str))
        print(f"\nWritten to {out.relative_to(ROOT)}")
    finally:
        if not args.keep_database:
            drop_own_database(cluster, args.database)


if __name__ == "__main__":
    main()
