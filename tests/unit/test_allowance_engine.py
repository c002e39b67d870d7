"""The allowance engine against hand-computed cases (each rule kind, gates, caps, floor, norms, order)."""

from __future__ import annotations

import json

import pytest

from safetywatch.domain.allowance import Rule, as_json, check_rules, compute, explain, from_json, join_sentences
from safetywatch.domain.errors import ValidationError

BASE = Rule("R01", "基础津贴", "base", amount_yuan=200, sort_order=1)
DUTY_GATE = Rule("R02", "上岗未达标", "gate", "duty_shifts", "lt", None, sort_order=2)
REPORT_GATE = Rule("R03", "汇报未达标", "gate", "reports", "lt", None, sort_order=3)
OWN_GATE = Rule("R04", "本人三违", "gate", "own_violations", "ge", 1, sort_order=4)
SUGGESTIONS = Rule("R06", "建议每少一条扣", "deduction", "suggestions", None, None, 20, sort_order=6)
HAZARDS = Rule("R09", "隐患每少一条扣", "deduction", "hazards_found", None, 4, 10, sort_order=9)
MAJOR = Rule("R07", "重大隐患奖励", "bonus", "major_hazards_found", None, 0, 50, sort_order=7)
CAP = Rule("R08", "上限", "cap", amount_yuan=300, sort_order=8)
REQUIRED = {"duty_shifts": 21, "reports": 6, "suggestions": 1}


def _measures(**values: int) -> dict[str, int]:
    base = {"duty_shifts": 22, "reports": 7, "suggestions": 1, "hazards_found": 5, "major_hazards_found": 0}
    return {**base, **values}


def test_full_allowance_when_every_norm_is_met() -> None:
    result = compute([BASE, DUTY_GATE, OWN_GATE, SUGGESTIONS, CAP], _measures(), REQUIRED)
    assert (result.amount_yuan, result.cancelled_by, result.capped_at, result.floored) == (200, (), None, False)
    assert [line.fired for line in result.lines] == [True, False, False, False, False]


def test_several_gates_fire_and_every_gate_is_listed() -> None:
    result = compute(
        [BASE, DUTY_GATE, REPORT_GATE, OWN_GATE, MAJOR],
        _measures(duty_shifts=20, own_violations=1, major_hazards_found=2),
        REQUIRED,
    )
    assert result.amount_yuan == 0
    assert result.cancelled_by == ("R02", "R04")
    by_code = {line.rule_code: line for line in result.lines}
    assert (by_code["R02"].measure, by_code["R02"].threshold, by_code["R02"].fired) == (20, 21, True)
    assert by_code["R02"].from_norm and not by_code["R04"].from_norm
    assert (by_code["R03"].measure, by_code["R03"].threshold, by_code["R03"].fired) == (7, 6, False)
    assert by_code["R07"].effect_yuan == 100  # still computed and listed, but a gate wins


def test_gate_boundaries_lt_and_ge() -> None:
    at_norm = compute([BASE, DUTY_GATE], _measures(duty_shifts=21), REQUIRED)
    assert at_norm.amount_yuan == 200  # 21 is not less than 21
    assert compute([BASE, OWN_GATE], _measures(own_violations=0), REQUIRED).amount_yuan == 200
    assert compute([BASE, OWN_GATE], _measures(own_violations=2), REQUIRED).cancelled_by == ("R04",)


def test_the_norm_threshold_follows_the_pro_rated_requirement() -> None:
    result = compute([BASE, DUTY_GATE], _measures(duty_shifts=10), {**REQUIRED, "duty_shifts": 10})
    assert result.amount_yuan == 200
    nothing_required = compute([BASE, DUTY_GATE, SUGGESTIONS], {"duty_shifts": 0, "suggestions": 0}, {})
    assert nothing_required.amount_yuan == 200  # missing measures and norms count as 0


def test_deductions_per_missing_item_and_bonus_per_item() -> None:
    rules = [BASE, SUGGESTIONS, HAZARDS, MAJOR, CAP]
    result = compute(rules, _measures(suggestions=0, hazards_found=1, major_hazards_found=1), REQUIRED)
    # in order R01, R06, R07, R08, R09: 200 − 20 × 1 + 50 × 1 − 10 × (4 − 1) = 200
    assert [(line.rule_code, line.effect_yuan) for line in result.lines] == [
        ("R01", 200),
        ("R06", -20),
        ("R07", 50),
        ("R08", 0),
        ("R09", -30),
    ]
    assert result.amount_yuan == 200
    over = compute([BASE, SUGGESTIONS], _measures(suggestions=5), REQUIRED)
    assert over.amount_yuan == 200  # more than required is no bonus for a deduction rule
    threshold_bonus = Rule("R10", "隐患超额奖", "bonus", "hazards_found", None, 4, 5)
    assert compute([BASE, threshold_bonus], _measures(hazards_found=7), REQUIRED).amount_yuan == 215  # 3 over 4


def test_the_lowest_cap_applies_and_is_marked() -> None:
    capped = compute([BASE, MAJOR, CAP], _measures(major_hazards_found=3), REQUIRED)
    assert (capped.amount_yuan, capped.capped_at) == (300, 300)  # 200 + 150 capped
    low = Rule("R10", "低上限", "cap", amount_yuan=250)
    lowest = compute([BASE, MAJOR, CAP, low], _measures(major_hazards_found=3), REQUIRED)
    assert (lowest.amount_yuan, lowest.capped_at) == (250, 250)
    assert [line.rule_code for line in lowest.lines if line.kind == "cap" and line.fired] == ["R10"]
    under = compute([BASE, CAP], _measures(), REQUIRED)
    assert (under.amount_yuan, under.capped_at) == (200, None)


def test_floor_is_zero() -> None:
    assert compute([BASE, HAZARDS], _measures(hazards_found=0), REQUIRED).amount_yuan == 160  # 200 − 40
    small = Rule("R11", "少", "base", amount_yuan=20)
    nothing = compute([small, HAZARDS], _measures(hazards_found=0), REQUIRED)
    assert (nothing.amount_yuan, nothing.floored) == (0, True)  # 20 − 40 is never negative


def test_bases_add_up_and_no_rules_pay_nothing() -> None:
    assert compute([BASE, Rule("R12", "班组长补贴", "base", amount_yuan=50)], _measures(), REQUIRED).amount_yuan == 250
    assert compute([], _measures(), REQUIRED).amount_yuan == 0


def test_rules_apply_in_sort_order_then_code_whatever_order_they_come_in() -> None:
    a = Rule("A2", "b", "base", amount_yuan=10, sort_order=5)
    b = Rule("A1", "a", "base", amount_yuan=10, sort_order=5)
    c = Rule("Z9", "z", "base", amount_yuan=10, sort_order=1)
    one = compute([a, b, c], {}, {})
    two = compute([c, b, a], {}, {})
    assert [line.rule_code for line in one.lines] == ["Z9", "A1", "A2"]
    assert one == two and as_json(one) == as_json(two)


@pytest.mark.parametrize(
    "rule, words",
    [
        (Rule("X1", "坏", "gate", "own_violations", None, 1), "less than"),
        (Rule("X2", "坏", "deduction", None, None, 1, 5), "measures"),
        (Rule("X3", "坏", "bonus", "hazards_found", None, None, 5), "monthly norm"),
        (Rule("X4", "坏", "penalty"), "unknown kind"),
        (Rule("X5", "坏", "deduction", "hazards_found", None, 3, -5), "negative"),
    ],
)
def test_a_broken_rule_is_refused_by_name(rule: Rule, words: str) -> None:
    with pytest.raises(ValidationError, match=words) as info:
        compute([BASE, rule], _measures(), REQUIRED)
    assert rule.code in str(info.value) and "R01" not in str(info.value)


def test_every_broken_rule_is_named_at_once() -> None:
    bad = [
        Rule("X1", "坏", "gate", "own_violations", None, 1),
        Rule("X3", "坏", "bonus", "hazards_found", None, None, 5),
    ]
    with pytest.raises(ValidationError) as info:
        check_rules(bad)
    assert "X1" in str(info.value) and "X3" in str(info.value)


def test_breakdown_is_canonical_json_and_round_trips() -> None:
    result = compute([BASE, DUTY_GATE, SUGGESTIONS, CAP], _measures(duty_shifts=18, suggestions=0), REQUIRED)
    text = as_json(result)
    assert from_json(text) == result
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert json.loads(text)["cancelled_by"] == ["R02"]
    old = json.loads(text)
    for line in old["lines"]:
        del line["from_norm"]  # a breakdown stored before a field was added still reads
    assert from_json(json.dumps(old)).amount_yuan == 0


def test_explanation_of_a_cancelled_month() -> None:
    result = compute([BASE, DUTY_GATE, SUGGESTIONS, CAP], _measures(duty_shifts=18, suggestions=0), REQUIRED)
    assert explain(result) == (
        "基础津贴 200 yuan. Duty shifts 18, below the norm of 21: the month's allowance is cancelled. Paid: 0 yuan."
    )  # the deduction does not matter once a gate fired


def test_explanation_of_deductions_bonus_cap_and_floor() -> None:
    paid = compute([BASE, SUGGESTIONS, MAJOR, CAP], _measures(suggestions=0, major_hazards_found=3), REQUIRED)
    assert explain(paid) == (
        "基础津贴 200 yuan. Suggestions made 0 of 1: 1 missing × 20 yuan, minus 20 yuan. "
        "Major hazards found 3: 3 × 50 yuan, plus 150 yuan. Capped at 300 yuan. Paid: 300 yuan."
    )
    own = compute([BASE, OWN_GATE], _measures(own_violations=1), REQUIRED)
    assert "Own 三违 1, 1 or more: the month's allowance is cancelled." in explain(own)
    floored = compute([Rule("R11", "少", "base", amount_yuan=20), HAZARDS], _measures(hazards_found=0), REQUIRED)
    assert "nothing below 0" in explain(floored)


def test_sentences_join_without_spaces_after_chinese_stops() -> None:
    assert join_sentences(["基础津贴 200 元。", "实发 200 元。"]) == "基础津贴 200 元。实发 200 元。"
    assert join_sentences(["Base 200 yuan.", "Paid: 200 yuan."]) == "Base 200 yuan. Paid: 200 yuan."
