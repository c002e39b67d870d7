"""What a clerk may type into a choice field: the code, part of the Chinese name, the name's pinyin initials
(``jdd`` → 机电队, ``zs`` → 张三) or its full pinyin (``jidiandui``), any case.

An entry's search keys are built once, when its list is filled (:func:`search_keys`); each keystroke then
only compares the typed text with those strings (:func:`match_rank`), which stays fast for thousands of
inspectors.

Readings come from pypinyin's single-character dictionary. Its phrase dictionary (2.5 MB of JSON, a second
or so to load, and bundle size: build.spec) is switched off with pypinyin's own ``PYPINYIN_NO_PHRASES``
setting before it is first imported; without phrases a polyphone gets its most common reading, so each
other reading of each character is added as a variant key (长 chang/zhang, 重 zhong/chong, surnames 单 shan,
曾 zeng).
"""

from __future__ import annotations

import os

# Must precede the first import of pypinyin: pypinyin.constants reads it at import time.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")

from pypinyin import Style, pinyin

# Bounds the keys of a name full of polyphones; ordinary names have a handful.
_MAX_VARIANTS = 12


def normalize(text: str) -> str:
    """Case and spaces do not matter: ``"U05 机电队"`` and ``"u05机电队"`` are the same key."""
    return "".join(text.split()).casefold()


# Marks a run of non-Chinese characters (digits, letters): it is kept whole, also among the initials.
_AS_IS = "\0"


def _readings(name: str) -> list[list[str]]:
    """Each character's readings, most common first; a run of non-Chinese characters is one "syllable"."""
    found = pinyin(name, style=Style.NORMAL, heteronym=True, errors=lambda run: _AS_IS + run)
    return [[normalize(r) for r in readings] for readings in found]


def _initial(syllable: str) -> str:
    return syllable[1:] if syllable.startswith(_AS_IS) else syllable[0]


def _spellings(readings: list[list[str]]) -> list[list[str]]:
    """The default spelling (first reading of every character), then one variant per other reading of a
    character, the rest of the name keeping its default."""
    default = [r[0] for r in readings]
    spellings = [default]
    for position, options in enumerate(readings):
        for other in options[1:]:
            if len(spellings) >= _MAX_VARIANTS:
                return spellings
            spellings.append([*default[:position], other, *default[position + 1 :]])
    return spellings


def search_keys(code: str, name: str) -> tuple[str, ...]:
    """The strings a typed query is looked for in: code, name, "code name", then the name's pinyin initials
    and full pinyin (default reading first, then the polyphone variants). Normalised, no duplicates."""
    keys = [normalize(code), normalize(name), normalize(code + name)]
    name = name.strip()
    if name:
        spellings = _spellings(_readings(name))
        keys += ["".join(_initial(syllable) for syllable in spelling) for spelling in spellings]
        keys += ["".join(spelling).replace(_AS_IS, "") for spelling in spellings]
    return tuple(key for key in dict.fromkeys(keys) if key)


def text_keys(text: str) -> tuple[str, ...]:
    """Keys of a suggestion that is one text: ``"10023 张三"`` is a code (工号) and a name, ``"三号井"`` a name."""
    first, _, rest = text.strip().partition(" ")
    if rest and not any(_is_han(ch) for ch in first):
        return search_keys(first, rest)
    return search_keys("", text)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


# Ranks, best first: the whole key, the start of a key, anywhere in a key.
EXACT, PREFIX, CONTAINS = 0, 1, 2


def match_rank(query: str, keys: tuple[str, ...]) -> int | None:
    """How well *query* fits an entry with *keys* (:data:`EXACT`, :data:`PREFIX`, :data:`CONTAINS`), or
    ``None`` when it does not. An empty query fits everything."""
    wanted = normalize(query)
    if not wanted:
        return CONTAINS
    best: int | None = None
    for key in keys:
        if key == wanted:
            return EXACT
        if key.startswith(wanted):
            best = PREFIX
        elif best is None and wanted in key:
            best = CONTAINS
    return best


def matches(query: str, keys: tuple[str, ...]) -> bool:
    """Whether *query* fits an entry with *keys* anywhere (code, Chinese substring, initials, full pinyin)."""
    return match_rank(query, keys) is not None
