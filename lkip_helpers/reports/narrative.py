"""Short narratives written from the numbers of a scorecard (our words, filled from the data).

The sentences are generated, not copied from a report: every figure in them comes from the
scorecard or the efficiency table passed in, so the text stays true when the data change. They
are in the reader's language (:func:`~lkip_helpers.data.i18n.current_language`): each sentence is
a catalog message with named placeholders, and every number goes through Babel in the reader's
notation (``87,14 %`` / ``87.14%``, ``Rp 2,73 T`` / ``Rp 2.73 trillion``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lkip_helpers.data.i18n import format_percent, format_rupiah, translate
from lkip_helpers.notebook.markdown import escape_markdown

from .scorecard import localized_discrepancies

__all__ = ["TEXT_COLUMNS", "describe_discrepancies", "describe_scorecard"]

#: columns of a scorecard or discrepancy table that hold text from the data (names, printed
#: figures, ids, notes): escaped before they are written into Markdown
TEXT_COLUMNS = ("name", "target_text", "realisasi_text", "realisasi_previous_text", "capaian_printed_text",
                "discrepancies", "discrepancy_id", "kind", "location", "note", "source_ref")


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose :data:`TEXT_COLUMNS` are escaped for Markdown (missing values kept)."""
    out = frame.copy()
    for column in TEXT_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(lambda v: escape_markdown(v) if isinstance(v, str) else v)
    return out


def _iku_phrase(row: pd.Series) -> str:
    return translate("{name} (capaian {capaian}; target {target}, realisasi {realisasi})").format(
        name=row["name"], capaian=format_percent(row["capaian"]), target=row["target_text"],
        realisasi=row["realisasi_text"])


def describe_scorecard(
    card: pd.DataFrame,
    scope: str,
    year: int,
    efficiency: pd.DataFrame | None = None,
    budget_total: Mapping[str, object] | None = None,
) -> str:
    """A markdown paragraph summarising ``card`` (rows of :func:`~lkip_helpers.reports.scorecard.iku_scorecard`).

    Args:
        card: the IKU rows in scope (a misi, or a whole entity).
        scope: how to name the scope in the text, e.g. ``"Misi 3 of Kota Bekasi"``.
        year: the report year.
        efficiency: optional rows of :func:`~lkip_helpers.reports.budget_efficiency.iku_efficiency` for the same IKU.
        budget_total: optional entity total as returned by
            :func:`~lkip_helpers.reports.scorecard.entity_budget_total` (``name``, ``pagu``, ``realisasi``,
            ``serapan``, ``source_ref``); stated beside the per-IKU budget sum.

    Returns:
        Markdown text; states counts, the best and weakest numeric results, IKU without a value,
        categorical outcomes, the year-on-year direction of realisasi (when the card has
        ``yoy_direction``: "x of y IKU with a previous value improved"), printed capaian that do
        not follow from their inputs (with their discrepancy ids when the card has a
        ``discrepancies`` column), and budget absorption when given — the per-IKU sum counts a
        program that serves several IKU once per IKU, so the entity's own total is given beside it.
    """
    scope, card = escape_markdown(scope), _escaped(card)
    if budget_total:
        budget_total = {k: escape_markdown(v) if isinstance(v, str) else v for k, v in budget_total.items()}
    if len(card) == 0:
        return translate("{scope} has no IKU with data for {year}.").format(scope=scope, year=year)
    numeric = card[card["capaian"].notna() & (card["rule"] == "report")].sort_values("capaian")
    parts = [
        _count_sentence(card, scope, year),
        *_extreme_sentences(numeric),
        *_negative_sentences(numeric),
        *_printed_target_sentences(card),
        *_missing_sentences(card),
        *_yoy_sentences(card, year),
        *_mismatch_sentences(card),
        *_budget_sentences(efficiency, budget_total),
    ]
    return " ".join(parts)


def _count_sentence(card: pd.DataFrame, scope: str, year: int) -> str:
    """How many IKU, under how many sasaran, reached their target, did not, had no value or cannot
    be judged (a target of 0 or below: status ``tidak dapat dinilai``)."""
    n = len(card)
    reached = int((card["status"] == "tercapai").sum())
    n_missing = int((card["status"] == "belum ada nilai").sum())
    n_unjudged = int((card["status"] == "tidak dapat dinilai").sum())
    sentence = translate(
        "In {year}, {scope} was measured by **{n} IKU** under {n_sasaran} sasaran: **{reached} reached "
        "their target** ({share}), {not_reached} did not, and {missing} had no value yet."
    ).format(year=year, scope=scope, n=n, n_sasaran=card["sasaran_id"].nunique(), reached=reached,
             share=format_percent(reached / n * 100), not_reached=n - reached - n_missing - n_unjudged,
             missing=n_missing)
    if n_unjudged:
        sentence += " " + translate("{unjudged} cannot be judged (a target of 0 or below).").format(unjudged=n_unjudged)
    return sentence


def _extreme_sentences(numeric: pd.DataFrame) -> list[str]:
    """The strongest and weakest numeric result (``numeric`` sorted by capaian); when none of them
    reached its target, the closest to it and the furthest from it."""
    if len(numeric) >= 2:
        best, worst = numeric.iloc[-1], numeric.iloc[0]
        if best["status"] == "tercapai":
            message = translate("The strongest result was {best}; the weakest was {worst}.")
        else:
            message = translate("No numeric result reached its target: the closest to it was {best}; "
                                "the furthest from it was {worst}.")
        return [message.format(best=_iku_phrase(best), worst=_iku_phrase(worst))]
    if len(numeric) == 1:
        return [translate("The one numeric result was {iku}.").format(iku=_iku_phrase(numeric.iloc[0]))]
    return []


def _negative_sentences(numeric: pd.DataFrame) -> list[str]:
    """One warning per negative capaian (the realisasi moved against a positive target)."""
    message = translate(
        "{name} has a negative capaian ({capaian}) because the realisasi ({realisasi}) moved in the opposite "
        "direction to a positive target; read it as 'far from target', not as a percentage of achievement."
    )
    return [
        message.format(name=row["name"], capaian=format_percent(row["capaian"]), realisasi=row["realisasi_text"])
        for _, row in numeric[numeric["capaian"] < 0].iterrows()
    ]


def _printed_target_sentences(card: pd.DataFrame) -> list[str]:
    """The IKU judged on a printed (non-numeric) target, with their outcome."""
    other = card[card["rule"].ne("report") & card["rule"].ne("missing")]
    reached = translate("{name} is judged on its printed target {target} (reached).")
    not_reached = translate("{name} is judged on its printed target {target} (not reached).")
    return [
        (reached if row["status"] == "tercapai" else not_reached).format(name=row["name"], target=row["target_text"])
        for _, row in other.iterrows()
    ]


def _missing_sentences(card: pd.DataFrame) -> list[str]:
    """The IKU without a realisasi yet, and those with a realisasi but no target for the year (a
    new year after the plan ended) — these are not "without a value"."""
    missing = card[card["status"] == "belum ada nilai"]
    no_target = missing["realisasi_text"].notna() & missing["target_text"].isna()
    sentences = []
    if (~no_target).any():
        names = "; ".join(missing.loc[~no_target, "name"])
        sentences.append(translate("No realisasi is available yet for: {names}.").format(names=names))
    if no_target.any():
        names = "; ".join(missing.loc[no_target, "name"])
        sentences.append(translate("A realisasi but no target for the year in the data: {names}.").format(names=names))
    return sentences


def _yoy_sentences(card: pd.DataFrame, year: int) -> list[str]:
    """How many IKU improved, worsened or kept their realisasi against ``year - 1`` (when the card
    has ``yoy_direction``), naming those that worsened."""
    if "yoy_direction" not in card.columns:
        return []
    judged = card[card["yoy_direction"].isin(["improved", "worsened", "unchanged"])]
    if judged.empty:
        return []
    counts = judged["yoy_direction"].value_counts()
    worse = judged[judged["yoy_direction"] == "worsened"]
    text = translate(
        "Against {previous}, **{improved} of {judged} IKU with a previous value improved** their realisasi "
        "(judged by polarity), {worsened} worsened and {unchanged} stayed the same"
    ).format(previous=year - 1, improved=int(counts.get("improved", 0)), judged=len(judged),
             worsened=int(counts.get("worsened", 0)), unchanged=int(counts.get("unchanged", 0)))
    if not worse.empty:
        text += translate(" (worsened: {items})").format(items="; ".join(
            f"{r['name']} {r['realisasi_previous_text']} → {r['realisasi_text']}" for _, r in worse.iterrows()
        ))
    return [text + "."]


def _mismatch_sentences(card: pd.DataFrame) -> list[str]:
    """The printed capaian that do not follow from their printed target and realisasi."""
    off = card[card["capaian_matches"].eq(False)]
    if off.empty:
        return []
    with_ids = translate("{name} (printed {printed}, recomputed {recomputed}; see {ids})")
    without_ids = translate("{name} (printed {printed}, recomputed {recomputed})")
    items = []
    for _, r in off.iterrows():
        ids = r.get("discrepancies")
        message = with_ids if isinstance(ids, str) and ids else without_ids
        items.append(message.format(name=r["name"], printed=r["capaian_printed_text"],
                                    recomputed=format_percent(r["capaian"]), ids=ids))
    return [translate(
        "The printed capaian does not follow from the printed target and realisasi for {items} — the status "
        "above uses the recomputed value."
    ).format(items="; ".join(items))]


def _budget_sentences(efficiency: pd.DataFrame | None, budget_total: Mapping[str, object] | None) -> list[str]:
    """Pagu, spending and efficiency summed over the IKU, and the entity's own total beside it."""
    if efficiency is None or efficiency.empty or not efficiency["pagu"].notna().any():
        return []
    e = efficiency[efficiency["pagu"].notna()]
    pagu, real = e["pagu"].sum(), e["realisasi"].sum()
    efficient = int((e["judgement"] == "efisien").sum())
    parts = [translate(
        "The programs behind these IKU had a pagu of {pagu} and spent {spent} (serapan {serapan}); "
        "{efficient} of {n} IKU were judged efficient (target reached within budget). Programs that serve "
        "several IKU are counted under each of them, so this is a sum over IKU, not the budget spent."
    ).format(pagu=format_rupiah(pagu), spent=format_rupiah(real), serapan=format_percent(real / pagu * 100),
             efficient=efficient, n=len(e))]
    total_pagu = budget_total.get("pagu") if budget_total else None
    if total_pagu:
        parts.extend(_entity_total_sentences(budget_total, float(total_pagu), pagu))
    return parts


def _entity_total_sentences(budget_total: Mapping[str, object], total_pagu: float, iku_pagu: float) -> list[str]:
    """The report's budget total for the whole entity, compared with the per-IKU sum ``iku_pagu``."""
    total_real = budget_total.get("realisasi")
    values = {"label": f"{budget_total.get('name')}, {budget_total.get('source_ref')}",
              "pagu": format_rupiah(total_pagu)}
    if total_real is not None and not pd.isna(total_real):
        values.update(realisasi=format_rupiah(float(total_real)),
                      serapan=format_percent(float(total_real) / total_pagu * 100))
        message = translate("The report's total for the whole entity ({label}) is a pagu of {pagu} with a "
                            "realisasi of {realisasi} (serapan {serapan}).")
    else:
        message = translate("The report's total for the whole entity ({label}) is a pagu of {pagu}.")
    lines = [message.format(**values)]
    if iku_pagu > total_pagu:
        lines.append(translate("The per-IKU sum is {excess} larger than this total, so it is not the amount "
                               "budgeted.").format(excess=format_rupiah(iku_pagu - total_pagu)))
    return lines


def _kind_text(kind: object) -> object:
    """The kind of a discrepancy (``data/discrepancies.csv``) in the reader's language."""
    words = {"arithmetic": translate("arithmetic"), "conflicting_values": translate("conflicting values"),
             "label_mismatch": translate("label mismatch"), "predicate_mismatch": translate("predicate mismatch"),
             "other": translate("other")}
    return words.get(kind, kind) if isinstance(kind, str) else kind


def describe_discrepancies(notes: pd.DataFrame, empty: str | None = None) -> str:
    """A markdown list of known discrepancies: ``- **id** (kind; location): note``.

    ``notes`` are rows of :func:`~lkip_helpers.reports.scorecard.discrepancy_notes` (``discrepancy_id``,
    ``kind``, ``location``, ``note``; rows of ``discrepancies.csv`` with ``note_id``/``location_id``
    too); ``empty`` (an English catalog message, shown in the reader's language; by default: no
    known discrepancy concerns these rows) is returned when there are none. The notes and
    locations are the data's own text, in the reader's language when the data have it (else in
    the other, see :func:`~lkip_helpers.reports.scorecard.localized_discrepancies`).
    """
    if notes.empty:
        return translate(empty) if empty is not None else translate("No known discrepancy concerns these rows.")
    notes = localized_discrepancies(notes)
    notes = _escaped(notes.assign(kind=notes["kind"].map(_kind_text)))
    lines = []
    for _, r in notes.iterrows():
        note = r["note"] if isinstance(r["note"], str) else ""
        lines.append(f"- **{r['discrepancy_id']}** ({_kind_text(r['kind'])}; {r['location']}): {note}")
    return "\n".join(lines)
