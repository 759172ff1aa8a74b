"""The gunicorn worker refuses at once what it cannot serve soon, and serves the rest in full."""

import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVED = []


def slow_app(environ, start_response):
    """Takes 0.4 s a request, one at a time (one thread)."""
    time.sleep(0.4)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "6")])
    return [b"served"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int) -> tuple[int, dict, float]:
    began = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:])
    return int(head[0].split()[1]), headers, time.monotonic() - began


@pytest.fixture
def server():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        [
            sys.executable, "-m", "gunicorn", "localdigital.platform.tests.test_workers:slow_app",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1",
            "--worker-class", "localdigital.platform.workers.SheddingThreadWorker",
        ],
        cwd=ROOT, env={"GUNICORN_MAX_WAITING": "2", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    while time.monotonic() < deadline and get(port)[0] != 200:  # the worker has booted, not only the master
        time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.timing
def test_past_the_queue_connections_are_refused_at_once_and_the_rest_served(server):
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _i: get(server), range(8)))

    served = [answer for answer in answers if answer[0] == 200]
    refused = [answer for answer in answers if answer[0] == 503]
    assert len(served) + len(refused) == 8
    assert 1 <= len(served) <= 4  # the one being served and the two waiting (give or take one in flight)
    assert len(refused) >= 4
    assert all(headers["Retry-After"] == "2" for _status, headers, _seconds in refused)
    assert max(seconds for _status, _headers, seconds in refused) < 0.3  # not after the 0.4 s requests
