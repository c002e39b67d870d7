"""The worker representatives who took part in a tour (职工代表), as typed and as stored.

Representatives are workers, not necessarily inspectors: a name, and the 工号 when known. Typed one per line
(or separated by 、 ； ; ， ,) as ``张三``, ``张三 10234``, ``张三(10234)`` or only the 工号 ``10234`` (the service
looks the name up on the inspector roll). Stored on the tour as canonical JSON — a list of
``{"employee_no": … | null, "name": …}`` in the order typed — so the tour's audit event carries the list and a
station's tour reaches the office with it unchanged. Two entries are the same person when their 工号 agree, or,
without 工号, their names (:func:`person_key`); that is how distinct representatives are counted.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

#: What separates entries in a typed list or a CSV cell.
_SEPARATORS = re.compile(r"[\n\r、；;，,]+")
_WITH_NUMBER = re.compile(r"(?P<name>.+?)\s*[(（]\s*(?P<no>[^()（）\s]+)\s*[)）]")
_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*")
_HAS_DIGIT = re.compile(r"\d")
#: How the export writes a list, and the form shows one per line.
CELL_SEPARATOR = "、"


class Representative(NamedTuple):
    name: str  # "" while only the 工号 was typed (the service fills it in from the roll)
    employee_no: str | None = None

    @property
    def typed(self) -> str:
        """As one types it: ``张三 10234`` or ``张三``."""
        return f"{self.name} {self.employee_no}" if self.employee_no else self.name


def person_key(person: Representative) -> str:
    """The same key for the same person: the 工号 if known, else the name."""
    return f"no:{person.employee_no}" if person.employee_no else f"name:{person.name}"


def parse_entry(entry: str) -> Representative | None:
    """One typed entry; None if it is not one of the accepted forms (``张三``, ``张三 10234``, ``张三(10234)``,
    ``10234``)."""
    text = " ".join(entry.split())
    bracketed = _WITH_NUMBER.fullmatch(text)
    if bracketed:
        return Representative(bracketed["name"].strip(), bracketed["no"])
    if " " in text:
        name, _, number = text.rpartition(" ")
        if _NUMBER.fullmatch(number) and _HAS_DIGIT.search(number) and not _HAS_DIGIT.search(name):
            return Representative(name, number)
        return None  # two words without a 工号: probably two names on one line
    if _NUMBER.fullmatch(text) and _HAS_DIGIT.search(text):
        return Representative("", text)
    return Representative(text) if text and not any(c in text for c in "()（）") else None


def entries(text: str) -> list[str]:
    """The non-empty entries of a typed list or a cell."""
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def to_json(people: list[Representative]) -> str:
    """The canonical stored form."""
    items = [{"employee_no": p.employee_no, "name": p.name} for p in people]
    return json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(stored: str | None) -> list[Representative]:
    """The stored list (empty when the tour kept only a head count)."""
    if not stored:
        return []
    return [Representative(str(item["name"]), item.get("employee_no")) for item in json.loads(stored)]


def as_text(stored: str | None, separator: str = "\n") -> str:
    """The stored list as one types it (one per line in the form, 、-separated in a CSV cell)."""
    return separator.join(person.typed for person in from_json(stored))
