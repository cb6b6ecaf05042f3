"""Checks on indicator values: capaian, coverage ratios, IKM periods, plan targets, summary counts
and year-on-year claims.

Formulas:

* **capaian** of every (indicator, year, period) with a printed capaian: from the target and
  realisasi printed in the same table when there are (else the target of the year by the
  precedence of :data:`lkip_helpers.data.dataset.TARGET_MEASURES` and the realisasi printed anywhere),
  with :func:`lkip_helpers.measurement.capaian_from_text` (higher is better R/T×100, lower is
  better T/R×100, composite counts Σ R / Σ T × 100). Tolerance one printed unit.
* **coverage**: realisasi of a coverage ratio = numerator / denominator × 100. Tolerance one unit.
* **ikm-period**: a semester IKM = mean of its two triwulan; the annual IKM = mean of the two
  semesters. Tolerance one unit.
* **plan-target**: the end-of-plan condition (``target_final``) equals the plan's target for its
  final year (``target_rpjmd`` of the last year with one). Exact (tolerance 0).
* **status-summary**: counts of IKU per status (recomputed statuses of
  :func:`lkip_helpers.reports.scorecard.iku_scorecard`) and their shares count/total×100; the highest and
  lowest capaian named in the text vs the printed capaian of the IKU. Counts exact; shares and
  capaian one unit.
* **yoy**: a printed change "naik/turun X" of realisasi, capaian or target (stats ``iku-changes``
  and the ``*_change`` rows of ``text-claims``) vs the values of both years. The printed size is
  compared like with like: with the absolute change (points, in the unit of the figure) or the
  relative change (% of the previous year), whichever it is closer to, and the finding states
  which (tolerance one unit). The direction word must agree with the sign (for the realisasi of a
  lower-is-better indicator, "peningkatan" for an improvement is accepted).

``affects_status`` (:mod:`.outcomes`): a capaian decides the status; a realisasi its status against
the target (and an IKM's mutu). An aggregate target = the mean of its components' targets is
declared (a ``formula`` of ``data/check_relations.csv`` with outcome ``target``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

import pandas as pd

from lkip_helpers.data.dataset import TARGET_MEASURES, Dataset
from lkip_helpers.measurement import capaian_from_text
from .core import Collector, slug
from .grouping import unreadable_reason
from .outcomes import capaian_outcome, realisasi_outcome
from .texts import compose, formula_text, joined, number, reader_text

__all__ = [
    "capaian_rule",
    "check_capaian",
    "check_coverage",
    "check_ikm_periods",
    "check_plan_targets",
    "check_status_summary",
    "check_yoy_claims",
]

_UP = ("naik", "meningkat", "peningkatan", "kenaikan", "increase")
_DOWN = ("turun", "menurun", "penurunan", "decrease")


def _period_tag(year: int, period: str) -> str:
    return str(year) if period == "annual" else f"{year}-{period.lower()}"


def _grouped(frame: pd.DataFrame, keys: list[str]) -> Callable[[pd.Series], pd.DataFrame]:
    """A lookup of the rows of ``frame`` whose ``keys`` equal a given row's (no rows when one of
    the given row's keys is empty, as with ``==`` on a missing value); grouping once is much
    faster than filtering the whole table for every row."""
    groups = {k: g for k, g in frame.groupby(keys, sort=False)}
    empty = frame.iloc[0:0]

    def rows(row: pd.Series) -> pd.DataFrame:
        key = tuple(row[k] for k in keys)
        if any(pd.isna(v) for v in key):
            return empty
        return groups.get(key, empty)

    return rows


def _pick(rows: pd.DataFrame, measures: tuple[str, ...], source_ref: str) -> pd.Series | None:
    """The first row of ``measures`` (in order), preferring the same ``source_ref``."""
    refs, kinds = rows["source_ref"].tolist(), rows["measure"].tolist()
    for same in (True, False):
        for m in measures:
            for j, (ref, kind) in enumerate(zip(refs, kinds)):
                if kind == m and (ref == source_ref or not same):
                    return rows.iloc[j]
    return None


def capaian_rule(polarity: str, method: str, target: pd.Series, realisasi: pd.Series) -> dict:
    """The rule of a capaian: the polarity and method, the target and the realisasi as printed."""
    return reader_text("{polarity} ({method}): target {target} ({measure}, {target_table}), realisasi {realisasi} "
                       "({realisasi_table})", polarity=polarity, method=method, target=target["value_text"],
                       measure=target["measure"], target_table=target["source_ref"],
                       realisasi=realisasi["value_text"], realisasi_table=realisasi["source_ref"])


def check_capaian(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Recompute every printed capaian of ``indicator_values`` in ``documents``."""
    iv = ds.tables["indicator_values"]
    pol = ds.tables["indicators"].set_index("indicator_id")["polarity"]
    cap = iv[(iv["measure"] == "capaian") & iv["document_id"].isin(documents)]
    same_cell = _grouped(iv, ["entity_id", "indicator_id", "year", "period"])
    for _, row in cap.iterrows():
        same = same_cell(row)
        t = _pick(same, TARGET_MEASURES, row["source_ref"])
        r = _pick(same, ("realisasi",), row["source_ref"])
        if t is None or r is None or pd.isna(row["value"]):
            continue
        try:
            res = capaian_from_text(t["value_text"], r["value_text"], pol[row["indicator_id"]])
        except ValueError:
            continue
        if res.value is None:
            continue
        out.number(
            key=f"capaian:{row['document_id']}:{row['indicator_id']}:{_period_tag(row['year'], row['period'])}",
            family="capaian",
            check=reader_text("capaian from target and realisasi"),
            document_id=row["document_id"],
            source_ref=row["source_ref"],
            row=f"{row['indicator_id']} {row['year']} {row['period']}",
            printed_text=row["value_text"],
            printed=row["value"],
            recomputed=res.value,
            outcome=capaian_outcome,
            rule=capaian_rule(pol[row["indicator_id"]], res.rule, t, r),
        )


def check_coverage(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Realisasi of a coverage ratio = numerator / denominator × 100 (every year and period)."""
    iv = ds.tables["indicator_values"]
    iv = iv[iv["document_id"].isin(documents)]
    keys = ["entity_id", "indicator_id", "year", "period"]
    num = iv[iv["measure"] == "numerator"]
    same_cell = _grouped(iv, keys)
    for _, n in num.iterrows():
        grp = same_cell(n)
        d = grp[grp["measure"] == "denominator"]
        real = grp[grp["measure"] == "realisasi"]
        if d.empty or real.empty or not d.iloc[0]["value"]:
            continue
        # the realisasi printed with the formula if any, else the first printing
        r = real[real["source_ref"] == n["source_ref"]]
        r = (r if not r.empty else real).iloc[0]
        num_value, num_text = n["value"], n["value_text"]
        rule = formula_text("{numerator} / {denominator} × 100 ({table})", numerator=num_text,
                            denominator=d.iloc[0]["value_text"], table=n["source_ref"])
        if unreadable_reason(num_text) is not None:
            other = _other_printing(ds, n)
            if other is not None:
                num_value = other["value"]
                rule = reader_text("{formula} (numerator repaired from {table}: printed '{cell}' here)",
                                   formula={**rule, "params": {**rule["params"], "numerator": other["value_text"]}},
                                   table=other["source_ref"], cell=n["value_text"])
        out.number(
            key=f"coverage:{r['document_id']}:{n['indicator_id']}:{_period_tag(n['year'], n['period'])}",
            family="coverage",
            check=reader_text("coverage = numerator / denominator × 100"),
            document_id=r["document_id"],
            source_ref=r["source_ref"],
            row=f"{n['indicator_id']} {n['year']} realisasi",
            printed_text=r["value_text"],
            printed=r["value"],
            recomputed=num_value / d.iloc[0]["value"] * 100.0,
            outcome=realisasi_outcome(ds, n["entity_id"], n["indicator_id"], int(n["year"]), n["period"]),
            rule=rule,
        )


def _other_printing(ds: Dataset, n: pd.Series) -> pd.Series | None:
    """Another printing of the same figure as ``n`` (same indicator, year and measure; stats
    ``text-claims`` as well) that is readable and ends with the digits ``n`` kept."""
    iv = ds.tables["indicator_values"]
    cands = [iv[(iv["indicator_id"] == n["indicator_id"]) & (iv["year"] == n["year"]) & (iv["measure"] == n["measure"])]]
    tc = ds.tables.get("stats-text-claims")
    if tc is not None:
        names = ds.tables["indicators"].set_index("indicator_id")["name"]
        cands.append(tc[(tc["category"] == names.get(n["indicator_id"])) & (tc["year"] == n["year"])
                        & (tc["variable"] == n["measure"])])
    digits = re.sub(r"\D", "", str(n["value_text"]))
    for c in cands:
        for _, o in c.iterrows():
            text = str(o["value_text"])
            if unreadable_reason(text) is None and re.sub(r"\D", "", text).endswith(digits) and not pd.isna(o["value"]):
                return o
    return None


def check_ikm_periods(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Semester IKM = mean of its two triwulan; annual = mean of the two semesters."""
    iv = ds.tables["indicator_values"]
    iv = iv[iv["document_id"].isin(documents) & (iv["measure"] == "realisasi")]
    plans = {"S1": ("Q1", "Q2"), "S2": ("Q3", "Q4"), "annual": ("S1", "S2")}
    for (ent, ind, year), grp in iv.groupby(["entity_id", "indicator_id", "year"]):
        by = {p: g.iloc[0] for p, g in grp.groupby("period")}
        for target, parts in plans.items():
            if target in by and all(p in by for p in parts):
                row = by[target]
                vals = [by[p]["value"] for p in parts]
                out.number(
                    key=f"period-mean:{row['document_id']}:{ind}:{_period_tag(year, target)}",
                    family="average",
                    check=reader_text("{period} = mean of {first} and {second}", period=target, first=parts[0],
                                      second=parts[1]),
                    document_id=row["document_id"],
                    source_ref=row["source_ref"],
                    row=f"{ind} {year} {target}",
                    printed_text=row["value_text"],
                    printed=row["value"],
                    recomputed=sum(vals) / 2.0,
                    outcome=realisasi_outcome(ds, ent, ind, int(year), target),
                    rule=formula_text("({parts}) / 2", parts=joined(" + ", [by[p]["value_text"] for p in parts])),
                )


def check_plan_targets(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """The end-of-plan condition equals the target of the plan's final year (same table)."""
    iv = ds.tables["indicator_values"]
    iv = iv[iv["document_id"].isin(documents) & (iv["period"] == "annual")]
    fin = iv[iv["measure"] == "target_final"]
    for _, f in fin.iterrows():
        yearly = iv[
            (iv["indicator_id"] == f["indicator_id"])
            & (iv["measure"] == "target_rpjmd")
            & (iv["source_ref"] == f["source_ref"])
        ]
        if yearly.empty or pd.isna(f["value"]):
            continue
        last = yearly.sort_values("year").iloc[-1]
        out.number(
            key=f"plan-target:{f['document_id']}:{f['indicator_id']}:{int(f['year'])}",
            family="consistency",
            check=reader_text("end-of-plan condition = final-year target"),
            document_id=f["document_id"],
            source_ref=f["source_ref"],
            row=f"{f['indicator_id']} kondisi akhir",
            printed_text=f["value_text"],
            printed=f["value"],
            recomputed=last["value"],
            tolerance=0.0,
            rule=formula_text("target_rpjmd {year} = {value}", year=int(last["year"]), value=last["value_text"]),
        )


_STATUS_OF = {
    "mencapai atau melampaui target": "tercapai",
    "tidak mencapai target": "tidak tercapai",
    "belum ada nilai": "belum ada nilai",
}


def check_status_summary(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Printed IKU counts/shares per status and highest/lowest capaian vs the scorecard."""
    from lkip_helpers.reports.scorecard import iku_scorecard

    st = ds.tables.get("stats-iku-status-summary")
    if st is None:
        return
    st = st[st["document_id"].isin(documents)]
    docs = ds.tables["documents"].set_index("document_id")
    for doc, grp in st.groupby("document_id"):
        entity, year = docs.loc[doc, "entity_id"], int(docs.loc[doc, "report_year"])
        sc = iku_scorecard(ds, entity, year)
        n = len(sc)
        counts = sc["status"].value_counts()
        for _, r in grp.iterrows():
            where = dict(document_id=doc, source_ref=r["source_ref"], printed_text=r["value_text"], printed=r["value"])
            sect = slug(r["source_ref"])
            if r["variable"] == "iku_count" and r["category"] in _STATUS_OF:
                k = int(counts.get(_STATUS_OF[r["category"]], 0))
                out.number(key=f"status-count:{doc}:{sect}:{slug(r['category'])}", family="summary",
                           check=reader_text("IKU count per status"), row=r["category"], recomputed=k, tolerance=0.0,
                           rule=reader_text("IKU of the scorecard with recomputed status {status}",
                                            status=_STATUS_OF[r["category"]]), **where)
            elif r["variable"] == "iku_count":
                out.number(key=f"status-count:{doc}:{sect}:total", family="summary", check=reader_text("IKU count"),
                           row=r["category"], recomputed=n, tolerance=0.0, rule=reader_text("IKU of the scorecard"), **where)
            elif r["variable"] == "iku_share_pct" and r["category"] in _STATUS_OF:
                cnt = grp[(grp["category"] == r["category"]) & (grp["variable"] == "iku_count")
                          & (grp["source_ref"] == r["source_ref"])]
                if not cnt.empty and n:  # no IKU in the scorecard: no share to recompute
                    out.number(key=f"status-share:{doc}:{sect}:{slug(r['category'])}", family="summary",
                               check=reader_text("share = count / total × 100 (printed count)"), row=r["category"],
                               recomputed=cnt.iloc[0]["value"] / n * 100.0,
                               rule=formula_text("{count} / {n} × 100", count=cnt.iloc[0]["value_text"], n=n), **where)
            elif r["variable"] == "capaian_pct" and r["category"] in ("capaian tertinggi", "capaian terendah"):
                printed = sc.dropna(subset=["capaian_printed"])
                if printed.empty:  # no IKU with a printed capaian: no extreme to compare with
                    continue
                pick = printed.loc[printed["capaian_printed"].idxmax() if "tertinggi" in r["category"]
                                   else printed["capaian_printed"].idxmin()]
                out.number(key=f"status-extreme:{doc}:{sect}:{slug(r['category'])}", family="summary",
                           check=reader_text("{extreme} = extreme printed IKU capaian", extreme=str(r["category"])),
                           row=f"{r['category']}: {r['subcategory']}",
                           recomputed=pick["capaian_printed"],
                           rule=reader_text("{name} capaian {value} (Tabel of IKU)", name=pick["name"],
                                            value=pick["capaian_printed_text"]), **where)


def _indicator_for(ds: Dataset, entity: str, name: str, source_ref: str) -> str | None:
    ind = ds.tables["indicators"]
    ind = ind[ind["entity_id"] == entity]
    norm = lambda s: re.sub(r"[^a-z0-9]", "", str(s).lower())  # noqa: E731
    exact = ind[ind["name"].map(norm) == norm(name)]
    if not exact.empty:
        return str(exact.iloc[0]["indicator_id"])
    m = re.search(r"IKU (\d+)", source_ref)
    if m:
        iku = ind[(ind["role"] == "iku") & (ind["iku_no"] == int(m.group(1)))]
        if not iku.empty and difflib.SequenceMatcher(None, norm(iku.iloc[0]["name"]), norm(name)).ratio() > 0.75:
            return str(iku.iloc[0]["indicator_id"])
    return None


def _year_value(annual: Callable[[pd.Series], pd.DataFrame], entity: str, indicator: str, year: int,
                what: str) -> tuple[float, str] | None:
    """The value and printed text of ``what`` (``target``: the first target measure) of an
    indicator's annual row; ``annual`` is a :func:`_grouped` lookup of the annual rows."""
    rows = annual(pd.Series({"entity_id": entity, "indicator_id": indicator, "year": year}))
    measures = TARGET_MEASURES if what == "target" else (what,)
    for m in measures:
        hit = rows[(rows["measure"] == m) & rows["value"].notna()]
        if not hit.empty:
            return float(hit.iloc[0]["value"]), str(hit.iloc[0]["value_text"])
    return None


def _direction(words: str) -> int | None:
    w = words.lower()
    if any(x in w for x in _DOWN):
        return -1
    if any(x in w for x in _UP):
        return 1
    return None


def _change_rows(ds: Dataset, documents: set[str]) -> pd.DataFrame:
    """The year-on-year claims: rows of stats ``iku-changes`` and the ``*_change`` rows of
    ``text-claims`` in ``documents``."""
    parts = []
    for topic, only_change in (("iku-changes", False), ("text-claims", True)):
        t = ds.tables.get(f"stats-{topic}")
        if t is None:
            continue
        t = t[t["document_id"].isin(documents)]
        if only_change:
            t = t[t["variable"].astype(str).str.endswith("_change")]
        parts.append(t)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def check_yoy_claims(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Printed year-on-year changes vs the values of both years (module docstring)."""
    st = _change_rows(ds, documents)
    if st.empty:
        return
    pol = ds.tables["indicators"].set_index("indicator_id")["polarity"]
    iv = ds.tables["indicator_values"]
    annual = _grouped(iv[iv["period"] == "annual"], ["entity_id", "indicator_id", "year"])
    for _, r in st.iterrows():
        var = str(r["variable"])
        what = next((w for w in ("realisasi", "capaian", "target") if w in var), None)
        direction = _direction(f"{r['subcategory']} {var}")
        if what is None or pd.isna(r["value"]) or direction is None:
            continue
        given = r.get("indicator_id")  # text-claims name the indicator by id; iku-changes by name
        ind = str(given) if isinstance(given, str) and given else _indicator_for(ds, r["entity_id"], r["category"],
                                                                                 r["source_ref"])
        if ind is None:
            continue
        year = int(r["year"])
        cur = _year_value(annual, r["entity_id"], ind, year, what)
        prev = _year_value(annual, r["entity_id"], ind, year - 1, what)
        if cur is None or prev is None:
            continue
        change = cur[0] - prev[0]
        rel = change / abs(prev[0]) * 100.0 if prev[0] else None
        # like with like: the absolute change (points) or the relative change (% of the previous
        # year), whichever the printed figure is closer to
        relative = rel is not None and abs(abs(rel) - r["value"]) < abs(abs(change) - r["value"])
        size = abs(rel) if relative and rel is not None else abs(change)
        basis = (reader_text("% of {year} (relative change)", year=year - 1) if relative
                 else reader_text("points (absolute change)"))
        printed_unit = str(r["unit"]) if isinstance(r.get("unit"), str) and r["unit"] else reader_text("as printed")
        sub = r["subcategory"] if isinstance(r["subcategory"], str) else ""
        word = sub or var
        key = f"yoy:{r['document_id']}:{ind}:{what}-{year}-{slug(word)}"
        where = dict(family="yoy", document_id=r["document_id"], source_ref=r["source_ref"],
                     row=f"{r['category']}: {word} {r['value_text']}")
        sign = (change > 0) - (change < 0)
        basis_rule = _change_rule(what, year, prev[1], cur[1], change, rel, printed_unit, basis)
        # for a lower-is-better realisasi the report also says "peningkatan" for an improvement
        improvement = -sign if (what == "realisasi" and pol.get(ind) == "lower_is_better") else sign
        if sign != 0 and direction not in (sign, improvement):
            out.label(key=key, check=reader_text("direction of the {what} change", what=what),
                      printed_text=f"{word} {r['value_text']}",
                      printed_label=f"{'naik' if direction > 0 else 'turun'} {r['value_text']} ({compose(printed_unit)})",
                      recomputed_label=formula_text("{word} {size} {basis}", word="naik" if sign > 0 else "turun",
                                                    size=number(size, 2), basis=basis),
                      rule=basis_rule, printed=r["value"], recomputed=size, **where)
            continue
        out.number(key=key, check=reader_text("size of the {what} change", what=what),
                   printed_text=r["value_text"], printed=r["value"],
                   recomputed=size, unit=compose(basis), rule=basis_rule, **where)


def _change_rule(what: str, year: int, previous: str, current: str, change: float, relative: float | None,
                 printed_unit: str | dict, basis: dict) -> dict:
    """The rule of a year-on-year change: both years' printed figures, the change in points (and
    in % of the previous year) and what the printed size is compared with."""
    params = dict(what=what, previous_year=year - 1, previous=previous, year=year, current=current,
                  change=number(change, 2, sign=True), unit=printed_unit, basis=basis)
    if relative is None:
        return reader_text("{what} {previous_year} {previous} → {year} {current}: {change} points; the printed size "
                           "({unit}) is compared with the {basis}", **params)
    return reader_text("{what} {previous_year} {previous} → {year} {current}: {change} points, {relative}% "
                       "relative; the printed size ({unit}) is compared with the {basis}",
                       relative=number(relative, 2, sign=True), **params)
