"""Past capacity, a request that has waited too long in the queue is answered at once with 503."""

import time

import pytest

from localdigital.platform.overload import ShedLoad, queue_seconds


def served(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"served"]


def call(environ):
    answered = {}

    def start_response(status, headers):
        answered["status"], answered["headers"] = status, dict(headers)

    body = b"".join(ShedLoad(served)(environ, start_response))
    return answered["status"], answered["headers"], body


def request(path="/pledge/", waited: float | None = None) -> dict:
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "POST"}
    if waited is not None:
        environ["HTTP_X_REQUEST_START"] = f"t={time.time() - waited:.3f}"
    return environ


@pytest.fixture(autouse=True)
def _behind_a_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.OVERLOAD_QUEUE_MS = 500
    settings.OVERLOAD_RETRY_AFTER_SECONDS = 2


def test_a_request_that_waited_too_long_is_shed_with_retry_after():
    status, headers, body = call(request(waited=1.5))

    assert status == "503 Service Unavailable"
    assert headers["Retry-After"] == "2"
    assert headers["Cache-Control"] == "no-store"
    assert b"Sorry, the service is busy" in body and b"Nothing you sent has been kept" in body


def test_a_request_that_waited_briefly_or_has_no_stamp_is_served():
    assert call(request(waited=0.1))[0] == "200 OK"
    assert call(request())[0] == "200 OK"
    assert call({**request(), "HTTP_X_REQUEST_START": "t=soon"})[0] == "200 OK"


def test_health_checks_are_never_shed():
    assert call(request("/livez", waited=30))[0] == "200 OK"
    assert call(request("/healthz", waited=30))[0] == "200 OK"


def test_without_our_proxy_or_with_shedding_off_nothing_is_shed(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert call(request(waited=30))[0] == "200 OK"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.OVERLOAD_QUEUE_MS = 0
    assert call(request(waited=30))[0] == "200 OK"


@pytest.mark.parametrize("unit", [1, 1e3, 1e6])
def test_the_stamp_is_read_in_seconds_milliseconds_or_microseconds(unit):
    now = 1_796_000_000.0
    stamp = (now - 2.0) * unit
    environ = {"HTTP_X_REQUEST_START": f"t={stamp:.0f}" if unit != 1 else f"t={stamp}"}

    assert queue_seconds(environ, now=now) == pytest.approx(2.0, abs=0.01)
