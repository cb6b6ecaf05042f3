"""Sums, averages, ratios and counts of the statistics tables, the AKIP components and the IKM.

Tolerances: a total of *n* printed components matches when it equals their sum rounded to the
total's printed resolution; otherwise it is a rounding difference when the gap is within one unit
of the total plus *n* × half a unit of the components (each component may itself be rounded), else
a discrepancy. A ratio or mean of printed inputs gets one printed unit plus the error the rounding
of its inputs can cause (relative half-units, added). Counts are exact (tolerance 0).

Besides the totals: the per-unsur IKM of a semester = the mean of its two triwulan (the same rule
as the IKM of the period); facilities counted in a table = the facilities the text lists by type
(terminals); the change of per-capita expenditure stated in the text (rupiah and %) from the two
yearly levels, and the IKU on the increase of per-capita expenditure against that growth.

``affects_status`` (:mod:`.outcomes`): an AKIP total decides the predikat, an IKM the mutu
pelayanan, an environment index its category, an IKU realisasi its status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.measurement import mutu_pelayanan
from .core import Collector, Outcome, measure_pairs, printed_resolution, slug
from .outcomes import akip_outcome, band_outcome, mutu_outcome, realisasi_outcome

__all__ = ["check_akip_components", "check_ikm", "check_stats", "input_error", "sum_tolerance"]


def sum_tolerance(texts: Iterable[object], values: Iterable[float]) -> float:
    """n × half a printed unit of the summed components (their possible rounding); 0 for a sum
    of whole numbers printed in full (counts, rupiah), which are exact."""
    tol = 0.0
    for t, v in zip(texts, values):
        r = printed_resolution(t, v)
        if r is not None and r != 1.0:
            tol += 0.5 * r
    return tol


def _exact(text: object, value: float) -> bool:
    return printed_resolution(text, value) == 1.0


def input_error(result: float, inputs: Iterable[tuple[object, float]]) -> float:
    """Error of a product/quotient ``result`` caused by rounding of its printed ``inputs``:
    |result| × Σ (half a printed unit / |input|)."""
    rel = 0.0
    for t, v in inputs:
        r = printed_resolution(t, v)
        if r and v:
            rel += 0.5 * r / abs(v)
    return abs(result) * rel


def _total(out: Collector, *, key: str, check: str, total: pd.Series, parts: pd.DataFrame, row: str,
           family: str = "sum", outcome: Outcome | None = None) -> None:
    vals = parts["value"].fillna(0.0)
    exact = _exact(total["value_text"], total["value"]) and all(
        pd.isna(v) or _exact(t, v) for t, v in zip(parts["value_text"], parts["value"]))
    out.number(tolerance=0.0 if exact else None,
        key=key, family=family, check=check, document_id=total["document_id"], source_ref=total["source_ref"],
        row=row, printed_text=total["value_text"], printed=total["value"], recomputed=float(vals.sum()),
        extra_tolerance=sum_tolerance(parts["value_text"], vals), outcome=outcome,
        rule=f"sum of {len(parts)} printed rows" + (" ('-' as 0)" if parts["value"].isna().any() else ""),
    )


def _get(ds: Dataset, topic: str, documents: set[str]) -> pd.DataFrame:
    t = ds.tables.get(f"stats-{topic}")
    if t is None:
        return pd.DataFrame(columns=["source_ref", "category", "subcategory", "variable", "year", "period",
                                     "value", "value_text", "document_id"])
    t = t[t["document_id"].isin(documents)].copy()
    t["subcategory"] = t["subcategory"].fillna("")
    return t


def _one(df: pd.DataFrame, **eq: object) -> pd.Series | None:
    m = pd.Series(True, index=df.index)
    for k, v in eq.items():
        m &= df[k] == v
    hit = df[m]
    return None if hit.empty else hit.iloc[0]


_JUMLAH = re.compile(r"(?i)^(jumlah|total)\b")


def check_stats(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Totals, shares and formulas of the statistics topics that print a derived figure."""
    for check in (_pad_five_years, _document_coverage,
                  _crime_change, _environment, _spatial_and_fire, _structure_counts, _pad_context,
                  _facility_counts, _per_capita):
        check(out, ds, documents)


def _pad_five_years(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """PAD five years (Tabel 3.6): growth of realisasi (its totals and capaian are declared in
    ``data/checks.csv`` and ``data/check_relations.csv``)."""
    p5 = _get(ds, "pad-5-tahun", documents)
    p5t = p5[p5["source_ref"].str.startswith("Tabel")]
    real = p5t[(p5t["variable"] == "realisasi") & ~p5t["category"].str.match(_JUMLAH)].set_index("category")
    for _, g in p5t[p5t["variable"] == "pertumbuhan"].iterrows():
        prev = str(int(g["category"]) - 1) if str(g["category"]).isdigit() else None
        if prev in real.index:
            cur_r, prev_r = real.loc[g["category"]], real.loc[prev]
            out.number(key=f"ratio:{g['document_id']}:pad-5-tahun:pertumbuhan:{g['category']}", family="ratio",
                       check="growth = realisasi / previous realisasi × 100 − 100", document_id=g["document_id"],
                       source_ref=g["source_ref"], row=f"{g['category']} pertumbuhan", printed_text=g["value_text"],
                       printed=g["value"], recomputed=(cur_r["value"] / prev_r["value"] - 1) * 100,
                       rule=f"{cur_r['value_text']} / {prev_r['value_text']} × 100 − 100")


def _document_coverage(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """Disdukcapil document coverage (Tabel 3.2): sum and mean of the components."""
    cov = _get(ds, "dukcapil-document-coverage", documents)
    for src, g in cov.groupby("source_ref"):
        parts = g[g["variable"] == "coverage_pct"]
        for var, label, f in (("coverage_sum_pct", "sum", 1.0), ("coverage_avg_pct", "mean", None)):
            t = _one(g, variable=var)
            if t is None or parts.empty:
                continue
            n = len(parts)
            total = _one(g, variable="coverage_sum_pct")
            if not f and total is not None:  # the mean of the table is its printed total / n
                parts = total.to_frame().T
            val = parts["value"].sum() * (f if f else 1.0 / n)
            out.number(key=f"{'sum' if f else 'average'}:{t['document_id']}:dukcapil-document-coverage:{slug(src)}:{label}",
                       family="sum" if f else "average", check=f"{label} of the {n} document coverages",
                       document_id=t["document_id"], source_ref=src, row=t["category"], printed_text=t["value_text"],
                       printed=t["value"], recomputed=val,
                       extra_tolerance=sum_tolerance(parts["value_text"], parts["value"]) * (1 if f else 1.0 / n),
                       rule=f"({' + '.join(parts['value_text'])})" + ("" if f else f" / {n}"))


def _crime_change(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """The decrease of violations quoted in the text (cases and %) from the two yearly totals, and
    the IKU "Persentase Penurunan Jumlah Pelanggaran" realisasi against that decrease."""
    cc = _get(ds, "crime-cases", documents)
    text = cc[~cc["source_ref"].str.startswith("Tabel")]
    for (src, cat), g in text.groupby(["source_ref", "category"]):
        yearly = g[g["variable"] == "cases"].set_index("year")
        for _, r in g[g["variable"].str.startswith("change_vs_prev_year")].iterrows():
            y = int(r["year"])
            if y not in yearly.index or y - 1 not in yearly.index:
                continue
            prev, cur = yearly.loc[y - 1], yearly.loc[y]
            pct = r["variable"].endswith("pct")
            val = (prev["value"] - cur["value"]) / prev["value"] * 100 if pct else prev["value"] - cur["value"]
            out.number(key=f"formula:{r['document_id']}:crime-cases:{slug(r['variable'])}:{y}", family="formula",
                       check="decrease = previous − current" + (" as % of previous" if pct else ""),
                       document_id=r["document_id"], source_ref=src, row=f"{cat} {r['subcategory']}",
                       printed_text=r["value_text"], printed=r["value"], recomputed=val,
                       tolerance=None if pct else 0.0,
                       rule=f"({prev['value_text']} − {cur['value_text']})" + (f" / {prev['value_text']} × 100" if pct else ""))
            if pct:
                ind = ds.tables["indicators"]
                iku = ind[(ind["entity_id"] == r["entity_id"]) & ind["name"].str.match(r"(?i)^persentase penurunan jumlah pelanggaran")]
                iv = ds.tables["indicator_values"]
                real = iv[iv["indicator_id"].isin(iku["indicator_id"]) & (iv["year"] == y) & (iv["period"] == "annual")
                          & (iv["measure"] == "realisasi")]
                if not real.empty:
                    q = real.iloc[0]
                    out.number(key=f"formula:{q['document_id']}:{q['indicator_id']}:realisasi-{y}", family="formula",
                               check="IKU realisasi = % decrease of the violations", document_id=q["document_id"],
                               source_ref=q["source_ref"], row=f"{q['indicator_id']} realisasi {y}",
                               printed_text=q["value_text"], printed=q["value"], recomputed=val,
                               outcome=realisasi_outcome(ds, q["entity_id"], q["indicator_id"], y),
                               rule=f"({prev['value_text']} − {cur['value_text']}) / {prev['value_text']} × 100 ({src})")


def _bands(ds: Dataset, documents: set[str]) -> Outcome | None:
    """The category of an environment index by the numbered band table of ``iklh-categories``."""
    cats = _get(ds, "iklh-categories", documents)
    bands = cats[cats["source_ref"].str.startswith("Tabel")]
    return None if bands.empty else band_outcome(bands)


def _environment(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """IKA index per class; IKU (air) formula (the IKLH and IKA totals are declared in
    ``data/checks.csv`` with the category of the bands as their outcome)."""
    bands = _bands(ds, documents)
    _water_quality(out, ds, documents)
    _air_quality(out, ds, documents, bands)


def _water_quality(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """IKA: each index = points / total points × weight (the total of the sample points, each share
    of them and the sum of the indices are declared in ``data/checks.csv`` and
    ``data/check_relations.csv``)."""
    ika = _get(ds, "ika-water-quality", documents)
    total_pts = _one(ika, category="Total", variable="titik_sampel")
    if total_pts is None:
        return
    n = total_pts["value"]
    for _, p in ika[(ika["variable"] == "titik_sampel") & (ika["category"] != "Total")].iterrows():
        bobot = _one(ika, category=p["category"], variable="bobot_nilai_indeks")
        nilai = _one(ika, category=p["category"], variable="nilai_indeks")
        if bobot is not None and nilai is not None:
            out.number(key=f"ratio:{p['document_id']}:ika-water-quality:{slug(p['category'])}:nilai-indeks",
                       family="ratio", check="index = points / total × weight", document_id=p["document_id"],
                       source_ref=p["source_ref"], row=f"{p['category']} nilai indeks",
                       printed_text=nilai["value_text"], printed=nilai["value"],
                       recomputed=p["value"] / n * bobot["value"],
                       rule=f"{p['value_text']} / {total_pts['value_text']} × {bobot['value_text']}")


def _air_quality(out: Collector, ds: Dataset, documents: set[str], bands: Outcome | None) -> None:
    """IKU (air): each pollutant index, Ieu = their mean, IKU = 100 − 50/0.9 × (Ieu − 0.1)."""
    air = _get(ds, "iku-air-quality", documents)
    subs = []
    for cat, g in air.groupby("category"):
        rer, baku, idx = (_one(g, variable=v) for v in ("rerata_pemantauan", "baku_mutu", "index"))
        if rer is not None and baku is not None and idx is not None:
            subs.append(rer["value"] / baku["value"])
            out.number(key=f"ratio:{idx['document_id']}:iku-air-quality:{slug(cat)}", family="ratio",
                       check="pollutant index = mean concentration / standard", document_id=idx["document_id"],
                       source_ref=idx["source_ref"], row=f"{cat} index", printed_text=idx["value_text"],
                       printed=idx["value"], recomputed=rer["value"] / baku["value"],
                       rule=f"{rer['value_text']} / {baku['value_text']}")
    ieu = air[air["category"].str.startswith("Indeks Udara")]
    iku = air[air["category"].str.startswith("Indeks Kualitas Udara")]
    if subs and not ieu.empty:
        e = ieu.iloc[0]
        out.number(key=f"average:{e['document_id']}:iku-air-quality:ieu", family="average",
                   check="Ieu = mean of the pollutant indices", document_id=e["document_id"], source_ref=e["source_ref"],
                   row=e["category"], printed_text=e["value_text"], printed=e["value"], recomputed=sum(subs) / len(subs),
                   rule="mean of concentration/standard of each pollutant")
        if not iku.empty:
            k = iku.iloc[0]
            val = 100 - (50 / 0.9 * (e["value"] - 0.1))
            out.number(key=f"formula:{k['document_id']}:iku-air-quality:iku", family="formula",
                       check="IKU = 100 − 50/0.9 × (Ieu − 0.1)", document_id=k["document_id"], source_ref=k["source_ref"],
                       row="Indeks Kualitas Udara", printed_text=k["value_text"], printed=k["value"], recomputed=val,
                       extra_tolerance=50 / 0.9 * 0.5 * (printed_resolution(e["value_text"], e["value"]) or 0),
                       outcome=bands,
                       rule=f"100 − 50/0.9 × ({e['value_text']} − 0.1) with the printed Ieu")


def _spatial_and_fire(out: Collector, ds: Dataset, documents: set[str]) -> None:
    sp = _get(ds, "spatial-planning", documents)
    area = _one(sp, category="Luas wilayah Kota Bekasi", variable="area_ha")
    net = _one(sp, category="Luas wilayah dikurangi 30% RTH")
    izin = _one(sp, category="Rekom perijinan yang sudah dikeluarkan s.d. 2023")
    sisa = _one(sp, category="Sisa ruang yang bisa dimanfaatkan")
    if area is not None and net is not None:
        out.number(key=f"formula:{net['document_id']}:spatial-planning:area-minus-rth", family="formula",
                   check="area less 30% RTH = 70% of the area", document_id=net["document_id"],
                   source_ref=net["source_ref"], row=net["category"], printed_text=net["value_text"],
                   printed=net["value"], recomputed=area["value"] * 0.7, rule=f"{area['value_text']} × 70%")
    if net is not None and izin is not None and sisa is not None:
        out.number(key=f"formula:{sisa['document_id']}:spatial-planning:sisa-ruang", family="formula",
                   check="remaining space = net area − permits issued", document_id=sisa["document_id"],
                   source_ref=sisa["source_ref"], row=sisa["category"], printed_text=sisa["value_text"],
                   printed=sisa["value"], recomputed=net["value"] - izin["value"],
                   rule=f"{net['value_text']} − {izin['value_text']}")
    # the permits recommended in 2023 = the sum of their uses: declared in data/checks.csv
    fire = _get(ds, "pemadam-kebakaran-sarana", documents)
    have = _one(fire, category="Pos sektor pemadam kebakaran", variable="kecamatan_count",
                subcategory="kecamatan yang memiliki pos sektor")
    need = _one(fire, category="Pos sektor pemadam kebakaran", subcategory="kebutuhan")
    short = _one(fire, category="Pos sektor pemadam kebakaran", subcategory="kekurangan")
    if have is not None and need is not None and short is not None:
        out.number(key=f"formula:{short['document_id']}:pemadam-kebakaran-sarana:kekurangan-pos", family="formula",
                   check="shortfall = needed − existing", document_id=short["document_id"],
                   source_ref=short["source_ref"], row="Pos sektor kekurangan", printed_text=short["value_text"],
                   printed=short["value"], recomputed=need["value"] - have["value"], tolerance=0.0,
                   rule=f"{need['value_text']} − {have['value_text']}")


def _structure_counts(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """Stated counts (IKU per misi, total IKU) = sums of the counts listed with them."""
    rs = _get(ds, "rpjmd-structure", documents)
    for src, g in rs.groupby("source_ref"):
        misi = g[g["category"].str.match(r"^Misi [IVX]+$")]
        for _, t in g[~g.index.isin(misi.index)].iterrows():
            base = re.sub(r"_stated$", "", str(t["variable"]))
            parts = misi[misi["variable"] == base]
            if base in ("iku_count", "sasaran_count") and not parts.empty:
                _total(out, key=f"count:{t['document_id']}:rpjmd-structure:{slug(src)}:{slug(t['variable'])}",
                       check="stated total = sum of the per-misi counts", total=t, parts=parts,
                       row=f"{t['category']} {t['variable']}", family="count")


def _pad_context(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """Ratio of the city's PAD to national revenue (text) from the figures of the comparison table."""
    ctx = _get(ds, "pad-konteks", documents)
    rb = ds.tables["regional_benchmarks"]
    rb = rb[rb["document_id"].isin(documents)]
    for _, r in ctx[ctx["variable"].isin(["rasio_target", "rasio_realisasi"])].iterrows():
        measure = r["variable"].removeprefix("rasio_")
        own = _one(rb, entity_id=r["entity_id"], indicator_id="pad", measure=measure)
        nat = _one(rb, indicator_id="pendapatan-nasional", measure=measure)
        if own is None or nat is None:
            continue
        val = own["value"] / nat["value"] * 100
        out.number(key=f"ratio:{r['document_id']}:pad-konteks:{r['variable']}", family="ratio",
                   check=f"PAD {measure} / national revenue {measure} × 100", document_id=r["document_id"],
                   source_ref=r["source_ref"], row=r["category"], printed_text=r["value_text"], printed=r["value"],
                   recomputed=val, extra_tolerance=input_error(val, [(own["value_text"], own["value"]),
                                                                     (nat["value_text"], nat["value"])]),
                   rule=f"{own['value_text']} / {nat['value_text']} × 100 ({own['source_ref']})")


def _unsur_period_means(out: Collector, iu: pd.DataFrame) -> None:
    """Per-unsur IKM of a semester = mean of the per-unsur IKM of its two triwulan."""
    plans = {"S1": ("Q1", "Q2"), "S2": ("Q3", "Q4")}
    ikm = iu[iu["measure"] == "ikm"].set_index(["entity_id", "service", "year", "period", "unsur"])
    for _, r in iu[(iu["measure"] == "ikm") & iu["period"].isin(list(plans))].iterrows():
        parts = [(r["entity_id"], r["service"], r["year"], p, r["unsur"]) for p in plans[r["period"]]]
        if not all(p in ikm.index for p in parts):
            continue
        rows = [ikm.loc[p] for p in parts]
        out.number(key=f"period-mean:{r['document_id']}:ikm-unsur:{r['service']}:{int(r['year'])}-"
                       f"{r['period'].lower()}:{r['unsur'].lower()}",
                   family="average", check=f"per-unsur IKM of {r['period']} = mean of {' and '.join(plans[r['period']])}",
                   document_id=r["document_id"], source_ref=r["source_ref"],
                   row=f"{r['unsur']} {r['unsur_name']} ({r['period']})", printed_text=r["value_text"],
                   printed=r["value"], recomputed=sum(float(x["value"]) for x in rows) / 2.0,
                   extra_tolerance=sum_tolerance([x["value_text"] for x in rows], [x["value"] for x in rows]) / 2.0,
                   outcome=mutu_outcome,
                   rule=f"({' + '.join(str(x['value_text']) for x in rows)}) / 2 ({rows[0]['source_ref']}, "
                        f"{rows[1]['source_ref']})")


def _facility_counts(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """Facilities counted in a numbered table (realisasi) = the counts by type the text lists for
    the same category (e.g. terminals: 1 terminal induk + 2 sub terminal)."""
    tf = _get(ds, "transport-facilities", documents)
    table = tf[tf["source_ref"].str.startswith("Tabel") & (tf["variable"] == "realisasi")]
    text = tf[~tf["source_ref"].str.startswith("Tabel") & (tf["variable"] == "count")]
    for _, t in table.iterrows():
        parts = text[(text["category"] == t["category"]) & (text["year"] == t["year"])]
        if parts.empty:
            continue
        _total(out, key=f"sum:{t['document_id']}:transport-facilities:{slug(t['category'])}:{int(t['year'])}",
               check=f"{t['category']} in {t['source_ref']} = the {t['category'].lower()}s the text lists by type",
               total=t, parts=parts, row=f"{t['category']} ({', '.join(parts['value_text'])}; {parts['source_ref'].iloc[0]})")


def _per_capita(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """The change of per-capita expenditure stated in the text (rupiah and %) from the yearly levels
    of the indicator of the same name, and the IKU "Peningkatan <name>" against that growth."""
    pc = _get(ds, "pengeluaran-perkapita", documents)
    rows = pc[pc["variable"].isin(["change_vs_prev_year_rupiah", "change_vs_prev_year_pct"])]
    if rows.empty:
        return
    ind = ds.tables["indicators"]
    iv = ds.tables["indicator_values"]
    norm = lambda s: re.sub(r"[^a-z0-9]", "", str(s).lower())  # noqa: E731
    for _, r in rows.iterrows():
        cands = ind[(ind["entity_id"] == r["entity_id"]) & (ind["name"].map(norm) == norm(r["category"]))]
        if cands.empty:
            continue
        level_id = cands.iloc[0]["indicator_id"]
        y = int(r["year"])
        real = iv[(iv["indicator_id"] == level_id) & (iv["measure"] == "realisasi") & (iv["period"] == "annual")
                  & iv["value"].notna()].drop_duplicates("year").set_index("year")
        if y not in real.index or y - 1 not in real.index:
            continue
        cur, prev = real.loc[y], real.loc[y - 1]
        pct = r["variable"].endswith("pct")
        val = (cur["value"] / prev["value"] - 1) * 100 if pct else cur["value"] - prev["value"]
        rule = (f"({cur['value_text']} − {prev['value_text']})" + (f" / {prev['value_text']} × 100" if pct else ""))
        out.number(key=f"formula:{r['document_id']}:pengeluaran-perkapita:{slug(r['variable'])}:{y}", family="formula",
                   check="change = current − previous" + (" as % of previous" if pct else ""),
                   document_id=r["document_id"], source_ref=r["source_ref"], row=f"{r['category']} {r['subcategory']}",
                   printed_text=r["value_text"], printed=r["value"], recomputed=val,
                   tolerance=None if pct else 0.0, rule=rule + f" ({level_id} realisasi)")
        if not pct:
            continue
        iku = ind[(ind["entity_id"] == r["entity_id"]) & (ind["role"] == "iku")
                  & (ind["name"].map(norm) == "peningkatan" + norm(r["category"]))]
        for iku_id in iku["indicator_id"]:
            q = iv[(iv["indicator_id"] == iku_id) & (iv["year"] == y) & (iv["period"] == "annual")
                   & (iv["measure"] == "realisasi")]
            if q.empty:
                continue
            q = q.iloc[0]
            out.number(key=f"formula:{q['document_id']}:{iku_id}:realisasi-{y}", family="formula",
                       check="IKU realisasi = growth of per-capita expenditure (%)", document_id=q["document_id"],
                       source_ref=q["source_ref"], row=f"{iku_id} realisasi {y}", printed_text=q["value_text"],
                       printed=q["value"], recomputed=val,
                       outcome=realisasi_outcome(ds, q["entity_id"], iku_id, y),
                       rule=rule + f" from the levels printed in {r['source_ref']} (the IKU may use BPS's "
                                   "adjusted expenditure; the report does not say)")


def check_akip_components(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """AKIP total = perencanaan + pengukuran + pelaporan + evaluasi internal."""
    ac = ds.tables["akip_components"]
    ac = ac[ac["document_id"].isin(documents)]
    for (ent, year), g in ac.groupby(["entity_id", "year"]):
        tot = g[g["component"] == "total"]
        parts = g[g["component"] != "total"]
        if tot.empty or len(parts) != 4:
            continue
        _total(out, key=f"sum:{tot.iloc[0]['document_id']}:akip-components:{ent}:{int(year)}",
               check="AKIP total = sum of the four components", total=tot.iloc[0], parts=parts,
               row=f"{ent} {int(year)} total", outcome=akip_outcome)


def check_ikm(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """IKM per unsur = NRR × 25; IKM = sum of the per-unsur IKM / number of unsur; the average of
    the service units; unit counts per type and per mutu; highest and lowest unit."""
    iu = ds.tables["ikm_unsur"]
    iu = iu[iu["document_id"].isin(documents)]
    _unsur_ikm(out, iu)
    _unsur_period_means(out, iu)
    _ikm_calculation(out, ds, documents, iu)
    _ikm_unit_summary(out, ds, documents)


def _unsur_ikm(out: Collector, iu: pd.DataFrame) -> None:
    """IKM per unsur = NRR × 25 (``iu``: the ``ikm_unsur`` rows of the documents)."""
    for r, n in measure_pairs(iu, "ikm", "nrr"):
        out.number(key=f"ikm-unsur:{r['document_id']}:{r['service']}:{int(r['year'])}-{r['period'].lower()}:{r['unsur'].lower()}",
                   family="ikm", check="IKM per unsur = NRR × 25", document_id=r["document_id"],
                   source_ref=r["source_ref"], row=f"{r['unsur']} {r['unsur_name']} ({r['period']})",
                   printed_text=r["value_text"], printed=r["value"], recomputed=n["value"] * 25,
                   outcome=mutu_outcome, rule=f"{n['value_text']} × 25")


def _ikm_calculation(out: Collector, ds: Dataset, documents: set[str], iu: pd.DataFrame) -> None:
    """The Disdukcapil IKM calculation: IKM = sum of the per-unsur IKM / number of unsur (also the
    IKM realisasi of the period), and that sum against the per-unsur rows ``iu``."""
    calc = _get(ds, "dukcapil-ikm-calculation", documents)
    for (src, period), g in calc.groupby(["source_ref", "period"]):
        s = _one(g, variable="jumlah_ikm_per_unsur")
        cnt = g[g["variable"].isin(["jumlah_unsur", "jumlah_unsur_terisi"])]
        ikm = _one(g, variable="ikm")
        if s is not None and not cnt.empty and ikm is not None:
            n = cnt.iloc[0]
            out.number(key=f"average:{ikm['document_id']}:ikm-calculation:{slug(src)}:{period.lower()}", family="average",
                       check="IKM = sum of per-unsur IKM / number of unsur", document_id=ikm["document_id"],
                       source_ref=src, row=f"{ikm['category']} ({period})", printed_text=ikm["value_text"],
                       printed=ikm["value"], recomputed=s["value"] / n["value"], outcome=mutu_outcome,
                       rule=f"{s['value_text']} / {n['value_text']}")
            ivs = ds.tables["indicator_values"]
            pv = ivs[ivs["document_id"].isin(documents) & ivs["indicator_id"].str.endswith("-ikm")
                     & (ivs["period"] == period) & (ivs["measure"] == "realisasi") & (ivs["year"] == ikm["year"])]
            for _, q in pv.iterrows():
                out.number(key=f"average:{q['document_id']}:{q['indicator_id']}:{int(q['year'])}-{period.lower()}:{slug(src)}",
                           family="average", check="IKM of the period = sum of per-unsur IKM / number of unsur",
                           document_id=q["document_id"], source_ref=q["source_ref"],
                           row=f"{q['indicator_id']} realisasi {period}", printed_text=q["value_text"],
                           printed=q["value"], recomputed=s["value"] / n["value"],
                           outcome=realisasi_outcome(ds, q["entity_id"], q["indicator_id"], int(q["year"]), period),
                           rule=f"{s['value_text']} / {n['value_text']} ({src})")
        per = iu[(iu["measure"] == "ikm") & (iu["source_ref"] == src) & (iu["period"] == period)]
        if s is not None and not per.empty:
            _total(out, key=f"sum:{s['document_id']}:ikm-calculation:{slug(src)}:{period.lower()}",
                   check="sum of the per-unsur IKM", total=s, parts=per, row=f"jumlah IKM per unsur ({period})")


def _ikm_unit_summary(out: Collector, ds: Dataset, documents: set[str]) -> None:
    """The service units of the city (``unit_scores`` ikm) against the printed summary: mean,
    highest and lowest, number of units, units per mutu band."""
    us = ds.tables["unit_scores"]
    us = us[us["document_id"].isin(documents) & (us["score_type"] == "ikm")]
    summ = _get(ds, "ikm-unit-summary", documents)
    if us.empty or summ.empty:
        return
    for _, r in summ.iterrows():
        year = int(r["year"])
        units = us[us["year"] == year]
        if units.empty:
            continue
        base = dict(document_id=r["document_id"], source_ref=r["source_ref"], printed_text=r["value_text"],
                    printed=r["value"])
        if r["variable"] == "nilai_ikm" and r["subcategory"] == "":
            out.number(key=f"average:{r['document_id']}:ikm-unit-summary:{slug(r['source_ref'])}:{year}",
                       family="average", check=f"mean IKM of the {len(units)} service units",
                       row=r["category"], recomputed=units["value"].mean(), outcome=mutu_outcome,
                       rule=f"mean of {len(units)} unit IKM ({units['source_ref'].iloc[0]})", **base)
        elif r["variable"] == "nilai_ikm" and r["subcategory"] in ("tertinggi", "terendah"):
            pick = units.loc[units["value"].idxmax() if r["subcategory"] == "tertinggi" else units["value"].idxmin()]
            out.number(key=f"extreme:{r['document_id']}:ikm-unit-summary:{r['subcategory']}:{year}", family="summary",
                       check=f"{r['subcategory']} unit IKM", row=f"{r['category']} ({r['subcategory']})",
                       recomputed=pick["value"], tolerance=0.0, rule=f"{pick['unit_id']} {pick['value_text']}", **base)
        elif r["variable"] == "jumlah_unit" and r["subcategory"] == "total":
            out.number(key=f"count:{r['document_id']}:ikm-unit-summary:units:{year}", family="count",
                       check="number of service units with an IKM", row="Unit pelayanan total",
                       recomputed=len(units), tolerance=0.0, rule="rows of unit_scores (ikm)", **base)
        elif r["variable"] == "jumlah_unit_per_mutu":
            labels = units["value"].map(lambda v: mutu_pelayanan(v)[1])
            out.number(key=f"count:{r['document_id']}:ikm-unit-summary:mutu-{slug(r['subcategory'])}:{year}",
                       family="count", check="units per mutu band (PermenPANRB 14/2017)",
                       row=f"{r['subcategory']} {year}", recomputed=int((labels == r["subcategory"]).sum()),
                       tolerance=0.0, rule="count of unit IKM in the band", **base)
