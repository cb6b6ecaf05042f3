"""The audit's work paper (``lkip audit -o FILE.xlsx``): read back with openpyxl, compared with
``audit_report``; the command's refusals; where a figure stands in the source text."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from lkip_helpers.audit import audit_report
from lkip_helpers.audit.sources import find_in_source
from lkip_helpers.audit.workpaper import write_workpaper
from lkip_helpers.batch.cli import main
from lkip_helpers.data.dataset import load_dataset
from lkip_helpers.data.errors import ParameterError
from lkip_helpers.data.paths import default_data_dir

REPORTS = [("disdukcapil-kota-bekasi", 2024), ("kota-bekasi", 2023)]


@pytest.fixture(scope="module")
def wp_ds():
    return load_dataset(default_data_dir())


def _sheets(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _same_number(cell: object, value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return cell is None
    return cell is not None and math.isclose(float(cell), float(value), rel_tol=1e-12, abs_tol=1e-9)


@pytest.mark.parametrize("entity, year", REPORTS)
def test_the_work_paper_holds_the_findings_in_order(tmp_path, wp_ds, entity, year):
    path = tmp_path / "kertas-kerja.xlsx"
    n_bad, n_good = write_workpaper(path, wp_ds, entity, year, lang="en")
    findings = audit_report(wp_ds, entity, year)
    bad, good = findings[findings["status"] != "match"], findings[findings["status"] == "match"]
    sheets = _sheets(path)
    assert list(sheets) == ["Findings", "Checks that matched"]
    head, *rows = sheets["Findings"]
    col = {h: i for i, h in enumerate(head)}
    assert (n_bad, n_good) == (len(bad), len(good)) and len(rows) == len(bad) > 0
    assert [r[col["Key"]] for r in rows] == bad["key"].tolist()          # same findings, same order
    assert [r[col["Printed"]] for r in rows] == bad["printed_as"].tolist()
    assert [r[col["Recomputed"]] for r in rows] == bad["recomputed_as"].tolist()
    assert all(_same_number(r[col["Printed (number)"]], v) for r, v in zip(rows, bad["printed"]))
    assert all(_same_number(r[col["Recomputed (number)"]], v) for r, v in zip(rows, bad["recomputed"]))
    assert [r[col["Repeats"]] for r in rows] == bad["repeats"].tolist()
    assert rows[0][col["Consequence"]] == "changes an outcome"
    assert [r[col["No."]] for r in rows] == list(range(1, len(rows) + 1))
    mhead, *matched = sheets["Checks that matched"]
    assert len(matched) == len(good)
    assert [r[mhead.index("Key")] for r in matched] == good["key"].tolist()
    # readable locations: an indicator's name, never its id
    assert not any(str(r[col["Row"]]).startswith(("kota-", "dukcapil-")) for r in rows)


def test_the_work_paper_quotes_the_source(tmp_path, wp_ds):
    from lkip_helpers.data.paths import sources_dir

    if sources_dir() is None:
        pytest.skip("the source texts (../shared/sources) are not on this machine")
    path = tmp_path / "wp.xlsx"
    write_workpaper(path, wp_ds, "disdukcapil-kota-bekasi", 2024, lang="en")
    head, *rows = _sheets(path)["Findings"]
    col = {h: i for i, h in enumerate(head)}
    # the AKIP total of Tabel 3.16 (81,59 printed, 87,59 recomputed) is quoted from its table
    akip = [r for r in rows if r[col["Key"]] == "sum:lkip-disdukcapil-kota-bekasi-2024:akip-components:"
                                                 "disdukcapil-kota-bekasi:2024"]
    assert akip and akip[0][col["Line in the source"]] and "81" in akip[0][col["Source quote"]]
    quoted = [r for r in rows if r[col["Source quote"]]]
    assert len(quoted) >= len(rows) // 2
    assert all(str(r[col["Printed"]]) in r[col["Source quote"]] for r in quoted)


def test_headers_in_both_languages(tmp_path, wp_ds):
    write_workpaper(tmp_path / "id.xlsx", wp_ds, "disdukcapil-kota-bekasi", 2024, lang="id")
    sheets = _sheets(tmp_path / "id.xlsx")
    assert list(sheets) == ["Temuan", "Pemeriksaan yang cocok"]
    head = sheets["Temuan"][0]
    assert "Tercetak" in head and "Dihitung ulang" in head and "Kutipan sumber" in head
    assert sheets["Temuan"][1][head.index("Akibat")] == "mengubah hasil"
    with pytest.raises(ParameterError, match="unknown language"):
        write_workpaper(tmp_path / "fr.xlsx", wp_ds, "disdukcapil-kota-bekasi", 2024, lang="fr")
    assert not (tmp_path / "fr.xlsx").exists()


def test_the_command_refuses_to_overwrite_and_names_a_bad_report(tmp_path, capsys):
    out = tmp_path / "wp.xlsx"
    assert main(["audit", "--entity", "disdukcapil-kota-bekasi", "--year", "2024", "-o", str(out)]) == 0
    assert " temuan, " in capsys.readouterr().out  # the command speaks the work paper's language (id by default)
    before = out.read_bytes()
    assert main(["audit", "--entity", "disdukcapil-kota-bekasi", "--year", "2024", "-o", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert out.read_bytes() == before
    assert main(["audit", "--entity", "disdukcapil-kota-bekasi", "--year", "2024", "-o", str(out), "--force",
                 "--lang", "en"]) == 0
    assert list(_sheets(out))[0] == "Findings"
    for args, words in ((["--entity", "kota-depok", "--year", "2023"], "unknown entity 'kota-depok'"),
                        (["--entity", "kota-bekasi", "--year", "2020"], "valid years: 2023")):
        assert main(["audit", *args, "-o", str(tmp_path / "x.xlsx"), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert words in err and len(err.strip().splitlines()) == 1
        assert not (tmp_path / "x.xlsx").exists()
    assert main(["audit", "--entity", "kota-bekasi", "--year", "2023", "-o", str(tmp_path / "x.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err


def test_the_command_refuses_a_malformed_check_row_in_the_readers_language(data_copy, tmp_path, capsys, monkeypatch):
    """A row of check_relations.csv the audit cannot read: one line naming file, row and column, in Bahasa
    Indonesia by default and in English with --lang en; no work paper is written."""
    import csv

    monkeypatch.delenv("LKIP_LANG", raising=False)
    path = data_copy / "check_relations.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["check_id"] == "city-growth-pad-3-6")
    row["inputs"] = "[variable=realisasi] ** 2"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    line = rows.index(row) + 2
    out = tmp_path / "wp.xlsx"
    args = ["--data-dir", str(data_copy), "audit", "--entity", "kota-bekasi", "--year", "2023", "-o", str(out)]
    assert main(args) == 2
    assert capsys.readouterr().err == (
        f"lkip: audit ditolak: check_relations.csv baris {line} (city-growth-pad-3-6), kolom 'inputs': "
        "'[variable=realisasi] ** 2' bukan aritmetika dari angka dan rujukan sel [kolom=nilai; ...]\n")
    assert main([*args, "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"lkip: audit refused: check_relations.csv row {line} (city-growth-pad-3-6), column 'inputs': "
        "'[variable=realisasi] ** 2' is no arithmetic of numbers and cell references [column=value; ...]\n")
    assert not out.exists()


def test_libreoffice_opens_the_work_paper(tmp_path, wp_ds):
    """LibreOffice converts the work paper headless and the converted file reads back; skipped
    where LibreOffice is not installed."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed on this machine: apt install libreoffice-calc")
    path = tmp_path / "wp.xlsx"
    n_bad, _ = write_workpaper(path, wp_ds, "kota-bekasi", 2023, lang="en")
    saved = tmp_path / "saved"
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(saved), str(path)],
                   check=True, capture_output=True, timeout=180)
    sheets, original = _sheets(saved / "wp.xlsx"), _sheets(path)
    assert len(sheets["Findings"]) == n_bad + 1
    def same(a: object, b: object) -> bool:   # LibreOffice keeps 15 significant digits
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
        return a == b

    assert all(same(a, b) for ra, rb in zip(sheets["Findings"], original["Findings"], strict=True)
               for a, b in zip(ra, rb, strict=True))   # every cell as written, in order
    assert len(sheets["Checks that matched"]) == len(original["Checks that matched"])


def test_find_in_source(tmp_path):
    text = tmp_path / "r.txt"
    text.write_text("Tabel 3.5\tPAD ..... 12\nTabel 3.5 Realisasi PAD\nPAD\t1.234,5\t99,10%\nTabel 3.6 Lain\n"
                    "x 99,10%\nPAD naik 7,77% pada tahun ini\n", encoding="utf-8")
    hit = find_in_source(text, "Tabel 3.5", "99,10%")
    assert hit is not None and hit.line == 3 and "1.234,5" in hit.quote   # not the list of tables, not Tabel 3.6
    assert find_in_source(text, "Tabel 3.6", "1.234,5") is None            # not in that table
    assert find_in_source(text, "Bab III (text)", "7,77%").line == 6       # printed once in the text
    assert find_in_source(text, "Bab III (text)", "99,10%") is None        # twice: not placed
    assert find_in_source(None, "Tabel 3.5", "99,10%") is None
    assert find_in_source(text, "Tabel 3.5", "9") is None                  # too short to place
    assert pd.isna(pd.NA) and find_in_source(tmp_path / "missing.txt", "Tabel 3.5", "99,10%") is None
