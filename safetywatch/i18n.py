"""Qt translations loaded straight from the ``.ts`` sources in ``resources/translations/<lang>/``.

We ship the Qt Linguist ``.ts`` files and read them at start-up (a few ms) instead of compiling ``.qm``
binaries: nothing generated is committed, translators still use Linguist, and a test checks that every
``tr()`` string in the code has a translation. Lookup is by source text; contexts are not needed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from safetywatch.domain import i18n as domain_i18n
from safetywatch.paths import translations_dir

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"


def load_catalog(folder: Path) -> dict[str, str]:
    """All finished translations found in the ``.ts`` files of *folder*: source text -> translation."""
    catalog: dict[str, str] = {}
    for ts_file in sorted(folder.glob("*.ts")):
        for message in ET.parse(ts_file).getroot().iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None or node.get("type") in ("unfinished", "obsolete"):
                continue
            if node.text:
                catalog[source] = node.text
    return catalog


class TsTranslator(QTranslator):
    def __init__(self, catalog: dict[str, str]) -> None:
        super().__init__()
        self._catalog = catalog

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return self._catalog.get(source)  # None: no translation, Qt falls back to the source

    def isEmpty(self) -> bool:
        return not self._catalog


_installed: TsTranslator | None = None
_qt_installed: QTranslator | None = None
_language = "en"  # until a translation is installed, the source texts show


def _qt_translator(lang: str) -> QTranslator | None:
    """Qt's own texts (Yes/No buttons, the print and file dialogs) from the qtbase catalog Qt ships."""
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(QLocale(lang), "qtbase", "_", folder) else None


def install(lang: str) -> None:
    """Install the translation for *lang* (``en`` = the source texts) for Qt and the domain layer."""
    global _installed, _qt_installed, _language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    _language = lang
    for old in (_installed, _qt_installed):
        if old is not None:
            app.removeTranslator(old)
    _installed = _qt_installed = None
    if lang != "en":
        _installed = TsTranslator(load_catalog(translations_dir(lang)))
        app.installTranslator(_installed)
        _qt_installed = _qt_translator(lang)
        if _qt_installed is not None:
            app.installTranslator(_qt_installed)
    domain_i18n.set_translator(lambda text: QCoreApplication.translate("Domain", text))


def language() -> str:
    """The interface language installed (``en``: the source texts), for texts kept in both languages at once
    (the report's metric labels, ``domain.metrics``)."""
    return _language
