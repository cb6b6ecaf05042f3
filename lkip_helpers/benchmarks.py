"""Regional benchmarks: where a kabupaten/kota stands among West Java's regions, the province and the nation.

Everything here reads ``regional_benchmarks`` (``entity_id``, ``indicator_id``, ``year``,
``measure``, ``value``, ``value_text``), the entity registry (``level`` kota/kabupaten/provinsi/
nasional, ``parent_id``) and the indicator registry (``polarity``, ``unit``).

Rules (the same in every function):

* **Polarity decides "better".** ``higher_is_better``: a higher value ranks better;
  ``lower_is_better`` (poverty counts, TPT, inflation): a lower value ranks better;
  ``neutral`` (garis kemiskinan): ranked by value, highest first, and described only as
  "above"/"below" — never "better"/"worse"; ``categorical`` (opini BPK): no rank at all, only the
  distribution of the categories and the focal region's position in it
  (:func:`categorical_position`).
* **Ties: competition ranking ("1224")** by default (``ties="min"``): tied regions share the best
  rank of their block and the next rank is skipped, e.g. values 10, 8, 8, 5 (higher is better) →
  ranks 1, 2, 2, 4. ``ties="average"`` gives the mean rank instead (1, 2.5, 2.5, 4).
* **Percentile ("weak" percentile rank)**: the share of the ranked regions, the region itself
  included, whose value is *no better* than its own: ``100 × #{j : v_j no better than v_i} / n``.
  The best region gets 100, the worst ``100/n``; tied regions share one percentile. For neutral
  metrics "no better" reads "not higher".
* **Peer groups** (:data:`PEER_GROUPS`): ``"all"`` — every kabupaten and kota in the table (the
  province and the nation are never peers); ``"kota"``; ``"kabupaten"``; ``"neighbours"`` — the
  focal region's neighbours in :data:`REGION_GROUPS`; or an explicit list of entity ids. The
  focal region is always ranked together with its peers (rank "k of n" counts it), so a kota can
  be placed among the kabupaten.
* **Reference statistics exclude the focal region**: the peer mean, peer median and the robust
  z-score compare the focal value with the *other* members of the ranked set, so a region is
  never compared with itself.
* **Robust z-score**: ``z = (x − median) / (1.4826 × MAD)`` where MAD is the median absolute
  deviation of the reference values from their median; 1.4826 makes the MAD a consistent estimate
  of the standard deviation for normal data, so ``z`` reads like an ordinary z-score but one
  extreme region cannot inflate the spread. ``|z| > 3.5`` is flagged as an outlier (the cut-off of
  Iglewicz & Hoaglin for this "modified z-score"). ``z`` is undefined (``None``) with fewer than 3
  reference values or when MAD is 0. ``z`` has the sign of the value (above/below the median),
  not of the judgement.
* **Gaps** are ``focal − reference`` in the metric's own unit (percentage points for ``%``);
  poverty counts stay in ``ribu jiwa`` as printed.
* **A region missing from a table** is never imputed: positions say ``in_table=False`` and name
  the table (:func:`coverage` lists every table with the regions it covers).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from .dataset import Dataset
from .errors import ParameterError
from .measurement import OPINI_RANK

__all__ = [
    "MAD_SCALE",
    "OUTLIER_Z",
    "PEER_GROUPS",
    "PEER_LEVELS",
    "REGION_GROUPS",
    "TIE_METHODS",
    "TOTAL_INDICATORS",
    "BenchmarkPosition",
    "CategoricalPosition",
    "benchmark_position",
    "benchmark_table",
    "benchmark_values",
    "category_base",
    "categorical_position",
    "change_table",
    "check_benchmark_parameters",
    "compare_word",
    "coverage",
    "describe_change",
    "dot_plot",
    "position_summary",
    "rank_heatmap",
    "slope_chart",
    "ipg_comparison",
    "latest_year",
    "level_comparison",
    "neighbours",
    "percentile_ranks",
    "printed_rank",
    "rank_matrix",
    "rank_values",
    "regions",
    "resolve_focal",
    "resolve_peers",
    "robust_z",
]

Ties = Literal["min", "average"]

#: Peer-group names a notebook accepts (an explicit list of entity ids is accepted by the API too).
PEER_GROUPS: tuple[str, ...] = ("all", "kota", "kabupaten", "neighbours")
#: Entity levels that can be peers.
PEER_LEVELS: tuple[str, ...] = ("kota", "kabupaten")
#: Tie rules of :func:`rank_values`: ``"min"`` = competition ranking "1224", ``"average"`` = mean rank.
TIE_METHODS: tuple[str, ...] = ("min", "average")
#: 1 / Φ⁻¹(0.75): scales the MAD to a standard deviation for normal data.
MAD_SCALE: float = 1.4826
#: |robust z| above this is an outlier (Iglewicz & Hoaglin's cut-off for the modified z-score).
OUTLIER_Z: float = 3.5

#: Neighbour groups of West Java's kabupaten/kota used by ``peer_group="neighbours"``. An
#: analyst's grouping of adjacent regions that form one metropolitan or development area (it
#: loosely follows the province's wilayah pengembangan; it is not an official list):
#:
#: * ``bodebek`` — the West Java part of Jabodetabek: Kota/Kabupaten Bogor, Kota Depok,
#:   Kota/Kabupaten Bekasi (Kota Bekasi's neighbours; three of them are also in the report's own PAD
#:   comparison, Tabel 3.7);
#: * ``bandung-raya`` — Kota/Kabupaten Bandung, Kabupaten Bandung Barat, Kota Cimahi, Kabupaten Sumedang;
#: * ``ciayumajakuning`` — Kota/Kabupaten Cirebon, Indramayu, Majalengka, Kuningan;
#: * ``priangan-timur`` — Garut, Kota/Kabupaten Tasikmalaya, Ciamis, Kota Banjar, Pangandaran;
#: * ``sukabumi-cianjur`` — Kota/Kabupaten Sukabumi, Cianjur;
#: * ``purwasuka`` — Purwakarta, Subang, Karawang.
#:
#: A region's neighbours are the other members of its group; pass an explicit list of entity ids
#: to :func:`resolve_peers` for any other comparison set.
REGION_GROUPS: dict[str, tuple[str, ...]] = {
    "bodebek": ("kota-bekasi", "kab-bekasi", "kota-bogor", "kab-bogor", "kota-depok"),
    "bandung-raya": ("kota-bandung", "kab-bandung", "kab-bandung-barat", "kota-cimahi", "kab-sumedang"),
    "ciayumajakuning": ("kota-cirebon", "kab-cirebon", "kab-indramayu", "kab-majalengka", "kab-kuningan"),
    "priangan-timur": (
        "kab-garut",
        "kab-tasikmalaya",
        "kota-tasikmalaya",
        "kab-ciamis",
        "kota-banjar",
        "kab-pangandaran",
    ),
    "sukabumi-cianjur": ("kota-sukabumi", "kab-sukabumi", "kab-cianjur"),
    "purwasuka": ("kab-purwakarta", "kab-subang", "kab-karawang"),
}

_NUMERIC = ("higher_is_better", "lower_is_better", "neutral")

#: Indicators whose value is a total over the region (people, rupiah collected or invested,
#: reports). The province value is then the sum over its regions, so "better/worse than the
#: province" is meaningless: positions report the focal region's share of the province total
#: instead of a judgement (the numeric gap is still given).
TOTAL_INDICATORS: frozenset[str] = frozenset(
    {
        "jumlah-penduduk-miskin",
        "pad",
        "nilai-investasi",
        "nilai-investasi-pma",
        "nilai-investasi-pmdn",
        "jumlah-lkpm",
        "jumlah-tenaga-kerja-investasi",
        "pendapatan-nasional",
    }
)


# --------------------------------------------------------------------------------------------------
# pure statistics
# --------------------------------------------------------------------------------------------------


def _check_ties(ties: str) -> None:
    if ties not in TIE_METHODS:
        raise ValueError(f"unknown tie rule {ties!r} (one of: {', '.join(TIE_METHODS)})")


def _check_numeric_polarity(polarity: str) -> None:
    if polarity == "categorical":
        raise ValueError("a categorical metric has no rank: use categorical_position()")
    if polarity not in _NUMERIC:
        raise ValueError(f"unknown polarity {polarity!r} (one of: {', '.join(_NUMERIC + ('categorical',))})")


def rank_values(values: pd.Series, polarity: str, ties: Ties = "min") -> pd.Series:
    """Rank values by the metric's polarity; 1 = best (or highest, for ``neutral``).

    ``higher_is_better`` and ``neutral`` rank descending, ``lower_is_better`` ascending. Ties:
    ``"min"`` competition ranking (10, 8, 8, 5 → 1, 2, 2, 4), ``"average"`` mean rank
    (→ 1, 2.5, 2.5, 4). Missing values stay NaN and are not counted.

    Raises:
        ValueError: categorical or unknown polarity, unknown tie rule.
    """
    _check_numeric_polarity(polarity)
    _check_ties(ties)
    v = pd.to_numeric(values, errors="coerce").astype(float)
    return v.rank(method=ties, ascending=(polarity == "lower_is_better"), na_option="keep")


def percentile_ranks(values: pd.Series, polarity: str) -> pd.Series:
    """Weak percentile rank of each value: 100 × share of values no better than it (itself included).

    ``higher_is_better``/``neutral``: share of values ≤ v; ``lower_is_better``: share ≥ v. The best
    value gets 100, the worst 100/n; missing values are NaN and not counted.

    Raises:
        ValueError: categorical or unknown polarity.
    """
    _check_numeric_polarity(polarity)
    v = pd.to_numeric(values, errors="coerce").astype(float)
    known = v.dropna().to_numpy()
    n = len(known)
    out = pd.Series(np.nan, index=v.index, dtype=float)
    for idx, x in v.items():
        if math.isnan(x) or n == 0:
            continue
        worse_or_equal = (known >= x) if polarity == "lower_is_better" else (known <= x)
        out[idx] = 100.0 * worse_or_equal.sum() / n
    return out


def robust_z(value: float | None, reference: Iterable[float | None]) -> float | None:
    """Robust z-score of ``value`` against ``reference``: (x − median) / (1.4826 × MAD).

    ``MAD = median(|r − median(r)|)``. ``None`` when the value is missing, fewer than 3 reference
    values are known, or MAD is 0 (no spread to scale by).

    >>> robust_z(10, [1, 2, 3, 4, 5])   # median 3, MAD 1
    4.721...
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    ref = np.array([float(r) for r in reference if r is not None and not pd.isna(r)], dtype=float)
    if len(ref) < 3:
        return None
    med = float(np.median(ref))
    mad = float(np.median(np.abs(ref - med)))
    if mad == 0:
        return None
    return (float(value) - med) / (MAD_SCALE * mad)


def compare_word(gap: float | None, polarity: str, *, ndigits: int = 6) -> str | None:
    """Word for ``focal − reference = gap``: ``better``/``worse``/``equal`` by polarity, or
    ``above``/``below``/``equal`` for a neutral metric. ``None`` for a missing gap.

    The gap is rounded to ``ndigits`` decimals first, so float noise does not read as a difference.

    Raises:
        ValueError: categorical or unknown polarity.
    """
    _check_numeric_polarity(polarity)
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return None
    g = round(float(gap), ndigits)
    if g == 0:
        return "equal"
    if polarity == "neutral":
        return "above" if g > 0 else "below"
    higher = g > 0
    return "better" if higher == (polarity == "higher_is_better") else "worse"


# --------------------------------------------------------------------------------------------------
# regions and peer groups
# --------------------------------------------------------------------------------------------------


def regions(ds: Dataset) -> pd.DataFrame:
    """Every kabupaten/kota of the entity registry (``entity_id``, ``name``, ``level``, ``parent_id``)."""
    e = ds.entities
    return e[e["level"].isin(PEER_LEVELS)][["entity_id", "name", "level", "parent_id"]].reset_index(drop=True)


def neighbours(region: str) -> tuple[str, ...]:
    """The neighbours of ``region``: the other members of its group in :data:`REGION_GROUPS`.

    Raises:
        ParameterError: the region belongs to no group (the message lists those that do).
    """
    for members in REGION_GROUPS.values():
        if region in members:
            return tuple(m for m in members if m != region)
    known = sorted(m for members in REGION_GROUPS.values() for m in members)
    raise ParameterError(
        f"no neighbours are defined for {region!r}; peer_group 'neighbours' works for: {', '.join(known)}"
    )


def resolve_focal(ds: Dataset, focal: str) -> pd.Series:
    """The registry row of a kabupaten/kota; raise :class:`ParameterError` listing valid ids."""
    r = regions(ds)
    hit = r[r["entity_id"] == focal]
    if hit.empty:
        raise ParameterError(
            f"focal region {focal!r} is not a kabupaten/kota of the entity registry; valid choices: "
            + ", ".join(sorted(r["entity_id"]))
        )
    return hit.iloc[0]


def resolve_peers(ds: Dataset, peer_group: str | Sequence[str], focal: str) -> tuple[str, tuple[str, ...] | None]:
    """``(label, members)`` of a peer group; ``members`` is ``None`` for a level filter.

    ``"all"``, ``"kota"``, ``"kabupaten"`` filter the table by level (``members`` None);
    ``"neighbours"`` returns :func:`neighbours` of ``focal``; a list of entity ids is returned as
    given (each must be a kabupaten/kota of the registry).

    Raises:
        ParameterError: unknown group name or entity id, or no neighbours for ``focal``.
    """
    if isinstance(peer_group, str):
        if peer_group in ("all", "kota", "kabupaten"):
            return peer_group, None
        if peer_group == "neighbours":
            return "neighbours", neighbours(focal)
        raise ParameterError(
            f"unknown peer group {peer_group!r}; valid choices: {', '.join(PEER_GROUPS)} (or a list of entity ids)"
        )
    members = tuple(peer_group)
    if not members:
        raise ParameterError("an explicit peer group needs at least one entity id")
    valid = set(regions(ds)["entity_id"])
    unknown = [m for m in members if m not in valid]
    if unknown:
        raise ParameterError(
            f"peer group members {', '.join(map(repr, unknown))} are not kabupaten/kota ids; valid: "
            + ", ".join(sorted(valid))
        )
    return "custom: " + ", ".join(members), members


def _peer_mask(frame: pd.DataFrame, peer_group: str | Sequence[str], focal: str, ds: Dataset) -> pd.Series:
    """Rows of ``frame`` (with ``entity_id``, ``level``) that belong to the peer group (focal excluded)."""
    label, members = resolve_peers(ds, peer_group, focal)
    is_region = frame["level"].isin(PEER_LEVELS)
    if members is not None:
        mask = frame["entity_id"].isin(members)
    elif label == "all":
        mask = is_region
    else:
        mask = frame["level"] == label
    return mask & is_region & (frame["entity_id"] != focal)


# --------------------------------------------------------------------------------------------------
# reading the table
# --------------------------------------------------------------------------------------------------


def _indicator(ds: Dataset, indicator: str) -> pd.Series:
    ind = ds.indicators
    hit = ind[ind["indicator_id"] == indicator]
    if hit.empty:
        rb = sorted(ds.tables["regional_benchmarks"]["indicator_id"].unique())
        raise ParameterError(f"unknown indicator {indicator!r}; regional indicators: {', '.join(rb)}")
    return hit.iloc[0]


def benchmark_values(ds: Dataset, indicator: str, year: int, measure: str = "value") -> pd.DataFrame:
    """Rows of ``regional_benchmarks`` for one indicator, year and measure, with the entity registry.

    Columns: ``entity_id``, ``name``, ``level``, ``parent_id``, ``value``, ``value_text``,
    ``source_ref``.

    Raises:
        ParameterError: unknown indicator, or no rows for that year/measure (the message lists the
            years and measures the table has for the indicator).
    """
    _indicator(ds, indicator)
    rb = ds.tables["regional_benchmarks"]
    rows = rb[rb["indicator_id"] == indicator]
    sel = rows[(rows["year"] == year) & (rows["measure"] == measure)]
    if sel.empty:
        have = rows[["year", "measure"]].drop_duplicates().sort_values(["year", "measure"])
        choices = ", ".join(f"{y} {m}" for y, m in have.itertuples(index=False))
        raise ParameterError(f"no {indicator!r} {measure!r} values for {year!r}; the table has: {choices}")
    e = ds.entities[["entity_id", "name", "level", "parent_id"]]
    out = sel.merge(e, on="entity_id", how="left")
    return out[["entity_id", "name", "level", "parent_id", "value", "value_text", "source_ref"]].reset_index(drop=True)


def latest_year(ds: Dataset, indicator: str, year: int, measure: str = "value") -> int | None:
    """The latest year ≤ ``year`` for which ``indicator``/``measure`` has rows, else ``None``."""
    rb = ds.tables["regional_benchmarks"]
    years = rb.loc[(rb["indicator_id"] == indicator) & (rb["measure"] == measure) & (rb["year"] <= year), "year"]
    return int(years.max()) if len(years) else None


def coverage(ds: Dataset, focal: str) -> pd.DataFrame:
    """Every slice of ``regional_benchmarks`` (indicator, year, measure) and whether ``focal`` is in it.

    Columns: ``indicator_id``, ``name``, ``year``, ``measure``, ``source_ref``, ``n_regions``
    (kabupaten/kota rows), ``province`` and ``nation`` (rows present), ``focal_in_table``.
    """
    rb = ds.tables["regional_benchmarks"].merge(ds.entities[["entity_id", "level"]], on="entity_id", how="left")
    ind = ds.indicators.set_index("indicator_id")["name"]
    rows = []
    for (i, y, m), g in rb.groupby(["indicator_id", "year", "measure"], sort=True):
        rows.append(
            {
                "indicator_id": i,
                "name": ind.get(i, i),
                "year": int(y),
                "measure": m,
                "source_ref": "; ".join(sorted(g["source_ref"].unique())),
                "n_regions": int(g["level"].isin(PEER_LEVELS).sum()),
                "province": bool((g["level"] == "provinsi").any()),
                "nation": bool((g["level"] == "nasional").any()),
                "focal_in_table": bool((g["entity_id"] == focal).any()),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# numeric position
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkPosition:
    """Where the focal region stands on one numeric metric, year and measure.

    Attributes:
        indicator_id, name, unit, polarity, year, measure: the metric.
        focal, focal_name: the focal region; ``in_table`` whether the table has a value for it.
        peer_group: the peer group's label; ``n_ranked``: regions ranked (focal included).
        value, value_text: the focal value (parsed, printed).
        rank: rank among ``n_ranked`` (1 = best, or highest for neutral; ties "min" by default).
        percentile: weak percentile rank (see the module rules).
        province_id, province_value, gap_to_province: the focal's province (``parent_id``) when in
            the table; gap = focal − province.
        nation_value, gap_to_nation: the national value when in the table.
        peer_mean, peer_median, gap_to_mean, gap_to_median: the *other* ranked regions.
        robust_z: (focal − peer median) / (1.4826 × MAD of the other regions); ``None`` when undefined.
        outlier: ``|robust_z| > 3.5``.
        share_of_province: focal / province × 100 for a :data:`TOTAL_INDICATORS` metric (whose
            province value is a sum), else ``None``; such metrics get no better/worse reading
            against the province or the nation.
        sentence: a one-line reading with polarity-aware wording.
        note: why something is missing.
    """

    indicator_id: str
    name: str
    unit: str
    polarity: str
    year: int
    measure: str
    focal: str
    focal_name: str
    peer_group: str
    in_table: bool
    n_ranked: int
    value: float | None = None
    value_text: str | None = None
    rank: float | None = None
    percentile: float | None = None
    province_id: str | None = None
    province_value: float | None = None
    gap_to_province: float | None = None
    nation_value: float | None = None
    gap_to_nation: float | None = None
    peer_mean: float | None = None
    peer_median: float | None = None
    gap_to_mean: float | None = None
    gap_to_median: float | None = None
    robust_z: float | None = None
    outlier: bool | None = None
    share_of_province: float | None = None
    sentence: str = ""
    note: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The position as a plain dict (one row of a summary table)."""
        return dict(self.__dict__)


def _f(x: object) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _fmt(v: float | None) -> str:
    if v is None:
        return "n/a"
    return f"{v:,.2f}"


def _ranked_frame(
    ds: Dataset, indicator: str, year: int, focal: str, peer_group: str | Sequence[str], measure: str, ties: Ties
) -> tuple[pd.DataFrame, pd.Series]:
    meta = _indicator(ds, indicator)
    polarity = str(meta["polarity"])
    _check_numeric_polarity(polarity)
    resolve_focal(ds, focal)
    frame = benchmark_values(ds, indicator, year, measure)
    peers = _peer_mask(frame, peer_group, focal, ds)
    frame["is_focal"] = frame["entity_id"] == focal
    frame["ranked"] = (peers | frame["is_focal"]) & frame["value"].notna()
    frame["role"] = np.select(
        [frame["is_focal"], peers, frame["level"] == "provinsi", frame["level"] == "nasional"],
        ["focal", "peer", "province", "nation"],
        default="other region",
    )
    ranked = frame[frame["ranked"]]
    frame["rank"] = rank_values(ranked["value"], polarity, ties).reindex(frame.index)
    frame["percentile"] = percentile_ranks(ranked["value"], polarity).reindex(frame.index)
    z = []
    for idx, row in frame.iterrows():
        if not row["ranked"]:
            z.append(np.nan)
            continue
        others = ranked.loc[ranked.index != idx, "value"]
        rz = robust_z(_f(row["value"]), others)
        z.append(np.nan if rz is None else rz)
    frame["robust_z"] = z
    return frame, meta


def benchmark_table(
    ds: Dataset,
    indicator: str,
    year: int,
    focal: str,
    peer_group: str | Sequence[str] = "all",
    measure: str = "value",
    *,
    ties: Ties = "min",
) -> pd.DataFrame:
    """Every row of one indicator/year/measure with rank, percentile and robust z among the peers.

    Regions outside the peer group, the province and the nation are kept (``rank`` NaN, ``role``
    says what they are) so a plot can show them. Each ranked region's ``robust_z`` is computed
    against the *other* ranked regions. Sorted by rank, then the unranked rows.

    Raises:
        ParameterError: unknown indicator, focal region, peer group, or no rows for the year/measure.
        ValueError: a categorical indicator (use :func:`categorical_position`).
    """
    frame, _ = _ranked_frame(ds, indicator, year, focal, peer_group, measure, ties)
    frame = frame.sort_values(["rank", "role", "name"], na_position="last").reset_index(drop=True)
    return frame[
        ["entity_id", "name", "level", "role", "is_focal", "value", "value_text", "rank", "percentile", "robust_z"]
    ]


def benchmark_position(
    ds: Dataset,
    indicator: str,
    year: int,
    focal: str,
    peer_group: str | Sequence[str] = "all",
    measure: str = "value",
    *,
    ties: Ties = "min",
) -> BenchmarkPosition:
    """The focal region's rank, percentile, gaps and robust z on one metric (rules: module docstring).

    A focal region missing from the table gives ``in_table=False``, no rank, and a ``note`` naming
    the table; the peers' statistics are still filled.

    Raises:
        ParameterError: unknown indicator, focal region, peer group, or no rows for the year/measure.
        ValueError: a categorical indicator (use :func:`categorical_position`).
    """
    frame, meta = _ranked_frame(ds, indicator, year, focal, peer_group, measure, ties)
    polarity = str(meta["polarity"])
    label, _ = resolve_peers(ds, peer_group, focal)
    focal_row = resolve_focal(ds, focal)
    ranked = frame[frame["ranked"]]
    others = ranked.loc[~ranked["is_focal"], "value"].astype(float)
    hit = frame[frame["is_focal"] & frame["value"].notna()]
    province_id = focal_row["parent_id"] if isinstance(focal_row["parent_id"], str) else None
    prov = frame.loc[frame["entity_id"] == province_id, "value"] if province_id else pd.Series(dtype=float)
    nat = frame.loc[frame["level"] == "nasional", "value"]
    province_value = _f(prov.iloc[0]) if len(prov) else None
    nation_value = _f(nat.iloc[0]) if len(nat) else None
    peer_mean = _f(others.mean()) if len(others) else None
    peer_median = _f(others.median()) if len(others) else None
    source = "; ".join(sorted(frame["source_ref"].unique()))
    base = dict(
        indicator_id=indicator,
        name=str(meta["name"]),
        unit=str(meta["unit"]),
        polarity=polarity,
        year=int(year),
        measure=measure,
        focal=focal,
        focal_name=str(focal_row["name"]),
        peer_group=label,
        province_id=province_id,
        province_value=province_value,
        nation_value=nation_value,
        peer_mean=peer_mean,
        peer_median=peer_median,
    )
    if hit.empty:
        return BenchmarkPosition(
            **base,
            in_table=False,
            n_ranked=len(ranked),
            sentence=f"{focal_row['name']} is not in {source} ({meta['name']}, {year}).",
            note=f"{focal!r} has no {measure} for {indicator!r} {year} ({source})",
        )
    row = hit.iloc[0]
    value = float(row["value"])

    def gap(ref: float | None) -> float | None:
        return None if ref is None else value - ref

    z = _f(row["robust_z"])
    n = len(ranked)
    rank = _f(row["rank"])
    if polarity == "neutral":
        position = f"ranks {_rank_text(rank)} of {n} by value (1 = highest; a neutral metric: a position, not a judgement)"
    else:
        position = f"ranks {_rank_text(rank)} of {n} (1 = best, {polarity.replace('_', ' ')})"
    parts = [f"{focal_row['name']} {position}, percentile {_fmt(_f(row['percentile']))}"]
    total = indicator in TOTAL_INDICATORS
    refs = [(peer_median, "the peer median")]
    if not total:
        refs += [(province_value, "the province"), (nation_value, "the nation")]
    for ref, what in refs:
        parts.extend(_relation(compare_word(gap(ref), polarity), what))
    share = value / province_value * 100.0 if total and province_value else None
    if share is not None:
        parts.append(f"{share:.2f}% of the province total")
    return BenchmarkPosition(
        **base,
        in_table=True,
        n_ranked=n,
        value=value,
        value_text=str(row["value_text"]),
        rank=rank,
        percentile=_f(row["percentile"]),
        gap_to_province=gap(province_value),
        gap_to_nation=gap(nation_value),
        gap_to_mean=gap(peer_mean),
        gap_to_median=gap(peer_median),
        robust_z=z,
        outlier=None if z is None else abs(z) > OUTLIER_Z,
        share_of_province=share,
        sentence="; ".join(parts) + ".",
        note=None if z is not None else "robust z undefined (fewer than 3 other regions or no spread)",
    )


def _num_text(v: float | None) -> str:
    """``1,234.50`` / ``-3.61`` with thousands separators, ``—`` for missing (stable text for tables)."""
    return "—" if v is None else f"{v:,.2f}"


def _relation(word: str | None, what: str) -> list[str]:
    """``["better than the province"]``, ``["above the peer median"]``, ``["equal to ..."]`` or ``[]``."""
    if word is None:
        return []
    if word == "equal":
        return [f"equal to {what}"]
    if word in ("above", "below"):
        return [f"{word} {what}"]
    return [f"{word} than {what}"]


def _rank_text(rank: float | None) -> str:
    if rank is None:
        return "n/a"
    return str(int(rank)) if float(rank).is_integer() else f"{rank:g}"


# --------------------------------------------------------------------------------------------------
# change over time
# --------------------------------------------------------------------------------------------------


def change_table(
    ds: Dataset,
    indicator: str,
    start: int,
    end: int,
    focal: str,
    peer_group: str | Sequence[str] = "all",
    *,
    basis: Literal["percent", "absolute"] = "percent",
    measure: str = "value",
    ties: Ties = "min",
) -> pd.DataFrame:
    """Change of one metric from ``start`` to ``end`` per region, ranked by polarity.

    ``change = v_end − v_start`` (metric's unit), ``pct_change = (v_end / v_start − 1) × 100``.
    The ranked quantity is ``pct_change`` (``basis="percent"``, default: comparable across regions
    of different size) or ``change``. Ranking: ``lower_is_better`` → the largest fall ranks 1;
    ``higher_is_better`` → the largest rise ranks 1; ``neutral`` → the largest rise ranks 1 but is
    only "highest growth", not better. Ties per ``ties``. Regions lacking either year keep NaN
    changes and no rank. Rows: ranked regions first (focal and peers), then the province, the
    nation and the rest (unranked).

    Raises:
        ParameterError: unknown indicator/focal/peer group, or a year the table lacks.
        ValueError: categorical indicator, ``start >= end``, unknown basis.
    """
    if start >= end:
        raise ValueError(f"start year {start} must be before end year {end}")
    if basis not in ("percent", "absolute"):
        raise ValueError(f"unknown basis {basis!r} (percent or absolute)")
    meta = _indicator(ds, indicator)
    polarity = str(meta["polarity"])
    _check_numeric_polarity(polarity)
    resolve_focal(ds, focal)
    a = benchmark_values(ds, indicator, start, measure)
    b = benchmark_values(ds, indicator, end, measure)
    frame = a[["entity_id", "name", "level", "value", "value_text"]].merge(
        b[["entity_id", "name", "level", "value", "value_text"]],
        on=["entity_id", "name", "level"],
        how="outer",
        suffixes=("_start", "_end"),
    )
    frame = frame.rename(columns={"value_start": "start", "value_end": "end"})
    frame["change"] = frame["end"] - frame["start"]
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["pct_change"] = np.where(frame["start"] != 0, (frame["end"] / frame["start"] - 1.0) * 100.0, np.nan)
    peers = _peer_mask(frame, peer_group, focal, ds)
    frame["is_focal"] = frame["entity_id"] == focal
    key = "pct_change" if basis == "percent" else "change"
    frame["ranked"] = (peers | frame["is_focal"]) & frame[key].notna()
    frame["role"] = np.select(
        [frame["is_focal"], peers, frame["level"] == "provinsi", frame["level"] == "nasional"],
        ["focal", "peer", "province", "nation"],
        default="other region",
    )
    ranked = frame[frame["ranked"]]
    # a change of a lower-is-better metric is better when it is lower: same orientation as the metric
    frame["rank"] = rank_values(ranked[key], polarity, ties).reindex(frame.index)
    frame["percentile"] = percentile_ranks(ranked[key], polarity).reindex(frame.index)
    frame.attrs.update(indicator_id=indicator, polarity=polarity, basis=key, start=start, end=end, unit=str(meta["unit"]))
    frame = frame.sort_values(["rank", "role", "name"], na_position="last").reset_index(drop=True)
    return frame[
        [
            "entity_id",
            "name",
            "level",
            "role",
            "is_focal",
            "start",
            "end",
            "change",
            "pct_change",
            "rank",
            "percentile",
            "value_text_start",
            "value_text_end",
        ]
    ]


def describe_change(table: pd.DataFrame) -> str:
    """One sentence on the focal region's row of a :func:`change_table` (polarity-aware wording)."""
    attrs = table.attrs
    polarity, key = attrs.get("polarity", "neutral"), attrs.get("basis", "pct_change")
    focal = table[table["is_focal"]]
    span = f"{attrs.get('start')}→{attrs.get('end')}"
    if focal.empty or pd.isna(focal.iloc[0][key]):
        name = focal.iloc[0]["name"] if not focal.empty else "the focal region"
        return f"{name} has no value for both years of {span}: no change can be ranked."
    row = focal.iloc[0]
    n = int(table["rank"].notna().sum())
    what = "percentage change" if key == "pct_change" else "change"
    unit = "%" if key == "pct_change" else f" {attrs.get('unit', '')}"
    if polarity == "neutral":
        order = "1 = highest growth; a neutral metric: a position, not a judgement"
    elif polarity == "lower_is_better":
        order = "1 = largest fall, the best for a lower-is-better metric"
    else:
        order = "1 = largest rise, the best for a higher-is-better metric"
    return (
        f"{row['name']}: {what} {span} {row[key]:+,.2f}{unit}, rank {_rank_text(_f(row['rank']))} of {n} ({order})."
    )


# --------------------------------------------------------------------------------------------------
# province and nation
# --------------------------------------------------------------------------------------------------


def level_comparison(ds: Dataset, indicator: str, year: int, focal: str, measure: str = "value") -> pd.DataFrame:
    """The focal region beside its province and the nation on one metric.

    One row per level present (focal, province = ``parent_id`` of the focal, nation): ``entity_id``,
    ``name``, ``level``, ``value``, ``value_text``, ``focal_gap`` (focal − this row) and ``reading``
    (the focal is ``better``/``worse``/``equal`` — or ``above``/``below`` for neutral — than this
    row). A focal value missing from the table leaves ``focal_gap`` and ``reading`` empty.

    Raises:
        ParameterError: unknown indicator or focal region, or no rows for the year/measure.
    """
    meta = _indicator(ds, indicator)
    polarity = str(meta["polarity"])
    _check_numeric_polarity(polarity)
    f = resolve_focal(ds, focal)
    frame = benchmark_values(ds, indicator, year, measure)
    parent = f["parent_id"]
    keep = (frame["entity_id"] == focal) | (frame["entity_id"] == parent) | (frame["level"] == "nasional")
    out = frame[keep].copy()
    order = {"kota": 0, "kabupaten": 0, "provinsi": 1, "nasional": 2}
    out["_o"] = out["level"].map(order)
    out = out.sort_values("_o").drop(columns="_o")
    fv = out.loc[out["entity_id"] == focal, "value"]
    focal_value = _f(fv.iloc[0]) if len(fv) else None
    out["focal_gap"] = [
        None if focal_value is None or e == focal else focal_value - float(v) for e, v in zip(out["entity_id"], out["value"])
    ]
    out["reading"] = [
        None if e == focal else compare_word(g, polarity) for e, g in zip(out["entity_id"], out["focal_gap"])
    ]
    out["focal_gap"] = out["focal_gap"].astype(float)
    return out[["entity_id", "name", "level", "value", "value_text", "focal_gap", "reading"]].reset_index(drop=True)


def ipg_comparison(ds: Dataset, focal: str, year: int) -> pd.DataFrame:
    """The IPG (Indeks Pembangunan Gender) of the focal region beside the province and the nation.

    The report prints only the city's IPG (``indicator_values``, the IKU whose name is "Indeks
    Pembangunan Gender", measure ``realisasi`` of ``year``) and its gaps to the province and the
    nation (``stats/ipg-comparison``, ``ipg_gap_points``: "lebih tinggi" = the city is higher).
    The province and nation values are therefore *derived*: city IPG − printed gap. Empty frame
    when the data have no IPG for the focal region.

    Columns: ``entity_id``, ``level``, ``value``, ``source`` (printed or derived), ``gap_year``.
    """
    ind = ds.indicators
    ids = ind.loc[(ind["entity_id"] == focal) & ind["name"].str.contains("Pembangunan Gender", case=False), "indicator_id"]
    cols = ["entity_id", "level", "value", "source", "gap_year"]
    if ids.empty:
        return pd.DataFrame(columns=cols)
    iv = ds.tables["indicator_values"]
    v = iv[(iv["indicator_id"].isin(ids)) & (iv["year"] == year) & (iv["measure"] == "realisasi")]
    if v.empty or "stats-ipg-comparison" not in ds.tables:
        return pd.DataFrame(columns=cols)
    city = float(v["value"].iloc[0])
    gaps = ds.stats("ipg-comparison")
    gaps = gaps[gaps["variable"] == "ipg_gap_points"]
    rows = [{"entity_id": focal, "level": "kota/kabupaten", "value": city, "source": f"printed ({v['source_ref'].iloc[0]})", "gap_year": np.nan}]
    levels = ds.entities.set_index("entity_id")["level"]
    for _, g in gaps.iterrows():
        sign = -1.0 if "lebih rendah" in str(g["subcategory"]) else 1.0
        rows.append(
            {
                "entity_id": g["entity_id"],
                "level": levels.get(g["entity_id"], ""),
                "value": city - sign * float(g["value"]),
                "source": f"derived: city IPG − printed gap {g['value_text']} ({g['source_ref']})",
                "gap_year": int(g["year"]),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def printed_rank(ds: Dataset, indicator: str, year: int, focal: str, n_assessed: int | None = None) -> dict[str, object]:
    """The rank the report prints for the focal region (``measure == "rank"``) and what it implies.

    Returns ``rank`` (or ``None``), ``rank_text``, ``n_assessed`` (given, else the EPPD count from
    ``stats/eppd-peringkat`` for ``eppd``, else the regions of the table's ``value``/``realisasi``
    rows) and ``percentile`` = 100 × (n − rank + 1) / n (the weak percentile assuming no ties).
    """
    rb = ds.tables["regional_benchmarks"]
    hit = rb[(rb["indicator_id"] == indicator) & (rb["year"] == year) & (rb["measure"] == "rank") & (rb["entity_id"] == focal)]
    if n_assessed is None:
        if indicator == "eppd" and "stats-eppd-peringkat" in ds.tables:
            s = ds.stats("eppd-peringkat")
            s = s[(s["variable"] == "jumlah_kabupaten_kota_dinilai") & (s["year"] == year)]
            n_assessed = int(s["value"].iloc[0]) if len(s) else None
        else:
            rows = rb[(rb["indicator_id"] == indicator) & (rb["year"] == year) & rb["measure"].isin(["value", "realisasi"])]
            rows = rows.merge(ds.entities[["entity_id", "level"]], on="entity_id")
            n = int(rows.loc[rows["level"].isin(PEER_LEVELS), "entity_id"].nunique())
            n_assessed = n or None
    if hit.empty:
        return {"rank": None, "rank_text": None, "n_assessed": n_assessed, "percentile": None, "source_ref": None}
    r = float(hit["value"].iloc[0])
    pct = None if not n_assessed else 100.0 * (n_assessed - r + 1) / n_assessed
    return {
        "rank": r,
        "rank_text": str(hit["value_text"].iloc[0]),
        "n_assessed": n_assessed,
        "percentile": pct,
        "source_ref": str(hit["source_ref"].iloc[0]),
    }


# --------------------------------------------------------------------------------------------------
# categorical metrics
# --------------------------------------------------------------------------------------------------


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
    ordered = bool(len(dist)) and all(b in OPINI_RANK for b in dist["base"])
    if ordered:
        dist["_o"] = -dist["base"].map(OPINI_RANK)
        dist = dist.sort_values(["_o", "base"]).drop(columns="_o")
    else:
        dist = dist.sort_values(["count", "base"], ascending=[False, True])
    dist = dist.reset_index(drop=True)
    hit = sel[sel["entity_id"] == focal]
    if hit.empty:
        return CategoricalPosition(
            indicator, int(year), focal, label, False, None, None, len(sel), None, None, None, None, dist,
            f"{f['name']} is not in the {meta['name']} table for {year}.",
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
    sentence = f"{f['name']}: {text} ({year}); {n_same_base} of {len(sel)} regions share the base category {base}"
    if n_higher is not None:
        sentence += f", {n_higher} have a higher opinion and {n_lower} a lower one"
    return CategoricalPosition(
        indicator, int(year), focal, label, True, text, base, len(sel), n_same_base, n_same_text, n_higher, n_lower,
        dist, sentence + ".",
    )


# --------------------------------------------------------------------------------------------------
# several metrics at once
# --------------------------------------------------------------------------------------------------


def rank_matrix(
    ds: Dataset,
    items: Sequence[tuple[str, int, str]],
    focal: str,
    peer_group: str | Sequence[str] = "all",
    *,
    ties: Ties = "min",
) -> pd.DataFrame:
    """Ranks of every ranked region on several numeric metrics: one row per region, one column per item.

    ``items`` are ``(indicator_id, year, measure)``; the column label is ``"<indicator> <year>"``
    (plus the measure when it is not ``value``). Ranks follow each metric's polarity (neutral: by
    value). A region missing from a table has NaN in that column. Index: region names; the focal
    region first.

    Raises:
        ParameterError / ValueError: as :func:`benchmark_table` for any item.
    """
    cols = {}
    names: dict[str, str] = {}
    for indicator, year, measure in items:
        t = benchmark_table(ds, indicator, year, focal, peer_group, measure, ties=ties)
        t = t[t["rank"].notna()]
        label = f"{indicator} {year}" + ("" if measure == "value" else f" {measure}")
        cols[label] = t.set_index("entity_id")["rank"]
        names.update(dict(zip(t["entity_id"], t["name"])))
    out = pd.DataFrame(cols)
    order = [focal] + sorted((e for e in out.index if e != focal), key=lambda e: names[e])
    out = out.reindex([e for e in order if e in out.index])
    out.index = [names[e] for e in out.index]
    return out


# --------------------------------------------------------------------------------------------------
# notebook parameters
# --------------------------------------------------------------------------------------------------


def check_benchmark_parameters(ds: Dataset, values: dict[str, object]) -> None:
    """``extra_checks`` of the regional-benchmarks notebook: ``focal_region`` and ``peer_group``.

    An empty ``focal_region`` means the ``entity``. The focal region must be a kabupaten/kota of the
    registry that appears in ``regional_benchmarks``; ``peer_group`` one of :data:`PEER_GROUPS`
    (``neighbours`` only for a region of :data:`REGION_GROUPS`).

    Raises:
        ParameterError: with the valid choices.
    """
    focal = values.get("focal_region") or values.get("entity")
    rb_ids = set(ds.tables["regional_benchmarks"]["entity_id"])
    valid = sorted(e for e in regions(ds)["entity_id"] if e in rb_ids)
    if not isinstance(focal, str) or focal not in valid:
        where = "focal_region" if values.get("focal_region") else "entity (used because focal_region is empty)"
        raise ParameterError(
            f"{where} {focal!r} is not a kabupaten/kota in the regional tables; valid choices: {', '.join(valid)}"
        )
    group = values.get("peer_group", "all")
    if group not in PEER_GROUPS:
        raise ParameterError(f"unknown peer_group {group!r}; valid choices: {', '.join(PEER_GROUPS)}")
    if group == "neighbours":
        neighbours(str(focal))


# --------------------------------------------------------------------------------------------------
# figures (seaborn/matplotlib imported inside)
# --------------------------------------------------------------------------------------------------

FOCAL_COLOUR = "#d95f02"
PEER_COLOUR = "#9e9e9e"


def dot_plot(
    table: pd.DataFrame,
    *,
    title: str = "",
    xlabel: str = "",
    show_levels: bool = True,
    scale: float = 1.0,
    ax: object | None = None,
) -> object:
    """Dot plot of a :func:`benchmark_table`: one dot per ranked region, the focal region highlighted.

    The peer median (of the other regions) is a dotted line; with ``show_levels`` the province and
    the nation are dashed lines (leave it off for totals such as poverty counts, where the
    province is the sum of the regions). Values are divided by ``scale`` (e.g. 1e12 for triliun).
    Returns the Axes.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = table[table["role"].isin(["focal", "peer"]) & table["value"].notna()].copy()
    data["shown"] = data["value"] / scale
    data = data.sort_values("shown")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.32 * len(data) + 1.6))
    sns.stripplot(
        data=data,
        x="shown",
        y="name",
        hue="role",
        palette={"focal": FOCAL_COLOUR, "peer": PEER_COLOUR},
        hue_order=["peer", "focal"],
        size=9,
        jitter=False,
        legend=False,
        ax=ax,
    )
    others = data.loc[data["role"] == "peer", "shown"]
    if len(others):
        ax.axvline(float(others.median()), color="black", linestyle=":", linewidth=1, label="peer median")
    if show_levels:
        for role, style in (("province", "--"), ("nation", "-.")):
            v = table.loc[(table["role"] == role) & table["value"].notna(), ["name", "value"]]
            for name, value in v.itertuples(index=False):
                ax.axvline(float(value) / scale, color="#1b9e77" if role == "province" else "#7570b3", linestyle=style, linewidth=1.2, label=name)
    for label in ax.get_yticklabels():
        if label.get_text() in set(data.loc[data["role"] == "focal", "name"]):
            label.set_fontweight("bold")
            label.set_color(FOCAL_COLOUR)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.set_title(title)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8, frameon=True)
    return ax


def slope_chart(change: pd.DataFrame, *, title: str = "", ylabel: str = "", scale: float = 1.0, ax: object | None = None) -> object:
    """Slope chart of a :func:`change_table`: each ranked region's start and end value joined by a
    line; peers in grey, the focal region in colour and labelled. Returns the Axes."""
    import matplotlib.pyplot as plt

    attrs = change.attrs
    data = change[change["role"].isin(["focal", "peer"]) & change["start"].notna() & change["end"].notna()]
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    x0, x1 = attrs.get("start", 0), attrs.get("end", 1)
    for _, r in data.sort_values("is_focal").iterrows():
        focal = bool(r["is_focal"])
        ax.plot(
            [x0, x1],
            [r["start"] / scale, r["end"] / scale],
            color=FOCAL_COLOUR if focal else PEER_COLOUR,
            linewidth=2.5 if focal else 1,
            alpha=1 if focal else 0.6,
            marker="o",
            markersize=5 if focal else 3,
            zorder=3 if focal else 2,
        )
        if focal:
            ax.annotate(f"{r['name']}", (x1, r["end"] / scale), xytext=(6, 0), textcoords="offset points", va="center", color=FOCAL_COLOUR, fontweight="bold")
    ax.set_xticks([x0, x1])
    ax.set_xlim(x0 - 0.3, x1 + 0.9)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def rank_heatmap(matrix: pd.DataFrame, *, focal_name: str, title: str = "", ax: object | None = None) -> object:
    """Heat map of a :func:`rank_matrix` (rank 1 green, the last red; blanks: not in that table),
    with the focal region's row label highlighted. Returns the Axes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(1.3 * matrix.shape[1] + 4, 0.32 * matrix.shape[0] + 2))
    sns.heatmap(matrix.astype(float), annot=True, fmt=".0f", cmap="RdYlGn_r", cbar_kws={"label": "rank (1 = best / highest)"}, linewidths=0.5, ax=ax)
    for label in ax.get_yticklabels():
        if label.get_text() == focal_name:
            label.set_fontweight("bold")
            label.set_color(FOCAL_COLOUR)
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.grid(False)
    ax.tick_params(axis="x", rotation=30)
    return ax


def position_summary(positions: Iterable[BenchmarkPosition]) -> pd.DataFrame:
    """One row per :class:`BenchmarkPosition`: metric, year, measure, printed value, rank "k/n",
    percentile, robust z, gaps to the peer median and the province (rounded to 2 decimals), and
    the reading of the gap to the peer median by polarity."""
    rows = []
    for p in positions:
        rows.append(
            {
                "metric": p.name,
                "year": p.year,
                "measure": p.measure,
                "peer group": p.peer_group,
                "value": p.value_text if p.in_table else "not in table",
                "rank": f"{_rank_text(p.rank)}/{p.n_ranked}" if p.in_table else "—",
                "percentile": None if p.percentile is None else round(p.percentile, 1),
                "robust z": None if p.robust_z is None else round(p.robust_z, 2),
                "gap to peer median": _num_text(p.gap_to_median),
                "gap to province": _num_text(p.gap_to_province),
                "vs peer median": (
                    compare_word(p.gap_to_median, p.polarity) if p.in_table and p.gap_to_median is not None else "—"
                ),
            }
        )
    return pd.DataFrame(rows)
