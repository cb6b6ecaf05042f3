"""The sheets and columns of the report workbook (``lkip template``, ``lkip import``, ``lkip extract``).

One workbook holds one report (one entity, one reporting year): the entity and document are given once,
on the ``Entitas`` and ``Dokumen`` sheets, and every other row belongs to that document. Each sheet has
its header in Bahasa Indonesia on row 1 and an English gloss on row 2; data start on row 3
(:data:`FIRST_DATA_ROW`). A column is named in code by its ``key``, which is the column of the
``data/`` table it fills (``docs/workbook.md`` documents every sheet and column).

This module only declares; writing and reading the workbook live in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lkip_helpers.data.declared_rows import RELATION_KINDS

#: how a cell is read: free text, a whole number, a number in Indonesian or mixed notation, a figure
#: as printed (a number in any notation, or a text such as ``WTP`` or ``N/A``), or one of a list of
#: choices (a drop-down in the workbook). A printed figure the report misprinted (``Rp515.000.00,00``,
#: ``.882.346`` with a lost digit) is typed in double quotes to keep it as printed, without a value.
ColumnKind = Literal["text", "integer", "number", "printed", "choice"]

HEADER_ROW = 1
GLOSS_ROW = 2
FIRST_DATA_ROW = 3

#: drop-down lists of the workbook, by name
CHOICES: dict[str, tuple[str, ...]] = {
    "level": ("nasional", "provinsi", "kota", "kabupaten", "perangkat_daerah"),
    "polarity": ("higher_is_better", "lower_is_better", "categorical", "neutral"),
    "value_type": ("numeric", "categorical", "composite"),
    "unit": ("%", "nilai", "indeks", "rupiah", "jiwa", "ribu jiwa", "persen poin", "kasus", "km",
             "dokumen", "laporan", "predikat", "prestasi", "opini", "rasio", "orang", "titik", "unit",
             "hari", "tahun"),
    "role": ("iku", "sub_indicator", "supporting"),
    "target_measure": ("baseline", "baseline_other_unit", "target_rpjmd", "target_renstra", "target_renstra_revised",
                       "target_rpd", "target_pk", "target_final", "target_national"),
    "period": ("annual", "Q1", "Q2", "Q3", "Q4", "S1", "S2"),
    "budget_level": ("program", "kegiatan", "sub_kegiatan", "belanja", "iku", "total"),
    "akip_component": ("perencanaan_kinerja", "pengukuran_kinerja", "pelaporan_kinerja",
                       "evaluasi_internal", "total"),
    "ikm_measure": ("nrr", "nrr_weighted", "ikm", "kategori"),
    "sum_group_by": ("subcategory", "variable", "category"),
    "relation_kind": RELATION_KINDS,
    "tolerance": ("inputs",),
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a sheet: ``key`` is the data column it fills, ``header`` the Indonesian header,
    ``gloss`` its English gloss; ``choices`` names a list of :data:`CHOICES` for ``kind="choice"``;
    ``unit``-like columns whose list is a suggestion accept other values (``open_choice``)."""

    key: str
    header: str
    gloss: str
    kind: ColumnKind = "text"
    required: bool = False
    choices: str | None = None
    open_choice: bool = False


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its name, the ``data/`` table it fills, its columns and the columns that identify a
    row (the sheet's key, unique within the workbook)."""

    name: str
    table: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    optional: bool = False
    #: the columns that hold figures: a row whose figures are all blank is a row still to be filled
    #: (a pre-filled template row) and is skipped on import; empty for the registry sheets
    values: tuple[str, ...] = ()

    def column(self, key: str) -> ColumnSpec:
        """The column whose key is ``key`` (``KeyError`` if the sheet has none)."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"sheet {self.name!r} has no column {key!r}")


_SOURCE = ColumnSpec("source_ref", "Sumber (tabel/bagian)", "Source (table/section of the report)")
_INDICATOR = ColumnSpec("indicator_id", "Kode IKU", "Indicator id (from sheet IKU)", required=True)
_YEAR = ColumnSpec("year", "Tahun", "Year", "integer", required=True)
_PERIOD = ColumnSpec("period", "Periode", "Period (annual, Q1-Q4, S1/S2)", "choice", choices="period")
#: the first columns of the two check sheets (``checks.csv``, ``check_relations.csv``)
_CHECK_ID = ColumnSpec("check_id", "Kode cek", "Check id (slug, new in the data)", required=True)
_CHECK_DOCUMENT = ColumnSpec("document_id", "Kode dokumen", "Document id (empty: the report of sheet Dokumen)")
_CHECK_SOURCE = ColumnSpec("source_ref", "Sumber (tabel/bagian)", "Source (table/section of the report)",
                           required=True)
_CHECK_OUTCOME = ColumnSpec("outcome", "Hasil", "Outcome the figure decides (e.g. bands:<topic>; empty: none)")
_CHECK_DESCRIPTION = ColumnSpec("description", "Keterangan", "The relation in words (English)")
_CHECK_DESCRIPTION_ID = ColumnSpec("description_id", "Keterangan (Bahasa Indonesia)",
                                   "The relation in words in Bahasa Indonesia (empty: the English one is shown)")

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("Entitas", "entities", (
        ColumnSpec("entity_id", "Kode entitas", "Entity id (slug, e.g. kota-bekasi)", required=True),
        ColumnSpec("name", "Nama entitas", "Entity name", required=True),
        ColumnSpec("level", "Tingkat", "Level", "choice", required=True, choices="level"),
        ColumnSpec("parent_id", "Kode induk", "Parent entity id"),
    ), key=("entity_id",)),
    SheetSpec("Dokumen", "documents", (
        ColumnSpec("document_id", "Kode dokumen", "Document id (slug)", required=True),
        ColumnSpec("title", "Judul laporan", "Report title", required=True),
        ColumnSpec("report_year", "Tahun laporan", "Reporting year", "integer", required=True),
        ColumnSpec("publisher", "Penerbit", "Publisher"),
        ColumnSpec("published", "Terbit", "Published (year or year-month)"),
        ColumnSpec("source_file", "Berkas sumber", "Source file"),
    ), key=("document_id",)),
    SheetSpec("Misi", "misi", (
        ColumnSpec("misi_no", "No. misi", "Misi number", "integer", required=True),
        ColumnSpec("name", "Misi", "Misi (as printed)", required=True),
        _SOURCE,
    ), key=("misi_no",), optional=True),
    SheetSpec("Sasaran", "sasaran", (
        ColumnSpec("sasaran_id", "Kode sasaran", "Sasaran id (slug)", required=True),
        ColumnSpec("misi_no", "No. misi", "Misi number (empty for an office without misi)", "integer"),
        ColumnSpec("tujuan", "Tujuan", "Goal (tujuan)"),
        ColumnSpec("sasaran_no", "No. sasaran", "Sasaran number", "integer"),
        ColumnSpec("name", "Sasaran", "Sasaran (as printed)", required=True),
        _SOURCE,
    ), key=("sasaran_id",)),
    SheetSpec("IKU", "indicators", (
        ColumnSpec("indicator_id", "Kode IKU", "Indicator id (slug)", required=True),
        ColumnSpec("iku_no", "No. IKU", "IKU number", "integer"),
        ColumnSpec("name", "Indikator Kinerja Utama", "Indicator name (as printed)", required=True),
        ColumnSpec("name_en", "Nama (Inggris)", "Indicator name in English"),
        ColumnSpec("sasaran_id", "Kode sasaran", "Sasaran id (from sheet Sasaran)", required=True),
        ColumnSpec("role", "Peran", "Role (iku; sub_indicator of an IKU; supporting)", "choice", choices="role"),
        ColumnSpec("parent_indicator_id", "Kode IKU induk", "Parent IKU id (for a sub_indicator)"),
        ColumnSpec("unit", "Satuan", "Unit", "choice", required=True, choices="unit", open_choice=True),
        ColumnSpec("polarity", "Polaritas", "Polarity", "choice", required=True, choices="polarity"),
        ColumnSpec("value_type", "Jenis nilai", "Value type", "choice", choices="value_type"),
        ColumnSpec("formula", "Formula", "How the indicator is computed"),
        ColumnSpec("lower_bound", "Batas bawah", "Lower bound", "number"),
        ColumnSpec("upper_bound", "Batas atas", "Upper bound", "number"),
        _SOURCE,
    ), key=("indicator_id",)),
    SheetSpec("Target", "indicator_values", (
        _INDICATOR, _YEAR, _PERIOD,
        ColumnSpec("measure", "Jenis target", "Target kind (RPJMD, Renstra, PK, ...)", "choice",
                   required=True, choices="target_measure"),
        ColumnSpec("value_text", "Nilai target", "Target as printed", "printed", required=True),
        _SOURCE,
    ), key=("indicator_id", "year", "period", "measure"), values=("value_text",)),
    SheetSpec("Realisasi", "indicator_values", (
        _INDICATOR, _YEAR, _PERIOD,
        ColumnSpec("realisasi", "Realisasi", "Realisasi as printed", "printed"),
        ColumnSpec("capaian", "Capaian (%)", "Capaian as printed, if any", "printed"),
        ColumnSpec("numerator", "Pembilang", "Numerator of a coverage ratio, if printed", "printed"),
        ColumnSpec("denominator", "Penyebut", "Denominator of a coverage ratio, if printed", "printed"),
        _SOURCE,
    ), key=("indicator_id", "year", "period", "source_ref"),
        values=("realisasi", "capaian", "numerator", "denominator")),
    SheetSpec("Anggaran", "budgets", (
        ColumnSpec("level", "Tingkat", "Level (program, kegiatan, IKU)", "choice", required=True,
                   choices="budget_level"),
        ColumnSpec("code", "Kode", "Program/activity code"),
        ColumnSpec("name", "Nama program/kegiatan", "Program or activity name", required=True),
        ColumnSpec("indicator_id", "Kode IKU", "Indicator id it serves (if any)"),
        ColumnSpec("unit_text", "Pelaksana/satuan", "Unit or office as printed (e.g. Seluruh PD)"),
        _YEAR,
        ColumnSpec("pagu", "Pagu (Rp)", "Budget ceiling in rupiah as printed", "printed"),
        ColumnSpec("realisasi", "Realisasi (Rp)", "Spending in rupiah as printed", "printed"),
        _SOURCE,
        ColumnSpec("line_no", "No. baris", "Line number within its source table (empty: counted)", "integer"),
    ), key=("source_ref", "line_no", "level", "code", "name", "indicator_id", "year"), optional=True,
        values=("pagu", "realisasi")),
    SheetSpec("AKIP", "akip_components", (
        _YEAR,
        ColumnSpec("component", "Komponen", "AKIP component", "choice", required=True,
                   choices="akip_component"),
        ColumnSpec("weight", "Bobot", "Weight", "number"),
        ColumnSpec("value", "Nilai", "Score as printed", "printed", required=True),
        ColumnSpec("predicate_text", "Predikat", "Predicate as printed (AA, A, BB, ...)"),
        _SOURCE,
    ), key=("year", "component"), optional=True, values=("value",)),
    SheetSpec("IKM", "ikm_unsur", (
        ColumnSpec("service", "Layanan", "Service (slug; semua-layanan for all)", required=True),
        _YEAR, _PERIOD,
        ColumnSpec("unsur", "Unsur", "Element code (U1-U9)", required=True),
        ColumnSpec("unsur_name", "Nama unsur", "Element name"),
        ColumnSpec("measure", "Ukuran", "Measure (or another printed column, named after it)", "choice",
                   required=True, choices="ikm_measure", open_choice=True),
        ColumnSpec("value", "Nilai", "Value as printed", "printed", required=True),
        _SOURCE,
    ), key=("service", "year", "period", "unsur", "measure"), optional=True, values=("value",)),
    SheetSpec("CekJumlah", "checks", (
        _CHECK_ID, _CHECK_DOCUMENT,
        ColumnSpec("topic", "Topik statistik", "Stats topic (its file in stats/ without .csv)", required=True),
        _CHECK_SOURCE,
        ColumnSpec("variables", "Variabel", "Variables checked, joined with | (empty: every variable)"),
        ColumnSpec("total_category", "Baris total", "Row label of the total as printed", required=True),
        ColumnSpec("total_subcategory", "Subkategori total", "Subcategory of the total row, if the label is not enough"),
        ColumnSpec("parts", "Baris bagian", "Row labels of the parts, joined with | (* every other row)",
                   required=True),
        ColumnSpec("group_by", "Kelompok", "Blocks with their own total (subcategory, variable, category)", "choice",
                   choices="sum_group_by"),
        _CHECK_OUTCOME, _CHECK_DESCRIPTION, _CHECK_DESCRIPTION_ID,
    ), key=("check_id",), optional=True),
    SheetSpec("CekRelasi", "check_relations", (
        _CHECK_ID, _CHECK_DOCUMENT,
        ColumnSpec("kind", "Jenis relasi", "Kind (" + ", ".join(RELATION_KINDS) + ")",
                   "choice", required=True, choices="relation_kind"),
        ColumnSpec("subject", "Subjek", "Stats topic, indicator_values, or the unit id (unit-score)", required=True),
        _CHECK_SOURCE,
        ColumnSpec("variable", "Variabel", "Variable of the printed figure (the measure for indicator_values)",
                   required=True),
        ColumnSpec("rows", "Baris", "Row labels checked, joined with | (* every label; formula: the years)"),
        ColumnSpec("inputs", "Masukan",
                   "Inputs (numerator|denominator, ...; formula: the expression; within-range: [minimum]|[maximum])"),
        ColumnSpec("indicator_id", "Kode IKU", "Indicator id (unit-score; formula on indicator_values)"),
        _CHECK_OUTCOME,
        ColumnSpec("tolerance", "Toleransi", "Tolerance of a formula (empty: one printed unit; inputs)", "choice",
                   choices="tolerance"),
        ColumnSpec("key", "Kunci temuan", "Key of the findings of a formula (empty: the default)"),
        _CHECK_DESCRIPTION, _CHECK_DESCRIPTION_ID,
    ), key=("check_id",), optional=True),
)

#: the sheets of the report's own checks: a row's document, when given, must be the report's
CHECK_SHEETS = ("CekJumlah", "CekRelasi")
#: the table each check sheet fills → the sheet (``checks`` → ``CekJumlah``)
CHECK_TABLES: dict[str, str] = {spec.table: spec.name for spec in SHEETS if spec.name in CHECK_SHEETS}

#: the review sheet written by ``lkip extract`` (what a person must check); ``lkip import`` ignores it
REVIEW_SHEET = SheetSpec("Periksa", "", (
    ColumnSpec("sheet", "Lembar", "Sheet"),
    ColumnSpec("cell", "Sel", "Cell"),
    ColumnSpec("column", "Kolom", "Column"),
    ColumnSpec("value", "Teks sumber", "Source text"),
    ColumnSpec("reason", "Alasan", "Reason"),
    ColumnSpec("source", "Lokasi di sumber", "Where in the source (page/line)"),
), key=())

INSTRUCTIONS_SHEET = "Petunjuk"

#: one filled example row per sheet, shown on the instructions sheet (fixture figures, not a report's)
EXAMPLES: dict[str, dict[str, object]] = {
    "Entitas": {"entity_id": "kota-contoh", "name": "Kota Contoh", "level": "kota", "parent_id": ""},
    "Dokumen": {"document_id": "lkip-kota-contoh-2024", "title": "LKIP Kota Contoh Tahun 2024",
                "report_year": 2024, "publisher": "Sekretariat Daerah Kota Contoh", "published": "2025-03"},
    "Misi": {"misi_no": 1, "name": "Meningkatkan tata kelola pemerintahan", "source_ref": "Tabel 2.1"},
    "Sasaran": {"sasaran_id": "kota-contoh-s01", "misi_no": 1, "sasaran_no": 1,
                "name": "Meningkatnya akuntabilitas kinerja", "source_ref": "Tabel 2.3"},
    "IKU": {"indicator_id": "kota-contoh-akip", "iku_no": 1, "name": "Nilai AKIP", "name_en": "AKIP score",
            "sasaran_id": "kota-contoh-s01", "role": "iku", "unit": "nilai", "polarity": "higher_is_better",
            "value_type": "numeric", "formula": "nilai hasil evaluasi SAKIP", "lower_bound": 0,
            "upper_bound": 100, "source_ref": "Tabel 2.2"},
    "Target": {"indicator_id": "kota-contoh-akip", "year": 2024, "period": "annual", "measure": "target_pk",
               "value_text": "70,5", "source_ref": "Tabel 3.1"},
    "Realisasi": {"indicator_id": "kota-contoh-akip", "year": 2024, "period": "annual", "realisasi": "71,25",
                  "capaian": "101,06", "source_ref": "Tabel 3.1"},
    "Anggaran": {"level": "program", "name": "Program Penunjang Urusan Pemerintahan Daerah",
                 "indicator_id": "kota-contoh-akip", "year": 2024, "pagu": "2.724.097.390",
                 "realisasi": "Rp 2,6 M", "source_ref": "Tabel 3.21"},
    "AKIP": {"year": 2024, "component": "perencanaan_kinerja", "weight": "30", "value": "22,16",
             "source_ref": "Tabel 3.2"},
    "IKM": {"service": "semua-layanan", "year": 2024, "period": "S1", "unsur": "U1", "unsur_name": "Persyaratan",
            "measure": "nrr", "value": "3,742", "source_ref": "Tabel 3.11"},
    "CekJumlah": {"check_id": "kota-contoh-sum-pad-3-5", "topic": "pad-komponen", "source_ref": "Tabel 3.5",
                  "variables": "target|realisasi", "total_category": "PENDAPATAN ASLI DAERAH", "parts": "*",
                  "description": "PAD = the sum of its components"},
    "CekRelasi": {"check_id": "kota-contoh-capaian-akip", "kind": "formula", "subject": "indicator_values",
                  "source_ref": "Tabel 3.1", "variable": "capaian", "rows": "2024",
                  "inputs": "[measure=realisasi] / [measure=target_pk] * 100", "indicator_id": "kota-contoh-akip",
                  "outcome": "capaian", "tolerance": "inputs", "description": "capaian = realisasi / target x 100"},
}


def sheet(name: str) -> SheetSpec:
    """The sheet called ``name`` (``KeyError`` naming the known sheets if there is none)."""
    for spec in SHEETS:
        if spec.name == name:
            return spec
    raise KeyError(f"no sheet {name!r}; the workbook has {', '.join(s.name for s in SHEETS)}")
