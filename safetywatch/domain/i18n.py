"""Translation hook for the Qt-free layers.

The domain and services raise messages meant for people. They cannot import Qt, so they call
:func:`tr`, which the GUI points at ``QCoreApplication.translate`` (context ``"Domain"``) once the
translators are installed. Without the GUI (CLI, tests) the English source text is returned.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] = lambda text: text  # noqa: E731


def tr(text: str) -> str:
    """Return *text* in the user's language (English source text without a translator)."""
    return _translate(text)


def set_translator(func: Callable[[str], str] | None) -> None:
    """Install the function that translates domain messages; ``None`` restores English."""
    global _translate
    _translate = func if func is not None else (lambda text: text)
