"""lkip run --lang: the reports in Bahasa Indonesia by default, in English on request; the other
language's Markdown cells removed at export; page titles naming notebook, entity, year (and misi)."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from lkip_helpers.batch.cli import main
from lkip_helpers.batch.execution import _to_html


@pytest.fixture(scope="module")
def reports(published_run):
    """The kota-bekasi 2023 report of the shared ``lkip run --all --jobs 2`` without ``--lang``
    (the default) and of the one with ``--lang en`` (conftest's ``published_run``), and the two
    runs' exit codes."""
    runs = {lang: published_run(lang) for lang in ("id", "en")}
    return ({lang: out / "kota-bekasi" / "2023" for lang, (out, _, _) in runs.items()},
            {lang: code for lang, (_, code, _) in runs.items()})


def _akip_row(html: str) -> str:
    return next(row for row in html.split("<tr") if "Nilai Akuntabilitas Kinerja" in row and "87" in row)


def test_the_default_is_bahasa_indonesia_with_indonesian_numbers(reports) -> None:
    folders, codes = reports
    assert codes == {"id": 0, "en": 0}
    html = (folders["id"] / "01_overview.html").read_text(encoding="utf-8")
    assert ">87,14<" in _akip_row(html) and "87.14" not in html
    assert ">capaian (dihitung ulang)<" in html
    manifest = json.loads((folders["id"] / "manifest.json").read_text())
    assert manifest["settings"]["lang"] == "id" and manifest["runs"][0]["parameters"]["lang"] == "id"
    assert "--lang" not in manifest["settings"]["command"], "the run did not ask for a language"


def test_english_on_request(reports) -> None:
    folders, _ = reports
    html = (folders["en"] / "01_overview.html").read_text(encoding="utf-8")
    assert ">87.14<" in _akip_row(html) and ">capaian (recomputed)<" in html
    assert json.loads((folders["en"] / "manifest.json").read_text())["settings"]["lang"] == "en"


def test_no_missing_value_marker_nor_row_index_in_the_tables(reports) -> None:
    folders, _ = reports
    for folder in folders.values():
        html = (folder / "01_overview.html").read_text(encoding="utf-8")
        tables = re.findall(r'<div class="lkip-table".*?</div>', html, re.S)
        assert tables
        for table in tables:
            assert not re.search(r">\s*(NaN|None|&lt;NA&gt;|nan)\s*<", table), table[:300]
            assert "<th" in table and 'class="row_heading' not in table and "<th>0</th>" not in table


def test_the_page_title_names_notebook_entity_and_year(reports) -> None:
    folders, _ = reports
    html = (folders["id"] / "01_overview.html").read_text(encoding="utf-8")
    assert "<title>01_overview · kota-bekasi 2023</title>" in html


def test_the_other_languages_cells_are_removed_at_export(tmp_path) -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Ringkasan kinerja", metadata={"tags": ["lang-id"]}),
        nbformat.v4.new_markdown_cell("Performance summary", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell("IKU 2023"),
    ])
    _to_html(nbformat.from_dict(nb), tmp_path / "id.html", False, "id", "t")
    _to_html(nbformat.from_dict(nb), tmp_path / "en.html", False, "en", "t")
    indonesian, english = (tmp_path / "id.html").read_text(), (tmp_path / "en.html").read_text()
    assert "Ringkasan kinerja" in indonesian and "Performance summary" not in indonesian
    assert "Performance summary" in english and "Ringkasan kinerja" not in english
    assert "IKU 2023" in indonesian and "IKU 2023" in english


def test_an_unknown_language_is_refused_before_any_kernel_starts(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--entity", "kota-bekasi", "--year", "2023", "--lang", "fr", "--output-dir", str(tmp_path)])
    assert "invalid choice: 'fr'" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_the_output_folder_has_an_index_of_every_report_and_each_report_links_back(reports) -> None:
    folders, _ = reports
    top = (folders["id"].parent.parent / "index.html").read_text(encoding="utf-8")
    assert '<a href="kota-bekasi/2023/index.html">' in top and "<title>Laporan LKIP</title>" in top
    assert "Kota Bekasi" in top
    assert '<a href="../../index.html">Kembali ke semua laporan</a>' in (folders["id"] / "index.html").read_text()
    assert '<a href="../../index.html">Back to all reports</a>' in (folders["en"] / "index.html").read_text()


def test_each_report_carries_the_print_stylesheet(reports) -> None:
    folders, _ = reports
    html = (folders["id"] / "01_overview.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert "@page { size: A4" in head and "@media print" in head
