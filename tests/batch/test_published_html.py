"""Every HTML page of ``lkip run --all``, in both languages, as a reader gets it.

A scan of every table (no ``NaN``/``None``/``<NA>``/``nan`` cell, no pandas row-index column,
the city overview's AKIP capaian in the reader's notation only), and the index and two reports
opened in headless Chromium at A4 width (the page rendered: text and pictures, a screenshot that is
not blank; the body no wider than the window). One run of every report per language per test
session (about 40 s each on two cores).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lkip_helpers.batch.cli import main

#: what a table cell must never show
MISSING_TEXT = re.compile(r"^(NaN|None|<NA>|nan|NaT)$")
#: A4 at 96 px per inch
A4_WINDOW = (794, 1123)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


@pytest.fixture(scope="session")
def published(published_run):
    """``published(lang)``: the output folder of the shared ``lkip run --all --jobs 2`` in
    ``lang`` (conftest's ``published_run``: run once per test session, shared with the end-to-end
    tests of the runner)."""

    def run(lang: str) -> Path:
        out, code, err = published_run(lang)
        assert code == 0, err
        return out

    return run


def table_problems(html: str) -> list[str]:
    """What a reader should never see in the tables of a page: a missing-value marker as cell
    text, pandas' row numbers (a ``<th>`` holding only a number at the start of a body row, or
    pandas' index headings)."""
    from bs4 import BeautifulSoup

    problems = []
    for t, table in enumerate(BeautifulSoup(html, "html.parser").find_all("table")):
        for cell in table.find_all(["td", "th"]):
            if MISSING_TEXT.match(cell.get_text(" ", strip=True)):
                problems.append(f"table {t}: a cell shows {cell.get_text(strip=True)!r}")
        for row in table.select("tbody tr"):
            first = row.find(["th", "td"])
            if first is not None and first.name == "th" and re.fullmatch(r"\d+", first.get_text(strip=True)):
                problems.append(f"table {t}: row index {first.get_text(strip=True)}")
                break
        if table.select("th.row_heading, th.index_name, th.blank"):
            problems.append(f"table {t}: pandas index heading")
    return problems


def data_ids() -> set[str]:
    """Every id of the data's registries (indicators, sasaran, entities, units, documents): what a
    table cell should show by name instead."""
    import pandas as pd

    from lkip_helpers.data.paths import default_data_dir

    ids: set[str] = set()
    for table, column in (("indicators", "indicator_id"), ("sasaran", "sasaran_id"), ("entities", "entity_id"),
                          ("units", "unit_id"), ("documents", "document_id")):
        ids |= set(pd.read_csv(default_data_dir() / f"{table}.csv", usecols=[column])[column].astype(str))
    return ids


def id_cells(html: str, ids: set[str]) -> list[str]:
    """The table cells of a page that show an id of ``ids`` instead of a name."""
    from bs4 import BeautifulSoup

    return [f"table {t}: {cell.get_text(strip=True)}"
            for t, table in enumerate(BeautifulSoup(html, "html.parser").find_all("table"))
            for cell in table.find_all("td") if cell.get_text(" ", strip=True) in ids]


def test_the_scan_finds_what_it_looks_for():
    import pandas as pd

    raw = pd.DataFrame({"a": [1.0, None], "b": pd.array(["x", None], dtype="string")}).to_html()
    found = table_problems(raw)
    assert "table 0: row index 0" in found and "table 0: a cell shows 'NaN'" in found
    assert "table 0: a cell shows '<NA>'" in found
    assert table_problems("<table><tr><td>None</td></tr></table>") == ["table 0: a cell shows 'None'"]
    assert table_problems(pd.DataFrame({"a": [1]}).to_html(index=False)) == []
    ids = data_ids()
    assert {"kota-akip", "kota-bekasi-s01", "kota-bekasi"} <= ids
    page = '<table><tr data-id="kota-akip"><td>Nilai AKIP</td><td>kota-akip</td></tr></table>'
    assert id_cells(page, ids) == ["table 0: kota-akip"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_missing_marker_nor_row_index_in_any_report(published, lang):
    out = published(lang)
    pages = sorted(out.rglob("*.html"))
    manifests = [json.loads(p.read_text()) for p in out.glob("*/*/manifest.json")]
    assert len(manifests) == 2 and all(m["status"] == "ok" for m in manifests)
    assert len(pages) >= 2 * 8, [p.name for p in pages]
    problems = {str(p.relative_to(out)): table_problems(p.read_text(encoding="utf-8")) for p in pages}
    assert {page: found for page, found in problems.items() if found} == {}
    tables = sum(p.read_text(encoding="utf-8").count("<table") for p in pages)
    assert tables >= 100, "the scan saw the reports' tables"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_table_cell_shows_an_id_where_a_name_belongs(published, lang):
    out, ids = published(lang), data_ids()
    found = {str(p.relative_to(out)): id_cells(p.read_text(encoding="utf-8"), ids) for p in sorted(out.rglob("*.html"))}
    assert {page: cells for page, cells in found.items() if cells} == {}
    forecast = (out / "kota-bekasi" / "2023" / "03_forecast.html").read_text(encoding="utf-8")
    assert 'data-id="kota-akip"' in forecast and "Nilai Akuntabilitas Kinerja Instansi Pemerintah" in forecast


@pytest.mark.parametrize("lang,shown,never", [("id", "87,14", "87.14"), ("en", "87.14", "87,14")])
def test_the_city_overview_writes_the_akip_capaian_in_the_readers_notation(published, lang, shown, never):
    html = (published(lang) / "kota-bekasi" / "2023" / "01_overview.html").read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert shown in text and never not in text


# --- in a browser ----------------------------------------------------------------------------------
#: written into a copy of each page: after loading, the page records what it shows
PROBE = """<script>window.addEventListener("load", function () {
  var d = document.documentElement, b = document.body, p = document.createElement("pre");
  p.id = "lkip-probe";
  p.textContent = JSON.stringify({scroll: Math.max(d.scrollWidth, b.scrollWidth), client: d.clientWidth,
    text: (b.innerText || "").trim().length, images: document.images.length,
    broken: Array.prototype.filter.call(document.images, function (i) { return !i.complete || i.naturalWidth === 0; }).length});
  b.appendChild(p);
});</script>"""


def _chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={A4_WINDOW[0]},{A4_WINDOW[1]}",
         "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


def _open(page: Path, tmp_path: Path) -> tuple[dict, Path]:
    """What Chromium shows of ``page``: the probe's record and a screenshot of the first screen.
    The copy with the probe sits beside the page (its relative links resolve) and is removed."""
    copy = page.with_name(f"probe-{page.name}")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    shot = tmp_path / "screen.png"
    try:
        dom = _chromium(copy, tmp_path / "profile-dom", "--dump-dom")
        _chromium(copy, tmp_path / "profile-shot", f"--screenshot={shot}")
    finally:
        copy.unlink()
    found = re.search(r'<pre id="lkip-probe">(.*?)</pre>', dom.stdout, re.S)
    assert found, f"Chromium did not render {page.name}: {dom.stderr[-800:]}"
    return json.loads(found.group(1)), shot


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
@pytest.mark.parametrize("page,pictures", [("index.html", 0), ("kota-bekasi/2023/01_overview.html", 2),
                                           ("disdukcapil-kota-bekasi/2024/07_audit.html", 0)])
def test_the_pages_render_in_chromium_within_an_a4_wide_window(published, tmp_path, page, pictures):
    """The index, the city overview (figures) and the office's audit (the widest tables)."""
    from PIL import Image

    record, shot = _open(published("id") / page, tmp_path)
    assert record["text"] > 200, record
    assert record["broken"] == 0, record
    assert record["images"] >= pictures, record
    assert record["scroll"] <= record["client"] + 1, f"the body is wider than the window: {record}"
    with Image.open(shot) as image:
        low, high = zip(*image.convert("RGB").getextrema())
        assert image.size == A4_WINDOW and max(h - lo for lo, h in zip(low, high)) > 100, "a blank screenshot"
