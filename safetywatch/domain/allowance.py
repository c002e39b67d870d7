"""The monthly allowance (津贴) of an inspector: an ordered, effective-dated rule set (domain.md §1.5).

Rule kinds, applied to one inspector-month's *measures* (counts) and *required* values (pro-rated norms):

- ``base``: the starting amount (several valid base rules add up);
- ``gate``: ``measure op threshold`` cancels the whole month (every gate is still evaluated and listed);
- ``deduction``: ``amount × max(0, threshold − measure)`` — per missing item;
- ``bonus``: ``amount × max(0, measure − threshold)`` — per item over the threshold (0 = per item);
- ``cap``: the total may not exceed the amount (several caps: the lowest). The floor is always 0.

A threshold of ``None`` means "the month's required value" and is only allowed for the norm measures.
Rules are applied in ``sort_order`` then ``code`` order, so a result never depends on how they were listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr

#: (measure key, English label). Threshold ``None`` on a rule means "the month's norm" and is only
#: meaningful for the first three (norms are pro-rated for days in office and exempt shifts).
METRICS: tuple[tuple[str, str], ...] = (
    ("duty_shifts", "Duty shifts"),
    ("reports", "Substantive reports"),
    ("suggestions", "Suggestions made"),
    ("hazards_found", "Hazards found"),
    ("major_hazards_found", "Major hazards found"),
    ("violations_stopped", "三违 stopped"),
    ("own_violations", "Own 三违"),
    ("team_serious_violations", "Serious 三违 in own team"),
)
NORM_METRICS = frozenset({"duty_shifts", "reports", "suggestions"})
KINDS = ("base", "gate", "deduction", "bonus", "cap")
OPS = ("lt", "ge")
_LABELS = dict(METRICS)
_MEASURED = ("gate", "deduction", "bonus")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str  # base | gate | deduction | bonus | cap
    metric: str | None = None
    op: str | None = None  # gate: lt | ge
    threshold: int | None = None  # None: the month's required value (norm metrics only)
    amount_yuan: int = 0
    sort_order: int = 0


@dataclass(frozen=True)
class Line:
    """What one rule did to one inspector-month."""

    rule_code: str
    rule_name: str
    kind: str
    metric: str | None
    measure: int | None
    threshold: int | None  # the threshold actually used (the norm filled in)
    effect_yuan: int  # + for base and bonus, − for deductions, 0 for gates and caps
    fired: bool
    amount_yuan: int = 0  # the rule's amount (per item for deductions and bonuses)
    from_norm: bool = False  # the threshold is the month's required value


@dataclass(frozen=True)
class AllowanceResult:
    amount_yuan: int
    lines: tuple[Line, ...]
    cancelled_by: tuple[str, ...]  # codes of the gates that fired
    capped_at: int | None = None  # the cap that lowered the amount, if one did
    floored: bool = False  # deductions went below 0 and the floor of 0 applied


def ordered(rules: Iterable[Rule]) -> list[Rule]:
    """The order rules are applied and listed in: ``sort_order``, then ``code``."""
    return sorted(rules, key=lambda rule: (rule.sort_order, rule.code))


def check_rules(rules: Iterable[Rule]) -> None:
    """Refuse a rule set that cannot be applied (so a month is never computed from a broken rule).

    Every broken rule is named in the one message, with what is wrong and how to fix it."""
    errors = []
    for rule in rules:
        where = f"{rule.code} {rule.name}"
        if rule.kind not in KINDS:
            errors.append(tr("Rule {rule}: unknown kind “{kind}”.").format(rule=where, kind=rule.kind))
        elif rule.kind in _MEASURED and rule.metric not in _LABELS:
            errors.append(tr("Rule {rule}: choose what it measures.").format(rule=where))
        elif rule.kind == "gate" and rule.op not in OPS:
            errors.append(tr("Rule {rule}: a gate needs “less than” or “at least”.").format(rule=where))
        elif rule.threshold is None and rule.kind in _MEASURED and rule.metric not in NORM_METRICS:
            message = tr(
                "Rule {rule}: only duty shifts, reports and suggestions have a monthly norm; give a threshold."
            )
            errors.append(message.format(rule=where))
        elif rule.amount_yuan < 0 or (rule.threshold is not None and rule.threshold < 0):
            errors.append(
                tr(
                    "Rule {rule}: amounts and thresholds cannot be negative; a deduction takes a positive amount."
                ).format(rule=where)
            )
    if errors:
        raise ValidationError.single("rules", " ".join(errors))


def compute(rules: Iterable[Rule], measures: Mapping[str, int], required: Mapping[str, int]) -> AllowanceResult:
    """Apply *rules* to one inspector-month: *measures* are its counts, *required* its pro-rated norms.

    A missing measure counts as 0; a missing required value as 0 (so an inspector with nothing required
    passes the norm gates)."""
    rule_list = ordered(rules)
    check_rules(rule_list)
    lines: list[Line] = []
    total = 0
    cancelled: list[str] = []
    caps: list[int] = []
    for rule in rule_list:
        measure = int(measures.get(rule.metric, 0)) if rule.metric and rule.kind in _MEASURED else None
        threshold = rule.threshold
        from_norm = threshold is None and rule.kind in _MEASURED
        if from_norm:
            threshold = int(required.get(str(rule.metric), 0))
        effect, fired = 0, False
        if rule.kind == "base":
            effect, fired = rule.amount_yuan, True
        elif rule.kind == "cap":
            caps.append(rule.amount_yuan)
        else:
            assert measure is not None and threshold is not None  # check_rules guarantees both
            if rule.kind == "gate":
                fired = measure < threshold if rule.op == "lt" else measure >= threshold
                if fired:
                    cancelled.append(rule.code)
            elif rule.kind == "deduction":
                effect = -rule.amount_yuan * max(0, threshold - measure)
                fired = measure < threshold
            else:  # bonus
                effect = rule.amount_yuan * max(0, measure - threshold)
                fired = measure > threshold
        total += effect
        lines.append(
            Line(
                rule.code,
                rule.name,
                rule.kind,
                rule.metric,
                measure,
                threshold,
                effect,
                fired,
                rule.amount_yuan,
                from_norm,
            )
        )
    floored = total < 0
    amount = max(0, total)
    cap = min(caps) if caps else None
    if cap is not None and amount > cap:
        amount = cap
    else:
        cap = None
    if cancelled:
        amount, cap, floored = 0, None, False
    if cap is not None:  # the lowest cap is the one that fired
        lines = [replace(ln, fired=ln.amount_yuan == cap) if ln.kind == "cap" else ln for ln in lines]
    return AllowanceResult(amount, tuple(lines), tuple(cancelled), cap, floored)


def as_json(result: AllowanceResult) -> str:
    """The breakdown stored with an approved month (canonical: sorted keys, no spaces, UTF-8)."""
    payload = {
        "amount_yuan": result.amount_yuan,
        "cancelled_by": list(result.cancelled_by),
        "capped_at": result.capped_at,
        "floored": result.floored,
        "lines": [asdict(line) for line in result.lines],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str) -> AllowanceResult:
    """Read a stored breakdown back (keys added later default, so old breakdowns stay readable)."""
    data = json.loads(text)
    known = set(Line.__dataclass_fields__)
    lines = tuple(Line(**{k: v for k, v in line.items() if k in known}) for line in data["lines"])
    return AllowanceResult(
        int(data["amount_yuan"]),
        lines,
        tuple(data["cancelled_by"]),
        data.get("capped_at"),
        bool(data.get("floored", False)),
    )


def metric_label(metric: str | None) -> str:
    """The translated name of a measure ('' for none)."""
    return tr(_LABELS[metric]) if metric in _LABELS else ""


def _sentence(line: Line) -> str | None:
    """One sentence for a rule that changed the amount (None for one that did not)."""
    measure = metric_label(line.metric)
    if line.kind == "base":
        return tr("{rule} {amount} yuan.").format(rule=line.rule_name, amount=line.effect_yuan)
    if not line.fired:
        return None
    if line.kind == "gate":
        assert line.measure is not None and line.threshold is not None
        if line.measure < line.threshold:
            text = (
                tr("{measure} {value}, below the norm of {threshold}: the month's allowance is cancelled.")
                if line.from_norm
                else tr("{measure} {value}, below {threshold}: the month's allowance is cancelled.")
            )
        else:
            text = tr("{measure} {value}, {threshold} or more: the month's allowance is cancelled.")
        return text.format(measure=measure, value=line.measure, threshold=line.threshold)
    if line.kind == "deduction":
        assert line.measure is not None and line.threshold is not None
        return tr("{measure} {value} of {threshold}: {missing} missing × {each} yuan, minus {amount} yuan.").format(
            measure=measure,
            value=line.measure,
            threshold=line.threshold,
            missing=line.threshold - line.measure,
            each=line.amount_yuan,
            amount=-line.effect_yuan,
        )
    if line.kind == "bonus":
        assert line.measure is not None and line.threshold is not None
        return tr("{measure} {value}: {count} × {each} yuan, plus {amount} yuan.").format(
            measure=measure,
            value=line.measure,
            count=line.measure - line.threshold,
            each=line.amount_yuan,
            amount=line.effect_yuan,
        )
    return None


def explain(result: AllowanceResult) -> str:
    """The computation in words, e.g. "基础津贴 200 元。上岗班次 18，少于标准 21：当月津贴取消。实发 0 元。"

    Each sentence says what its rule measured and did, so no rule code is needed (a clerk reads the
    sentence, not the code of the rule table). A cancelled month lists its bases and the gates that fired
    only (deductions and bonuses do not matter then)."""
    parts: list[str] = []
    for line in result.lines:
        if result.cancelled_by and line.kind not in ("base", "gate"):
            continue
        sentence = _sentence(line)
        if sentence:
            parts.append(sentence)
    if not result.cancelled_by:
        if result.floored:
            parts.append(tr("The deductions exceed the allowance; nothing below 0 is charged."))
        if result.capped_at is not None:
            parts.append(tr("Capped at {amount} yuan.").format(amount=result.capped_at))
    parts.append(tr("Paid: {amount} yuan.").format(amount=result.amount_yuan))
    return join_sentences(parts)


def join_sentences(parts: Iterable[str]) -> str:
    """Sentences joined with a space after a Latin full stop and none after a Chinese one."""
    text = ""
    for part in parts:
        if text and not text.endswith(("。", "；", "：")):
            text += " "
        text += part
    return text
