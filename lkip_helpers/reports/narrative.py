"""Short narratives written from the numbers of a scorecard (our words, filled from the data).

The sentences are generated, not copied from a report: every figure in them comes from the
scorecard or the efficiency table passed in, so the text stays true when the data change.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lkip_helpers.notebook.formatting import format_percent, format_rupiah
from lkip_helpers.notebook.markdown import escape_markdown

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
    return (
        f"{row['name']} (capaian {format_percent(row['capaian'])}; target {row['target_text']}, "
        f"realisasi {row['realisasi_text']})"
    )


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
        return f"{scope} has no IKU with data for {year}."
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
    """How many IKU, under how many sasaran, reached their target, did not or had no value."""
    n = len(card)
    reached = int((card["status"] == "tercapai").sum())
    n_missing = int((card["status"] == "belum ada nilai").sum())
    return (
        f"In {year}, {scope} was measured by **{n} IKU** under {card['sasaran_id'].nunique()} sasaran: "
        f"**{reached} reached their target** ({format_percent(reached / n * 100)}), "
        f"{n - reached - n_missing} did not, and {n_missing} had no value yet."
    )


def _extreme_sentences(numeric: pd.DataFrame) -> list[str]:
    """The strongest and weakest numeric result (``numeric`` sorted by capaian)."""
    if len(numeric) >= 2:
        best, worst = numeric.iloc[-1], numeric.iloc[0]
        return [f"The strongest result was {_iku_phrase(best)}; the weakest was {_iku_phrase(worst)}."]
    if len(numeric) == 1:
        return [f"The one numeric result was {_iku_phrase(numeric.iloc[0])}."]
    return []


def _negative_sentences(numeric: pd.DataFrame) -> list[str]:
    """One warning per negative capaian (the realisasi moved against a positive target)."""
    return [
        f"{row['name']} has a negative capaian ({format_percent(row['capaian'])}) because the realisasi "
        f"({row['realisasi_text']}) moved in the opposite direction to a positive target; read it as "
        "'far from target', not as a percentage of achievement."
        for _, row in numeric[numeric["capaian"] < 0].iterrows()
    ]


def _printed_target_sentences(card: pd.DataFrame) -> list[str]:
    """The IKU judged on a printed (non-numeric) target, with their outcome."""
    other = card[card["rule"].ne("report") & card["rule"].ne("missing")]
    return [
        f"{row['name']} is judged on its printed target {row['target_text']!s} "
        f"({'reached' if row['status'] == 'tercapai' else 'not reached'})."
        for _, row in other.iterrows()
    ]


def _missing_sentences(card: pd.DataFrame) -> list[str]:
    """The IKU without a realisasi yet."""
    missing = card[card["status"] == "belum ada nilai"]
    return [] if missing.empty else ["No realisasi is available yet for: " + "; ".join(missing["name"]) + "."]


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
    text = (
        f"Against {year - 1}, **{int(counts.get('improved', 0))} of {len(judged)} IKU with a previous value "
        f"improved** their realisasi (judged by polarity), {int(counts.get('worsened', 0))} worsened and "
        f"{int(counts.get('unchanged', 0))} {'was' if counts.get('unchanged', 0) == 1 else 'were'} unchanged"
    )
    if not worse.empty:
        text += " (worsened: " + "; ".join(
            f"{r['name']} {r['realisasi_previous_text']} → {r['realisasi_text']}" for _, r in worse.iterrows()
        ) + ")"
    return [text + "."]


def _mismatch_sentences(card: pd.DataFrame) -> list[str]:
    """The printed capaian that do not follow from their printed target and realisasi."""
    off = card[card["capaian_matches"].eq(False)]
    if off.empty:
        return []
    items = [
        f"{r['name']} (printed {r['capaian_printed_text']}, recomputed {format_percent(r['capaian'])}"
        + (f"; see {r['discrepancies']}" if isinstance(r.get("discrepancies"), str) and r["discrepancies"] else "")
        + ")"
        for _, r in off.iterrows()
    ]
    return [
        "The printed capaian does not follow from the printed target and realisasi for "
        + "; ".join(items)
        + " — the status above uses the recomputed value."
    ]


def _budget_sentences(efficiency: pd.DataFrame | None, budget_total: Mapping[str, object] | None) -> list[str]:
    """Pagu, spending and efficiency summed over the IKU, and the entity's own total beside it."""
    if efficiency is None or efficiency.empty or not efficiency["pagu"].notna().any():
        return []
    e = efficiency[efficiency["pagu"].notna()]
    pagu, real = e["pagu"].sum(), e["realisasi"].sum()
    efficient = int((e["judgement"] == "efisien").sum())
    parts = [
        f"The programs behind these IKU had a pagu of {format_rupiah(pagu)} and spent "
        f"{format_rupiah(real)} (serapan {format_percent(real / pagu * 100)}); "
        f"{efficient} of {len(e)} IKU were judged efficient (target reached within budget). "
        "Programs that serve several IKU are counted under each of them, so this is a sum over IKU, "
        "not the budget spent."
    ]
    total_pagu = budget_total.get("pagu") if budget_total else None
    if total_pagu:
        parts.append(_entity_total_sentence(budget_total, float(total_pagu), pagu))
    return parts


def _entity_total_sentence(budget_total: Mapping[str, object], total_pagu: float, iku_pagu: float) -> str:
    """The report's budget total for the whole entity, compared with the per-IKU sum ``iku_pagu``."""
    total_real = budget_total.get("realisasi")
    label = f"{budget_total.get('name')}, {budget_total.get('source_ref')}"
    line = f"The report's total for the whole entity ({label}) is a pagu of {format_rupiah(total_pagu)}"
    if total_real is not None and not pd.isna(total_real):
        line += (
            f" with a realisasi of {format_rupiah(float(total_real))} "
            f"(serapan {format_percent(float(total_real) / total_pagu * 100)})"
        )
    if iku_pagu > total_pagu:
        line += (
            f"; the per-IKU sum is {format_rupiah(iku_pagu - total_pagu)} larger than this total, so it "
            "is not the amount budgeted"
        )
    return line + "."


def describe_discrepancies(notes: pd.DataFrame, empty: str = "No known discrepancy concerns these rows.") -> str:
    """A markdown list of known discrepancies: ``- **id** (kind; location): note``.

    ``notes`` are rows of :func:`~lkip_helpers.reports.scorecard.discrepancy_notes` (``discrepancy_id``,
    ``kind``, ``location``, ``note``); ``empty`` is returned when there are none.
    """
    if notes.empty:
        return empty
    notes = _escaped(notes)
    lines = []
    for _, r in notes.iterrows():
        note = r["note"] if isinstance(r["note"], str) else ""
        lines.append(f"- **{r['discrepancy_id']}** ({r['kind']}; {r['location']}): {note}")
    return "\n".join(lines)
