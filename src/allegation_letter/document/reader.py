"""Read letter Markdown with a CommonMark parser (markdown-it-py) into the Document tree.

The dialect is CommonMark plus footnotes (`[^label]`) and fenced divs (`::: mandates`)
that name the paragraph style of what they hold, as pandoc's `custom-style` does.
A bullet list whose items begin `(a) `, `(b) `, ... in order is a lettered list.
Raw HTML, code and thematic breaks are switched off: in a letter they are text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from allegation_letter.document.model import (
    CONTAINER_STYLES,
    Document,
    Footnote,
    Inline,
    LineBreak,
    Link,
    ListInfo,
    ListItemRef,
    ListKind,
    NoteRef,
    Paragraph,
    Styled,
    Text,
    letter_label,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

DISABLED_BLOCK_RULES = ["code", "fence", "html_block", "hr", "lheading", "reference", "table"]
DISABLED_INLINE_RULES = ["html_inline", "backticks", "image"]


class MarkdownError(ValueError):
    """The Markdown uses a construct the letter cannot hold; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@cache
def parser() -> MarkdownIt:
    """The one configured parser, built once per process."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"typographer": False})
    md.disable(DISABLED_BLOCK_RULES, ignoreInvalid=True)
    md.disable(DISABLED_INLINE_RULES, ignoreInvalid=True)
    md.use(footnote_plugin, inline=False)
    for name in CONTAINER_STYLES:
        md.use(container_plugin, name)
    return md


def parse_tokens(markdown: str) -> list[Token]:
    """Tokenise Markdown with the letter dialect."""
    return parser().parse(markdown)


def read_markdown(markdown: str) -> Document:
    """Parse a whole letter into a Document."""
    return _Reader(parse_tokens(markdown)).document()


@dataclass
class _ListState:
    index: int
    kind: ListKind
    item: int = -1
    paragraphs_in_item: int = 0


@dataclass
class _Reader:
    tokens: list[Token]
    paragraphs: list[Paragraph] = field(default_factory=list)
    lists: list[ListInfo] = field(default_factory=list)
    list_stack: list[_ListState] = field(default_factory=list)
    container: str | None = None
    quote_depth: int = 0
    heading: int = 0
    notes: dict[int, tuple[str, list[Paragraph]]] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)

    def document(self) -> Document:
        self.paragraphs = self._blocks(self.tokens)
        footnotes = tuple(
            Footnote(number + 1, label, tuple(paras)) for number, (label, paras) in sorted(self.notes.items())
        )
        return Document(tuple(self.paragraphs), tuple(self.lists), footnotes)

    def _blocks(self, tokens: list[Token]) -> list[Paragraph]:
        out: list[Paragraph] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "footnote_block_open":
                end = _matching_close(tokens, i)
                self._read_footnotes(tokens[i + 1 : end])
                i = end + 1
                continue
            if token.type == "bullet_list_open":
                token.meta["lettered"] = _is_lettered(tokens, i)
            handler = getattr(self, "_on_" + _handler_name(token.type), None)
            if handler is not None:
                para = handler(token)
                if para is not None:
                    out.append(para)
            elif token.type not in _IGNORED:
                raise MarkdownError(_line(token), f"unsupported Markdown ({token.type})")
            i += 1
        return out

    # -- containers, quotes, headings ------------------------------------------------
    def _on_container_open(self, token: Token) -> None:
        if self.container is not None:
            raise MarkdownError(_line(token), "a ':::' block cannot hold another one")
        self.container = token.type.removeprefix("container_").removesuffix("_open")

    def _on_container_close(self, _token: Token) -> None:
        self.container = None

    def _on_blockquote_open(self, _token: Token) -> None:
        self.quote_depth += 1

    def _on_blockquote_close(self, _token: Token) -> None:
        self.quote_depth -= 1

    def _on_heading_open(self, token: Token) -> None:
        self.heading = int(token.tag[1])

    def _on_heading_close(self, _token: Token) -> None:
        self.heading = 0

    # -- lists -------------------------------------------------------------------------
    def _on_ordered_list_open(self, token: Token) -> None:
        start = int(token.attrs.get("start", 1) or 1)
        self._open_list("decimal", start)

    def _on_bullet_list_open(self, token: Token) -> None:
        kind: ListKind = "lower-letter" if token.meta.get("lettered") else "bullet"
        self._open_list(kind, 1)

    def _open_list(self, kind: ListKind, start: int) -> None:
        self.lists.append(ListInfo(kind, start))
        self.list_stack.append(_ListState(len(self.lists) - 1, kind))

    def _on_ordered_list_close(self, _token: Token) -> None:
        self.list_stack.pop()

    _on_bullet_list_close = _on_ordered_list_close

    def _on_list_item_open(self, _token: Token) -> None:
        state = self.list_stack[-1]
        state.item += 1
        state.paragraphs_in_item = 0

    # -- paragraphs --------------------------------------------------------------------
    def _on_inline(self, token: Token) -> Paragraph:
        style = self._style()
        ref = None
        if self.list_stack:
            state = self.list_stack[-1]
            ref = ListItemRef(state.index, len(self.list_stack) - 1, state.item, state.paragraphs_in_item == 0)
            state.paragraphs_in_item += 1
        inlines = self._inlines(token.children or [])
        if ref is not None and ref.first_paragraph and self.lists[ref.list_index].kind == "lower-letter":
            inlines = _strip_letter_label(inlines, ref.item)
        return Paragraph(style, inlines, ref, self.quote_depth)

    def _style(self) -> str:
        if self.heading:
            return f"heading{min(self.heading, 3)}"
        if self.list_stack:
            return {"decimal": "list-number", "lower-letter": "list-letter"}.get(
                self.list_stack[-1].kind, "list-bullet"
            )
        if self.container is not None:
            return self.container
        return "quote" if self.quote_depth else "body"

    # -- footnotes ---------------------------------------------------------------------
    def _read_footnotes(self, body: list[Token]) -> None:
        current: int | None = None
        chunk: list[Token] = []
        for token in body:
            if token.type == "footnote_open":
                current, chunk = int(token.meta["id"]), []
                self.labels[str(token.meta.get("label", current + 1))] = current
            elif token.type == "footnote_close" and current is not None:
                saved = (self.list_stack, self.container, self.quote_depth)
                self.list_stack, self.container, self.quote_depth = [], None, 0
                paras = [Paragraph("footnote", p.inlines, p.list_item, p.quote_depth) for p in self._blocks(chunk)]
                self.list_stack, self.container, self.quote_depth = saved
                label = next(k for k, v in self.labels.items() if v == current)
                self.notes[current] = (label, paras)
                current = None
            elif token.type != "footnote_anchor":
                chunk.append(token)

    # -- inlines -----------------------------------------------------------------------
    def _inlines(self, children: list[Token]) -> tuple[Inline, ...]:
        stack: list[tuple[str, str, list[Inline]]] = [("root", "", [])]
        for tok in children:
            kind = tok.type
            if kind == "text":
                if tok.content:
                    stack[-1][2].append(Text(tok.content))
            elif kind in ("softbreak",):
                stack[-1][2].append(Text(" "))
            elif kind == "hardbreak":
                stack[-1][2].append(LineBreak())
            elif kind in ("em_open", "strong_open", "link_open"):
                href = str(tok.attrs.get("href", "")) if kind == "link_open" else ""
                stack.append((kind.removesuffix("_open"), href, []))
            elif kind in ("em_close", "strong_close", "link_close"):
                name, href, kids = stack.pop()
                node: Inline
                if name == "link":
                    node = Link(href, tuple(_merge(kids)))
                else:
                    node = Styled("emphasis" if name == "em" else "strong", tuple(_merge(kids)))
                stack[-1][2].append(node)
            elif kind == "footnote_ref":
                number = int(tok.meta["id"]) + 1
                if int(tok.meta.get("subId", 0)):
                    raise MarkdownError(
                        0,
                        f"footnote [^{tok.meta['label']}] is referenced twice; a Word "
                        "footnote has one reference (write a second note)",
                    )
                stack[-1][2].append(NoteRef(number))
            else:
                raise MarkdownError(0, f"unsupported Markdown ({kind})")
        return tuple(_merge(stack[0][2]))


_IGNORED = frozenset(
    {
        "paragraph_open",
        "paragraph_close",
        "heading_close",
        "list_item_close",
        "footnote_block_close",
        "footnote_anchor",
    }
)


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _handler_name(token_type: str) -> str:
    if token_type.startswith("container_"):
        return "container_open" if token_type.endswith("_open") else "container_close"
    return token_type


def _matching_close(tokens: list[Token], start: int) -> int:
    depth = 0
    for i in range(start, len(tokens)):
        if tokens[i].type == "footnote_block_open":
            depth += 1
        elif tokens[i].type == "footnote_block_close":
            depth -= 1
            if not depth:
                return i
    return len(tokens) - 1


def _is_lettered(tokens: list[Token], start: int) -> bool:
    """True when every item of the bullet list at `start` begins '(a) ', '(b) ', ..."""
    depth, item, i = 0, 0, start
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return item > 0
        elif tok.type == "list_item_open" and depth == 1:
            first = tokens[i + 2] if i + 2 < len(tokens) else None
            if first is None or first.type != "inline":
                return False
            if not first.content.startswith(f"({letter_label(item + 1)}) "):
                return False
            item += 1
        i += 1
    return False


def _strip_letter_label(inlines: tuple[Inline, ...], item: int) -> tuple[Inline, ...]:
    prefix = f"({letter_label(item + 1)}) "
    first = inlines[0] if inlines else None
    if isinstance(first, Text) and first.text.startswith(prefix):
        rest = first.text[len(prefix) :]
        return ((Text(rest),) if rest else ()) + inlines[1:]
    return inlines


def _merge(nodes: list[Inline]) -> list[Inline]:
    """Join neighbouring Text nodes so writers emit fewer runs."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out
