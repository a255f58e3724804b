r"""Output that stays safe when shown on a terminal: JSON, and messages of several lines.

Names come from CSV files nobody vetted. Printed raw, ``ESC[8m`` hides the rest of a line (a
``[BLOCKS]`` finding turns invisible), ``ESC]0;...`` retitles the window, a newline forges a
line of output and U+202E shows an id backwards. Text lines go through
:func:`graphmodel.errors.printable`, which writes every character that is not printable as
its escape. JSON needs its own: ``json.dumps`` escapes C0 controls but passes DEL, C1
controls (U+0080-U+009F; some terminals obey U+009B as CSI) and bidi overrides through raw,
so :func:`json_text` writes those as ``\uXXXX``, which any JSON reader turns back into the
very same string.

>>> json_text({"name": "a\x9bb\u2066c\x1b"}, indent=None)
'{"name": "a\\u009bb\\u2066c\\u001b"}'
>>> import json; json.loads(json_text({"n": "x\x7f\U000e0001"})) == {"n": "x\x7f\U000e0001"}
True
>>> print(printable_lines("allymap wrote this line\nand this one, about 'a\x1b[8mb'"))
allymap wrote this line
and this one, about 'a\x1b[8mb'
"""

from __future__ import annotations

import json
from typing import Any

from graphmodel.errors import printable

__all__ = ["json_text", "printable_lines"]


def _json_escape(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    cp -= 0x10000  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
    return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"


def json_text(data: Any, indent: int | None = 2) -> str:
    """``json.dumps(data)`` keeping text readable (``ensure_ascii=False``) but with no
    character in it that is not printable, other than the newlines of its indentation: those
    are ``\\uXXXX`` escapes, so the parsed value is exactly ``data``."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    # json.dumps escaped every newline inside a string: a raw one is indentation.
    return "\n".join(
        line
        if line.isprintable()
        else "".join(c if c.isprintable() else _json_escape(c) for c in line)
        for line in text.split("\n")
    )


def printable_lines(text: str) -> str:
    """A message of several lines that allymap wrote itself (its newlines are its own), each
    line made :func:`~graphmodel.errors.printable`."""
    return "\n".join(map(printable, text.split("\n")))
