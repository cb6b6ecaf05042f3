"""Short narratives written from the numbers of a scorecard (our words, filled from the data).

The sentences are generated, not copied from a report: every figure in them comes from the
scorecard or the efficiency table passed in, so the text stays true when the data change.
"""

from __future__ import annotations

import pandas as pd

from .formatting import format_percent, format_rupiah

__all__ = ["describe_scorecard"]


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
) -> str:
    """A markdown paragraph summarising ``card`` (rows of :func:`~lkip_helpers.scorecard.iku_scorecard`).

    Args:
        card: the IKU rows in scope (a misi, or a whole entity).
        scope: how to name the scope in the text, e.g. ``"Misi 3 of Kota Bekasi"``.
        year: the report year.
        efficiency: optional rows of :func:`~lkip_helpers.efficiency.iku_efficiency` for the same IKU.

    Returns:
        Markdown text; states counts, the best and weakest numeric results, IKU without a value,
        categorical outcomes, printed capaian that do not follow from their inputs, and budget
        absorption when given.
    """
    n = len(card)
    if n == 0:
        return f"{scope} has no IKU with data for {year}."
    reached = int((card["status"] == "tercapai").sum())
    missing = card[card["status"] == "belum ada nilai"]
    n_sasaran = card["sasaran_id"].nunique()
    parts = [
        f"In {year}, {scope} was measured by **{n} IKU** under {n_sasaran} sasaran: "
        f"**{reached} reached their target** ({format_percent(reached / n * 100)}), "
        f"{n - reached - len(missing)} did not, and {len(missing)} had no value yet."
    ]
    numeric = card[card["capaian"].notna() & (card["rule"] == "report")].sort_values("capaian")
    if len(numeric) >= 2:
        best, worst = numeric.iloc[-1], numeric.iloc[0]
        parts.append(f"The strongest result was {_iku_phrase(best)}; the weakest was {_iku_phrase(worst)}.")
    elif len(numeric) == 1:
        parts.append(f"The one numeric result was {_iku_phrase(numeric.iloc[0])}.")
    negative = numeric[numeric["capaian"] < 0]
    for _, row in negative.iterrows():
        parts.append(
            f"{row['name']} has a negative capaian ({format_percent(row['capaian'])}) because the realisasi "
            f"({row['realisasi_text']}) moved in the opposite direction to a positive target; read it as "
            "'far from target', not as a percentage of achievement."
        )
    other = card[card["rule"].ne("report") & card["rule"].ne("missing")]
    for _, row in other.iterrows():
        outcome = "reached" if row["status"] == "tercapai" else "not reached"
        parts.append(f"{row['name']} is judged on its printed target {row['target_text']!s} ({outcome}).")
    if not missing.empty:
        parts.append("No realisasi is available yet for: " + "; ".join(missing["name"]) + ".")
    off = card[card["capaian_matches"].eq(False)]
    if not off.empty:
        items = [
            f"{r['name']} (printed {r['capaian_printed_text']}, recomputed {format_percent(r['capaian'])})"
            for _, r in off.iterrows()
        ]
        parts.append(
            "The printed capaian does not follow from the printed target and realisasi for "
            + "; ".join(items)
            + " — the status above uses the recomputed value."
        )
    if efficiency is not None and not efficiency.empty and efficiency["pagu"].notna().any():
        e = efficiency[efficiency["pagu"].notna()]
        pagu, real = e["pagu"].sum(), e["realisasi"].sum()
        efficient = int((e["judgement"] == "efisien").sum())
        parts.append(
            f"The programs behind these IKU had a pagu of {format_rupiah(pagu)} and spent "
            f"{format_rupiah(real)} (serapan {format_percent(real / pagu * 100)}); "
            f"{efficient} of {len(e)} IKU were judged efficient (target reached within budget). "
            "Programs that serve several IKU are counted under each of them."
        )
    return " ".join(parts)
