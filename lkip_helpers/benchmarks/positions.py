"""The focal region's position on numeric metrics: the ranked table of one metric, the focal
region's rank, percentile, gaps and robust z with a one-line reading, ranks on several metrics at
once, and a summary table of positions.

Rules (polarity, ties, percentile, reference statistics without the focal region, totals):
:mod:`lkip_helpers.benchmarks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.i18n import format_number, translate
from lkip_helpers.notebook.messages import phrase
# package-internal helpers shared by the benchmarks modules (underscored: not part of the public API)
from .peers import _peer_mask, peer_members, require_peers, resolve_focal, resolve_peers
from .ranking import MIN_Z_REFERENCE, OUTLIER_Z, Ties, _rank_rows, _rank_text, compare_word, robust_z
from .values import _f, _numeric_indicator, benchmark_values

__all__ = [
    "TOTAL_INDICATORS",
    "BenchmarkPosition",
    "benchmark_position",
    "benchmark_table",
    "position_summary",
    "rank_matrix",
]

#: Indicators whose value is a total over the region (people, rupiah collected or invested,
#: reports). The province value is then the sum over its regions (and the national value the sum
#: over the provinces), so a gap to them or "better/worse than the province" is meaningless:
#: positions give no gap to the province or the nation (``None``, "—" in the summary) and report
#: the focal region's share of the province total instead.
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


@dataclass(frozen=True)
class BenchmarkPosition:
    """Where the focal region stands on one numeric metric, year and measure.

    Attributes:
        indicator_id, name, unit, polarity, year, measure: the metric.
        focal, focal_name: the focal region; ``in_table`` whether the table has a value for it.
        peer_group: the peer group's label; ``n_ranked``: regions ranked (focal included).
        missing_peers, missing_peer_names: members of the peer group (:func:`peer_members`) with no
            value in this table/year (ids, names), in registry order; they are not ranked.
        n_reference: the other ranked regions the peer statistics and ``robust_z`` use.
        value, value_text: the focal value (parsed, printed).
        rank: rank among ``n_ranked`` (1 = best, or highest for neutral; ties "min" by default).
        rank_best, rank_worst, n_possible: the rank bounds with the missing peers counted
            (``rank`` to ``rank + len(missing_peers)`` of ``n_ranked + len(missing_peers)``).
        percentile: weak percentile rank (rules: :mod:`lkip_helpers.benchmarks`).
        province_id, province_value, gap_to_province: the focal's province (``parent_id``) when in
            the table; gap = focal − province (``None`` for a :data:`TOTAL_INDICATORS` metric).
        nation_value, gap_to_nation: the national value when in the table (gap ``None`` for a total).
        peer_mean, peer_median, gap_to_mean, gap_to_median: the *other* ranked regions.
        robust_z: (focal − peer median) / (1.4826 × MAD of the other regions); ``None`` when
            undefined — fewer than :data:`~lkip_helpers.benchmarks.MIN_Z_REFERENCE` (5) other
            regions or no spread; ``z_note`` says which.
        outlier: ``|robust_z| > 3.5``.
        share_of_province: focal / province × 100 for a :data:`TOTAL_INDICATORS` metric (whose
            province value is a sum), else ``None``; such metrics get no better/worse reading
            against the province or the nation.
        sentence: a one-line reading with polarity-aware wording; it names the peer-group members
            missing from the table and why ``robust_z`` is undefined.
        z_note: why ``robust_z`` is undefined (``None`` when it is defined).
        note: why the focal value is missing.
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
    missing_peers: tuple[str, ...] = ()
    missing_peer_names: tuple[str, ...] = ()
    n_reference: int = 0
    value: float | None = None
    value_text: str | None = None
    rank: float | None = None
    rank_best: float | None = None
    rank_worst: float | None = None
    n_possible: int | None = None
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
    z_note: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The position as a plain dict (one row of a summary table)."""
        return dict(self.__dict__)


def _fmt(v: float | None) -> str:
    """A figure of a sentence in the reader's notation (a dash when it is missing)."""
    return format_number(v)


def _ranked_frame(
    ds: Dataset, indicator: str, year: int, focal: str, peer_group: str | Sequence[str], measure: str, ties: Ties
) -> tuple[pd.DataFrame, pd.Series]:
    meta, polarity, _ = _numeric_indicator(ds, indicator, focal)
    require_peers(ds, peer_group, focal)  # a focal region outside its level group is refused
    frame = benchmark_values(ds, indicator, year, measure)
    peers = _peer_mask(frame, peer_group, focal, ds)
    ranked = _rank_rows(frame, peers, focal, "value", polarity, ties)
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
    """The focal region's rank, percentile, gaps and robust z on one metric (rules: :mod:`lkip_helpers.benchmarks`).

    A focal region missing from the table gives ``in_table=False``, no rank, and a ``note`` naming
    the table; the peers' statistics are still filled.

    Raises:
        ParameterError: unknown indicator, focal region, peer group, or no rows for the year/measure.
        ValueError: a categorical indicator (use :func:`categorical_position`).
    """
    frame, meta = _ranked_frame(ds, indicator, year, focal, peer_group, measure, ties)
    ranked = frame[frame["ranked"]]
    others = ranked.loc[~ranked["is_focal"], "value"].astype(float)
    source = "; ".join(sorted(frame["source_ref"].unique()))
    base, missing_text = _position_base(ds, frame, meta, others, source, indicator, year, focal, peer_group)
    base["measure"] = measure
    hit = frame[frame["is_focal"] & frame["value"].notna()]
    if hit.empty:
        sentence = phrase("{name} is not in {source} ({table}, {year})", name=base["focal_name"], source=source,
                          table=meta["name"], year=int(year))
        return BenchmarkPosition(
            **base,
            in_table=False,
            n_ranked=len(ranked),
            sentence=sentence + (f"; {missing_text}." if missing_text else "."),
            note=f"{focal!r} has no {measure} for {indicator!r} {year} ({source})",
        )
    return _focal_position(base, hit.iloc[0], len(ranked), others, missing_text)


def _position_base(
    ds: Dataset,
    frame: pd.DataFrame,
    meta: pd.Series,
    others: pd.Series,
    source: str,
    indicator: str,
    year: int,
    focal: str,
    peer_group: str | Sequence[str],
) -> tuple[dict[str, object], str | None]:
    """The fields of a :class:`BenchmarkPosition` that do not need the focal region's value
    (indicator, peers, province, nation and peer statistics; all but ``measure``), and the
    sentence on the peers missing from the table (:func:`_missing_text`)."""
    focal_row = resolve_focal(ds, focal)
    label, _ = resolve_peers(ds, peer_group, focal)
    province_id = focal_row["parent_id"] if isinstance(focal_row["parent_id"], str) else None
    prov = frame.loc[frame["entity_id"] == province_id, "value"] if province_id else pd.Series(dtype=float)
    nat = frame.loc[frame["level"] == "nasional", "value"]
    with_value = set(frame.loc[frame["value"].notna(), "entity_id"])
    missing = tuple(m for m in peer_members(ds, peer_group, focal) if m not in with_value)
    names = ds.entities.set_index("entity_id")["name"]
    missing_names = tuple(str(names.get(m, m)) for m in missing)
    base = dict(
        indicator_id=indicator,
        name=str(meta["name"]),
        unit=str(meta["unit"]),
        polarity=str(meta["polarity"]),
        year=int(year),
        focal=focal,
        focal_name=str(focal_row["name"]),
        peer_group=label,
        missing_peers=missing,
        missing_peer_names=missing_names,
        n_reference=len(others),
        province_id=province_id,
        province_value=_f(prov.iloc[0]) if len(prov) else None,
        nation_value=_f(nat.iloc[0]) if len(nat) else None,
        peer_mean=_f(others.mean()) if len(others) else None,
        peer_median=_f(others.median()) if len(others) else None,
    )
    return base, _missing_text(ds, peer_group, focal, missing_names, with_value, source)


def _rank_words(rank: float | None, n: int, polarity: str) -> str:
    """"ranks 2 of 4 (1 = best, …)" in the reader's language; by value for a neutral metric."""
    if polarity == "neutral":
        return phrase("ranks {rank} of {n} by value (1 = highest; a neutral metric: a position, not a judgement)",
                      rank=_rank_text(rank), n=n)
    return phrase("ranks {rank} of {n} (1 = best, {polarity})", rank=_rank_text(rank), n=n, polarity=translate(polarity))


def _focal_position(
    base: dict[str, object], row: pd.Series, n: int, others: pd.Series, missing_text: str | None
) -> BenchmarkPosition:
    """The position of a focal region that is in the table: ``row`` is its ranked row, ``n`` the
    number of regions ranked, ``others`` the values of the other ranked regions."""
    value = float(row["value"])
    polarity = str(base["polarity"])
    province_value, nation_value = base["province_value"], base["nation_value"]
    peer_mean, peer_median = base["peer_mean"], base["peer_median"]

    def gap(ref: float | None) -> float | None:
        return None if ref is None else value - ref

    z = _f(row["robust_z"])
    z_note = None if z is not None else _z_note(others)
    rank = _f(row["rank"])
    parts = [phrase("{name} {position}, percentile {percentile}", name=base["focal_name"],
                    position=_rank_words(rank, n, polarity), percentile=_fmt(_f(row["percentile"])))]
    k = len(base["missing_peers"])
    bounds = {}
    if rank is not None:
        bounds = {"rank_best": rank, "rank_worst": rank + k, "n_possible": n + k}
        if k:
            parts.append(phrase("with the {k} missing peers it could rank {best} to {worst} of {n}", k=k,
                                best=_rank_text(rank), worst=_rank_text(rank + k), n=n + k) if k != 1 else
                         phrase("with the 1 missing peer it could rank {best} to {worst} of {n}",
                                best=_rank_text(rank), worst=_rank_text(rank + k), n=n + k))
    total = base["indicator_id"] in TOTAL_INDICATORS
    refs = [(peer_median, translate("the peer median"))]
    if not total:
        refs += [(province_value, translate("the province")), (nation_value, translate("the nation"))]
    for ref, what in refs:
        parts.extend(_relation(compare_word(gap(ref), polarity), what))
    share = value / province_value * 100.0 if total and province_value else None
    if share is not None:
        parts.append(phrase("{share}% of the province total", share=format_number(share)))
    parts.extend(text for text in (missing_text, z_note) if text)
    return BenchmarkPosition(
        **base,
        in_table=True,
        n_ranked=n,
        value=value,
        value_text=str(row["value_text"]),
        rank=rank,
        **bounds,
        percentile=_f(row["percentile"]),
        gap_to_province=None if total else gap(province_value),
        gap_to_nation=None if total else gap(nation_value),
        gap_to_mean=gap(peer_mean),
        gap_to_median=gap(peer_median),
        robust_z=z,
        outlier=None if z is None else abs(z) > OUTLIER_Z,
        share_of_province=share,
        sentence="; ".join(parts) + ".",
        z_note=z_note,
    )


def _missing_text(
    ds: Dataset,
    peer_group: str | Sequence[str],
    focal: str,
    missing_names: tuple[str, ...],
    with_value: set[str],
    source: str,
) -> str | None:
    """"2 of the 4 peers are not in Tabel 3.13 (not ranked): A, B" — or, when most of the group is
    missing, the few members the table does have: "the table has 3 of the 26 peers: X, Y, Z"."""
    if not missing_names:
        return None
    members = peer_members(ds, peer_group, focal)
    n = len(members)
    k = len(missing_names)
    if k <= max(8, n // 2):
        if k == 1:
            return phrase("1 of the {n} peers is not in {source} (not ranked): {names}", n=n, source=source,
                          names=missing_names[0])
        return phrase("{k} of the {n} peers are not in {source} (not ranked): {names}", k=k, n=n, source=source,
                      names=", ".join(missing_names))
    names = ds.entities.set_index("entity_id")["name"]
    present = [str(names.get(m, m)) for m in members if m in with_value]
    return phrase("{k} of the {n} peers are not in {source} (not ranked); it has only {m}: {present}", k=k, n=n,
                  source=source, m=len(present), present=", ".join(present) if present else translate("none"))


def _z_note(others: pd.Series) -> str:
    """Why the robust z of the focal region against ``others`` is undefined."""
    n = int(others.notna().sum())
    if n == 1:
        return phrase("robust z not computed: 1 other region ranked (needs at least {min})", min=MIN_Z_REFERENCE)
    if n < MIN_Z_REFERENCE:
        return phrase("robust z not computed: {n} other regions ranked (needs at least {min})", n=n,
                      min=MIN_Z_REFERENCE)
    return phrase("robust z not computed: the other regions have no spread (MAD 0)")


def _num_text(v: float | None) -> str:
    """``1,234.50`` / ``-3.61`` with thousands separators, ``—`` for missing (stable text for tables)."""
    return "—" if v is None else f"{v:,.2f}"


def _relation(word: str | None, what: str) -> list[str]:
    """``["better than the province"]``, ``["above the peer median"]``, ``["equal to ..."]`` or ``[]``."""
    if word is None:
        return []
    sentences = {"equal": phrase("equal to {what}", what=what), "above": phrase("above {what}", what=what),
                 "below": phrase("below {what}", what=what), "better": phrase("better than {what}", what=what),
                 "worse": phrase("worse than {what}", what=what)}
    return [sentences[word]]


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


def _rank_cell(p: BenchmarkPosition) -> str:
    """"k/n", with the bounds when peers are missing: "9/23 (9–13/27)"; "—" outside the table."""
    if not p.in_table:
        return "—"
    text = f"{_rank_text(p.rank)}/{p.n_ranked}"
    if p.missing_peers and p.rank is not None:
        text += f" ({_rank_text(p.rank_best)}–{_rank_text(p.rank_worst)}/{p.n_possible})"
    return text


def position_summary(positions: Iterable[BenchmarkPosition]) -> pd.DataFrame:
    """One row per :class:`BenchmarkPosition`, a stable display table.

    Columns: ``metric``, ``year``, ``measure``, ``peer group``, ``value`` (as printed, or "not in
    table"), ``rank`` ("k/n", with the bounds "k/n (best–worst/n+m)" when m peers are missing),
    ``percentile``, ``robust z`` (2 decimals, or "— (n=3)" when fewer
    than :data:`~lkip_helpers.benchmarks.MIN_Z_REFERENCE` other regions are ranked, "— (MAD 0)"
    without spread), ``gap to peer median`` and ``gap to province`` (2 decimals; "—" when missing
    and always for a :data:`TOTAL_INDICATORS` metric), ``share of province %`` (totals only),
    ``vs peer median`` (the reading of that gap by polarity) and ``peers not in table`` (how many
    members of the peer group the table lacks; their names are in the position's ``sentence``).
    """
    rows = []
    for p in positions:
        if p.robust_z is not None:
            z = f"{p.robust_z:.2f}"
        elif not p.in_table:
            z = "—"
        elif p.n_reference < MIN_Z_REFERENCE:
            z = f"— (n={p.n_reference})"
        else:
            z = "— (MAD 0)"
        rows.append(
            {
                "metric": p.name,
                "year": p.year,
                "measure": p.measure,
                "peer group": p.peer_group,
                "value": p.value_text if p.in_table else "not in table",
                "rank": _rank_cell(p),
                "percentile": None if p.percentile is None else round(p.percentile, 1),
                "robust z": z,
                "gap to peer median": _num_text(p.gap_to_median),
                "gap to province": _num_text(p.gap_to_province),
                "share of province %": _num_text(p.share_of_province),
                "vs peer median": (
                    compare_word(p.gap_to_median, p.polarity) if p.in_table and p.gap_to_median is not None else "—"
                ),
                "peers not in table": len(p.missing_peers),
            }
        )
    return pd.DataFrame(rows)
