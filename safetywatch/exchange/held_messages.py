"""Why a station's change was held, kept language-neutral and said in the reader's language (issue 15).

A held change is read by whoever opens the office's 数据交换 page or runs ``safetywatch station list``, not by
whoever imported the bundle, so the ``held_change`` row keeps no sentence: its ``cause`` column names the
cause and its ``message`` column holds canonical JSON ``{"key": ..., "params": {...}}``
(:func:`stored`). :func:`render` makes the sentence when it is shown, through ``tr()`` in the current
language, naming tables and columns by their labels (``domain.record_labels``). Rows written before this
hold the sentence itself: they are shown as stored.

A new cause is one entry in :data:`CAUSES` (its label and its message); a cause with more than one message
adds its other messages to :data:`VARIANTS` under ``"<cause>.<what>"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safetywatch.domain.i18n import tr
from safetywatch.domain.record_labels import column_label, table_label, transfer_reason
from safetywatch.services.core.event_format import canonical_json


@dataclass(frozen=True)
class Cause:
    """A cause of a held change: its short label (the held list's "cause" column) and its message."""

    label: str  # English; translated when shown
    message: str  # English template; {table} is a table's name, {columns} a list of column names


#: cause → its label and message. Parameters named ``table`` and ``columns`` are shown by their labels.
CAUSES: dict[str, Cause] = {
    "stale": Cause(
        "changed at the office meanwhile", "The office's record changed since the station's copy ({columns})."
    ),
    "transferred": Cause(
        "taken over by the office",
        "The office took this record over on {date} ({reason}); the station changed it before it read the reply.",
    ),
    "not_owner": Cause(
        "not the station's record", "{table} belongs to the office; a station's change to it is not applied."
    ),
    "clash": Cause("held already under another record", "The office already holds this record."),
    "missing": Cause("record missing at the office", "The office holds no such record (its creation did not arrive)."),
}

#: further messages of a cause, keyed ``"<cause>.<what>"``.
VARIANTS: dict[str, str] = {
    "clash.same_key": "Another record at the office has the same {columns}.",
    "missing.no_content": "The station's event records no content.",
    "missing.reference": "It refers to {table} #{id} of the station, which the office does not hold.",
}

#: every message key → its English template.
MESSAGES: dict[str, str] = {**{cause: c.message for cause, c in CAUSES.items()}, **VARIANTS}


def stored(key: str, **params: Any) -> str:
    """What the ``message`` column keeps for message *key* with *params*: canonical JSON, no language."""
    if key not in MESSAGES:
        raise ValueError(f"no held-change message {key!r}: add it to held_messages.CAUSES or VARIANTS")
    return canonical_json({"key": key, "params": params})


def render(message: str | None) -> str:
    """The stored *message* as a sentence in the current language; a row from before (a sentence already) or
    one whose key this version does not know is shown as stored."""
    if not message:
        return ""
    try:
        data = json.loads(message)
    except ValueError:
        return message
    if not isinstance(data, dict) or data.get("key") not in MESSAGES or not isinstance(data.get("params"), dict):
        return message
    return tr(MESSAGES[data["key"]]).format_map(_shown(data["params"]))


def cause_label(cause: str) -> str:
    """The short label of *cause* in the current language (as stored when this version does not know it)."""
    known = CAUSES.get(cause)
    return tr(known.label) if known else cause


def _shown(params: Mapping[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in params.items():
        if name == "table":
            shown[name] = table_label(str(value))
        elif name == "columns" and isinstance(value, list):
            shown[name] = tr(", ").join(column_label(str(c)) for c in value)
        elif name == "reason":  # a take-over's reason: an office step's by its label
            shown[name] = transfer_reason(str(value))
        else:
            shown[name] = value
    return _Lenient(shown)


class _Lenient(dict[str, Any]):
    """A translation that names a parameter the row lacks shows it as ``{name}`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
