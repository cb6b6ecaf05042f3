"""The message catalog (every message in both languages) and numbers in the reader's notation."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkip_helpers.data import i18n
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.i18n import (
    LOCALE_DIR, catalog, check_language, current_language, format_number, format_percent, format_rupiah,
    set_language, translate,
)
from lkip_helpers.data.paths import PROJECT_ROOT


def _messages(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / lang / "LC_MESSAGES" / "lkip.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def _notebook_messages() -> set[str]:
    """The messages the notebooks' code cells pass to ``say`` or ``phrase``."""
    import io
    import json

    from babel.messages.extract import extract_python

    found = set()
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = io.BytesIO("".join(cell["source"]).encode("utf-8"))
                for _, _, message, _ in extract_python(source, {"say": None, "phrase": None}, [], {}):
                    first = message[0] if isinstance(message, tuple) else message  # the first argument
                    if first is not None:  # a variable (phrase(case)): its values are checked where they are made
                        found.add(first)
                found |= _table_labels("".join(cell["source"]))
    return found


def _table_labels(source: str) -> set[str]:
    """The column labels a code cell gives its tables (``show_table(..., labels={"name": "region"})``):
    the headers go through the catalog."""
    import ast

    return {v.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
            for k in node.keywords if k.arg == "labels" and isinstance(k.value, ast.Dict)
            for v in k.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value}


def _text_messages(texts: list) -> set[str]:
    """The catalog messages of audit texts (:mod:`lkip_helpers.audit.texts`), nested ones too; a
    plain string is a whole message."""
    found = set()
    for t in texts:
        if isinstance(t, str):
            found.add(t)
        elif isinstance(t, dict) and "message" in t:
            found.add(t["message"])
            found |= _text_messages([v for v in t["params"].values() if isinstance(v, dict)])
    return found


def _parameter_messages() -> set[str]:
    """The literal messages with values of every ``ParameterError``: a notebook shows them, and the
    report's index the reasons a notebook does not apply, in the reader's language."""
    from babel.messages.extract import extract_from_dir

    return {message for _, _, message, _, _ in extract_from_dir(
        str(PROJECT_ROOT / "lkip_helpers"), method_map=[("**.py", "python")], keywords={"ParameterError": None})
        if "{" in message}


def _used_messages() -> set[str]:
    """Every literal message the code passes to ``translate``, ``phrase`` or ``say``, and every table
    label and cell word."""
    from babel.messages.extract import extract_from_dir

    from lkip_helpers.forecasting.narrative import ACCURACY_LABELS, PUBLISHED_LABELS, ROLLUP_LABELS, SUGGESTION_LABELS
    from lkip_helpers.notebook.labels import LABELS
    from lkip_helpers.notebook.html_tables import CELL_WORDS
    from lkip_helpers.notebook.tables import NO_ROWS

    found = {message for _, _, message, _, _ in extract_from_dir(
        str(PROJECT_ROOT / "lkip_helpers"), method_map=[("**.py", "python")],
        keywords={"translate": None, "phrase": None, "say": None, "reader_text": None, "catalog_message": None,
                  "Message": None})}
    found |= _notebook_messages()
    from lkip_helpers.forecasting import pooled, suggestions

    found |= set(suggestions.TEXT.values())
    found |= {pooled.TEXT["clamp_high"], pooled.TEXT["clamp_low"]}
    from lkip_helpers.measurement import CAPAIAN_NOTES

    found |= _parameter_messages()

    found |= {text for key, text in CAPAIAN_NOTES.items() if "{" not in text}
    table_labels = (LABELS, ACCURACY_LABELS, PUBLISHED_LABELS, ROLLUP_LABELS, SUGGESTION_LABELS)
    return found | {label for labels in table_labels for label in labels.values()} | set(CELL_WORDS) | {NO_ROWS}


def test_both_catalogs_hold_the_same_messages_each_translated() -> None:
    indonesian, english = _messages("id"), _messages("en")
    assert set(indonesian) == set(english)
    assert not [m for m, text in indonesian.items() if not text]
    assert not [m for m, text in english.items() if not text]


def test_every_message_the_code_shows_is_in_the_catalogs() -> None:
    missing = sorted(_used_messages() - set(_messages("id")))
    assert not missing, f"add to both lkip.po files: {missing}"


def test_official_terms_stay_indonesian_in_both_languages() -> None:
    for term in ("IKU", "capaian", "realisasi", "sasaran", "misi", "perangkat daerah"):
        assert translate(term, "id") == translate(term, "en") == term


def test_status_words_are_indonesian_in_id_and_english_in_en() -> None:
    for status, english in (("tercapai", "reached"), ("tidak tercapai", "not reached"),
                            ("belum ada nilai", "no value yet"), ("tidak dapat dinilai", "cannot be judged")):
        assert translate(status, "id") == status and translate(status, "en") == english


@pytest.mark.parametrize("lang, value, decimals, expected", [
    ("id", 87.14, 2, "87,14"), ("en", 87.14, 2, "87.14"),
    ("id", 2733723365213, 0, "2.733.723.365.213"), ("en", 2733723365213, 0, "2,733,723,365,213"),
    ("id", 2024, 0, "2024"), ("id", -7.17, 2, "-7,17"), ("id", 0.5, 3, "0,500"), ("id", None, 2, "–"),
    ("id", float("nan"), 2, "–"),
])
def test_numbers_in_the_readers_notation(lang, value, decimals, expected) -> None:
    assert format_number(value, decimals, lang) == expected


def test_percent_and_rupiah() -> None:
    assert format_percent(87.14, lang="id") == "87,14 %" and format_percent(87.14, lang="en") == "87.14%"
    assert format_rupiah(2733723365213, "id") == "Rp 2,73 T"
    assert format_rupiah(2733723365213, "en") == "Rp 2.73 trillion"
    assert format_rupiah(4614351000, "id") == "Rp 4,61 M"
    assert format_rupiah(2733723365213, "id", compact=False) == "Rp 2.733.723.365.213"
    assert format_rupiah(None, "id") == "–"


def test_the_language_is_set_once_and_checked(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.delenv("LKIP_LANG", raising=False)
    assert current_language() == "id"
    monkeypatch.setenv("LKIP_LANG", "en")
    assert current_language() == "en"
    set_language("id")
    assert current_language() == "id" and translate("improved") == "membaik"
    with pytest.raises(ParameterError, match="unknown language 'fr'; valid: id, en"):
        check_language("fr")
    assert catalog("en")["improved"] == "improved"


def test_polarity_codes_read_as_words_in_both_languages():
    for code in ("higher_is_better", "lower_is_better"):
        assert "_" not in translate(code, "en") and "_" not in translate(code, "id")
    assert translate("lower_is_better", "en") == "lower is better"


def test_a_text_kept_in_both_languages_in_the_readers_language(monkeypatch) -> None:
    """``column`` holds English, ``column_id`` Bahasa Indonesia; an empty one falls back to the other."""
    from lkip_helpers.data.i18n import in_language

    row = {"note": "Typo in Tabel 2.1.", "note_id": "Salah ketik di Tabel 2.1."}
    assert in_language(row, "note", "id") == "Salah ketik di Tabel 2.1."
    assert in_language(row, "note", "en") == "Typo in Tabel 2.1."
    monkeypatch.setattr(i18n, "_language", "en")
    assert in_language(row, "note") == "Typo in Tabel 2.1."
    monkeypatch.setattr(i18n, "_language", "id")
    assert in_language(row, "note") == "Salah ketik di Tabel 2.1."
    for empty in ("", "  ", None, float("nan")):
        assert in_language({"note": "Typo.", "note_id": empty}, "note", "id") == "Typo."
        assert in_language({"note": empty, "note_id": "Salah ketik."}, "note", "en") == "Salah ketik."
        assert in_language({"note": empty, "note_id": empty}, "note", "en") == ""
    assert in_language({"note": "Typo."}, "note", "id") == "Typo."  # no Indonesian column at all
    with pytest.raises(ParameterError, match="unknown language 'fr'"):
        in_language(row, "note", "fr")


def test_a_signed_number_in_the_readers_notation(monkeypatch) -> None:
    from lkip_helpers.notebook.messages import signed_number

    monkeypatch.setattr(i18n, "_language", "id")
    assert (signed_number(-6.0), signed_number(1.25), signed_number(0.0)) == ("-6,00", "+1,25", "0,00")
    monkeypatch.setattr(i18n, "_language", "en")
    assert signed_number(-6.0) == "-6.00"


def test_a_time_stamp_is_written_as_the_reader_writes_dates():
    from lkip_helpers.data.i18n import format_timestamp

    assert format_timestamp("2026-12-03T13:39:31+00:00", "id") == "3 Des 2026 13.39.31"
    english = format_timestamp("2026-12-03T13:39:31+00:00", "en")
    assert english.startswith("Dec 3, 2026") and "1:39:31" in english
    assert format_timestamp("not a time", "id") == "not a time"


def test_a_message_is_english_as_a_string_and_reads_in_either_language() -> None:
    """:class:`i18n.Message`: English as a string (what the library always wrote), the reader's
    language through the catalog; nested messages and counts follow the language, data stay as they are."""
    import pickle

    from lkip_helpers.data.errors import DataIssue, DataValidationError
    from lkip_helpers.data.i18n import Message, shown

    where = Message("{sheet} row {row}", sheet="Realisasi", row="12")
    issue = Message("{where}, column {column}", where=where, column="Nilai")
    assert issue == "Realisasi row 12, column Nilai" and "row 12" in issue
    assert issue.in_language("id") == "Realisasi baris 12, kolom Nilai"
    assert shown(issue, "en") == "Realisasi row 12, column Nilai" and shown("plain", "id") == "plain"
    assert pickle.loads(pickle.dumps(issue)).in_language("id") == "Realisasi baris 12, kolom Nilai"
    assert Message("{n} more issues", n=49999).in_language("id") == "49.999 masalah lain"
    assert Message("{n} more issues", n=49999).in_language("en") == "49,999 more issues"
    assert shown(ValueError(Message("{file}: the file is empty", file="a.txt")), "id") == "a.txt: berkasnya kosong"
    error = DataValidationError([DataIssue(Path("x.csv"), Message("{column}: a value is required", column="value"),
                                           row=3, column="value"), DataIssue(Path("x.csv"), "typed in English", row=4)])
    assert str(error) == ("x.csv, row 3 (line 4), column 'value': value: a value is required\n"
                          "(1 more issue:\n  x.csv, row 4 (line 5): typed in English)")
    assert error.in_language("id") == ("x.csv, baris 3 (baris berkas 4), kolom 'value': value: nilai wajib diisi\n"
                                       "(1 masalah lain:\n  x.csv, baris 4 (baris berkas 5): typed in English)")
