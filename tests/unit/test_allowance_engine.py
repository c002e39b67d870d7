"""The allowance engine against hand-computed cases."""

from __future__ import annotations

import pytest

from safetywatch.domain.allowance import Rule, as_json, check_rules, compute, explain, from_json
from safetywatch.domain.errors import ValidationError

BASE = Rule("R01", "基础津贴", "base", amount_yuan=200)
DUTY_GATE = Rule("R02", "上岗未达标", "gate", "duty_shifts", "lt", None)
OWN_GATE = Rule("R04", "本人三违", "gate", "own_violations", "ge", 1)
SUGGESTIONS = Rule("R06", "建议每少一条扣", "deduction", "suggestions", None, None, 20)
HAZARDS = Rule("R09", "隐患每少一条扣", "deduction", "hazards_found", None, 4, 10)
MAJOR = Rule("R07", "重大隐患奖励", "bonus", "major_hazards_found", None, 0, 50)
CAP = Rule("R08", "上限", "cap", amount_yuan=300)
REQUIRED = {"duty_shifts": 21, "reports": 6, "suggestions": 1}


def _measures(**values: int) -> dict[str, int]:
    base = {"duty_shifts": 22, "reports": 7, "suggestions": 1, "hazards_found": 5, "major_hazards_found": 0}
    return {**base, **values}


def test_full_allowance_when_every_norm_is_met() -> None:
    result = compute([BASE, DUTY_GATE, OWN_GATE, SUGGESTIONS, CAP], _measures(), REQUIRED)
    assert result.amount_yuan == 200 and result.cancelled_by == ()


def test_a_gate_cancels_the_month_and_every_gate_is_listed() -> None:
    result = compute([BASE, DUTY_GATE, OWN_GATE], _measures(duty_shifts=20, own_violations=1), REQUIRED)
    assert result.amount_yuan == 0
    assert result.cancelled_by == ("R02", "R04")
    gate = result.lines[1]
    assert (gate.measure, gate.threshold, gate.fired) == (20, 21, True)  # threshold None → the norm


def test_the_norm_threshold_follows_the_pro_rated_requirement() -> None:
    result = compute([BASE, DUTY_GATE], _measures(duty_shifts=10), {**REQUIRED, "duty_shifts": 10})
    assert result.amount_yuan == 200


def test_deductions_per_missing_item_and_bonus_per_item() -> None:
    rules = [BASE, SUGGESTIONS, HAZARDS, MAJOR, CAP]
    result = compute(rules, _measures(suggestions=0, hazards_found=1, major_hazards_found=1), REQUIRED)
    # 200 − 20 × 1 − 10 × 3 + 50 × 1 = 200
    assert [line.effect_yuan for line in result.lines] == [200, -20, -30, 50, 0]
    assert result.amount_yuan == 200


def test_cap_and_floor() -> None:
    capped = compute([BASE, MAJOR, CAP], _measures(major_hazards_found=3), REQUIRED)
    assert (capped.amount_yuan, capped.capped_at) == (300, 300)  # 200 + 150 capped
    lowest = compute(
        [BASE, MAJOR, CAP, Rule("R10", "低上限", "cap", amount_yuan=250)], _measures(major_hazards_found=3), REQUIRED
    )
    assert lowest.amount_yuan == 250
    floored = compute([BASE, HAZARDS], _measures(hazards_found=0), {**REQUIRED})
    assert floored.amount_yuan == 160  # 200 − 40
    nothing = compute([Rule("R11", "少", "base", amount_yuan=20), HAZARDS], _measures(hazards_found=0), REQUIRED)
    assert nothing.amount_yuan == 0  # never negative


def test_bases_add_up_and_no_rules_pay_nothing() -> None:
    assert compute([BASE, Rule("R12", "班组长补贴", "base", amount_yuan=50)], _measures(), REQUIRED).amount_yuan == 250
    assert compute([], _measures(), REQUIRED).amount_yuan == 0


@pytest.mark.parametrize(
    "rule, words",
    [
        (Rule("X1", "坏", "gate", "own_violations", None, 1), "less than"),
        (Rule("X2", "坏", "deduction", None, None, 1, 5), "measures"),
        (Rule("X3", "坏", "bonus", "hazards_found", None, None, 5), "monthly norm"),
        (Rule("X4", "坏", "penalty"), "unknown kind"),
    ],
)
def test_a_broken_rule_is_refused_by_name(rule: Rule, words: str) -> None:
    with pytest.raises(ValidationError, match=words) as info:
        check_rules([BASE, rule])
    assert rule.code in str(info.value)


def test_breakdown_round_trips_and_explains_itself() -> None:
    result = compute([BASE, DUTY_GATE, SUGGESTIONS, CAP], _measures(duty_shifts=18, suggestions=0), REQUIRED)
    assert from_json(as_json(result)) == result
    words = explain(result)
    assert "Duty shifts 18 (norm 21)" in words
    assert "cancelled" in words and words.endswith("Paid: 0 yuan.")
