"""Render a composed letter through the project's Jinja templates into Markdown.

Templates are trusted files of the project; data values reach them as finished
text and are never compiled. StrictUndefined turns a missing value into an error
instead of a blank in a legal letter.
"""

from __future__ import annotations

import re
import traceback
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from allegation_letter.errors import DataError, Location

if TYPE_CHECKING:
    import jinja2

    from allegation_letter.letter.compose import LetterContext

LETTER_TEMPLATE = "letter.md.j2"
TEMPLATES_DIR = "templates"
_HARD_BREAK_SPACES = re.compile(r"[ \t]{2,}\n(?=[^\n])")
_TRAILING = re.compile(r"[ \t]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


@cache
def environment(templates: Path) -> jinja2.Environment:
    """One sandboxed, strict Jinja environment per templates folder, per process."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML; python-docx escapes XML itself
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render_letter(root: Path, context: LetterContext) -> str:
    """Render the letter template for one addressee; the result is normalised Markdown."""
    import jinja2

    templates = root / TEMPLATES_DIR
    env = environment(templates)
    try:
        text = env.get_template(LETTER_TEMPLATE).render(letter=context)
    except jinja2.TemplateSyntaxError as err:
        raise DataError.at(_template_loc(err.filename, err.name, err.lineno), err.message or "syntax error") from None
    except jinja2.TemplateNotFound as err:
        raise DataError.at(
            _where_in_templates(err, templates) or Location(f"{TEMPLATES_DIR}/{LETTER_TEMPLATE}"),
            f"template not found: {err.name}",
        ) from None
    except jinja2.TemplateError as err:
        loc = _where_in_templates(err, templates) or Location(f"{TEMPLATES_DIR}/{LETTER_TEMPLATE}")
        raise DataError.at(loc, f"template error: {err}") from None
    except RecursionError:
        raise DataError.at(
            Location(f"{TEMPLATES_DIR}/{LETTER_TEMPLATE}"),
            "templates include or extend each other in a loop",
        ) from None
    return normalise_markdown(text)


def normalise_markdown(text: str) -> str:
    """NFC, LF, no trailing blanks, no runs of blank lines, one final newline."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    text = _HARD_BREAK_SPACES.sub("\\\\\n", text)
    text = _TRAILING.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n") + "\n"


def _template_loc(filename: str | None, name: str | None, line: int | None) -> Location:
    file = f"{TEMPLATES_DIR}/{name}" if name else (filename or TEMPLATES_DIR)
    return Location(file, line or 0)


def _where_in_templates(err: BaseException, templates: Path) -> Location | None:
    """The innermost template frame of a rendering error (Jinja maps its lines)."""
    found = None
    base = str(templates.resolve())
    for frame in traceback.extract_tb(err.__traceback__):
        path = str(Path(frame.filename).resolve()) if frame.filename else ""
        if path.startswith(base):
            rel = Path(path).relative_to(base).as_posix()
            found = Location(f"{TEMPLATES_DIR}/{rel}", frame.lineno or 0)
    return found
