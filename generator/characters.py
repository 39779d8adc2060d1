"""The characters no text may hold: the one owner of that rule.

Control characters (C0 and C1, except tab and line breaks) make terminals and
logs misbehave. Bidirectional controls (U+202A–U+202E, U+2066–U+2069, the
marks U+200E, U+200F and U+061C) reorder how text is shown, so a page or a
review can show something other than what is written ("Trojan Source"); no
error guide needs one. The loader refuses them in every value, `sanitize`
in every Markdown text, and `diagnostics` escapes them in what it prints.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["FORBIDDEN", "FORBIDDEN_SET", "describe"]

_C0_C1 = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
FORBIDDEN_SET = _C0_C1 + _BIDI
"""FORBIDDEN as the inside of a regular expression's [...], for patterns that add to it."""
FORBIDDEN = re.compile(f"[{FORBIDDEN_SET}]")
"""One character no text may hold."""


def describe(character: str) -> str:
    """'control character U+001B', or 'bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    code = f"U+{ord(character):04X}"
    if re.fullmatch(f"[{_BIDI}]", character):
        return f"bidirectional control character {code} ({unicodedata.name(character)})"
    return f"control character {code}"
