"""Shape walks over botocore's model: the checks botocore skips, and output checks.

botocore's ``ParamValidator`` checks types, required members and minimums only.
:func:`constraint_problems` adds the maximums, enums and patterns the model
declares, so the endpoint refuses what AWS refuses. :func:`output_problems`
checks that a response matches its output shape, which keeps the endpoint from
drifting from what the SDK parses.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StringShape, StructureShape

# AWS model patterns use Java's Unicode property classes, which Python's re
# lacks; they are expanded into explicit ranges (once, on first use).
_NUMBERS = frozenset({"integer", "long", "double", "float"})
_PROPERTY = re.compile(r"\\p\{(?P<name>[A-Za-z]+)\}")


def constraint_problems(shape: Shape, value: Any, path: str) -> list[str]:
    """Max, enum and pattern violations of a request value, one message each.

    Values of the wrong type are left to botocore's validator.
    """
    return list(_constraints(shape, value, path))


def _constraints(shape: Shape, value: Any, path: str) -> Iterator[str]:
    limit = shape.metadata.get("max")
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        for name, member in shape.members.items():
            if value.get(name) is not None:
                yield from _constraints(member, value[name], f"{path}.{name}")
    elif isinstance(shape, ListShape) and isinstance(value, list):
        if limit is not None and len(value) > limit:
            yield f"{path} has {len(value)} items: at most {limit} are allowed"
        for index, item in enumerate(value):
            yield from _constraints(shape.member, item, f"{path}[{index}]")
    elif isinstance(shape, MapShape) and isinstance(value, dict):
        for key, item in value.items():
            yield from _constraints(shape.key, key, f"{path} (key {key!r})")
            yield from _constraints(shape.value, item, f"{path}.{key}")
    elif isinstance(shape, StringShape) and isinstance(value, str):
        yield from _string_constraints(shape, value, path)
    elif shape.type_name in _NUMBERS and _is_number(value):
        yield from _number_constraints(limit, value, path)


def _number_constraints(limit: float | None, value: float, path: str) -> Iterator[str]:
    if limit is not None and value > limit:
        yield f"{path} is {value}: at most {limit} is allowed"


def _string_constraints(shape: StringShape, value: str, path: str) -> Iterator[str]:
    limit = shape.metadata.get("max")
    if limit is not None and len(value) > limit:
        yield f"{path} has {len(value)} characters: at most {limit} are allowed"

    if shape.enum and value not in shape.enum:
        yield f"{path} is {value!r}: must be one of {', '.join(shape.enum)}"

    pattern = shape.metadata.get("pattern")
    # Model patterns describe the whole value, as AWS applies them.
    if pattern and compile_pattern(pattern).fullmatch(value) is None:
        yield f"{path} is {value!r}: must match the pattern {pattern}"


def output_problems(shape: Shape | None, value: Any, path: str = "") -> list[str]:
    """Where a response document departs from its output shape.

    Checks member names, types, required members, enums and the model's
    constraints. Timestamps must already be epoch-second numbers.
    """
    if shape is None:
        return [] if value in (None, {}) else [f"{path or 'output'}: no output shape"]
    return list(_output(shape, value, path or shape.name))


def _output(shape: Shape, value: Any, path: str) -> Iterator[str]:
    if isinstance(shape, StructureShape):
        yield from _output_structure(shape, value, path)
    elif isinstance(shape, ListShape):
        if not isinstance(value, list):
            yield f"{path}: expected a list, got {type(value).__name__}"
            return
        for index, item in enumerate(value):
            yield from _output(shape.member, item, f"{path}[{index}]")
    elif isinstance(shape, MapShape):
        if not isinstance(value, dict):
            yield f"{path}: expected a map, got {type(value).__name__}"
            return
        for key, item in value.items():
            yield from _output(shape.key, key, f"{path} (key)")
            yield from _output(shape.value, item, f"{path}.{key}")
    elif not _scalar_ok(shape.type_name, value):
        yield f"{path}: {type(value).__name__} {value!r} is not a {shape.type_name}"
    else:
        yield from _constraints(shape, value, path)


def _output_structure(shape: StructureShape, value: Any, path: str) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{path}: expected a structure, got {type(value).__name__}"
        return

    for name in value.keys() - shape.members.keys():
        yield f"{path}: unknown member {name!r}"
    for name in shape.required_members:
        if value.get(name) is None:
            yield f"{path}: missing required member {name!r}"
    for name, item in value.items():
        if name in shape.members and item is not None:
            yield from _output(shape.members[name], item, f"{path}.{name}")


def _scalar_ok(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in {"integer", "long"}:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in {"double", "float", "timestamp"}:
        return _is_number(value)
    if kind == "blob":
        return isinstance(value, str)
    return False


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@functools.cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a model pattern, expanding ``\\p{L}``-style Unicode classes."""
    translated: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        match = _PROPERTY.match(pattern, index)
        if match is not None:
            ranges = _category_ranges(match["name"])
            translated.append(ranges if in_class else f"[{ranges}]")
            index = match.end()
            continue

        char = pattern[index]
        if char == "\\":
            translated.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        translated.append(char)
        index += 1
    return re.compile("".join(translated))


# NOTE: planes 4-16 hold no letters, numbers or separators (only tag characters,
# variation selectors and private use), so the scan stops at plane 4 to keep the
# first validation fast.
_SCAN_LIMIT = 0x40000


def _category_ranges(category: str) -> str:
    """Character-class ranges of every code point in a Unicode category."""
    table = _range_table()
    return "".join(
        ranges for name, ranges in table.items() if name.startswith(category)
    )


@functools.cache
def _range_table() -> dict[str, str]:
    """Ranges of each two-letter Unicode category, from one scan."""
    table: dict[str, list[str]] = {}
    start = 0
    current = unicodedata.category("\x00")
    for code in range(1, _SCAN_LIMIT + 1):
        category = unicodedata.category(chr(code)) if code < _SCAN_LIMIT else ""
        if category != current:
            table.setdefault(current, []).append(f"\\U{start:08x}-\\U{code - 1:08x}")
            start, current = code, category
    return {name: "".join(ranges) for name, ranges in table.items()}
