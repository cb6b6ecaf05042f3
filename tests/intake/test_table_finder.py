"""Finding tables by their header words: continuation over pages, headings, wrapped rows, kinds."""

from __future__ import annotations

from lkip_helpers.intake.table_finder import find_tables
from lkip_helpers.intake.text_source import read_source

MEASUREMENT = """Tabel 3.1 Capaian Kinerja Kota Contoh Tahun 2025

NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN (%)
1\t2\t3\t4\t5\t6
Misi I : Tata kelola yang baik\t\t\t\t\t
1.\tMeningkatnya akuntabilitas\t1. Nilai AKIP\t77,00\t67,10\t87,14
\t\t2. Indeks Kepuasan Masyarakat\t88,80\t86,84\t97,79
\tdan layanan publik\t\t\t\t
\t\t3. Angka Kemiskinan\t4,01%\t4,10%\t97,80
Laporan Kinerja Kota Contoh 2025
12




NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN (%)
Misi II : Prasarana kota\t\t\t\t\t
2.\tTerwujudnya kota yang nyaman\t4. Indeks Penataan Ruang\t67,19%\t70,82%\t105,40
Sumber: Bappelitbangda, 2024.
"""


def _tables(tmp_path, text: str):
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return find_tables(read_source(path))


def test_a_measurement_table_continues_over_a_page_break(tmp_path) -> None:
    (table,) = _tables(tmp_path, MEASUREMENT)
    assert table.kind == "measurement" and table.label() == "Tabel 3.1"
    assert [row.iku_no for row in table.rows] == [1, 2, 3, 4]
    assert [row.misi_no for row in table.rows] == [1, 1, 1, 2]
    assert table.rows[3].values == {"target": "67,19%", "realisasi": "70,82%", "capaian": "105,40"}
    assert table.rows[3].sasaran == "Terwujudnya kota yang nyaman" and table.rows[3].sasaran_no == 2


def test_a_wrapped_sasaran_continues_the_cell_above_and_furniture_is_skipped(tmp_path) -> None:
    (table,) = _tables(tmp_path, MEASUREMENT)
    assert table.rows[1].sasaran == "Meningkatnya akuntabilitas dan layanan publik"
    assert table.rows[2].sasaran == table.rows[1].sasaran
    names = [row.name for row in table.rows]
    assert names == ["Nilai AKIP", "Indeks Kepuasan Masyarakat", "Angka Kemiskinan", "Indeks Penataan Ruang"]


def test_comparison_tables_with_several_year_groups_are_left_out(tmp_path) -> None:
    text = ("Tabel 3.5 Perbandingan\n\nSasaran\tIndikator\tTahun 2023\t\t\tTahun 2024\n"
            "\t\tTarget\tRealisasi\tCapaian\tTarget\tRealisasi\tCapaian\n"
            "Sasaran A\tIndeks A\t1\t2\t200\t2\t2\t100\n")
    assert _tables(tmp_path, text) == []


def test_perjanjian_kinerja_with_quarterly_targets(tmp_path) -> None:
    text = ("Tabel 2.3\nPerjanjian Kinerja Dinas Contoh 2025\n\n"
            "NO\tSASARAN\tINDIKATOR KINERJA\tSATUAN\tTARGET TAHUNAN\tTRIWULAN\tTARGET\n"
            "1\tMeningkatnya layanan\tIndeks Kepuasan Masyarakat\tNilai\t84.20\tTriwulan I\t0\n"
            "\t\t\t\t\tTriwulan II\t84.00\n\n\tpublik\t\t\t\tTriwulan IV\t84.20\n")
    (table,) = _tables(tmp_path, text)
    assert table.kind == "targets"
    (row,) = table.rows
    assert row.values == {"satuan": "Nilai", "target": "84.20"}
    assert row.periods == {"Q1": "0", "Q2": "84.00", "Q4": "84.20"}
    assert row.sasaran == "Meningkatnya layanan publik"


def test_a_target_table_without_a_perjanjian_title_is_not_taken(tmp_path) -> None:
    text = "Tabel 2.2 Target RPJMD\n\nNO\tINDIKATOR\tSATUAN\tTARGET\n1\tIndeks A\tNilai\t70\n"
    assert _tables(tmp_path, text) == []


def test_budget_rows_keep_their_indicator_and_skip_rows_without_amounts(tmp_path) -> None:
    text = ("Tabel 3.21 Pagu dan Realisasi\n\nIndikator\tProgram\tPagu Anggaran\tRealisasi\tPersentase\n"
            "Nilai AKIP\tProgram Penunjang (Seluruh PD)\t2.724.097.390.413\t1.949.314.065.322\t71,56%\n"
            "\tProgram Perencanaan\t4.614.351.000\t3.844.578.886\t83,32%\n"
            "\tProgram tanpa angka\t\t\t\n"
            "Total\t\t2.728.711.741.413\t1.953.158.644.208\t71,58%\n")
    (table,) = _tables(tmp_path, text)
    assert table.kind == "budget"
    assert [(r.level, r.indicator, r.name) for r in table.rows] == [
        ("program", "Nilai AKIP", "Program Penunjang (Seluruh PD)"),
        ("program", "Nilai AKIP", "Program Perencanaan"),
        ("total", "Nilai AKIP", "Total"),
    ]
    assert table.rows[1].pagu == "4.614.351.000"
