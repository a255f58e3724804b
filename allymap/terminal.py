r"""Text from data made safe to print on a terminal, and JSON that stays safe when shown on one.

Names come from CSV files nobody vetted. Printed raw, ``ESC[8m`` hides the rest of a line (a
``[BLOCKS]`` finding turns invisible), ``ESC]0;...`` retitles the window, a carriage return
or a newline forges a line of output, and a right-to-left override (U+202E) shows a path or
an id backwards. So every line allymap prints from data goes through :func:`printable`, which
shows such characters as visible escapes, and JSON goes through :func:`json_text`:
``json.dumps`` escapes C0 controls but passes DEL, C1 controls (U+0080-U+009F, which some
terminals obey: U+009B is CSI) and bidi controls through raw, so those are escaped too, as
``\uXXXX``, which any JSON reader turns back into the very same string.

What is escaped: C0 and C1 controls and DEL; the bidirectional formatting characters (LRM,
RLM, ALM, U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates); other invisible
format characters that can hide or reorder text (soft hyphen, zero-width space, word joiner
and invisible operators, U+FEFF, interlinear annotation marks, the language tag); line and
paragraph separators; and lone surrogates (which cannot even be encoded). Zero-width joiner
and non-joiner stay: Persian, Indic scripts and emoji need them.

>>> printable("Ann\x1b[8m hidden")
'Ann\\x1b[8m hidden'
>>> printable("p7\u202e -> P2")
'p7\\u202e -> P2'
>>> printable("two\nlines", keep_newlines=True)
'two\nlines'
>>> json_text({"name": "a\x9bb\u2066c"}, indent=None)
'{"name": "a\\u009bb\\u2066c"}'
>>> import json; json.loads(json_text({"name": "a\x9bb\U000e0001"})) == {"name": "a\x9bb\U000e0001"}
True
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["json_text", "printable"]

_FORMAT = (
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0001"
)
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_FORMAT}]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_FORMAT}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_FORMAT}]")
"""json.dumps has escaped C0 already; a raw newline in its output is indentation."""


def _visible(match: re.Match[str]) -> str:
    cp = ord(match.group())
    if cp < 0x100:
        return f"\\x{cp:02x}"
    return f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


def _json_escape(match: re.Match[str]) -> str:
    cp = ord(match.group())
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    cp -= 0x10000  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
    return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every character that could control the terminal shown as an escape
    (``\\x1b``, ``\\u202e``). Newlines too, unless ``keep_newlines`` (a message of several
    lines that allymap wrote itself)."""
    pattern = _UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE
    return pattern.sub(_visible, str(text))


def json_text(data: Any, indent: int | None = 2) -> str:
    """``json.dumps(data)`` keeping non-ASCII text readable (``ensure_ascii=False``) but with
    no raw control, bidi or invisible format character in it: those are ``\\uXXXX`` escapes,
    so the parsed value is exactly ``data``."""
    return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=indent))
