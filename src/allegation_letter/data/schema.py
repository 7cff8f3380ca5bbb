"""A small declarative schema for the YAML files: every problem, with its file:line.

A spec is a callable `(node, path, problems) -> value`; on a bad value it records a
Problem at the node's location and returns INVALID, so that one run reports every
problem in a file instead of the first. Records reject unknown keys, because a
misspelt key must never silently drop a paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from allegation_letter.data.model import Located, Prose
from allegation_letter.data.yamlfile import Mapping, Node, Scalar, Sequence
from allegation_letter.errors import Location, Problem


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()
Spec = Callable[[Node, str, list[Problem]], Any]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _kind(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "empty" if node.text is None else "text"


def _bad(problems: list[Problem], node: Node, path: str, message: str) -> _Invalid:
    problems.append(Problem(node.loc, path, message))
    return INVALID


def text(node: Node, path: str, problems: list[Problem]) -> Any:
    """Non-empty text; blank or only invisible characters is an error."""
    if not isinstance(node, Scalar):
        return _bad(problems, node, path, f"expected text, found {_kind(node)}")
    if node.text is None or not node.text.translate(_INVISIBLE).strip():
        return _bad(problems, node, path, "is empty; write the text or remove the key")
    return node.text


def prose(node: Node, path: str, problems: list[Problem]) -> Any:
    """Markdown text that remembers where it is written, for located errors later."""
    value = text(node, path, problems)
    if value is INVALID:
        return value
    return Prose(value.strip("\n"), node.loc)


def line_of_text(node: Node, path: str, problems: list[Problem]) -> Any:
    """Text on one line, stripped (names, titles, phrases)."""
    value = text(node, path, problems)
    if value is INVALID:
        return value
    if "\n" in value.strip():
        return _bad(problems, node, path, "must be on one line")
    return value.strip()


def date(node: Node, path: str, problems: list[Problem]) -> Any:
    """A calendar date written YYYY-MM-DD."""
    value = line_of_text(node, path, problems)
    if value is INVALID:
        return value
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return _bad(problems, node, path, f"not a valid date: '{value}' (write YYYY-MM-DD)")


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def partial_date(node: Node, path: str, problems: list[Problem]) -> Any:
    """YYYY-MM-DD, or YYYY-MM or YYYY where only that much is known: (earliest day, text)."""
    value = line_of_text(node, path, problems)
    if value is INVALID:
        return value
    match = _PARTIAL_DATE.fullmatch(value)
    if match:
        year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
        if match.group(3) is None or match.group(2) is not None:
            try:
                return dt.date(int(year), int(month), int(day)), value
            except ValueError:
                pass
    return _bad(problems, node, path, f"not a valid date: '{value}' (write YYYY-MM-DD, or YYYY)")


def boolean(node: Node, path: str, problems: list[Problem]) -> Any:
    """`true` or `false`, spelt out: YAML 1.1's yes/no/on/off are not accepted."""
    value = line_of_text(node, path, problems)
    if value in ("true", "false"):
        return value == "true"
    if value is not INVALID:
        _bad(problems, node, path, f"expected true or false, found '{value}'")
    return INVALID


def choice(*options: str) -> Spec:
    """One of a fixed set of words."""

    def check(node: Node, path: str, problems: list[Problem]) -> Any:
        value = line_of_text(node, path, problems)
        if value is INVALID or value in options:
            return value
        return _bad(problems, node, path, f"'{value}' is not one of: {', '.join(options)}")

    return check


def identifier(pattern: str, what: str) -> Spec:
    """A code matching `pattern`, such as an addressee code or an instrument id."""
    compiled = re.compile(pattern)

    def check(node: Node, path: str, problems: list[Problem]) -> Any:
        value = line_of_text(node, path, problems)
        if value is INVALID:
            return value
        if compiled.fullmatch(value):
            return Located(value, node.loc)
        return _bad(problems, node, path, f"'{value[:40]}' is not a valid {what}")

    return check


def list_of(item: Spec, *, allow_empty: bool = False) -> Spec:
    """A list whose items all match `item`; one text value counts as a list of one."""

    def check(node: Node, path: str, problems: list[Problem]) -> Any:
        if isinstance(node, Scalar) and node.text is not None:
            node = Sequence([node], node.loc)
        if not isinstance(node, Sequence):
            return _bad(problems, node, path, f"expected a list, found {_kind(node)}")
        if not node.items and not allow_empty:
            return _bad(problems, node, path, "the list is empty")
        values = [item(child, f"{path}[{i}]", problems) for i, child in enumerate(node.items)]
        return INVALID if any(v is INVALID for v in values) else values

    return check


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record: its spec and whether it must be present."""

    spec: Spec
    required: bool = True


def optional(spec: Spec) -> Field:
    """A key that may be left out."""
    return Field(spec, required=False)


class Record:
    """The checked values of a mapping, with the location of every key and value."""

    __slots__ = ("_values", "_locs", "loc", "path")

    def __init__(self, loc: Location, path: str) -> None:
        self._values: dict[str, Any] = {}
        self._locs: dict[str, Location] = {}
        self.loc = loc
        self.path = path

    def get(self, key: str, default: Any = None) -> Any:
        """The value of `key`, or `default` when the key was left out."""
        return self._values.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def loc_of(self, key: str) -> Location:
        """Where the value of `key` is written (the mapping itself if absent)."""
        return self._locs.get(key, self.loc)

    def field_path(self, key: str) -> str:
        """The dotted path of `key`, as error messages name it."""
        return f"{self.path}.{key}" if self.path else key

    def items(self) -> Iterator[tuple[str, Any]]:
        """Keys and values, in file order."""
        return iter(self._values.items())


def record(fields: dict[str, Field]) -> Spec:
    """A mapping with exactly these keys: unknown keys and missing required keys are errors."""

    def check(node: Node, path: str, problems: list[Problem]) -> Any:
        if not isinstance(node, Mapping):
            return _bad(problems, node, path, f"expected a mapping of keys, found {_kind(node)}")
        result = Record(node.loc, path)
        ok = True
        for key, entry in node.entries.items():
            sub = f"{path}.{key}" if path else key
            spec = fields.get(key)
            if spec is None:
                known = ", ".join(fields)
                problems.append(Problem(entry.key.loc, sub, f"unknown key; expected one of: {known}"))
                ok = False
                continue
            value = spec.spec(entry.value, sub, problems)
            ok = ok and value is not INVALID
            result._values[key] = value
            result._locs[key] = entry.value.loc
        for key, spec in fields.items():
            if spec.required and key not in node.entries:
                sub = f"{path}.{key}" if path else key
                problems.append(Problem(node.loc, sub, "missing required key"))
                ok = False
        return result if ok else INVALID

    return check


def map_of(key: Spec, value: Spec) -> Spec:
    """A mapping from codes to values, such as instrument ids to treaty actions."""

    def check(node: Node, path: str, problems: list[Problem]) -> Any:
        if not isinstance(node, Mapping):
            return _bad(problems, node, path, f"expected a mapping, found {_kind(node)}")
        result: dict[str, tuple[Any, Location]] = {}
        ok = True
        for name, entry in node.entries.items():
            sub = f"{path}.{name}" if path else name
            k = key(entry.key, sub, problems)
            v = value(entry.value, sub, problems)
            if k is INVALID or v is INVALID:
                ok = False
                continue
            result[k] = (v, entry.key.loc)
        return result if ok else INVALID

    return check


def either(*alternatives: tuple[type, Spec]) -> Spec:
    """Pick the spec by the node's shape: text, list or mapping."""

    def check(node: Node, path: str, problems: list[Problem]) -> Any:
        for shape, spec in alternatives:
            if isinstance(node, shape) and not (isinstance(node, Scalar) and node.text is None):
                return spec(node, path, problems)
        shapes = {Scalar: "text", Sequence: "a list", Mapping: "a mapping"}
        wanted = " or ".join(shapes[s] for s, _ in alternatives)
        return _bad(problems, node, path, f"expected {wanted}, found {_kind(node)}")

    return check
