"""The audit against the known-discrepancies table (``data/discrepancies.csv``).

A row of the table is linked to the audit by its ``audit_key``:

* a finding's key (``capaian:lkip-kota-bekasi-2023:kota-gini-ratio:2022``) links that finding;
* a key ending in ``:*`` links the *group* of findings whose keys start with the part before the
  ``*`` — one recorded contradiction that the audit checks figure by figure (every unsur of a
  table labelled Semester II that repeats Triwulan IV; the two swapped efficiency extremes).

A keyed row is **rediscovered** when at least one finding it links does not match. A row without
``audit_key`` cannot be recomputed from the data; its ``audit_note`` (and ``audit_note_id`` in
Bahasa Indonesia) says why, reviewed by hand (a label or name printed differently, a unit, a
definition in words, a missing or malformed cell ...). A row with neither is listed as "not
reviewed for the audit".
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.i18n import cell_text
from .texts import catalog_message, compose, data_text, formula_text

__all__ = ["GROUP_SUFFIX", "key_matches", "known_vs_new", "not_recomputable_reason", "recorded_discrepancies"]

#: An ``audit_key`` ending in this names a group of findings (module docstring).
GROUP_SUFFIX = ":*"



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
    or ``not recomputable`` (no ``audit_key``; ``detail`` gives the reason of its ``audit_note``,
    or says that the row was not reviewed). For a keyed row ``detail``
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
                             **_detail(not_recomputable_reason(r))))
            continue
        linked = status[[key_matches(k, key) for k in status.index]]
        if linked.empty:
            result, detail = "no finding", catalog_message("the audit_key names no finding of this report")
        else:
            result = "rediscovered" if (linked != "match").any() else "consistent"
            counts = linked.value_counts()
            detail = ", ".join(f"{n} {s}" for s, n in counts.items())
        rows.append(dict(discrepancy_id=r["discrepancy_id"], kind=r["kind"], source_ref=r["source_ref"],
                         audit_key=key, result=result, **_detail(detail)))
    return pd.DataFrame(rows, columns=["discrepancy_id", "kind", "source_ref", "audit_key", "result", "detail",
                                       "detail_message", "detail_params"])


def not_recomputable_reason(row: pd.Series) -> dict | str:
    """Why the unkeyed discrepancy ``row`` cannot be recomputed: its ``audit_note`` in both
    languages (``audit_note_id`` in Bahasa Indonesia), or "not reviewed for the audit yet"."""
    note = cell_text(row.get("audit_note")).strip()
    if not note:
        return catalog_message("not reviewed for the audit yet")
    return formula_text("{note}", note=data_text(note, cell_text(row.get("audit_note_id")).strip()))


def _detail(text: dict | str) -> dict:
    """``detail`` (English) with its message and parameters (a plain string: no message)."""
    if isinstance(text, str):
        return {"detail": text, "detail_message": "", "detail_params": {}}
    return {"detail": compose(text), "detail_message": text["message"], "detail_params": text["params"]}
