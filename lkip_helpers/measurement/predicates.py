"""Predicates: AKIP grades (PermenPANRB 88/2021) and components, IKM from NRR and mutu pelayanan (PermenPANRB 14/2017).

Part of :mod:`lkip_helpers.measurement`; see its docstring for the general rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
import pandas as pd

from lkip_helpers.data.numbers import NumberParseError, ParsedCell, parse_cell

if TYPE_CHECKING:
    from lkip_helpers.data.dataset import Dataset

from ._common import (  # noqa: F401
    _num,
    _round_series,
    round_half_up,
)

__all__ = [
    "AKIP_BANDS",
    "AKIP_COMPONENT_WEIGHTS",
    "AKIP_GRADES",
    "IKM_BANDS",
    "NextGrade",
    "akip_component_problems",
    "akip_grade",
    "akip_total",
    "akip_totals",
    "compare_grades",
    "grade_at_least",
    "grade_rank",
    "ikm_from_nrr",
    "ikm_table",
    "ikm_weighted",
    "mutu_pelayanan",
    "points_to_next_grade",
    "score_indicator",
    "score_scale",
]

# --------------------------------------------------------------------------------------------------
# 3. predicates: AKIP grade, AKIP total, IKM and mutu pelayanan
# --------------------------------------------------------------------------------------------------

#: AKIP predicates from worst to best.
AKIP_GRADES: tuple[str, ...] = ("D", "C", "CC", "B", "BB", "A", "AA")
_GRADE_RANK: dict[str, int] = {g: i for i, g in enumerate(AKIP_GRADES)}

#: PermenPANRB 88/2021 bands: (grade, lower bound exclusive, upper bound inclusive); D includes 0.
AKIP_BANDS: tuple[tuple[str, float, float], ...] = (
    ("AA", 90.0, 100.0),
    ("A", 80.0, 90.0),
    ("BB", 70.0, 80.0),
    ("B", 60.0, 70.0),
    ("CC", 50.0, 60.0),
    ("C", 30.0, 50.0),
    ("D", 0.0, 30.0),
)


def akip_grade(score: float | None, *, ndigits: int | None = 2) -> str | None:
    """AKIP predicate of a score (0–100) with the bands of PermenPANRB 88/2021.

    AA >90–100, A >80–90, BB >70–80, B >60–70, CC >50–60, C >30–50, D 0–30.
    Boundary rule: a score exactly on a boundary belongs to the **lower** band (80.00 → BB,
    80.01 → A; 30.00 → D; 0 → D; 100 → AA). The score is first rounded half up to ``ndigits`` (2)
    decimals, as printed (80.004 → 80.00 → BB); ``ndigits=None`` uses the raw value.
    ``None``/NaN → ``None``.

    Raises:
        ValueError: a score below 0 or above 100.
    """
    v = _num(score)
    if v is None:
        return None
    if ndigits is not None:
        v = cast(float, round_half_up(v, ndigits))
    if v < 0 or v > 100:
        raise ValueError(f"AKIP score {score!r} is outside 0–100")
    for grade, low, _high in AKIP_BANDS:
        if v > low:
            return grade
    return "D"


def grade_rank(grade: str) -> int:
    """Rank of an AKIP predicate, 0 (``D``) … 6 (``AA``); case and surrounding spaces ignored.

    Raises:
        ValueError: not one of :data:`AKIP_GRADES`.
    """
    g = str(grade).strip().upper()
    if g not in _GRADE_RANK:
        raise ValueError(f"unknown AKIP predicate {grade!r} (one of: {', '.join(AKIP_GRADES)})")
    return _GRADE_RANK[g]


def compare_grades(a: str, b: str) -> int:
    """``-1`` if grade ``a`` is worse than ``b``, ``0`` if equal, ``1`` if better (``BB`` > ``B``)."""
    ra, rb = grade_rank(a), grade_rank(b)
    return (ra > rb) - (ra < rb)


def grade_at_least(grade: str, target: str) -> bool:
    """True when predicate ``grade`` is the same as or better than ``target`` (``A`` ≥ ``BB``)."""
    return compare_grades(grade, target) >= 0


@dataclass(frozen=True)
class NextGrade:
    """What it takes to reach the next AKIP predicate.

    Attributes:
        current: the grade of the score.
        next: the next better grade.
        min_score: the lowest printed score (2 decimals) in the next band (its boundary + 0.01).
        points: ``min_score − score`` (rounded to 2 decimals).
    """

    current: str
    next: str
    min_score: float
    points: float


def points_to_next_grade(score: float, *, step: float = 0.01) -> NextGrade | None:
    """Points needed to move a score into the next better AKIP band; ``None`` at ``AA``.

    Because a boundary score belongs to the lower band, the next band starts at its lower
    boundary + ``step`` (0.01, the printed resolution): 67.10 (B) needs 70.01 − 67.10 = 2.91 to
    reach BB; 80.00 (BB) needs 0.01 to reach A.

    Raises:
        ValueError: a missing score or one outside 0–100.
    """
    grade = akip_grade(score)
    if grade is None:
        raise ValueError("points_to_next_grade needs a score")
    if grade == "AA":
        return None
    nxt = AKIP_GRADES[_GRADE_RANK[grade] + 1]
    low = next(lo for g, lo, _hi in AKIP_BANDS if g == nxt)
    min_score = cast(float, round_half_up(low + step, 2))
    points = cast(float, round_half_up(min_score - float(score), 2))
    return NextGrade(grade, nxt, min_score, points)


#: AKIP component weights (bobot) by component id (as in ``akip_components.component``).
AKIP_COMPONENT_WEIGHTS: dict[str, float] = {
    "perencanaan_kinerja": 30.0,
    "pengukuran_kinerja": 30.0,
    "pelaporan_kinerja": 15.0,
    "evaluasi_internal": 25.0,
}
_COMPONENT_ALIASES: dict[str, str] = {
    "perencanaan": "perencanaan_kinerja",
    "pengukuran": "pengukuran_kinerja",
    "pelaporan": "pelaporan_kinerja",
    "evaluasi": "evaluasi_internal",
    "evaluasi_akuntabilitas_kinerja_internal": "evaluasi_internal",
}


def _component_id(name: str) -> str:
    key = re.sub(r"[^a-z]+", "_", str(name).strip().lower()).strip("_")
    key = _COMPONENT_ALIASES.get(key, key)
    if key not in AKIP_COMPONENT_WEIGHTS:
        raise ValueError(
            f"unknown AKIP component {name!r} (one of: {', '.join(AKIP_COMPONENT_WEIGHTS)})"
        )
    return key


def akip_component_problems(components: Mapping[str, float | None]) -> list[str]:
    """Problems with a set of AKIP component scores (empty list when fine).

    Checks: every one of the four components is present and not missing, each value is
    0 ≤ value ≤ its weight (perencanaan 30, pengukuran 30, pelaporan 15, evaluasi internal 25),
    and no component is given twice (aliases such as ``"perencanaan"`` are accepted).
    """
    problems: list[str] = []
    seen: dict[str, float | None] = {}
    for name, value in components.items():
        try:
            cid = _component_id(name)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if cid in seen:
            problems.append(f"component {cid} given twice")
        seen[cid] = _num(value)
    for cid, weight in AKIP_COMPONENT_WEIGHTS.items():
        if cid not in seen or seen[cid] is None:
            problems.append(f"component {cid} is missing")
            continue
        v = cast(float, seen[cid])
        if v < 0:
            problems.append(f"component {cid} = {v} is negative")
        elif v > weight:
            problems.append(f"component {cid} = {v} exceeds its weight {weight:g}")
    return problems


def akip_total(components: Mapping[str, float | None], *, check: bool = True) -> float:
    """AKIP total score: the sum of the four component scores (each already out of its weight).

    total = perencanaan (≤30) + pengukuran (≤30) + pelaporan (≤15) + evaluasi internal (≤25).
    City 2023: 22.16 + 20.47 + 8.90 + 15.57 = 67.10 (B).

    Raises:
        ValueError: with ``check=True``, any problem of :func:`akip_component_problems`; with
            ``check=False`` only a missing or unknown component.
    """
    problems = akip_component_problems(components)
    if check and problems:
        raise ValueError("; ".join(problems))
    values = {_component_id(k): _num(v) for k, v in components.items()}
    if set(values) != set(AKIP_COMPONENT_WEIGHTS) or any(v is None for v in values.values()):
        raise ValueError("; ".join(p for p in problems if "missing" in p or "unknown" in p))
    return float(sum(cast(float, v) for v in values.values()))


def akip_totals(df: pd.DataFrame, *, keys: Sequence[str] = ("entity_id", "year")) -> pd.DataFrame:
    """Vectorised AKIP totals from an ``akip_components``-shaped table.

    Input: ``keys`` columns, ``component`` (the four ids of :data:`AKIP_COMPONENT_WEIGHTS`,
    optionally ``total``) and ``value``. Output one row per key: ``computed_total`` (sum of the
    four components, NaN unless all four are present), ``printed_total`` (the ``total`` row, NaN
    if none), ``difference`` (printed − computed, rounded to 2 decimals), ``grade`` (of the
    computed total), ``printed_grade_of_total`` (grade of the printed total) and
    ``components_ok`` (all four present and within 0…weight).
    """
    k = list(keys)
    d = df[k + ["component", "value"]].copy()
    d["value"] = pd.to_numeric(d["value"], errors="coerce")
    wide = d.pivot_table(index=k, columns="component", values="value", aggfunc="first")
    comps = list(AKIP_COMPONENT_WEIGHTS)
    wide = wide.reindex(columns=comps + ["total"])
    weights = pd.Series(AKIP_COMPONENT_WEIGHTS)
    part = wide[comps]
    out = pd.DataFrame(index=wide.index)
    out["computed_total"] = part.sum(axis=1, min_count=len(comps)).where(part.notna().all(axis=1))
    out["printed_total"] = wide["total"]
    out["difference"] = _round_series(out["printed_total"] - out["computed_total"])
    out["grade"] = out["computed_total"].map(lambda v: akip_grade(v) if pd.notna(v) else None)
    out["printed_grade_of_total"] = out["printed_total"].map(
        lambda v: akip_grade(v) if pd.notna(v) else None
    )
    out["components_ok"] = (part.notna() & (part >= 0) & (part <= weights)).all(axis=1)
    return out.reset_index()


#: Mutu pelayanan bands of PermenPANRB 14/2017: (grade, label, lowest IKM of the band).
IKM_BANDS: tuple[tuple[str, str, float], ...] = (
    ("A", "Sangat Baik", 88.31),
    ("B", "Baik", 76.61),
    ("C", "Kurang Baik", 65.00),
    ("D", "Tidak Baik", 25.00),
)
_MUTU_RANK: dict[str, int] = {"D": 0, "C": 1, "B": 2, "A": 3}


def _filled_nrr(nrr: Iterable[float | None]) -> list[float]:
    values = [v for v in (_num(x) for x in nrr) if v is not None]
    for v in values:
        if not 1.0 <= v <= 4.0:
            raise ValueError(f"NRR {v} is outside the 1–4 scale")
    return values


def _unsur_ikm_rounded(nrr: float) -> float:
    """NRR × 25 rounded half up to 2 decimals, multiplied exactly in decimal (3.867 → 96.68)."""
    exact = Decimal(repr(float(nrr))) * 25
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def ikm_from_nrr(nrr: Iterable[float | None], *, round_per_unsur: bool = False) -> float | None:
    """IKM (0–100 scale, really 25–100) from the per-unsur NRR (1–4 scale).

    IKM = mean of the filled unsur NRR × 25 (missing unsur are left out, not counted as 0).
    With ``round_per_unsur=True``, each unsur's NRR × 25 is first rounded half up to 2 decimals
    and the IKM is their mean, as Disdukcapil Tabel 3.11 does (844.70 / 9 = 93.86, where the raw
    NRR give 93.85). No filled unsur → ``None``.

    Raises:
        ValueError: an NRR outside 1–4.
    """
    values = _filled_nrr(nrr)
    if not values:
        return None
    if round_per_unsur:
        return sum(_unsur_ikm_rounded(v) for v in values) / len(values)
    return sum(values) / len(values) * 25.0


def ikm_weighted(
    nrr: Sequence[float | None], weights: Sequence[float] | None = None
) -> float | None:
    """IKM in the weighted form of PermenPANRB 14/2017: Σ (NRR_i × w_i) × 25.

    Default weights are equal, w_i = 1/n over the n filled unsur (the regulation's 1/9 = 0.111
    for nine unsur), which equals :func:`ikm_from_nrr`. Explicit ``weights`` align with ``nrr``
    and are renormalised over the filled unsur (so they need not sum to 1). No filled unsur →
    ``None``.

    Raises:
        ValueError: an NRR outside 1–4, weights of another length, negative or all-zero weights.
    """
    items = list(nrr)
    if weights is None:
        w = [1.0] * len(items)
    else:
        w = [float(x) for x in weights]
        if len(w) != len(items):
            raise ValueError(f"{len(w)} weights for {len(items)} unsur")
        if any(x < 0 for x in w):
            raise ValueError("weights must not be negative")
    pairs = [(v, wi) for v, wi in zip(items, w) if _num(v) is not None]
    _filled_nrr(v for v, _ in pairs)
    if not pairs:
        return None
    total_w = sum(wi for _, wi in pairs)
    if total_w == 0:
        raise ValueError("weights of the filled unsur sum to 0")
    return sum(float(cast(float, v)) * wi / total_w for v, wi in pairs) * 25.0


def mutu_pelayanan(ikm: float | None) -> tuple[str, str] | None:
    """Mutu pelayanan (grade, label) of an IKM with the bands of PermenPANRB 14/2017.

    A 88.31–100.00 Sangat Baik; B 76.61–88.30 Baik; C 65.00–76.60 Kurang Baik;
    D 25.00–64.99 Tidak Baik. The printed bands leave gaps (88.30 < x < 88.31): the IKM is first
    rounded half up to 2 decimals and then compared, so 88.305 → 88.31 → A and 88.304 → 88.30 → B.
    ``None``/NaN → ``None``.

    Raises:
        ValueError: an IKM below 25 or above 100 (after rounding).
    """
    v = _num(ikm)
    if v is None:
        return None
    r = cast(float, round_half_up(v, 2))
    if r < 25.0 or r > 100.0:
        raise ValueError(f"IKM {ikm!r} is outside 25–100")
    for grade, label, low in IKM_BANDS:
        if r >= low:
            return grade, label
    raise AssertionError("unreachable")  # pragma: no cover


def ikm_table(
    df: pd.DataFrame,
    *,
    keys: Sequence[str] = ("entity_id", "service", "year", "period"),
    measure: str = "nrr",
    round_per_unsur: bool = False,
) -> pd.DataFrame:
    """Vectorised IKM from an ``ikm_unsur``-shaped table (rows with ``measure == "nrr"``).

    One row per ``keys`` with ``n_unsur`` (filled), ``ikm`` (:func:`ikm_from_nrr`),
    ``mutu`` and ``mutu_label`` (:func:`mutu_pelayanan`).

    Raises:
        ValueError: an NRR outside 1–4.
    """
    k = list(keys)
    d = df[df["measure"] == measure] if "measure" in df.columns else df
    vals = pd.to_numeric(d["value"], errors="coerce")
    bad = vals[(vals < 1) | (vals > 4)]
    if not bad.empty:
        raise ValueError(f"NRR outside the 1–4 scale: {bad.tolist()}")
    d = d.assign(_v=vals * 25.0)
    if round_per_unsur:
        d["_v"] = vals.map(lambda v: np.nan if pd.isna(v) else _unsur_ikm_rounded(v)).astype(float)
    g = d.groupby(k, dropna=False)["_v"]
    out = pd.DataFrame({"n_unsur": g.count(), "ikm": g.mean()}).reset_index()
    mutu = out["ikm"].map(lambda v: mutu_pelayanan(v) if pd.notna(v) else None)
    out["mutu"] = mutu.map(lambda m: m[0] if m else None)
    out["mutu_label"] = mutu.map(lambda m: m[1] if m else None)
    return out


#: words of an indicator's name that make it an AKIP score / an IKM (an index of public satisfaction)
_AKIP_NAME = re.compile(r"\bS?AKIP\b|akuntabilitas kinerja instansi", re.IGNORECASE)
_IKM_NAME = re.compile(r"\bIKM\b|kepuasan masyarakat", re.IGNORECASE)
#: ``IKM`` is also Industri Kecil dan Menengah: a name about industry or business is no IKM score
#: ("Nilai Produksi IKM", "Omzet IKM binaan") unless it names the satisfaction itself
_INDUSTRY = re.compile(r"industri|usaha|produksi|ekspor|sentra|omzet|omset|investasi|binaan|pelaku", re.IGNORECASE)
#: a name that counts, shares or grows such scores is no score itself ("Persentase PD dengan nilai
#: AKIP ≥ B", "Pertumbuhan IKM")
_NOT_A_SCORE = re.compile(r"^\s*(persentase|prosentase|jumlah|banyaknya|proporsi|rasio|rata-rata|cakupan|"
                          r"pertumbuhan|laju)\b", re.IGNORECASE)


def score_scale(indicator_id: str, name: object = "") -> Literal["akip", "ikm"] | None:
    """The grading an indicator's score takes: ``akip`` (predikat AA–D, PermenPANRB 88/2021) for an
    AKIP score, ``ikm`` (mutu A–D, PermenPANRB 14/2017) for an IKM, ``None`` for any other
    indicator. Read from the name (``Nilai AKIP Disdukcapil``, ``Indeks Kepuasan Masyarakat``)
    unless it counts, shares, averages or grows such scores (``Persentase …``, ``Rata-rata …``,
    ``Pertumbuhan …``) or, for ``IKM``, speaks of Industri Kecil dan Menengah (``Nilai Produksi
    IKM``) without naming the satisfaction; or from an ``indicator_id`` ending in ``-akip`` / ``-ikm``."""
    text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else str(name)
    score = not _NOT_A_SCORE.match(text)
    if indicator_id.endswith("-akip") or (score and _AKIP_NAME.search(text)):
        return "akip"
    satisfaction = "kepuasan" in text.lower() or not _INDUSTRY.search(text)
    if indicator_id.endswith("-ikm") or (score and satisfaction and _IKM_NAME.search(text)):
        return "ikm"
    return None


def score_indicator(ds: Dataset, entity: str, scale: str) -> str | None:
    """The first indicator of ``entity`` whose score takes the grading ``scale`` (``akip`` or ``ikm``,
    :func:`score_scale` of its id and name in ``indicators.csv``); ``None`` when it has none."""
    ind = ds.tables["indicators"]
    own = ind[ind["entity_id"] == entity]
    hits = [str(i) for i, n in zip(own["indicator_id"], own["name"]) if score_scale(str(i), n) == scale]
    return hits[0] if hits else None
