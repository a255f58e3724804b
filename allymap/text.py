"""Text from data, made safe for each place it goes: one line of plain text, Streamlit
Markdown, a text filter's comparison, a file name.

Names and properties come from CSV exports nobody vetted. Streamlit reads many strings as
Markdown (and more: colour directives, LaTeX, emoji and icon shortcodes, links), so a name
such as ``![b](http://host/b.png)`` would make the browser fetch an image; a bidi override
can make "blocked" read backwards; a control character can end up in a terminal. These
functions are pure so the adversarial corpus (tests/adversarial/test_hostile_text.py) can
throw every payload at them.
"""

from __future__ import annotations

import re
from typing import Any

from graphmodel.folding import fold

__all__ = ["fold", "md", "plain", "safe_filename"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&^=\"'])")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0 and C1 controls, and lone surrogates (half an astral character: not text at all)."""
_WORD_JOINER = "\u2060"
# Streamlit turns some text into elements *after* Markdown has read the escapes: URLs and
# e-mail addresses become links (GFM autolink literals), ``:material/x:`` becomes an icon and
# ``:streamlit:`` an image. An invisible word joiner at the start of each such pattern keeps
# the text as it reads and breaks the pattern.
_AFTER_TEXT_PATTERNS = re.compile(r"(?<=:)(?=\S)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def plain(value: Any, limit: int | None = None) -> str:
    """Data text as one line of plain text: whitespace runs (newlines included) become one
    space, bidi embeddings, overrides and isolates are dropped (they would reorder the words
    around the value: a status, a heading), and other control characters show as U+FFFD.
    With ``limit``, longer text is cut with an ellipsis. For places Streamlit shows as text
    (tables, picker options); inside Markdown use :func:`md`."""
    text = " ".join(str(value).split())
    text = _CONTROLS.sub("\ufffd", _BIDI_CONTROLS.sub("", text))
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def md(value: Any, limit: int | None = None) -> str:
    r"""Data text made inert for Streamlit Markdown (st.markdown, captions, alerts, headings,
    labels): :func:`plain`, then every punctuation mark that could start markup, a link, an
    emoji or icon shortcode, a colour directive or LaTeX is backslash-escaped, and the patterns
    Streamlit expands after parsing (URLs, e-mail addresses, shortcodes) are broken with an
    invisible word joiner. The reader sees the same characters; Streamlit makes no element
    of them.

    >>> md("[x](http://e/) :red[X] $x$").replace("\u2060", "")
    '\\[x\\]\\(http\\://e/\\) \\:red\\[X\\] \\$x\\$'
    """
    text = _AFTER_TEXT_PATTERNS.sub(_WORD_JOINER, plain(value, limit))
    return _MD_SPECIAL.sub(r"\\\1", text)


_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_filename(text: str, default: str = "allymap") -> str:
    """A download file name built from data: letters, digits, dash and underscore only
    (accents folded away), at most 60 characters, never a name Windows reserves."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", fold(text)).strip("-")[:60].strip("-")
    if not name or _WINDOWS_RESERVED.match(name):
        return default
    return name
