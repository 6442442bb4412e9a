"""Interface catalogues: extract the English msgids from the code, update the
catalogues, and list what the Arabic one lacks.

    .venv/bin/python scripts/i18n_check.py            # report only; exit 1 if Arabic is missing anything
    .venv/bin/python scripts/i18n_check.py --update   # extract → locales/messages.pot, merge into en + ar .po
    .venv/bin/python scripts/i18n_check.py --compile  # also write the .mo files (the app does not need them)

``make i18n`` runs ``--update --compile`` and then the report.  After merging
branches that added ``t("…")`` strings: run ``make i18n``, translate the
entries it lists in ``locales/ar/LC_MESSAGES/messages.po`` (empty ``msgstr``),
remove any ``#, fuzzy`` flag you have checked, and run it again until it
reports nothing.  The English catalogue is filled with msgid = msgstr.

Why a script beside ``pybabel``: it is the same extraction the test
(``tests/test_i18n.py``) runs, with the keywords and file list of
``babel.cfg``, and it prints the missing msgids in a form a translator can
work from.
"""

from __future__ import annotations

import argparse
import ast
import copy
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
TEMPLATE = LOCALES / "messages.pot"
KEYWORDS = {"t": None, "N_": None, "plural_forms": (1, 2), "tn": (1, 2)}  # components.i18n
LANGS = ("en", "ar")


def extract() -> Catalog:
    """Every msgid of the interface code (files and keywords from ``babel.cfg``), those written inside f-strings
    included (``in_f_strings``)."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    template = Catalog(project="Libya Operations Atlas", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if any(method == "python" and pathmatch(pattern, name) for pattern, method in method_map):
            for message, lineno in in_f_strings(path):
                template.add(message, None, [(name, lineno)])
    return template


def in_f_strings(path: Path) -> list[tuple[str, int]]:
    """The ``t("…")``, ``words.t("…")`` and ``N_("…")`` of ``path`` written inside f-strings, with their lines.

    Why: Babel's extractor reads an f-string as one piece of text (Python 3.11 gives it one token), so
    ``f"{t('Area')}: …"`` stayed out of the catalogue and showed in English on Arabic pages."""
    found = []
    for f_string in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(f_string, ast.JoinedStr):
            continue
        for node in ast.walk(f_string):
            if (isinstance(node, ast.Call) and _called(node.func) in KEYWORDS
                    and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.append((node.args[0].value, node.lineno))
    return found


def _called(func: ast.expr) -> str:
    """The name a call is made by: ``t`` for ``t(…)`` and for ``words.t(…)`` (``geo.translations.Words``), as
    Babel's extractor reads them."""
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="Libya Operations Atlas", charset="utf-8")
    with open(path, "rb") as f:
        return read_po(f, locale=lang)


def _without_date(text: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", text)


def write(catalog: Catalog, path: Path) -> None:
    """Write ``catalog``; a file whose only change would be its creation date is left alone
    (no churn, no merge conflicts between branches)."""
    buf = io.BytesIO()
    write_po(buf, catalog, width=120, omit_header=False, sort_output=True, ignore_obsolete=True,
             include_lineno=False)
    if path.exists() and _without_date(path.read_bytes()) == _without_date(buf.getvalue()):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def update(template: Catalog) -> None:
    """Write the template and merge it into each catalogue (new msgids empty, gone ones dropped)."""
    write(template, TEMPLATE)
    for lang in LANGS:
        catalog = read(lang)
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.language_team = "Libya Operations Atlas"
        catalog.last_translator = "Libya Operations Atlas"
        if lang == "en":  # English msgids are the English text
            for message in catalog:
                if message.id and not all(_strings(message)):
                    message.string = message.id
        write(catalog, po_path(lang))


def compile_mo() -> None:
    for lang in LANGS:
        with open(po_path(lang).with_suffix(".mo"), "wb") as f:
            write_mo(f, read(lang), use_fuzzy=False)


def _strings(message: Message) -> tuple[str, ...]:
    """A message's translations: one, or one per plural form (a counted text's, ``plural_forms``)."""
    return message.string if isinstance(message.string, tuple) else (message.string or "",)


def problems(template: Catalog, lang: str) -> dict[str, list[str]]:
    """msgids of the code that ``lang`` lacks, leaves empty or marks fuzzy."""
    catalog = read(lang)
    out: dict[str, list[str]] = {"missing": [], "empty": [], "fuzzy": []}
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None:
            out["missing"].append(message.id)
        elif not all(text.strip() for text in _strings(entry)):
            out["empty"].append(message.id)
        elif entry.fuzzy:
            out["fuzzy"].append(message.id)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="extract and merge into the catalogues")
    parser.add_argument("--compile", action="store_true", help="write the .mo files")
    args = parser.parse_args(argv)
    template = extract()
    if args.update:
        update(template)
    if args.compile:
        compile_mo()
    failed = False
    for lang in LANGS:
        found = problems(template, lang)
        count = sum(len(v) for v in found.values())
        print(f"{lang}: {len(template) - count} of {len(template)} msgids translated")
        for kind, ids in found.items():
            for msgid in ids:
                print(f"  {kind}: {msgid!r}")
        failed |= count > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
