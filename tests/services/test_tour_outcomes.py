"""Issue 16 §3 on real records: the representatives a tour names, a problem solved afterwards (not merely
promised by a deadline), and the four outcomes on a hand-built period where every figure is known — in the
service's figures, the report's JSON, CSV and PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from safetywatch.domain import representatives as people
from safetywatch.domain.errors import ValidationError
from safetywatch.reports import formats, monthly_pdf
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import tours
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.maintenance import integrity
from safetywatch.services.reporting import tallies
from tests.helpers import count_rows, refs

pytestmark = pytest.mark.pg

MAY_4 = dt.date(2026, 5, 4)  # the clock's today is 10 June 2026


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


def test_representatives_are_named_and_the_head_count_follows(ledger: Ledger) -> None:
    typed = "张三 10234\n赵六（10235）、Q001\n  孙八  "
    row = tours.record_tour(ledger, TourInput(MAY_4, "矿工会", "一采区", None, "", typed))
    assert row["reps"] == 4
    assert people.from_json(row["representatives"]) == [
        people.Representative("张三", "10234"),
        people.Representative("赵六", "10235"),
        people.Representative("李四", "Q001"),  # the 工号 alone: the name from the inspector roll
        people.Representative("孙八"),
    ]
    assert row["representatives"] == people.to_json(people.from_json(row["representatives"]))  # canonical
    assert people.as_text(row["representatives"], "、") == "张三 10234、赵六 10235、李四 Q001、孙八"
    same = tours.record_tour(ledger, TourInput(MAY_4, "矿工会", "二采区", 2, "", "张三 10234\n钱七"))
    assert same["reps"] == 2  # a head count equal to the names is accepted


def test_bad_representative_lists_are_refused_with_every_reason(ledger: Ledger) -> None:
    def refused(reps: int | None, typed: str) -> list[str]:
        with pytest.raises(ValidationError) as bad:
            tours.record_tour(ledger, TourInput(MAY_4, "矿工会", "一采区", reps, "", typed))
        return [f"{e.field}: {e.message}" for e in bad.value.errors]

    assert refused(3, "张三\n李四") == [
        "reps: The head count is 3 but 2 representatives are named; correct one or clear the count."
    ]
    messages = refused(None, "Q999\n张三 李四\n王五 1\n王五 1")
    assert messages == [
        "representatives: No one on the roll has the 工号 Q999; type the name before it.",
        "representatives: “张三 李四” is not a name and 工号: type one representative per line, e.g. 张三 10234.",
        "representatives: 王五 1 is named twice.",
    ]
    assert refused(None, "") == ["representatives: Name the representatives who took part (or give the head count)."]
    assert count_rows(ledger, "tour") == 0


def test_a_problem_is_marked_solved_afterwards_through_the_service(ledger: Ledger) -> None:
    r = refs(ledger)
    tour = tours.record_tour(
        ledger,
        TourInput(MAY_4, "矿工会", "主井", 5),
        [
            ProblemInput("漏雨", r.unit1, "labour", "on_site"),
            ProblemInput("信号不清", r.unit1, "safety", "later", dt.date(2026, 5, 20)),
        ],
    )
    with ledger.read() as conn:
        on_site, later = tours.problems(conn, tour["id"])

    def refused(problem_id: int, day: dt.date | None, by: str) -> dict[str, str]:
        with pytest.raises(ValidationError) as bad:
            tours.mark_solved(ledger, problem_id, day, by)
        return _fields(bad)

    assert "solved on site" in refused(on_site["id"], dt.date(2026, 5, 5), "机电队")["solved_on"]
    assert "before the tour (2026-05-04)" in refused(later["id"], dt.date(2026, 5, 3), "机电队")["solved_on"]
    assert "future" in refused(later["id"], dt.date(2026, 6, 11), "机电队")["solved_on"]
    assert refused(later["id"], dt.date(2026, 5, 18), "  ") == {"solved_by": "Required."}
    assert refused(later["id"], None, "机电队") == {"solved_on": "Required."}
    row = tours.mark_solved(ledger, later["id"], dt.date(2026, 5, 18), " 机电队 ", expected_version=1)
    assert (row["solved_on"], row["solved_by"], row["status"], row["version"]) == ("2026-05-18", "机电队", "later", 2)
    assert "marked solved on 2026-05-18" in refused(later["id"], dt.date(2026, 5, 19), "机电队")["solved_on"]
    with ledger.read() as conn:
        actions = conn.exec_driver_sql(
            "SELECT action FROM audit_event WHERE entity = 'tour_problem' AND entity_id = ? ORDER BY seq",
            (later["id"],),
        ).all()
        assert [a for (a,) in actions] == ["create", "solve"]
        assert integrity.verify(conn).ok
    # a solved date comes with who solved it, also when a problem is entered solved (an old register's line)
    with pytest.raises(ValidationError) as half:
        tours.add_problem(
            ledger, tour["id"], ProblemInput("照明不足", None, "safety", "open", None, "", dt.date(2026, 5, 9))
        )
    assert set(_fields(half)) == {"solved_by"}
    # the tour cannot move after a problem's solved date
    with pytest.raises(ValidationError, match="solved date 2026-05-18"):
        tours.amend(ledger, tour["id"], TourInput(dt.date(2026, 5, 19), "矿工会", "主井", 5), "改日期")


@pytest.fixture
def may(ledger: Ledger) -> Ledger:
    """May 2026, every figure known: two tours naming 5 representative-times of 4 people, six problems."""
    tour = tours.record_tour(
        ledger,
        TourInput(MAY_4, "矿工会", "一采区", None, "", "张三 10234\n赵六\nQ001"),
        [
            ProblemInput("井口漏雨", None, "labour", "on_site"),  # 1 solved on site
            ProblemInput("信号不清", None, "safety", "later", dt.date(2026, 5, 20)),  # 2 solved 18 May
            ProblemInput("风门不严", None, "safety", "later", dt.date(2026, 5, 25)),  # 3 due, not solved
            ProblemInput("班中餐", None, "labour", "open"),  # 4 solved 5 June: open in May, solved by 10 June
            ProblemInput("劳保鞋", None, "labour", "later", dt.date(2026, 6, 15)),  # 5 open: deadline not reached
            ProblemInput("浴室水温", None, "labour", "open"),  # 6 solved 30 May without a deadline
        ],
    )
    tours.record_tour(ledger, TourInput(dt.date(2026, 5, 20), "矿工会", "二采区", None, "", "张三 10234\n钱七"))
    with ledger.read() as conn:
        problems = tours.problems(conn, tour["id"])
    for index, day in ((1, dt.date(2026, 5, 18)), (3, dt.date(2026, 6, 5)), (5, dt.date(2026, 5, 30))):
        tours.mark_solved(ledger, problems[index]["id"], day, "后勤科")
    return ledger


def test_the_four_outcomes_add_up_as_of_the_periods_last_day(may: Ledger) -> None:
    with may.read() as conn:
        in_may = tours.tour_stats(conn, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
        to_date = tours.tour_stats(conn, dt.date(2026, 5, 1), dt.date(2026, 6, 10))
    assert in_may == {
        "tours": 2,
        "reps": 5,
        "representatives": 4,  # 张三 10234 on both tours is one person
        "problems_found": 6,
        "solved_on_site": 1,
        "solved_afterwards": 2,
        "due_unsolved": 1,
        "open": 2,
    }
    # by 10 June the problem solved on 5 June is solved afterwards; the deadline of 15 June is not reached
    assert (to_date["solved_afterwards"], to_date["due_unsolved"], to_date["open"]) == (3, 1, 1)


def test_a_tour_with_only_a_head_count_leaves_distinct_representatives_unknown(may: Ledger) -> None:
    tours.record_tour(may, TourInput(dt.date(2026, 5, 28), "矿工会", "三采区", 8))
    with may.read() as conn:
        f = tours.tour_stats(conn, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
        none = tours.tour_stats(conn, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert (f["tours"], f["reps"], f["representatives"]) == (3, 13, None)
    assert (none["tours"], none["representatives"]) == (0, 0)


def test_the_report_shows_the_split_alike_in_json_csv_and_pdf(may: Ledger) -> None:
    with may.read() as conn:
        report = tallies.report(conn, "2026-05")
    data = json.loads(formats.as_json(report))["summary"]
    expected = {
        "tours": 2,
        "tour_reps": 5,
        "tour_representatives": 4,
        "tour_problems_found": 6,
        "tour_solved_on_site": 1,
        "tour_solved_afterwards": 2,
        "tour_due_unsolved": 1,
        "tour_open": 2,
    }
    assert {key: data[key]["month"] for key in expected} == expected
    assert "tour_solved_later" not in data and "tour_unsolved" not in data
    rows = {row[0]: row for row in csv.reader(io.StringIO(formats.as_csv(report).decode("utf-8-sig")))}
    assert {key: rows[key][1] for key in expected} == {key: str(value) for key, value in expected.items()}
    pdf = monthly_pdf.render(report.stamped("鑫源煤矿", dt.datetime(2026, 6, 10, 9, 30))).data
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())
    for line in (
        "参加代表（人次） 5 无记录 5",
        "参加代表（人） 4 无记录 4",
        "发现问题 6 无记录 6",
        "问题现场解决 1 无记录 1",
        "问题事后解决 2 无记录 2",
        "问题到期未解决（期末） 1 无记录 1",
        "问题待解决（期末未到期） 2 无记录 2",
    ):
        assert line in text
    assert "问题限期解决" not in text
