"""The report index: rendered from its template with every value escaped, and the same content
as before (status, duration, parameters, errors, notebooks not run)."""

from __future__ import annotations

import json
from pathlib import Path

from lkip_helpers.batch.manifest import build_manifest
from lkip_helpers.batch.publish import index_html
from lkip_helpers.batch.results import RunResult

MANIFEST = {"package_version": "0.1.0", "data_package_sha256": "ab" * 32, "started": "2026-01-01T00:00:00+00:00",
            "finished": "2026-01-01T00:01:00+00:00", "skipped": {"02_mission": "kota <x> has no RPJMD misi"},
            "settings": {"lang": "en"}}


def _index() -> str:
    results = [
        RunResult("01_overview", "01_overview.ipynb", {"entity": "kota-bekasi", "year": 2023}, "ok", 3.14159,
                  html="01_overview.html"),
        RunResult("<script>alert(1)</script>", "x.ipynb", {"entity": 'a"b<c>'}, "failed", 0.5,
                  error="ValueError: <b>bold</b> & 'quoted'"),
    ]
    return index_html("LKIP reports: <kota> 2023", results, MANIFEST)


def test_the_index_shows_every_run():
    page = _index()
    assert "<title>LKIP reports: &lt;kota&gt; 2023</title>" in page
    assert '<tr class="ok"><td><a href="01_overview.html">01_overview</a></td><td>ok</td><td>3.1 s</td>' in page
    assert "<td>entity=kota-bekasi, year=2023</td>" in page
    assert "data package abababababab;" in page and "1 of 2 notebooks succeeded" in page
    assert "<li>02_mission: kota &lt;x&gt; has no RPJMD misi</li>" in page
    assert "started Jan 1, 2026" in page and "2026-01-01T00:01:00" not in page  # times as the reader writes them


def test_the_index_writes_durations_and_times_in_the_readers_notation():
    results = [RunResult("01_overview", "01_overview.ipynb", {}, "ok", 3.14159, html="01_overview.html")]
    page = index_html("t", results, {**MANIFEST, "settings": {"lang": "id"}})
    assert "<td>3,1 s</td>" in page and "1 Jan 2026" in page


def test_every_value_in_the_index_is_escaped():
    page = _index()
    assert "<script>" not in page and "<b>" not in page and "<kota>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "ValueError: &lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39;" in page
    assert "entity=a&#34;b&lt;c&gt;" in page


# --- free space -------------------------------------------------------------------------------------
def _free(monkeypatch, free: int) -> list:
    import shutil
    from collections import namedtuple

    asked = []
    usage = namedtuple("usage", "total used free")

    def disk_usage(path):
        asked.append(path)
        return usage(10 * free + 1, 9 * free, free)

    monkeypatch.setattr(shutil, "disk_usage", disk_usage)
    return asked


def _last_report(folder, size: int):
    folder.mkdir(parents=True)
    (folder / "01_a.html").write_bytes(b"x" * (size - 100))
    (folder / "manifest.json").write_bytes(b"y" * 100)
    return folder


def test_a_report_needs_the_room_its_last_version_takes(tmp_path, monkeypatch):
    import pytest

    from lkip_helpers.batch.publish import check_free_space
    from lkip_helpers.data.errors import ParameterError

    report = _last_report(tmp_path / "out" / "kota-bekasi" / "2023", 5000)
    other = tmp_path / "out" / "disdukcapil-kota-bekasi" / "2024"
    asked = _free(monkeypatch, 4999)
    with pytest.raises(ParameterError) as err:
        check_free_space(tmp_path / "out", [report], minimum=10)
    assert str(tmp_path / "out") in str(err.value) and f"the size of the last report {report}" in str(err.value)
    assert asked == [tmp_path / "out"]
    _free(monkeypatch, 5000)
    check_free_space(tmp_path / "out", [report], minimum=10)
    with pytest.raises(ParameterError, match="the least a report takes"):  # a new report needs the minimum
        check_free_space(tmp_path / "out", [report, other], minimum=6000)


def test_a_new_output_folder_is_measured_on_its_nearest_parent(tmp_path, monkeypatch):
    import pytest

    from lkip_helpers.batch.publish import MIN_FREE_BYTES, check_free_space
    from lkip_helpers.data.errors import ParameterError

    asked = _free(monkeypatch, MIN_FREE_BYTES - 1)
    out = tmp_path / "new" / "out"
    with pytest.raises(ParameterError, match="not enough free space for the output folder"):
        check_free_space(out, [out / "kota-bekasi" / "2023"])
    assert asked == [tmp_path]


def test_the_index_speaks_the_reports_language():
    results = [RunResult("01_overview", "01_overview.ipynb", {"entity": "kota-bekasi"}, "ok", 1.0, html="01_overview.html")]
    page = index_html("LKIP", results, {**MANIFEST, "settings": {"lang": "id"}})
    assert "1 dari 1 notebook berhasil" in page and "Tidak dijalankan untuk laporan ini:" in page
    assert "<th>Laporan</th>" in page and "notebooks succeeded" not in page


def _manifest_of(plan, lang: str) -> dict:
    """The manifest a run of ``plan`` writes (read back from its JSON), in ``lang``."""
    run_info = {"started": MANIFEST["started"], "finished": MANIFEST["finished"]}
    manifest = build_manifest([], [], run_info=run_info, data_dir=Path("data"), data_hash="ab" * 32,
                              skipped=plan.skipped_text, settings={"lang": lang})
    return json.loads(json.dumps(manifest))


def test_the_manifest_keeps_the_english_reasons_and_both_languages(skip_plan):
    manifest = _manifest_of(skip_plan, "id")
    assert manifest["skipped"] == skip_plan.skipped
    assert manifest["skipped_text"] == skip_plan.skipped_text


def test_the_index_gives_every_kind_of_reason_a_notebook_was_not_run_in_the_reports_language(skip_plan):
    page = index_html("LKIP", [], _manifest_of(skip_plan, "id"))
    assert "<li>02_per_misi: kota-bekasi tidak memiliki misi RPJMD</li>" in page
    assert ("<li>04_regions: entity (dipakai karena focal_region kosong) &#39;kota-bekasi&#39; bukan kabupaten/kota "
            "dalam tabel regional; pilihan yang sah: tidak ada (tabel perbandingan daerah tidak memuat "
            "kabupaten/kota)</li>") in page
    assert ("<li>05_units: tidak ada skor unit (AKIP perangkat daerah / IKM unit layanan) untuk &#39;kota-bekasi&#39; "
            "2023; entitas dengan skor unit: kota-bekasi 2022 (akip, ikm)</li>") in page
    assert "<li>09_elsewhere: hanya berlaku untuk kota-cilegon, kota-depok</li>" in page
    english = index_html("LKIP", [], _manifest_of(skip_plan, "en"))
    for reason in skip_plan.skipped.values():
        assert reason.replace("'", "&#39;") in english and reason.replace("'", "&#39;") not in page


def test_an_index_of_an_old_manifest_gives_the_english_reasons():
    assert "skipped_text" not in MANIFEST
    page = index_html("LKIP", [], {**MANIFEST, "settings": {"lang": "id"}})
    assert "<li>02_mission: kota &lt;x&gt; has no RPJMD misi</li>" in page
    page = index_html("LKIP", [], {**MANIFEST, "skipped_text": {"02_mission": {"en": "kota <x> has no RPJMD misi"}},
                                   "settings": {"lang": "id"}})
    assert "<li>02_mission: kota &lt;x&gt; has no RPJMD misi</li>" in page
