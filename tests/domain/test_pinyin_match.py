"""Matching a typed query against a choice: code, Chinese substring, pinyin initials, full pinyin."""

from __future__ import annotations

import random
import time

import pytest

from safetywatch.domain.pinyin_match import CONTAINS, EXACT, PREFIX, match_rank, matches, search_keys, text_keys

UNITS = {"U01": "采掘一区", "U05": "机电队", "U07": "通风区", "U08": "运输队"}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("U05", "U05"),  # the code, any case
        ("u05", "U05"),
        ("机电", "U05"),  # a Chinese substring
        ("jdd", "U05"),  # pinyin initials
        ("JDD", "U05"),
        ("jidiandui", "U05"),  # full pinyin
        ("jidian", "U05"),
        ("cjyq", "U01"),
        ("caijueyiqu", "U01"),
        ("tfq", "U07"),
        ("tongfeng", "U07"),
        ("ysd", "U08"),
        ("yunshudui", "U08"),
    ],
)
def test_unit_is_found_by_code_chinese_initials_or_full_pinyin(query: str, code: str) -> None:
    hits = [c for c, name in UNITS.items() if matches(query, search_keys(c, name))]
    assert hits == [code]


def test_polyphones_match_by_their_common_reading_and_by_their_other_readings() -> None:
    # surnames read otherwise than the common word: 单 shan, 曾 zeng; and the common readings still work
    assert matches("sl", search_keys("", "单立")) and matches("danli", search_keys("", "单立"))
    assert matches("shanli", search_keys("", "单立"))
    assert matches("zq", search_keys("", "曾强")) and matches("cengqiang", search_keys("", "曾强"))
    # 行/长/重 in unit names
    assert matches("hzk", search_keys("", "行政科")) and matches("xingzhengke", search_keys("", "行政科"))
    assert matches("changcheng", search_keys("", "长城")) and matches("zc", search_keys("", "长城"))
    assert matches("zhongdian", search_keys("", "重点区"))


def test_inspector_by_name_initials_employee_number_or_name() -> None:
    keys = text_keys("10023 张三")
    assert keys[:2] == ("10023", "张三")
    for query in ("zs", "ZS", "zhangsan", "10023", "1002", "张", "10023 张三"):
        assert matches(query, keys), query
    assert not matches("ls", keys)
    assert not matches("zhangsi", keys)


def test_rank_puts_whole_and_leading_fits_before_fits_inside() -> None:
    keys = search_keys("U05", "机电队")
    assert match_rank("jdd", keys) == EXACT
    assert match_rank("jd", keys) == PREFIX
    assert match_rank("dd", keys) == CONTAINS
    assert match_rank("xyz", keys) is None
    assert match_rank("", keys) == CONTAINS  # nothing typed: everything is offered


def test_keys_of_text_without_code_and_of_mixed_names() -> None:
    assert matches("sanhaojing", text_keys("三号井")) and matches("shj", text_keys("三号井"))
    assert matches("1201", text_keys("1201回风巷")) and matches("1201hfx", text_keys("1201回风巷"))
    assert text_keys("  ") == ()


def _names(count: int) -> list[str]:
    surnames = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏单"
    given = "松伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国长海重阳行"
    rng = random.Random(17)
    return [rng.choice(surnames) + "".join(rng.choices(given, k=rng.choice((1, 2)))) for _ in range(count)]


def test_keys_for_5000_inspectors_are_built_fast_and_a_keystroke_filters_them_fast() -> None:
    names = _names(5000)
    started = time.perf_counter()
    keys = [text_keys(f"{10000 + i} {name}") for i, name in enumerate(names)]
    built = time.perf_counter() - started
    assert built < 0.5, f"building the keys of 5,000 inspectors took {built:.3f} s"
    slowest = 0.0
    for query in ("z", "zs", "zhang", "张", "1234", "wj"):
        started = time.perf_counter()
        hits = [i for i, k in enumerate(keys) if matches(query, k)]
        slowest = max(slowest, time.perf_counter() - started)
        assert hits, query
    assert slowest < 0.02, f"one keystroke's filter over 5,000 inspectors took {slowest * 1000:.1f} ms"
