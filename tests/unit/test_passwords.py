"""Password, login-name and lockout rules (pure)."""

from __future__ import annotations

import pytest

from safetywatch.domain.passwords import (
    lock_state,
    login_problem,
    normalise_login,
    password_problem,
    password_strength,
)


@pytest.mark.parametrize(
    "password",
    ["short1!", "12345678", "87654321", "abcdefgh", "aaaaaaaa", "abababab", "Password1", "88888888", "qwertyui"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    assert password_problem(password) is not None
    assert password_strength(password) == 0


@pytest.mark.parametrize("password", ["井口安全2026!", "correct horse battery", "Kj8#pq2Lm", "煤矿安全第一责任重大"])
def test_reasonable_passwords_pass(password: str) -> None:
    assert password_problem(password) is None
    assert 1 <= password_strength(password) <= 4


def test_password_must_not_contain_the_login_and_has_no_control_characters() -> None:
    assert password_problem("zhangsan2026", "ZhangSan") is not None
    assert password_problem("line\nbreak pass") is not None
    assert password_problem("x" * 129) is not None


def test_login_names_are_normalised_and_checked() -> None:
    assert normalise_login("  Ｚhang.San ") == "zhang.san"
    assert normalise_login("张三") == "张三"
    assert login_problem("张三") is None and login_problem("a.b-c_d@1") is None
    for bad in ("a", "with space", "x" * 33, "semi;colon", ""):
        assert login_problem(bad) is not None


def test_a_lock_that_ran_out_resets_the_count() -> None:
    assert lock_state(5, "2026-06-10T02:15:00.000000Z", "2026-06-10T02:14:59.000000Z").locked
    after = lock_state(5, "2026-06-10T02:15:00.000000Z", "2026-06-10T02:15:00.000000Z")
    assert not after.locked and after.failures == 0
    assert lock_state(3, None, "2026-06-10T02:00:00.000000Z") == lock_state(3, None, "2030-01-01T00:00:00.000000Z")
