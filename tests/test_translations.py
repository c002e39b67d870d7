"""Every user-facing string has a Chinese translation (zh_CN is the default language)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

from safetywatch import services
from safetywatch.db import engine
from safetywatch.domain import hazard_loop, permissions, record_labels
from safetywatch.exchange import columns as exchange_columns
from safetywatch.exchange import held_messages
from safetywatch.i18n import load_catalog
from safetywatch.paths import translations_dir
from safetywatch.services.core import fields
from safetywatch.services.kinds import reference
from safetywatch.services.queries import audit_trail, hazard_query
from safetywatch.ui import field_labels, record_form

PACKAGE = Path(__file__).resolve().parent.parent / "safetywatch"
_TR_NAMES = {"tr", "translate"}


def _literal_strings_of_tr_calls(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in _TR_NAMES or not node.args:
            continue
        text = node.args[-1] if name == "translate" and len(node.args) >= 2 else node.args[0]
        if name == "translate" and len(node.args) >= 2:
            text = node.args[1]
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            found.add(text.value)
    return found


def field_specs() -> list[fields.FieldSpec]:
    """Every form field declared in the services (each kind's ``FIELDS`` and its steps'), and the form's own."""
    found = [record_form.CHANGE_REASON_FIELD]
    for info in pkgutil.walk_packages(services.__path__, services.__name__ + "."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, tuple) and value and all(isinstance(v, fields.FieldSpec) for v in value):
                found += value
    return found


def source_strings() -> set[str]:
    """The English source texts the program may show."""
    strings: set[str] = set()
    for file in PACKAGE.rglob("*.py"):
        if "migrations" in file.parts:
            continue
        strings |= _literal_strings_of_tr_calls(file.read_text(encoding="utf-8"))
    # Labels kept in tables and translated where they are shown.
    strings |= set(hazard_loop._STATUS_LABELS.values()) | set(hazard_loop._ACTION_LABELS.values())
    for rule in hazard_loop.STEP_RULES.values():
        strings |= {rule.person_label} | ({rule.person_required} if rule.person_required else set())
    strings |= {header for _, header, _ in hazard_query.COLUMNS}
    strings |= set(engine._KNOWN_CODES.values())
    strings |= {kind.title for kind in exchange_columns.KINDS.values()}
    strings |= set(field_labels.FIELDS.values()) | set(record_labels.TABLES.values())
    strings |= set(held_messages.MESSAGES.values()) | {cause.label for cause in held_messages.CAUSES.values()}
    strings |= set(permissions._ROLE_LABELS.values()) | set(permissions._PERMISSION_LABELS.values())
    strings |= {header for _, header in audit_trail.COLUMNS}
    strings |= fields.texts(field_specs())
    for kind in reference.KINDS.values():
        strings.add(kind.label)
        for spec in kind.fields:
            strings.add(spec.label)
            strings |= {label for _, label in spec.choices}
    return strings


def test_every_string_has_a_chinese_translation() -> None:
    catalog = load_catalog(translations_dir("zh_CN"))
    missing = sorted(s for s in source_strings() if s not in catalog)
    assert not missing, "untranslated (add to resources/translations/zh_CN/*.ts):\n" + "\n".join(missing)


def test_translations_keep_format_placeholders() -> None:
    import re

    catalog = load_catalog(translations_dir("zh_CN"))
    placeholder = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")
    wrong = [(s, t) for s, t in catalog.items() if sorted(placeholder.findall(s)) != sorted(placeholder.findall(t))]
    assert not wrong, wrong


def test_one_english_text_has_one_chinese_text() -> None:
    """The catalog ignores contexts, so the same source text in two .ts files must agree."""
    import xml.etree.ElementTree as ET

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for ts_file in sorted(translations_dir("zh_CN").glob("*.ts")):
        for message in ET.parse(ts_file).getroot().iter("message"):
            source, target = message.findtext("source") or "", message.findtext("translation") or ""
            if source in seen and seen[source][1] != target:
                clashes.append(
                    f"{source!r}: {seen[source][0]} says {seen[source][1]!r}, {ts_file.name} says {target!r}"
                )
            seen.setdefault(source, (ts_file.name, target))
    assert not clashes, "\n".join(clashes)


def test_the_bundled_font_draws_every_character_the_program_shows() -> None:
    """PCs may have no CJK font: every character of the UI (English sources and Chinese translations) must
    be in the bundled font, or it shows as a box (a ⚠ once did)."""
    from safetywatch.reports.monthly_pdf import _font_glyphs

    glyphs = _font_glyphs()
    catalog = load_catalog(translations_dir("zh_CN"))
    texts = source_strings() | set(catalog.values())
    missing = sorted({c for text in texts for c in text if c.isprintable() and ord(c) not in glyphs})
    assert not missing, "not in resources/fonts/wqy-microhei.ttc: " + " ".join(f"{c} (U+{ord(c):04X})" for c in missing)
