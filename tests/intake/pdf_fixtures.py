"""PDFs built in the tests (fpdf2): a measurement table in a layout the extractor was not developed on,
an encrypted PDF and an image-only PDF. Numbers are fixture numbers, not a real report's."""

from __future__ import annotations

from pathlib import Path

#: (IKU no, name as printed on one or two lines, satuan, realisasi, target, capaian) — note the column
#: order realisasi before target; IKU 6 prints a realisasi whose leading digit was lost (".882.346")
ROWS = [
    ("Sasaran 1: Meningkatnya tata kelola pemerintahan",),
    (1, ("Nilai AKIP",), "Nilai", "70,50", "72,00", "97,92"),
    (2, ("Indeks Kepuasan Masyarakat",), "Indeks", "85,10", "84,00", "101,31"),
    ("Sasaran 2: Menurunnya kemiskinan dan pengangguran",),
    (3, ("Angka Kemiskinan",), "%", "5,20", "5,00", "96,15"),
    (4, ("Tingkat Pengangguran Terbuka",), "%", "6,10", "6,50", "106,56"),
    "page break",
    (5, ("Persentase Rumah Tangga dengan Akses", "Air Minum Layak"), "%", "88,40", "90,00", "98,22"),
    (6, ("Cakupan Kepemilikan KTP-el",), "%", ".882.346", "95,00", "99,10"),
    (7, ("Indeks Pembangunan Manusia",), "Nilai", "74.25", "74.00", "100.34"),
]

#: what the extractor must read: name -> (iku_no, target, realisasi, capaian); None = left blank
EXPECTED = {
    "Nilai AKIP": (1, 72.0, 70.5, 97.92),
    "Indeks Kepuasan Masyarakat": (2, 84.0, 85.1, 101.31),
    "Angka Kemiskinan": (3, 5.0, 5.2, 96.15),
    "Tingkat Pengangguran Terbuka": (4, 6.5, 6.1, 106.56),
    "Persentase Rumah Tangga dengan Akses Air Minum Layak": (5, 90.0, 88.4, 98.22),
    "Cakupan Kepemilikan KTP-el": (6, 95.0, None, None),
    "Indeks Pembangunan Manusia": (7, 74.0, 74.25, 100.34),
}

_WIDTHS = (10, 78, 20, 26, 26, 26)
_HEADER = ("No", "Indikator Kinerja", "Satuan", "Realisasi", "Target", "Capaian (%)")


def _pdf_class():
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, "Laporan Kinerja Kabupaten Contoh Tahun 2025", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, f"Halaman {self.page_no()}", align="C")

    return Report


def _row(pdf, texts: tuple[str, ...]) -> None:
    for width, text in zip(_WIDTHS, texts):
        pdf.cell(width, 6, text)
    pdf.ln(6)


def _table_header(pdf) -> None:
    pdf.set_font("Helvetica", "B", 9)
    _row(pdf, _HEADER)
    _row(pdf, tuple(str(i) for i in range(1, 7)))
    pdf.set_font("Helvetica", "", 9)


def measurement_pdf(path: Path, pages_of_prose: int = 0) -> Path:
    """The fixture report: a page of prose, the measurement table over two pages (header repeated),
    a source note; ``pages_of_prose`` more pages of prose after it (for the speed check)."""
    pdf = _pdf_class()()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, "BAB III AKUNTABILITAS KINERJA. Bagian ini menyajikan pengukuran kinerja "
                         "Kabupaten Contoh untuk tahun 2025 terhadap sasaran strategis.")
    pdf.ln(4)
    pdf.cell(0, 6, "Tabel 3.1 Capaian Kinerja Kabupaten Contoh Tahun 2025", new_x="LMARGIN", new_y="NEXT")
    _table_header(pdf)
    for row in ROWS:
        if row == "page break":
            pdf.add_page()
            _table_header(pdf)
            continue
        if len(row) == 1:
            pdf.cell(0, 6, row[0], new_x="LMARGIN", new_y="NEXT")
            continue
        number, names, satuan, realisasi, target, capaian = row
        _row(pdf, (f"{number}.", names[0], satuan, realisasi, target, capaian))
        for rest in names[1:]:
            _row(pdf, ("", rest, "", "", "", ""))
    pdf.cell(0, 6, "Sumber: data fiktif untuk pengujian", new_x="LMARGIN", new_y="NEXT")
    for _ in range(pages_of_prose):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 10)
        for _ in range(30):
            pdf.multi_cell(0, 5, "Uraian analisis capaian kinerja yang panjang, tanpa tabel, untuk "
                                 "mengisi halaman laporan seperti halaman narasi pada LKIP.",
                           new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    """A PDF that needs a password to open."""
    pdf = _pdf_class()()
    pdf.set_encryption(owner_password="pemilik", user_password="rahasia")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, "Tabel 3.1 Capaian Kinerja")
    pdf.output(str(path))
    return path


def image_only_pdf(path: Path) -> Path:
    """A PDF whose page is a picture (a scan): no text layer."""
    from fpdf import FPDF
    from PIL import Image

    picture = path.with_suffix(".png")
    Image.new("RGB", (40, 20), "white").save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=100)
    pdf.output(str(path))
    return path


#: a plan table in a PDF: (name, satuan, baseline 2020, targets 2021-2023, end) — fixture numbers
PLAN_ROWS = [
    ("Nilai AKIP", "Nilai", "65,00", "66,00", "68,00", "70,00", "70,00"),
    ("Angka Kemiskinan", "%", "6,00", "5,80", "5,50", "5,00", "5,00"),
]


def plan_pdf(path: Path) -> Path:
    """A measurement table (so that the plan rows have IKU to belong to) and, on the next page, a
    Renstra plan table whose ``Target`` heading stands over the year columns, the years on the
    line below, as word processors print them."""
    pdf = _pdf_class()()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, "Tabel 3.1 Capaian Kinerja Kabupaten Contoh Tahun 2025", new_x="LMARGIN", new_y="NEXT")
    _table_header(pdf)
    _row(pdf, ("1.", "Nilai AKIP", "Nilai", "70,50", "72,00", "97,92"))
    _row(pdf, ("2.", "Angka Kemiskinan", "%", "5,20", "5,00", "96,15"))
    pdf.add_page()
    pdf.cell(0, 6, "Tabel 2.1 Target Renstra Kabupaten Contoh 2021-2023", new_x="LMARGIN", new_y="NEXT")
    widths = (60, 16, 28, 18, 18, 18, 26)
    pdf.set_font("Helvetica", "B", 9)
    for width, text in zip(widths, ("Indikator Kinerja", "Satuan", "Kondisi Awal (2020)", "", "Target", "",
                                     "Kondisi Akhir")):
        pdf.cell(width, 6, text, align="C" if text == "Target" else "L")
    pdf.ln(6)
    for width, text in zip(widths, ("", "", "", "2021", "2022", "2023", "")):
        pdf.cell(width, 6, text)
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 9)
    for row in PLAN_ROWS:
        for width, text in zip(widths, row):
            pdf.cell(width, 6, text)
        pdf.ln(6)
    pdf.cell(0, 6, "Sumber: data fiktif untuk pengujian", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
