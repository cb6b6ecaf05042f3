"""The audit against the known-discrepancies table (``data/discrepancies.csv``).

A row of the table is linked to the audit by its ``audit_key``:

* a finding's key (``capaian:lkip-kota-bekasi-2023:kota-gini-ratio:2022``) links that finding;
* a key ending in ``:*`` links the *group* of findings whose keys start with the part before the
  ``*`` — one recorded contradiction that the audit checks figure by figure (every unsur of a
  table labelled Semester II that repeats Triwulan IV; the two swapped efficiency extremes).

A keyed row is **rediscovered** when at least one finding it links does not match. A row without
``audit_key`` cannot be recomputed from the data; :data:`NOT_RECOMPUTABLE` says why, row by row
(reviewed by hand: a label or name printed differently, a unit, a definition in words, a missing
or malformed cell ...). A row with neither an ``audit_key`` nor an entry there is listed as "not
reviewed for the audit".
"""

from __future__ import annotations

import pandas as pd

from .texts import compose, reader_text

__all__ = ["NOT_RECOMPUTABLE", "REASONS", "GROUP_SUFFIX", "key_matches", "known_vs_new", "recorded_discrepancies"]

#: An ``audit_key`` ending in this names a group of findings (module docstring).
GROUP_SUFFIX = ":*"



def _label(what: str) -> dict:
    """The reason of a label or name printed differently (``what``: a message of the catalog)."""
    return reader_text("{what}: a name or label printed differently; there is no figure to recompute",
                       what=reader_text(what))


#: Why a recorded discrepancy has no ``audit_key``, by ``discrepancy_id``: a text of
#: :mod:`.texts` (a catalog message, composed in the reader's language).
REASONS: dict[str, dict | str] = {
    # city: labels and names
    "city-a-002": _label("misi label (sarana/prasarana order)"),
    "city-a-006": _label("typo in a sasaran label"),
    "city-a-017": _label("indicator name in the sasaran column"),
    "city-a-018": _label("indicator name in the sasaran column"),
    "city-d-015": _label("indicator names in the sasaran column"),
    "city-e-029": _label("IKU name in the budget table"),
    "city-c-006": _label("staff paragraph copied from another IKU"),
    "city-c-012": _label("IKU named in a programme paragraph"),
    "city-c-015": _label("city name (Kota Bogor) in a paragraph"),
    "city-c-016": _label("English label of P2"),
    "city-d-002": _label("edition of POPDA (XIII vs XII)"),
    "city-d-010": _label("IKU named in a budget sentence"),
    "city-d-016": _label("sasaran named for IKU 24"),
    "city-d-017": _label("sasaran named for IKU 25"),
    "city-e-005": _label("table number cited in the text"),
    "city-e-007": _label("IKU named in a budget paragraph"),
    # city: units, definitions, judgements
    "city-a-009": "the baseline cell holds only a unit sign: no value was printed",
    "city-a-010": "baseline printed in another unit (rupiah for a growth rate): kept as baseline_other_unit, "
                  "not comparable with the indicator's values by design",
    "city-a-011": "baseline printed in another unit (rupiah for a percentage): kept as baseline_other_unit, "
                  "not comparable with the indicator's values by design",
    "city-a-012": "baseline printed in another unit (an expenditure level for a percentage): kept as "
                  "baseline_other_unit, not comparable by design",
    "city-a-013": "the unit printed beside target and realisasi (%) differs from the indicator's unit (Nilai): "
                  "a unit label, the figures themselves are checked",
    "city-c-011": "the definition in words divides by year n, the printed formula by year n-1: wording of a "
                  "definition, not a figure",
    "city-c-019": "the same TPT fall is called penurunan and peningkatan (an improvement); for a lower-is-better "
                  "rate both words fit the numbers, so each wording matches",
    "city-c-020": "the definition in words divides by year n, the printed formula by year n-1: wording of a "
                  "definition, not a figure",
    "city-d-013": "the text says the 2023 IPG is the 2022 value (2023 not yet published): the year a figure "
                  "belongs to, with no second figure to compare",
    "city-g-001": "an implausible baseline (ten times every later target): a judgement, no rule derives the "
                  "baseline from other figures",
    "city-h-001": "a per-capita expenditure quoted without a year in the Gini section: which year the text "
                  "means is a reading of the prose, not a computation",
    # Disdukcapil: labels and names
    "dukcapil-a-018": _label("KIA indicator called Penerbitan / Kepemilikan"),
    "dukcapil-a-019": _label("akta kematian indicator called Penerbitan / Kepemilikan"),
    "dukcapil-a-020": _label("sasaran 2 name in the evaluation table"),
    "dukcapil-a-021": _label("column group headed Renstra while the title says RPD"),
    "dukcapil-a-022": _label("description of a denominator (births vs children aged 0-18)"),
    "dukcapil-a-027": _label("ordinal of a sasaran ('keempat' for the second)"),
    "dukcapil-b-013": _label("periods announced in the text vs the table's columns"),
    # Disdukcapil: other
    "dukcapil-a-025": "a malformed amount (Rp515.000.00,00) has no readable number",
    "dukcapil-b-012": "a cell printed blank: nothing to compare",
}

#: :data:`REASONS` in English.
NOT_RECOMPUTABLE: dict[str, str] = {k: compose(v) for k, v in REASONS.items()}


def _group(audit_key: str) -> str | None:
    return audit_key[: -len("*")] if audit_key.endswith(GROUP_SUFFIX) else None


def key_matches(finding_key: str, audit_key: str) -> bool:
    """Whether ``audit_key`` (a key, or a group key ending in ``:*``) links ``finding_key``."""
    prefix = _group(audit_key)
    return finding_key.startswith(prefix) if prefix is not None else finding_key == audit_key


def _all_keys(findings: pd.DataFrame) -> list[list[str]]:
    """Per finding, its key and the keys of the repeats grouped under it (``repeat_keys``)."""
    rep = findings["repeat_keys"] if "repeat_keys" in findings else pd.Series("", index=findings.index)
    return [[k] + [x for x in str(r or "").split("; ") if x] for k, r in zip(findings["key"], rep)]


def _keyed(discrepancies: pd.DataFrame) -> pd.DataFrame:
    if "audit_key" not in discrepancies:
        return discrepancies.iloc[0:0].assign(audit_key=pd.Series(dtype=str))
    return discrepancies.dropna(subset=["audit_key"])


def known_vs_new(findings: pd.DataFrame, discrepancies: pd.DataFrame) -> pd.DataFrame:
    """The non-match findings with the discrepancy rows whose ``audit_key`` links them.

    Columns: ``key``, ``location`` (grouped findings: table and row as printed; else the
    ``source_ref``), ``status``, ``family``, ``source_ref``, ``printed_text``, ``recomputed``,
    ``gap``, ``affects_status``, ``discrepancy_ids`` (comma-joined, empty for a finding not in the
    table) and ``known`` (bool); with grouped findings also ``location_message`` and
    ``location_params``, for :func:`~.rule_text.texts_in_language`.
    """
    bad = findings[findings["status"] != "match"]
    keyed = _keyed(discrepancies)
    out = bad[["key", "status", "family", "source_ref", "printed_text", "recomputed", "gap", "affects_status"]].copy()
    out.insert(1, "location", bad["location"] if "location" in bad.columns else bad["source_ref"])
    for column in ("location_message", "location_params"):  # the location as a text (:mod:`.texts`)
        if column in bad.columns:
            out[column] = bad[column]
    out["discrepancy_ids"] = [
        ", ".join(sorted(keyed.loc[[any(key_matches(k, a) for k in ks) for a in keyed["audit_key"]],
                                   "discrepancy_id"]))
        for ks in _all_keys(bad)
    ]
    out["known"] = out["discrepancy_ids"] != ""
    return out.reset_index(drop=True)


def recorded_discrepancies(findings: pd.DataFrame, discrepancies: pd.DataFrame, documents: set[str]) -> pd.DataFrame:
    """Every row of the known-discrepancies table for ``documents`` and what the audit made of it.

    Columns: ``discrepancy_id``, ``kind``, ``source_ref``, ``audit_key``, ``result``, ``detail``
    and its message with parameters (``detail_message``, ``detail_params``; empty where the detail
    is a whole catalog message or a count) for :func:`~.rule_text.texts_in_language`.
    ``result`` is ``rediscovered`` (a linked finding does not match), ``consistent`` (every linked
    finding matches: the audit disagrees with the table), ``no finding`` (the key names no finding)
    or ``not recomputable`` (no ``audit_key``; ``detail`` gives the reason from
    :data:`NOT_RECOMPUTABLE`, or says that the row was not reviewed). For a keyed row ``detail``
    gives the linked findings' statuses.
    """
    d = discrepancies[discrepancies["document_id"].isin(documents)]
    status = findings.set_index("key")["status"]
    if "repeat_keys" in findings:  # a repeat has the status of the finding it is grouped under
        extra = {k: s for ks, s in zip(_all_keys(findings), findings["status"]) for k in ks[1:]}
        status = pd.concat([status, pd.Series(extra, dtype=object)])
    rows = []
    for _, r in d.iterrows():
        key = r.get("audit_key")
        if not isinstance(key, str) or not key:
            rows.append(dict(discrepancy_id=r["discrepancy_id"], kind=r["kind"], source_ref=r["source_ref"],
                             audit_key="", result="not recomputable",
                             **_detail(REASONS.get(r["discrepancy_id"], "not reviewed for the audit yet"))))
            continue
        linked = status[[key_matches(k, key) for k in status.index]]
        if linked.empty:
            result, detail = "no finding", "the audit_key names no finding of this report"
        else:
            result = "rediscovered" if (linked != "match").any() else "consistent"
            counts = linked.value_counts()
            detail = ", ".join(f"{n} {s}" for s, n in counts.items())
        rows.append(dict(discrepancy_id=r["discrepancy_id"], kind=r["kind"], source_ref=r["source_ref"],
                         audit_key=key, result=result, **_detail(detail)))
    return pd.DataFrame(rows, columns=["discrepancy_id", "kind", "source_ref", "audit_key", "result", "detail",
                                       "detail_message", "detail_params"])


def _detail(text: dict | str) -> dict:
    """``detail`` (English) with its message and parameters (a plain string: no message)."""
    if isinstance(text, str):
        return {"detail": text, "detail_message": "", "detail_params": {}}
    return {"detail": compose(text), "detail_message": text["message"], "detail_params": text["params"]}
