"""Validator properties (reliability.md checklist item 14): refuse with a message, never crash, never trim."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from safetywatch.domain.validation import (
    EARLIEST_DATE,
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    business_date_problem,
    deadline_problem,
    has_visible_content,
    parse_iso_date,
    reason_problem,
    text_problem,
)

TODAY = dt.date(2026, 6, 10)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
ZERO_WIDTH = "\u200b\ufeff\u200c\u200d\u2060"

#: Any code point, surrogates included (they reach us from broken clipboard data and Windows APIs).
any_char = st.characters(codec=None, exclude_categories=())
any_text = st.text(any_char, max_size=300)
surrogate = st.integers(0xD800, 0xDFFF).map(chr)
#: C0/C1 control characters except the two a multi-line field accepts.
control = st.characters(categories=("Cc",)).filter(lambda c: c not in "\n\t")
#: Text people really type: letters (CJK too), digits, punctuation, symbols, spaces inside.
plain_text = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=SHORT_TEXT_MAX).filter(
    lambda s: s == s.strip()
)


def _is_message(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


# --- text_problem -------------------------------------------------------------------------------------


@given(any_text, st.booleans())
def test_text_problem_never_raises(value: str, multiline: bool) -> None:
    result = text_problem(value, multiline=multiline)
    assert result is None or _is_message(result)


@given(plain_text)
def test_ordinary_text_is_accepted(value: str) -> None:
    assert text_problem(value) is None
    assert text_problem(value, multiline=True, max_length=LONG_TEXT_MAX) is None


@example(value="瓦斯浓度超限", where=4, multiline=False)
@given(plain_text, st.integers(min_value=0, max_value=150), st.booleans())
def test_nul_is_refused(value: str, where: int, multiline: bool) -> None:
    text = value[:where] + "\x00" + value[where:150]
    result = text_problem(text, multiline=multiline)
    assert _is_message(result)
    assert "U+0000" in str(result)


@given(plain_text, control, st.booleans())
def test_control_characters_are_refused(value: str, ch: str, multiline: bool) -> None:
    text = (value[:50] + ch + value[:50]).strip() or ("a" + ch + "b")
    if ch not in text:  # strip() removed a whitespace-like control at the ends
        text = "a" + ch + "b"
    result = text_problem(text, multiline=multiline)
    assert _is_message(result)
    assert f"U+{ord(ch):04X}" in str(result)


def test_newline_and_tab_only_in_multiline_fields() -> None:
    assert text_problem("第一行\n第二行\t完") is not None
    assert text_problem("第一行\n第二行\t完", multiline=True) is None
    assert text_problem("行尾\r\n下一行", multiline=True) is not None  # a bare CR is still a control char


@given(plain_text, surrogate, st.booleans())
def test_lone_surrogates_are_refused(value: str, ch: str, multiline: bool) -> None:
    text = "x" + value[:100] + ch + "y"
    result = text_problem(text, multiline=multiline)
    assert _is_message(result)
    assert "surrogate" in str(result)


@pytest.mark.parametrize("ch", list(BIDI_CONTROLS))
def test_bidi_controls_are_refused(ch: str) -> None:
    # U+202E makes "瓦斯0.8%" print as "%8.0斯瓦": evidence must read as stored.
    for text in (f"瓦斯{ch}0.8%", f"{ch}abc", f"abc{ch}"):
        for multiline in (False, True):
            result = text_problem(text, multiline=multiline)
            assert _is_message(result)
            assert "direction" in str(result)
    assert _is_message(reason_problem(f"原因{ch}说明"))


@pytest.mark.parametrize("multiline", [False, True])
def test_ten_megabytes_are_refused_with_a_length_message(multiline: bool) -> None:
    text = "煤" * 10_000_000
    result = text_problem(text, multiline=multiline, max_length=LONG_TEXT_MAX)
    assert _is_message(result)
    assert "10000000" in str(result) and str(LONG_TEXT_MAX) in str(result)
    assert _is_message(reason_problem(text))


def test_length_limit_is_inclusive() -> None:
    assert text_problem("a" * SHORT_TEXT_MAX) is None
    assert text_problem("a" * (SHORT_TEXT_MAX + 1)) is not None


@example(value="张三", spaces=" ", where="lead")
@example(value="张三", spaces="\u3000", where="trail")  # ideographic space, as Chinese IMEs type it
@example(value="张三", spaces="\xa0", where="both")
@given(
    plain_text.filter(bool),
    st.text(st.sampled_from(" \u3000\xa0\u2002"), min_size=1, max_size=3),
    st.sampled_from(["lead", "trail", "both"]),
)
def test_leading_or_trailing_spaces_are_refused_not_trimmed(value: str, spaces: str, where: str) -> None:
    text = {"lead": spaces + value, "trail": value + spaces, "both": spaces + value + spaces}[where]
    for multiline in (False, True):
        result = text_problem(text, multiline=multiline)
        assert _is_message(result)
        assert "spaces" in str(result)


def test_empty_text_is_not_a_text_problem() -> None:
    """Required-ness is the form's business; the validator only judges what was typed."""
    assert text_problem("") is None


# --- reason_problem -----------------------------------------------------------------------------------


@example("")
@example(" ")
@example("\u200b")
@example("\ufeff")
@example("\u200b\ufeff \u3000\n\t")
@given(st.text(st.sampled_from(" \t\n\u3000\xa0" + ZERO_WIDTH), max_size=30))
def test_reasons_without_visible_content_are_refused(reason: str) -> None:
    result = reason_problem(reason)
    assert _is_message(result)
    assert "reason is required" in str(result)
    assert not has_visible_content(reason)


@given(plain_text.filter(lambda s: bool(s.strip())))
def test_real_reasons_are_accepted(reason: str) -> None:
    assert reason_problem(reason) is None
    assert reason_problem(f"  {reason}\n") is None  # the service stores the stripped reason
    assert reason_problem(f"{reason}\n第二行") is None


@given(any_text)
def test_reason_problem_never_raises(reason: str) -> None:
    result = reason_problem(reason)
    assert result is None or _is_message(result)


def test_reason_with_control_characters_is_refused() -> None:
    assert _is_message(reason_problem("原因\x00"))
    assert _is_message(reason_problem("原因\ud800"))


# --- dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (dt.date(1900, 1, 1), False),
        (dt.date(1999, 12, 31), False),
        (EARLIEST_DATE, True),
        (dt.date(2000, 2, 29), True),
        (dt.date(2024, 2, 29), True),
        (TODAY, True),
        (TODAY + dt.timedelta(days=1), False),
        (dt.date(2100, 1, 1), False),
        (dt.date(2096, 2, 29), False),
    ],
)
def test_business_dates(day: dt.date, ok: bool) -> None:
    result = business_date_problem(day, TODAY)
    assert (result is None) is ok
    if not ok:
        assert day.isoformat() in str(result)


def test_business_date_tolerance_for_future_days() -> None:
    assert business_date_problem(TODAY + dt.timedelta(days=2), TODAY, allow_future_days=2) is None
    assert business_date_problem(TODAY + dt.timedelta(days=3), TODAY, allow_future_days=2) is not None


@given(st.dates())
def test_business_date_problem_never_raises(day: dt.date) -> None:
    result = business_date_problem(day, TODAY)
    assert (result is None) == (EARLIEST_DATE <= day <= TODAY)
    assert result is None or _is_message(result)


@pytest.mark.parametrize(
    ("found", "deadline", "ok"),
    [
        (dt.date(2026, 6, 10), dt.date(2026, 6, 10), True),
        (dt.date(2026, 6, 10), dt.date(2026, 6, 9), False),
        (dt.date(2024, 2, 29), dt.date(2024, 3, 1), True),
        (dt.date(2024, 2, 29), dt.date(2029, 2, 28), True),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29) + dt.timedelta(days=5 * 366), True),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29) + dt.timedelta(days=5 * 366 + 1), False),
        (dt.date(2026, 6, 10), dt.date(2100, 1, 1), False),
        (dt.date(1900, 1, 1), dt.date(1900, 1, 2), True),  # the found date is judged separately
    ],
)
def test_deadlines(found: dt.date, deadline: dt.date, ok: bool) -> None:
    result = deadline_problem(deadline, found)
    assert (result is None) is ok
    if not ok:
        assert deadline.isoformat() in str(result)


@given(st.dates(), st.dates())
def test_deadline_problem_never_raises(deadline: dt.date, found: dt.date) -> None:
    result = deadline_problem(deadline, found)
    assert (result is None) == (found <= deadline <= found + dt.timedelta(days=5 * 366))


# --- parse_iso_date -----------------------------------------------------------------------------------


def _forms(day: dt.date) -> list[str]:
    y, m, d = f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"
    return [f"{y}-{m}-{d}", f"{y}/{m}/{d}", f"{y}{m}{d}"]


@example(dt.date(2024, 2, 29))
@example(dt.date(2000, 2, 29))
@example(dt.date(1900, 1, 1))
@example(dt.date(2100, 12, 31))
@example(dt.date(1, 1, 1))
@given(st.dates())
def test_parse_iso_date_round_trips_the_three_forms(day: dt.date) -> None:
    for text in _forms(day):
        assert parse_iso_date(text) == day
        assert parse_iso_date(f" {text} ") == day  # clerks' stray spaces around a date are harmless


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "1900-02-29",
        "2100-02-29",
        "2023/02/29",
        "20230229",
        "2026-6-1",
        "26-06-10",
        "2026-06-10T08:00",
        "2026-06-10\x00",
        "２０２６-０６-１０",  # full-width digits
        "²²²²²²²²",  # isdigit() but not a number
        "\ud800",
        "'; DROP TABLE hazard;--",
        "明天",
    ],
)
def test_parse_iso_date_refuses_garbage(text: str) -> None:
    assert parse_iso_date(text) is None


@example("2026W011")  # Python 3.11's fromisoformat also reads ISO week dates: not a form clerks type
@example("2026-W01-1")
@example("٢٠٢٦٠٦١٠")  # Arabic-Indic digits
@given(any_text)
def test_parse_iso_date_accepts_only_its_documented_forms(text: str) -> None:
    """Never raises; whatever it accepts is one of the documented spellings of that very date."""
    result = parse_iso_date(text)
    if result is not None:
        normalised = text.strip().replace("/", "-").replace(".", "-")
        assert normalised in (_forms(result)[0], _forms(result)[2]), (text, result)
