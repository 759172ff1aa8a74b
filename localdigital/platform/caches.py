"""Per-process memos: one mechanism for every copy a process keeps of something it read, and one reset.

A memo holds one value for at most `seconds` (or until it is forgotten). Each is registered by name when
it is made, so `forget_all` (between tests, say) empties every one of them. What is kept here is a
process's own copy: each process of the service reads the database for itself, at most once in
`seconds`, and forgetting a memo here does not reach other processes (they catch up within `seconds`).

    choices = caches.memo("organisation choices", seconds=300)
    rows = choices.get(load_choices)   # load_choices() runs at most once in 5 minutes
    choices.forget()                    # the next get loads again
"""

import threading
import time
from collections.abc import Callable
from typing import Any

_registry: dict[str, "Memo"] = {}
_registry_lock = threading.Lock()
_MISSING = object()


class Memo:
    """One value this process keeps, for `seconds` after it was loaded (for ever if None)."""

    def __init__(self, name: str, seconds: float | None = None):
        self.name = name
        self.seconds = seconds
        self._value: Any = _MISSING
        self._until = 0.0
        self.lock = threading.RLock()

    def peek(self, default=None):
        """The value kept, if there is one and it is still fresh; otherwise `default`."""
        value, until = self._value, self._until
        if value is _MISSING or (self.seconds is not None and until <= time.monotonic()):
            return default
        return value

    def get(self, load: Callable[[], Any]):
        """The value kept, or what `load()` returns (kept for next time) if there is none or it is stale."""
        value = self.peek(_MISSING)
        if value is _MISSING:
            value = load()
            self.set(value)
        return value

    def set(self, value) -> None:
        self._until = time.monotonic() + self.seconds if self.seconds is not None else 0.0
        self._value = value

    def forget(self, **_signal_kwargs) -> None:
        """Drop the value (callable as a signal receiver: it takes and ignores the signal's arguments)."""
        self._value = _MISSING


def memo(name: str, *, seconds: float | None = None) -> Memo:
    """The memo called `name`, made on first use. Names are unique across the service."""
    with _registry_lock:
        found = _registry.get(name)
        if found is None:
            found = _registry[name] = Memo(name, seconds)
        return found


def forget_all() -> None:
    """Empty every memo in this process (tests call this between tests)."""
    with _registry_lock:
        memos = list(_registry.values())
    for each in memos:
        each.forget()


def names() -> list[str]:
    return sorted(_registry)
