"""Reading a report: text with tab-separated cells and form-feed pages, PDFs, and refusals."""

from __future__ import annotations

import pytest
from pdf_fixtures import encrypted_pdf, image_only_pdf, measurement_pdf

from lkip_helpers.intake.text_source import SourceError, read_source


def test_text_lines_keep_their_cells_positions_and_line_numbers(tmp_path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Judul\n\nNO\tIKU\t\tTARGET\n1\tIndeks A\t\t77,00\n", encoding="utf-8")
    source = read_source(path)
    assert source.kind == "text" and source.pages is None
    assert [line.line_no for line in source.lines] == [1, 3, 4]  # blank lines are dropped, not renumbered
    header = source.lines[1]
    assert header.texts == ["NO", "IKU", "TARGET"] and [c.pos for c in header.cells] == [0, 1, 3]
    assert source.lines[2].where() == "line 4"


def test_form_feeds_give_pages(tmp_path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("a\nb\fc\n", encoding="utf-8")
    lines = read_source(path).lines
    assert [(line.page, line.text) for line in lines] == [(1, "a"), (1, "b"), (2, "c")]
    assert lines[2].where() == "p. 2, line 3"


def test_pdf_words_become_cells_by_their_gaps(tmp_path) -> None:
    source = read_source(measurement_pdf(tmp_path / "r.pdf"))
    assert source.kind == "pdf" and source.pages == 2
    row = next(line for line in source.lines if line.texts[:2] == ["1.", "Nilai AKIP"])
    assert row.texts == ["1.", "Nilai AKIP", "Nilai", "70,50", "72,00", "97,92"]
    assert row.page == 1 and row.cells[1].pos > row.cells[0].pos


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    ("Tabel\t1\n".encode("utf-16"), "binary"),
    (b"Tabel \xff\xfe 3.1", "not UTF-8"),
])
def test_unreadable_text_is_refused_with_the_reason(tmp_path, content, message) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_source(path)


def test_missing_broken_encrypted_and_image_only_pdfs_are_refused(tmp_path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "none.pdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(SourceError, match="not a readable PDF"):
        read_source(broken)
    with pytest.raises(SourceError, match="encrypted"):
        read_source(encrypted_pdf(tmp_path / "locked.pdf"))
    with pytest.raises(SourceError, match="image-only.*no OCR"):
        read_source(image_only_pdf(tmp_path / "scan.pdf"))
