"""What a record's form asks for, declared once beside the service's input type, without Qt.

Each record kind lists its :class:`FieldSpec` s in a ``FIELDS`` tuple right after its ``*Input``
dataclass, in the order of the paper card (the Tab order). A field's ``name`` is the input's attribute and
the field a :class:`~safetywatch.domain.errors.ValidationError` names, so the form puts a service's message
under the right field without any mapping. Labels, hints and option labels are English source texts; the
GUI translates them where it shows them (``tests/test_translations.py`` checks each has a translation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum


class FieldKind(StrEnum):
    """What is typed, and so which widget asks for it and which value it gives."""

    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # several lines (Enter is a new line, Ctrl+Enter saves)
    DATE = "date"  # YYYY-MM-DD (20260609 is read as 2026-06-09) -> datetime.date
    TIME = "time"  # HH:MM, checked by the service
    INTEGER = "integer"  # a whole number -> int
    MONEY = "money"  # whole yuan -> int
    FLAG = "flag"  # yes or no -> bool
    CHOICE = "choice"  # one of fixed ``options`` -> the option's value
    REFERENCE = "reference"  # an entry of a reference list (``reference``) -> its id
    PASSWORD = "password"  # one line shown as dots -> the text as typed


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record form."""

    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    #: The service refuses the record without it (the form says so under the field).
    required: bool = False
    #: Kept for the next card: clerks type a shift's cards in one go (workstation, date, shift…).
    sticky: bool = False
    #: The box (or column part) of the card the field belongs to; "" = no box.
    group: str = ""
    #: Shown inside the empty field (a format or an example); beside a flag, the flag's text.
    hint: str = ""
    #: CHOICE: (stored value, English label); TEXT: suggestions the user may also type over.
    options: tuple[tuple[str, str], ...] = ()
    #: REFERENCE: a reference kind (``inspector``, ``hazard_level``…) or ``org_unit:<level>``.
    reference: str = ""
    #: LONG_TEXT: how many lines are visible.
    lines: int = 3


def field_named(fields: Iterable[FieldSpec], name: str) -> FieldSpec:
    """The spec called *name* (KeyError if the kind has no such field)."""
    for spec in fields:
        if spec.name == name:
            return spec
    raise KeyError(name)


def texts(fields: Iterable[FieldSpec]) -> set[str]:
    """Every English text the specs show (labels, groups, hints, option labels), for the translation check."""
    found: set[str] = set()
    for spec in fields:
        found |= {text for text in (spec.label, spec.group, spec.hint) if text}
        found |= {label for _, label in spec.options}
    return found


def required_names(fields: Iterable[FieldSpec]) -> set[str]:
    return {spec.name for spec in fields if spec.required}


#: The commonest kind, short enough for a one-line spec.
REFERENCE = FieldKind.REFERENCE


def grouped(group: str, *fields: FieldSpec) -> tuple[FieldSpec, ...]:
    """*fields* placed in the box *group* (declared once for the box, not on every field)."""
    return tuple(replace(spec, group=group) for spec in fields)
