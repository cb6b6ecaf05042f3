"""Every printed figure in data/ can be found in the source document its row names."""

from __future__ import annotations

import re

import pytest

TEXT_COLUMNS = ("value_text", "alias", "printed_value", "weight_text")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.fixture(scope="module")
def documents(ds, sources):
    docs = {}
    for row in ds["documents"].itertuples():
        path = sources / row.source_file
        assert path.exists(), f"documents.csv names {row.source_file}, not found in {sources}"
        raw = path.read_text(encoding="utf-8")
        docs[row.document_id] = (raw, _norm(raw))
    return docs


BLANK = "(empty)"  # printed_value of a discrepancy about a cell printed blank


def _cells(ds):
    for name, table in ds.tables.items():
        for column in TEXT_COLUMNS:
            if column not in table.columns or "document_id" not in table.columns:
                continue
            for idx, (text, doc) in enumerate(zip(table[column], table["document_id"]), start=1):
                if not isinstance(text, str) or not text or text == BLANK:
                    continue
                # a discrepancy may quote several printed cells, separated by " / "
                parts = text.split(" / ") if column == "printed_value" else [text]
                for part in parts:
                    yield name, idx, column, part, doc


def test_every_printed_cell_is_in_its_source(ds, documents):
    checked, missing = 0, []
    for name, row, column, text, doc in _cells(ds):
        raw, norm = documents[doc]
        checked += 1
        if text not in raw and _norm(text) not in norm:
            missing.append(f"{name} row {row} {column}={text!r} not in {doc}")
    assert checked >= 60, "too few printed cells to check provenance"
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
