"""Every printed figure in data/ can be found where its row says it was printed.

A row whose ``source_ref`` names numbered tables (``Tabel 3.4``, or several joined by ``"; "``)
must have its printed text inside one of those tables' spans in the source document; a row that
cites the text (``Bab III.B Sasaran 1 IKU 1 (text)``) is searched in the whole document. The text
must occur as a whole cell, not inside a longer number: ``6`` is not found in ``16`` or ``6,5``.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

TEXT_COLUMNS = ("value_text", "alias", "printed_value", "weight_text")
TABLE_REF = re.compile(r"Tabel (\d+\.\d+)")
# A table heading: a line starting with "Tabel 3.4" (optionally in bold; the Disdukcapil report
# spells one heading "Table 3.10"). Lines of the list of tables end in a page number after a tab
# ("Tabel 3.1\t: Capaian ...\t33") and are not headings.
HEADING = re.compile(r"^\**[ \t]*Tab(?:el|le)[ \t]+(\d+\.\d+)\b(?P<rest>.*)$", re.MULTILINE)
LIST_OF_TABLES = re.compile(r"\t[ \t]*\d{1,3}[ \t]*$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def table_spans(raw: str) -> dict[str, list[tuple[int, int]]]:
    """Character spans of every numbered table of a document.

    A table's span runs from its heading to the next heading of *another* table, so a table
    whose heading is repeated after a page break ("Tabel 3.21" … "Tabel 3.21") is one span, and
    the text after the last table's rows (its notes, the paragraph that discusses it) stays in
    it until the next table begins. Returns ``{"3.4": [(start, end), ...]}``.
    """
    heads = [
        (m.start(), m.group(1)) for m in HEADING.finditer(raw) if not LIST_OF_TABLES.search(m.group("rest"))
    ]
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, (start, number) in enumerate(heads):
        if i and heads[i - 1][1] == number:
            continue  # a repeated heading: already inside the span opened before
        end = next((pos for pos, other in heads[i + 1 :] if other != number), len(raw))
        spans[number].append((start, end))
    return dict(spans)


def _as_cell(text: str) -> re.Pattern[str]:
    """``text`` (normalised) as a whole cell: not preceded or followed by a letter or digit, nor
    by a digit group (``,5`` / ``.000``) that would make it part of a longer number."""
    return re.compile(r"(?<![0-9a-z])(?<![0-9][.,])" + re.escape(_norm(text)) + r"(?![0-9a-z])(?![.,][0-9])")


def find(text: str, haystack_norm: str) -> bool:
    return _as_cell(text).search(haystack_norm) is not None


# --- the rule itself, on a hand-made document ---------------------------------------------------
TOY = "\n".join(
    [
        "DAFTAR TABEL",
        "Tabel 1.1\t: Luas wilayah\t9",  # list of tables: not a heading
        "Tabel 1.2\t: Penduduk\t10",
        "Pendahuluan menyebut angka 77 dan Tabel 1.2 di bawah.",
        "Tabel 1.1 Luas wilayah",
        "Bekasi Barat\t16,5",
        "Tabel 1.2 Penduduk",
        "Bekasi Barat\t2.569.193",
        "(halaman berikut)",
        "**Tabel 1.2 Penduduk (lanjutan)**",
        "Bekasi Timur\t100",
        "Table 1.3",
        "Jumlah\t6",
    ]
)


def test_table_spans_on_a_hand_made_document():
    spans = table_spans(TOY)
    assert set(spans) == {"1.1", "1.2", "1.3"}
    assert len(spans["1.2"]) == 1  # the repeated heading continues the same span
    text = {n: " ".join(_norm(TOY[a:b]) for a, b in s) for n, s in spans.items()}
    assert find("16,5", text["1.1"]) and not find("16,5", text["1.2"])
    assert find("2.569.193", text["1.2"]) and find("100", text["1.2"])  # after the page break
    assert not find("77", text["1.1"]) and not find("77", text["1.2"])  # printed before the tables
    assert find("6", text["1.3"]) and not find("6", text["1.1"])  # "6" is not a cell of "16,5"
    assert not find("2.569", text["1.2"]) and not find("569.193", text["1.2"])  # part of a longer number


# --- the data -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def documents(ds, sources):
    docs = {}
    for row in ds["documents"].itertuples():
        path = sources / row.source_file
        assert path.exists(), f"documents.csv names {row.source_file}, not found in {sources}"
        raw = path.read_text(encoding="utf-8")
        spans = {n: " \n ".join(_norm(raw[a:b]) for a, b in s) for n, s in table_spans(raw).items()}
        docs[row.document_id] = (raw, _norm(raw), spans)
    return docs


BLANK = "(empty)"  # printed_value of a discrepancy about a cell printed blank


def _cells(ds):
    for name, table in ds.tables.items():
        for column in TEXT_COLUMNS:
            if column not in table.columns or "document_id" not in table.columns:
                continue
            refs = table["source_ref"] if "source_ref" in table.columns else [""] * len(table)
            for idx, (text, doc, ref) in enumerate(zip(table[column], table["document_id"], refs), start=1):
                if not isinstance(text, str) or not text or text == BLANK:
                    continue
                # a discrepancy may quote several printed cells, separated by " / "
                parts = text.split(" / ") if column == "printed_value" else [text]
                for part in parts:
                    yield name, idx, column, part, doc, ref if isinstance(ref, str) else ""


def _tables_named(ref: str) -> list[str] | None:
    """The table numbers of a reference made only of numbered tables, else ``None``."""
    parts = ref.split("; ")
    numbers = [m.group(1) for p in parts if (m := TABLE_REF.fullmatch(p))]
    return numbers if numbers and len(numbers) == len(parts) else None


def test_every_printed_cell_is_in_its_source(ds, documents):
    checked, in_tables, missing = 0, 0, []
    for name, row, column, text, doc, ref in _cells(ds):
        raw, norm, spans = documents[doc]
        checked += 1
        numbers = _tables_named(ref)
        if numbers is None:
            if not find(text, norm):
                missing.append(f"{name} row {row} {column}={text!r} not in {doc}")
            continue
        in_tables += 1
        absent = [n for n in numbers if n not in spans]
        if absent:
            missing.append(f"{name} row {row}: no heading of Tabel {', '.join(absent)} in {doc}")
        elif not any(find(text, spans[n]) for n in numbers):
            where = "elsewhere in the document" if find(text, norm) else "nowhere in the document"
            missing.append(f"{name} row {row} {column}={text!r} not in {ref} of {doc} (found {where})")
    assert checked >= 60, "too few printed cells to check provenance"
    assert in_tables >= 60, "too few printed cells checked inside their table"
    assert not missing, f"{len(missing)} of {checked} printed cells not found:\n" + "\n".join(missing[:40])


def test_every_table_with_figures_is_covered(ds):
    tables = {name for name, *_ in _cells(ds)}
    for expected in ("indicator_values", "regional_benchmarks", "unit_scores", "budgets", "akip_components", "ikm_unsur"):
        assert expected in tables
    assert any(t.startswith("stats-") for t in tables)


def test_source_refs_name_tables_that_exist(ds, documents):
    """A 'Tabel X.Y' reference must be a table number printed in that document."""
    bad = []
    for name, table in ds.tables.items():
        if "source_ref" not in table.columns:
            continue
        for refs, doc in set(zip(table["source_ref"], table["document_id"])):
            for ref in refs.split("; "):
                m = re.match(r"^Tabel (\d+\.\d+)$", ref)
                if m and not re.search(rf"Tabel\s+{re.escape(m.group(1))}\b", documents[doc][0]):
                    bad.append(f"{name}: {ref} ({doc})")
    assert not bad, bad
