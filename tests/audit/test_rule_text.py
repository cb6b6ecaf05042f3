"""The audit's rule and evidence texts in the reader's language (display time)."""

from __future__ import annotations

import pytest

from lkip_helpers.audit.known import NOT_RECOMPUTABLE
from lkip_helpers.audit.rule_text import in_language


@pytest.mark.parametrize("text, indonesian", [
    ("sum of 7 printed rows", "jumlah 7 baris tercetak"),
    ("sum of 3 printed rows ('-' as 0)", "jumlah 3 baris tercetak ('-' sebagai 0)"),
    ("86.84 (Tabel 3.2) in band Waspada of Tabel 2.5", "86.84 (Tabel 3.2) pada rentang Waspada menurut Tabel 2.5"),
    ("typo in a sasaran label: a name or label printed differently; there is no figure to recompute",
     "salah ketik pada label sasaran: nama atau label tercetak berbeda; tidak ada angka untuk dihitung ulang"),
    ("a rule no template knows", "a rule no template knows"),
])
def test_common_rules_read_in_bahasa_indonesia_and_stay_english_in_en(text, indonesian):
    assert in_language(text, "id") == indonesian
    assert in_language(text, "en") == text


def test_every_reason_a_discrepancy_cannot_be_recomputed_is_translated():
    untranslated = sorted({r for r in NOT_RECOMPUTABLE.values() if in_language(r, "id") == r})
    assert untranslated == []
    assert in_language(None, "id") is None and in_language(1.5, "id") == 1.5
