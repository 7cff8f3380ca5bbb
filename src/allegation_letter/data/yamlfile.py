"""Safe YAML: bytes in, a tree of located text nodes out, or one error at file:line.

The parser is PyYAML's event stream (libyaml's C parser where installed). We never
let YAML construct values: every scalar stays text, and the schema decides what is
a date or a choice. That removes the YAML 1.1 surprises (`NO` -> False, `02142` ->
1122, `1:10` -> 70, `2015-02-05` -> a date object) and object construction at once.
Anchors, aliases, tags, duplicate keys and several documents in one file are errors.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

import yaml

from allegation_letter.errors import DataError, Location, Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 40
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# XML 1.0 forbids these code points; Word cannot store them.
_ILLEGAL = frozenset(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\ufffe", "\uffff"]
)
# Bidirectional overrides can make a reviewer read text in another order (CVE-2021-42574).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(slots=True)
class Scalar:
    """A text value; `text` is None for an empty or null value."""

    text: str | None
    loc: Location


@dataclass(slots=True)
class Sequence:
    """A YAML list."""

    items: list[Node]
    loc: Location


@dataclass(slots=True)
class Entry:
    """One key of a mapping with its value."""

    key: Scalar
    value: Node


@dataclass(slots=True)
class Mapping:
    """A YAML mapping, in file order."""

    entries: dict[str, Entry]
    loc: Location


Node = Scalar | Sequence | Mapping


@dataclass(slots=True)
class LoadedFile:
    """A parsed file: its root node and the warnings found while reading it."""

    root: Node
    warnings: list[Problem] = field(default_factory=list)


def load_yaml(data: bytes, file: str) -> LoadedFile:
    """Parse one YAML file safely; raise DataError naming file:line on any fault."""
    if len(data) > MAX_FILE_BYTES:
        raise DataError.at(
            Location(file),
            f"file too large ({len(data):,} bytes; the limit is {MAX_FILE_BYTES:,})",
        )
    text = decode_text(data, file)
    warnings = scan_characters(text, file)
    root = _Builder(text, file, warnings).build()
    return LoadedFile(root, warnings)


def decode_text(data: bytes, file: str) -> str:
    """Decode UTF-8 (a BOM is accepted), normalise line ends and Unicode to NFC."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise DataError.at(
                Location(file, 1, 1),
                f"file is {name}, not UTF-8; re-save it as UTF-8 (in most editors: Save As, encoding UTF-8)",
            )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise DataError.at(
            Location(file, line, column),
            f"file is not valid UTF-8 (byte 0x{data[err.start]:02X}); re-save it as "
            "UTF-8 (in most editors: Save As, encoding UTF-8)",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def scan_characters(text: str, file: str) -> list[Problem]:
    """Raise on characters Word cannot store; return warnings for bidi controls."""
    warnings: list[Problem] = []
    if _ILLEGAL.isdisjoint(text) and _BIDI.isdisjoint(text):
        return warnings
    for line_no, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char in _ILLEGAL:
                raise DataError.at(
                    Location(file, line_no, col),
                    f"invisible control character U+{ord(char):04X}; delete it "
                    "(it cannot be stored in a Word document)",
                )
            if char in _BIDI:
                warnings.append(
                    Problem(
                        Location(file, line_no, col),
                        "",
                        f"bidirectional control character U+{ord(char):04X} can make "
                        "text display in another order than it reads",
                        "warning",
                    )
                )
    return warnings


_FRIENDLY = {
    "found character '\\t' that cannot start any token": ("tab character; indent with spaces, not tabs"),
    "found character that cannot start any token": (
        "a character that cannot start a YAML value here; put the text in quotes or use a '|' block"
    ),
    "mapping values are not allowed here": (
        "unexpected ': ' inside unquoted text; put the text in quotes or use a '|' block"
    ),
    "mapping values are not allowed in this context": (
        "unexpected ': ' inside unquoted text; put the text in quotes or use a '|' block"
    ),
}


class _Builder:
    """Turns the parser's event stream into located nodes, enforcing our rules."""

    def __init__(self, text: str, file: str, warnings: list[Problem]) -> None:
        self.text = text
        self.file = file
        self.warnings = warnings
        self.lines: list[str] | None = None

    def loc(self, mark: yaml.Mark) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)

    def fail(self, mark: yaml.Mark, message: str) -> DataError:
        return DataError.at(self.loc(mark), message)

    def build(self) -> Node:
        loader = _Loader(self.text)
        try:
            return self._document(loader)
        except yaml.reader.ReaderError as err:
            line = self.text.count("\n", 0, err.position) + 1
            column = err.position - (self.text.rfind("\n", 0, err.position) + 1) + 1
            message = (
                f"character U+{err.character:04X} is not allowed in YAML; delete it"
                if isinstance(err.character, int)
                else "a character that is not allowed in YAML; delete it"
            )
            raise DataError.at(Location(self.file, line, column), message) from None
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            problem = (err.problem or str(err)).strip()
            message = _FRIENDLY.get(problem, f"invalid YAML: {problem}")
            if mark is not None and self._char_at(mark) == "\t":
                message = _FRIENDLY["found character '\\t' that cannot start any token"]
            location = self.loc(mark) if mark else Location(self.file)
            raise DataError.at(location, message) from None
        except yaml.YAMLError as err:
            raise DataError.at(Location(self.file), f"invalid YAML: {err}") from None
        finally:
            loader.dispose()

    def _document(self, loader: yaml.SafeLoader) -> Node:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise DataError.at(Location(self.file, 1, 1), "file is empty")
        loader.get_event()  # document start
        root = self._node(loader, 0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise self.fail(event.start_mark, "only one YAML document per file (remove '---')")
        if isinstance(root, Scalar) and root.text is None:
            raise DataError.at(Location(self.file, 1, 1), "file is empty")
        return root

    def _node(self, loader: yaml.SafeLoader, depth: int) -> Node:
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(
                event.start_mark,
                f"aliases (*{event.anchor}) are not allowed; repeat the text instead",
            )
        if depth > MAX_DEPTH:
            raise self.fail(event.start_mark, f"nesting too deep (more than {MAX_DEPTH} levels)")
        if event.anchor is not None:
            raise self.fail(
                event.start_mark,
                f"anchors (&{event.anchor}) are not allowed; repeat the text instead",
            )
        if event.tag is not None:
            raise self.fail(event.start_mark, f"tags are not allowed ({event.tag})")
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Node] = []
            while not loader.check_event(yaml.SequenceEndEvent):
                items.append(self._node(loader, depth + 1))
            loader.get_event()
            return Sequence(items, self.loc(event.start_mark))
        return self._mapping(loader, event, depth)

    def _mapping(self, loader: yaml.SafeLoader, event: yaml.Event, depth: int) -> Mapping:
        entries: dict[str, Entry] = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key = self._node(loader, depth + 1)
            if not isinstance(key, Scalar) or key.text is None:
                raise DataError.at(key.loc, "a key must be plain text")
            value = self._node(loader, depth + 1)
            if key.text in entries:
                first = entries[key.text].key.loc
                raise DataError.at(
                    key.loc,
                    f"duplicate key '{key.text}' (first at line {first.line}); keep one of them",
                )
            entries[key.text] = Entry(key, value)
        loader.get_event()
        return Mapping(entries, self.loc(event.start_mark))

    def _scalar(self, event: yaml.ScalarEvent) -> Scalar:
        loc = self.loc(event.start_mark)
        value = event.value
        if event.style == '"' and not _ILLEGAL.isdisjoint(value):
            # An escape such as "\x0b" in a quoted value makes the character the file hid.
            char = next(c for c in value if c in _ILLEGAL)
            raise DataError.at(loc, f"the escape for control character U+{ord(char):04X} is not allowed; delete it")
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        if event.style in ("|", ">"):
            return Scalar(value, self._block_content_loc(event.start_mark))
        if event.style:
            return Scalar(value, loc)
        if value in NULL_WORDS:
            return Scalar(None, loc)
        self._check_comment_after(event)
        return Scalar(value, loc)

    def _char_at(self, mark: yaml.Mark) -> str:
        lines = self._source_lines()
        if mark.line < len(lines) and mark.column < len(lines[mark.line]):
            return lines[mark.line][mark.column]
        return ""

    def _source_lines(self) -> list[str]:
        if self.lines is None:
            self.lines = self.text.split("\n")
        return self.lines

    def _block_content_loc(self, mark: yaml.Mark) -> Location:
        # A block scalar's mark is its '|'; the text starts on the next line.
        lines = self._source_lines()
        if mark.line + 1 >= len(lines):
            return self.loc(mark)
        content = lines[mark.line + 1]
        return Location(self.file, mark.line + 2, len(content) - len(content.lstrip(" ")) + 1)

    def _check_comment_after(self, event: yaml.ScalarEvent) -> None:
        # A plain value ends at " #": "Victim #3 was detained" silently becomes "Victim".
        if "#" not in self.text:
            return
        lines = self._source_lines()
        mark = event.end_mark
        rest = lines[mark.line][mark.column :] if mark.line < len(lines) else ""
        if rest.lstrip().startswith("#") and rest[:1].isspace():
            self.warnings.append(
                Problem(
                    Location(self.file, mark.line + 1, mark.column + 1),
                    "",
                    "text after ' #' was read as a comment; if it belongs to the value, "
                    "put the value in quotes or use a '|' block",
                    "warning",
                )
            )
