"""<output>/index.html: every report of the output folder, escaped, in the run's language."""

from __future__ import annotations

import json

from lkip_helpers.batch.report_index import report_rows, write_reports_index


def _report(root, entity: str, folder: str, status: str) -> None:
    path = root / entity / folder
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps({"status": status, "finished": "2026-12-03T07:00:00"}))


def test_every_report_is_listed_with_its_status_and_link(tmp_path) -> None:
    _report(tmp_path, "kota-bekasi", "2023", "ok")
    _report(tmp_path, "kota-bekasi", "2024.failed", "failed")
    _report(tmp_path, "disdukcapil-kota-bekasi", "2024", "ok")
    (tmp_path / "kota-bekasi" / "2022").mkdir()  # no manifest: not a report
    rows = report_rows(tmp_path)
    assert [(r["entity"], r["year"], r["status"]) for r in rows] == [
        ("disdukcapil-kota-bekasi", "2024", "ok"), ("kota-bekasi", "2023", "ok"), ("kota-bekasi", "2024", "failed")]
    html = write_reports_index(tmp_path, "id", {"kota-bekasi": 'Kota <script>alert("x")</script>Bekasi'}).read_text()
    assert '<a href="kota-bekasi/2023/index.html">' in html and '<a href="kota-bekasi/2024.failed/index.html">' in html
    assert "<title>Laporan LKIP</title>" in html and ">berhasil<" in html and ">gagal<" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<title>LKIP reports</title>" in write_reports_index(tmp_path, "en").read_text()
    # names, not ids, in the cells (the id links the row); the time as the reader writes it
    assert 'data-id="kota-bekasi"' in html and "<td>kota-bekasi</td>" not in html
    assert "<td>disdukcapil-kota-bekasi</td>" in html  # no name known: the id rather than nothing
    assert "3 Des 2026 07.00.00" in html and "2026-12-03T07:00:00" not in html


def test_an_empty_output_folder_says_so(tmp_path) -> None:
    assert "Belum ada laporan yang diterbitkan." in write_reports_index(tmp_path, "id").read_text()
