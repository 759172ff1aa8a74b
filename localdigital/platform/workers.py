"""A gunicorn worker that sheds load where the queue forms: at the door, not after a wait.

gunicorn's threaded worker accepts connections and queues them for its threads. Past capacity that
queue grows without limit (requests waited seconds, then a minute, before any code of ours saw them), and
even answering a request quickly with 503 needs a free thread first. This worker keeps the queue short:
once `max_waiting` connections (GUNICORN_MAX_WAITING, default 8 a thread) are waiting for a thread,
or the oldest of them has waited GUNICORN_MAX_WAIT_MS (default 100), a new connection is answered at
once, outside the threads, with 503 and Retry-After, and nothing it asked for is done. So a request is
either served after a short wait or refused within milliseconds, and an acknowledged pledge is always
one that was served in full.

Used by gunicorn.conf.py (`worker_class`); the application's own check (localdigital.platform.overload)
also refuses what waited too long in front of gunicorn, in the proxy's queue or the listening socket's.
"""

import collections
import errno
import os
import queue
import selectors
import socket
import sys
import threading
import time

from gunicorn.workers.gthread import ThreadWorker

from localdigital.platform.overload import BODY

RETRY_AFTER_SECONDS = int(os.environ.get("OVERLOAD_RETRY_AFTER_SECONDS", "2"))
REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n"
    b"Retry-After: %d\r\n"
    b"Cache-Control: no-store\r\n"
    b"Connection: close\r\n"
    b"Content-Length: %d\r\n\r\n" % (RETRY_AFTER_SECONDS, len(BODY))
) + BODY
REFUSAL_SECONDS = 1.0  # a refused connection is closed after this at the latest
# How long a thread holding the GIL runs before one waiting is let in (Python's default is 5 ms). The
# loop that accepts and refuses connections gives the GIL up at each system call and then waits for it:
# 5 ms each while the request threads are busy, so it took only about a hundred connections a second
# and refusals waited hundreds of milliseconds. Measured with 4 threads burning 20 ms of CPU a request
# and 300 connections a second offered (load around 18): 5 ms gave refusals p50 111 to 171 ms, p99 315 to
# 485 ms, 234 to 241 served; 1 ms gave p50 13 to 23 ms; 0.5 ms p50 4 to 6 ms, p99 24 to 82 ms, 316 to
# 362 served.
SWITCH_INTERVAL_MS = float(os.environ.get("GUNICORN_SWITCH_INTERVAL_MS", "0.5"))
ACCEPT_AT_ONCE = 64  # connections taken from the listener in one wake-up, at most


class SheddingThreadWorker(ThreadWorker):
    def init_process(self):
        sys.setswitchinterval(SWITCH_INTERVAL_MS / 1000)
        # When each connection accepted (or read again on keep-alive) and not yet taken by a thread was
        # queued, oldest first: the pool takes them in that order.
        self.queued: collections.deque[float] = collections.deque()
        self.waiting_lock = threading.Lock()
        self.max_waiting = int(os.environ.get("GUNICORN_MAX_WAITING", "0")) or 8 * self.cfg.threads
        self.max_wait = float(os.environ.get("GUNICORN_MAX_WAIT_MS", "100")) / 1000
        self.refused = 0
        self.refusals: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=refuse_connections, args=(self.refusals,), daemon=True).start()
        super().init_process()  # runs the worker's loop: last

    @property
    def waiting(self) -> int:
        return len(self.queued)

    def full(self) -> bool:
        """Whether a new connection would wait too long: `max_waiting` are waiting already, or the
        oldest of them has waited `max_wait` (GUNICORN_MAX_WAIT_MS, default 100 ms) without a thread.
        Judged by time as well as by number, so that quick requests (count reads) queue a little
        rather than being refused, and slow ones are refused before a queue of them builds up."""
        queued = self.queued
        return len(queued) >= self.max_waiting or bool(
            queued and time.monotonic() - queued[0] > self.max_wait
        )

    def enqueue_req(self, conn):
        with self.waiting_lock:
            self.queued.append(time.monotonic())
        super().enqueue_req(conn)

    def handle(self, conn):
        with self.waiting_lock:
            if self.queued:
                self.queued.popleft()
        return super().handle(conn)

    def accept(self, listener):
        """Take every connection waiting on the listener (up to ACCEPT_AT_ONCE), not one a wake-up: a
        thread of ours gets the GIL back only every few milliseconds while the request threads are busy,
        and one connection a wake-up let thousands queue in the listening socket's backlog, where they
        waited seconds for a refusal. Each is served, if fewer than `max_waiting` wait for a thread, or
        refused at once."""
        for _ in range(ACCEPT_AT_ONCE):
            if not self.full():
                before = self.nr_conns
                super().accept(listener)
                if self.nr_conns == before:
                    return  # none waiting (or one that went away)
            elif not self.refuse(listener):
                return

    def refuse(self, listener) -> bool:
        """Answer the next waiting connection with 503 here and now (the answer fits in the socket's
        buffer), leaving it to be drained and closed outside this loop; False when none was waiting."""
        try:
            client, _address = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return False
        self.refused += 1
        if self.refused == 1 or self.refused % 1000 == 0:
            self.log.warning("Over capacity: %d connections refused with 503 so far", self.refused)
        try:
            client.setblocking(False)
            client.send(REFUSAL)
            client.shutdown(socket.SHUT_WR)
        except OSError:
            client.close()
            return True
        self.refusals.put(client)
        return True


def refuse_connections(refusals: queue.SimpleQueue) -> None:
    """Drain and close each refused connection handed over, without a thread of the pool (see
    Refusals)."""
    pending = Refusals()
    while True:
        try:
            while True:  # wait for work only when there is none in hand
                pending.add(refusals.get(block=not pending.deadlines))
        except queue.Empty:
            pass
        pending.step()


class Refusals:
    """Connections refused, their answer sent: read what the client sent (so that closing does not
    reset the connection before it reads the answer), then close once the client has closed or after
    REFUSAL_SECONDS."""

    def __init__(self):
        self.selector = selectors.DefaultSelector()
        self.deadlines: dict[socket.socket, float] = {}
        self.answered: set[socket.socket] = set()

    def add(self, client: socket.socket, *, answered: bool = True) -> None:
        client.setblocking(False)
        self.selector.register(client, selectors.EVENT_READ)
        self.deadlines[client] = time.monotonic() + REFUSAL_SECONDS
        if answered:
            self.answered.add(client)

    def close(self, client: socket.socket) -> None:
        self.selector.unregister(client)
        self.deadlines.pop(client, None)
        self.answered.discard(client)
        client.close()

    def step(self) -> None:
        for key, _events in self.selector.select(timeout=0.01):
            client = key.fileobj
            try:
                data = client.recv(65536)
                if client not in self.answered:
                    client.sendall(REFUSAL)
                    client.shutdown(socket.SHUT_WR)
                    self.answered.add(client)
                elif not data:
                    self.close(client)
            except OSError:
                self.close(client)
        now = time.monotonic()
        for client in [client for client, deadline in self.deadlines.items() if deadline < now]:
            self.close(client)
