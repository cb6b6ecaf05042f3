"""Categorical metrics (opini BPK): no rank, only the distribution of the categories among the
peers and the focal region's place in it (how many share its category, how many are above or
below it when the categories have a known order).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.measurement import OPINI_RANK
from lkip_helpers.notebook.messages import phrase
# package-internal helpers shared by the benchmarks modules (underscored: not part of the public API)
from .peers import _peer_mask, resolve_focal, resolve_peers
from .values import _indicator, benchmark_values

__all__ = ["CategoricalPosition", "categorical_position", "category_base"]


def category_base(text: object) -> str | None:
    """The base category of a printed categorical value.

    For an opini BPK the leading opinion code: ``"WTP dengan Paragraf Penekanan Suatu Hal"`` →
    ``"WTP"`` (an emphasis-of-matter paragraph does not change the opinion); other text is returned
    trimmed. Empty/missing → ``None``.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    s = str(text).strip()
    if not s:
        return None
    first = s.split()[0].upper().strip(".,;:")
    return first if first in OPINI_RANK else s


@dataclass(frozen=True)
class CategoricalPosition:
    """The focal region's place in the distribution of a categorical metric (no rank).

    Attributes:
        indicator_id, year, focal, peer_group: what was compared.
        in_table: whether the focal region has a value.
        value_text, base: the focal's printed value and its base category (:func:`category_base`).
        n_peers: regions compared (focal included).
        n_same_base, n_same_text: regions sharing the focal's base category / exact printed text.
        n_higher, n_lower: regions whose base category is ordered above/below the focal's, when the
            categories have a known order (opini BPK: WTP > WDP > TW = TMP), else ``None``.
        distribution: one row per base category: ``base``, ``count``, ``share`` (%), ``printed``
            (the printed variants and their counts).
        sentence: a one-line reading.
    """

    indicator_id: str
    year: int
    focal: str
    peer_group: str
    in_table: bool
    value_text: str | None
    base: str | None
    n_peers: int
    n_same_base: int | None
    n_same_text: int | None
    n_higher: int | None
    n_lower: int | None
    distribution: pd.DataFrame = field(repr=False)
    sentence: str = ""


def categorical_position(
    ds: Dataset, indicator: str, year: int, focal: str, peer_group: str | Sequence[str] = "all"
) -> CategoricalPosition:
    """Distribution of a categorical metric among the peers (focal included) and the focal's place.

    No rank is computed. When the base categories are BPK opinions the counts of peers with a
    higher/lower opinion are given (order :data:`~lkip_helpers.measurement.OPINI_RANK`).

    Raises:
        ParameterError: unknown indicator/focal/peer group or no rows.
        ValueError: the indicator is not categorical.
    """
    meta = _indicator(ds, indicator)
    if str(meta["polarity"]) != "categorical":
        raise ValueError(f"{indicator!r} is {meta['polarity']}, not categorical: use benchmark_position()")
    f = resolve_focal(ds, focal)
    frame = benchmark_values(ds, indicator, year, "value")
    peers = _peer_mask(frame, peer_group, focal, ds)
    label, _ = resolve_peers(ds, peer_group, focal)
    sel = frame[(peers | (frame["entity_id"] == focal)) & frame["value_text"].notna()].copy()
    sel["base"] = sel["value_text"].map(category_base)
    dist = _distribution(sel, focal)
    ordered = bool(len(dist)) and all(b in OPINI_RANK for b in dist["base"])
    hit = sel[sel["entity_id"] == focal]
    if hit.empty:
        return CategoricalPosition(
            indicator, int(year), focal, label, False, None, None, len(sel), None, None, None, None, dist,
            phrase("{name} is not in the {table} table for {year}.", name=f["name"], table=meta["name"], year=int(year)),
        )
    text = str(hit["value_text"].iloc[0])
    base = category_base(text)
    n_same_base = int((sel["base"] == base).sum())
    n_same_text = int((sel["value_text"] == text).sum())
    n_higher = n_lower = None
    if ordered and base in OPINI_RANK:
        r = OPINI_RANK[base]
        n_higher = int((sel["base"].map(OPINI_RANK) > r).sum())
        n_lower = int((sel["base"].map(OPINI_RANK) < r).sum())
    sentence = phrase("{name}: {text} ({year}); {n} of {total} regions share the base category {base}", name=f["name"],
                      text=text, year=int(year), n=n_same_base, total=len(sel), base=base)
    if n_higher is not None:
        sentence += phrase(", {higher} have a higher opinion and {lower} a lower one", higher=n_higher, lower=n_lower)
    return CategoricalPosition(
        indicator, int(year), focal, label, True, text, base, len(sel), n_same_base, n_same_text, n_higher, n_lower,
        dist, sentence + ".",
    )


def _distribution(sel: pd.DataFrame, focal: str) -> pd.DataFrame:
    """Regions per base category of ``sel`` (``base``, ``count``, ``share``, ``printed`` variants,
    ``focal``): BPK opinions best first, other categories most frequent first."""
    dist_rows = []
    for base, g in sel.groupby("base", sort=False):
        variants = g["value_text"].value_counts()
        dist_rows.append(
            {
                "base": base,
                "count": len(g),
                "share": 100.0 * len(g) / len(sel),
                "printed": "; ".join(f"{t} ({c})" for t, c in variants.items()),
                "focal": bool((g["entity_id"] == focal).any()),
            }
        )
    dist = pd.DataFrame(dist_rows, columns=["base", "count", "share", "printed", "focal"])
    if bool(len(dist)) and all(b in OPINI_RANK for b in dist["base"]):
        dist["_o"] = -dist["base"].map(OPINI_RANK)
        dist = dist.sort_values(["_o", "base"]).drop(columns="_o")
    else:
        dist = dist.sort_values(["count", "base"], ascending=[False, True])
    return dist.reset_index(drop=True)
