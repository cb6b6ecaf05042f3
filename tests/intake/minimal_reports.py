"""Workbook frames of small reports built for the tests. The figures are fixture numbers, not
figures of any real report."""

from __future__ import annotations

import pandas as pd

#: (indicator id suffix, name, unit, polarity, lower, upper, target, realisasi, printed capaian)
FIXTURE_IKU = [
    ("akip", "Nilai AKIP (fixture)", "nilai", "higher_is_better", 0, 100, "70", "72,5", "103,57"),
    ("kemiskinan", "Persentase penduduk miskin (fixture)", "%", "lower_is_better", 0, 100, "4,2", "4,0", None),
    ("ipm", "Indeks Pembangunan Manusia (fixture)", "indeks", "higher_is_better", 0, 100, "80,1", "79,65", "99,44"),
    ("pad", "Pendapatan Asli Daerah (fixture)", "rupiah", "higher_is_better", None, None, "Rp 2,9 T", "2.733.723.365.213", None),
    ("opini", "Opini BPK (fixture)", "opini", "categorical", None, None, "WTP", "WTP", None),
]


def minimal_frames(entity: str = "kota-contoh", year: int = 2024, *, level: str = "kota", misi: bool = True,
                   n_iku: int = 5) -> dict[str, pd.DataFrame]:
    """A report with only the core: entity, document, (misi,) sasaran, ``n_iku`` IKU, one year's
    targets and realisasi, capaian where printed."""
    doc = f"lkip-{entity}-{year}"
    iku = [FIXTURE_IKU[i % len(FIXTURE_IKU)] for i in range(n_iku)]
    ids = [f"{entity}-{suffix}" + (f"-{i}" if i >= len(FIXTURE_IKU) else "") for i, (suffix, *_) in enumerate(iku)]
    sasaran = [f"{entity}-s01", f"{entity}-s02"]
    frames = {
        "Entitas": pd.DataFrame([{"entity_id": entity, "name": f"Contoh {entity}", "level": level}]),
        "Dokumen": pd.DataFrame([{"document_id": doc, "title": f"LKIP {entity} {year} (fixture)", "report_year": year}]),
        "Sasaran": pd.DataFrame([{"sasaran_id": s, "misi_no": (n + 1 if misi else None), "sasaran_no": n + 1,
                                  "name": f"Sasaran {n + 1} (fixture)", "source_ref": "Tabel 2.1"}
                                 for n, s in enumerate(sasaran)]),
        "IKU": pd.DataFrame([{"indicator_id": i, "iku_no": n + 1, "name": row[1], "sasaran_id": sasaran[n % 2],
                              "unit": row[2], "polarity": row[3], "lower_bound": row[4], "upper_bound": row[5],
                              "source_ref": "Tabel 2.2"} for n, (i, row) in enumerate(zip(ids, iku))]),
        "Target": pd.DataFrame([{"indicator_id": i, "year": year, "measure": "target_pk", "value_text": row[6],
                                 "source_ref": "Tabel 3.1"} for i, row in zip(ids, iku)]),
        "Realisasi": pd.DataFrame([{"indicator_id": i, "year": year, "realisasi": row[7], "capaian": row[8]}
                                   for i, row in zip(ids, iku)]),
    }
    if misi:
        frames["Misi"] = pd.DataFrame([{"misi_no": 1, "name": "Misi satu (fixture)", "source_ref": "Tabel 2.1"},
                                       {"misi_no": 2, "name": "Misi dua (fixture)", "source_ref": "Tabel 2.1"}])
    return frames
