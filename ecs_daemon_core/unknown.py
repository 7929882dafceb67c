"""The marker for values that are not known yet.

Pulumi previews carry unknown outputs and CDK props carry unresolved tokens. A
front end replaces such a value with :data:`UNKNOWN` before it asks the core to
validate; validation then skips it instead of reporting it as wrong.
"""

from __future__ import annotations

from typing import Any, Final


class _Unknown:
    """Singleton type of :data:`UNKNOWN`; pickles back to the same object."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


def is_unknown(value: Any) -> bool:
    """Whether ``value`` is the :data:`UNKNOWN` marker."""
    return value is UNKNOWN


def contains_unknown(value: Any) -> bool:
    """Whether ``value`` is, or holds at any depth, the :data:`UNKNOWN` marker."""
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(item) for item in value)
    return False
