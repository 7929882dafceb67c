"""Simulated time: a scalable clock that can also be moved forward by hand.

Simulated time starts at the real wall-clock time and then runs ``time_scale``
simulated seconds per real second. ``time_scale=0`` freezes it, so that only
:meth:`Clock.advance` moves it: tests use that to step a deployment through its
phases. Nothing runs in the background; the state reads the clock on each
request and works out what has happened since.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Clock:
    """Simulated epoch seconds, running ``time_scale`` times real time.

    :param time_scale: simulated seconds per real second; 0 freezes the clock
    :param start: simulated epoch seconds at creation; when omitted, the real
        wall-clock time
    :param monotonic: source of real elapsed time, injectable for tests
    """

    def __init__(
        self,
        time_scale: float = 1.0,
        *,
        start: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        _check_scale(time_scale)
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._scale = float(time_scale)
        self._base_simulated = time.time() if start is None else float(start)
        self._base_real = monotonic()

    @property
    def time_scale(self) -> float:
        """Simulated seconds per real second."""
        return self._scale

    def now(self) -> float:
        """Current simulated time, in epoch seconds."""
        with self._lock:
            return self._now()

    def advance(self, seconds: float) -> float:
        """Move simulated time forward and return the new time.

        :raises ValueError: when ``seconds`` is negative (time never goes back)
        """
        if seconds < 0:
            raise ValueError(f"cannot advance by {seconds} seconds: must be >= 0")
        with self._lock:
            self._base_simulated += seconds
            return self._now()

    def set_time_scale(self, time_scale: float) -> None:
        """Change the speed from now on, keeping the current simulated time.

        :raises ValueError: when ``time_scale`` is negative
        """
        _check_scale(time_scale)
        with self._lock:
            self._base_simulated = self._now()
            self._base_real = self._monotonic()
            self._scale = float(time_scale)

    def _now(self) -> float:
        elapsed = self._monotonic() - self._base_real
        return self._base_simulated + elapsed * self._scale


def _check_scale(time_scale: float) -> None:
    if time_scale < 0:
        raise ValueError(f"time scale {time_scale} is not allowed: must be >= 0")
