"""Which grading a score takes, read from the indicator (lkip_helpers.measurement.predicates)."""

from __future__ import annotations

import pytest

from lkip_helpers.measurement import score_scale


@pytest.mark.parametrize("indicator_id, name, scale", [
    ("kab-x-1", "Nilai Akuntabilitas Kinerja Instansi Pemerintah", "akip"),
    ("kab-x-2", "Nilai SAKIP Kabupaten", "akip"),
    ("kab-x-3", "Indeks Kepuasan Masyarakat (IKM) pelayanan publik", "ikm"),
    ("kab-x-akip", "", "akip"),
    ("kab-x-ikm", None, "ikm"),
    ("kab-x-4", "Persentase perangkat daerah dengan nilai AKIP minimal B", None),
    ("kab-x-5", "Rata-rata nilai AKIP kabupaten/kota", None),
    ("kab-x-6", "Indeks Pembangunan Manusia", None),
    ("kab-x-7", "Persentase unit layanan dengan IKM Baik", None),
    ("kab-x-8", "Nilai IKM Kecamatan", "ikm"),
    ("kab-x-9", "Tingkat Kepuasan Masyarakat terhadap Pelayanan Perizinan", "ikm"),
    # IKM is also Industri Kecil dan Menengah
    ("kab-x-10", "Nilai Produksi IKM", None),
    ("kab-x-11", "Nilai Ekspor Industri Kecil dan Menengah (IKM)", None),
    ("kab-x-12", "Pertumbuhan IKM", None),
    ("kab-x-13", "Indeks Kepuasan Masyarakat (IKM) terhadap pelayanan perizinan usaha", "ikm"),
    ("kab-x-14", "Laju pertumbuhan nilai SAKIP", None),
])
def test_the_scale_of_a_score_is_read_from_the_indicator_name(indicator_id, name, scale):
    assert score_scale(indicator_id, name) == scale
