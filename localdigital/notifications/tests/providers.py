"""A mail provider for tests that stop the worker half-way through a batch."""


class WorkerStopped(BaseException):
    """What the worker meets when it is killed: not an error it can handle."""


class Provider:
    """A mail provider that takes emails, and a worker that is stopped while handing over one of them.
    It stands for `gateway._deliver`, which is given each email's record."""

    def __init__(self, stop_at: int | None = None):
        self.stop_at = stop_at
        self.delivered: list[tuple[str, str]] = []

    def __call__(self, email):
        if self.stop_at is not None and len(self.delivered) + 1 == self.stop_at:
            raise WorkerStopped()
        self.delivered.append((email.to, email.body))
        return f"provider-{len(self.delivered)}"

    def addresses(self) -> list[str]:
        return [to for to, _body in self.delivered]
