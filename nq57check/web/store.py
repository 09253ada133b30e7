"""Results kept in memory, by a random id, for their downloads: a bounded LRU with a TTL.

Nothing is written to disk: a result is the run (findings, plan reads, the imported YAML),
and every download is rendered again from it. Once a result is older than its time to live,
or pushed out by newer ones, its page and downloads are gone (a 404 page says so).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_RESULTS = 32  # a morning of uploads; each is ~100 KB to a few MB (a province)
TTL_SECONDS = 2 * 60 * 60  # two hours from the upload: time to review and download


@dataclass(slots=True)
class _Entry(Generic[T]):
    value: T
    created: float


@dataclass(slots=True)
class ResultStore(Generic[T]):
    max_entries: int = MAX_RESULTS
    ttl: float = TTL_SECONDS
    clock: Callable[[], float] = time.monotonic
    _items: OrderedDict[str, _Entry[T]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, value: T) -> str:
        key = secrets.token_urlsafe(16)  # 128 bits: not guessable, not enumerable
        with self._lock:
            self._expire()
            self._items[key] = _Entry(value, self.clock())
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> T | None:
        with self._lock:
            self._expire()
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry.value

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._items)

    def _expire(self) -> None:
        now = self.clock()
        for key in [k for k, e in self._items.items() if now - e.created > self.ttl]:
            del self._items[key]
