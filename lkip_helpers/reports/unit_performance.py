"""Unit-level performance: AKIP scores of the perangkat daerah and IKM of the service units.

Reads ``unit_scores`` (``unit_id``, ``year``, ``score_type`` ``akip``/``ikm``, ``value``,
``value_text``, ``predicate_text`` as printed, ``rank`` as printed), the canonical unit registry
``units`` (``unit_type``, ``entity_id``, ``parent_unit_id``) and ``unit_aliases`` (every printed
spelling of a unit, with the table it was printed in).

Rules:

* **Predicates are recomputed from the scores** with the measurement engine and shown beside the
  printed ones: AKIP with :func:`~lkip_helpers.measurement.akip_grade` (PermenPANRB 88/2021: AA
  >90, A >80, BB >70, B >60, CC >50, C >30, D ≤30), IKM with
  :func:`~lkip_helpers.measurement.mutu_pelayanan` (PermenPANRB 14/2017: A ≥88.31 Sangat Baik,
  B ≥76.61 Baik, C ≥65.00 Kurang Baik, D Tidak Baik). A printed predicate that differs is flagged
  (``predicate_matches`` False), never corrected.
* **"Below Baik"**: AKIP predicates under B (``CC``, ``C``, ``D``; B is "Baik" in PermenPANRB
  88/2021, BB "Sangat Baik"), IKM mutu under B (``C`` Kurang Baik, ``D`` Tidak Baik), judged on the
  recomputed predicate.
* **Unit groups** (:data:`UNIT_GROUPS`): ``dinas/badan`` (sekretariat, dinas, badan, inspektorat,
  satpol PP — the offices), ``kecamatan`` (and kelurahan), ``RSUD``, ``puskesmas``, ``other``.
* **Outliers** by the robust z-score of :func:`lkip_helpers.benchmarks.robust_z` against the
  other units with the same score type (median/MAD, ``|z| > 3.5``; undefined with fewer than 5
  other units, :data:`~lkip_helpers.benchmarks.MIN_Z_REFERENCE`).
* **Matching AKIP with IKM** goes through the canonical ``unit_id`` (the two tables may spell
  names differently: "Kecamatan Medan Satria" in the city's AKIP table, "Kecamatan Medansatria" in
  its IKM table); every unit scored in only one of the two tables is listed with the reason, none is
  dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lkip_helpers.benchmarks import OUTLIER_Z, robust_z
from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import CatalogText, ParameterError
from lkip_helpers.data.i18n import translate
from lkip_helpers.notebook.figure_layout import A4_WIDTH, legend_below, new_figure, set_wrapped_title
from lkip_helpers.notebook.figures import fixed_random_state
from lkip_helpers.measurement import AKIP_GRADES, akip_grade, mutu_pelayanan, round_half_up

__all__ = [
    "AKIP_LABELS",
    "BELOW_BAIK",
    "GROUP_ORDER",
    "SCORE_TYPES",
    "UNIT_GROUPS",
    "AkipIkmMatch",
    "akip_ikm_match",
    "akip_ikm_scatter",
    "check_unit_entity",
    "check_unit_parameters",
    "describe_unit_groups",
    "entities_with_unit_scores",
    "group_summary",
    "match_unit_names",
    "predicate_counts",
    "printed_grade",
    "score_source",
    "score_strip_plot",
    "unit_score_table",
    "unit_summary",
]

SCORE_TYPES: tuple[str, ...] = ("akip", "ikm")

#: unit_type → analysis group.
UNIT_GROUPS: dict[str, str] = {
    "sekretariat": "dinas/badan",
    "dinas": "dinas/badan",
    "badan": "dinas/badan",
    "inspektorat": "dinas/badan",
    "satpol_pp": "dinas/badan",
    "kecamatan": "kecamatan",
    "kelurahan": "kecamatan",
    "rsud": "RSUD",
    "puskesmas": "puskesmas",
    "upt": "other",
    "other": "other",
}
GROUP_ORDER: tuple[str, ...] = ("dinas/badan", "kecamatan", "RSUD", "puskesmas", "other")

#: Labels of the AKIP predicates (PermenPANRB 88/2021).
AKIP_LABELS: dict[str, str] = {
    "AA": "Sangat Memuaskan",
    "A": "Memuaskan",
    "BB": "Sangat Baik",
    "B": "Baik",
    "CC": "Cukup",
    "C": "Kurang",
    "D": "Sangat Kurang",
}
#: Recomputed predicates below "Baik", per score type.
BELOW_BAIK: dict[str, frozenset[str]] = {
    "akip": frozenset({"CC", "C", "D"}),
    "ikm": frozenset({"C", "D"}),
}
_IKM_LABEL_TO_GRADE = {"sangat baik": "A", "baik": "B", "kurang baik": "C", "tidak baik": "D"}


def entities_with_unit_scores(ds: Dataset) -> pd.DataFrame:
    """(entity_id, year) pairs that have unit scores, with the score types present."""
    us = ds.tables["unit_scores"].merge(ds.tables["units"][["unit_id", "entity_id"]], on="unit_id", how="left")
    g = us.groupby(["entity_id", "year"])["score_type"].agg(lambda s: ", ".join(sorted(set(s))))
    return g.rename("score_types").reset_index()


def check_unit_entity(ds: Dataset, entity: str, year: int) -> None:
    """Raise :class:`ParameterError` unless ``entity`` has unit scores for ``year``.

    The message lists the entities and years that have them.
    """
    have = entities_with_unit_scores(ds)
    ok = ((have["entity_id"] == entity) & (have["year"] == year)).any()
    if not ok:
        choices = ", ".join(f"{e} {y} ({t})" for e, y, t in have.itertuples(index=False))
        raise ParameterError("no unit scores (AKIP of perangkat daerah / IKM of service units) for {entity} {year}; "
                             "entities with unit scores: {choices}", entity=repr(entity), year=repr(year),
                             choices=choices or CatalogText("none"))


def printed_grade(score_type: str, text: object) -> str | None:
    """The grade a printed predicate names (AKIP ``BB``; an IKM mutu label ``Sangat Baik`` → ``A``),
    or ``None`` for an empty cell."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    s = str(text).strip()
    if score_type == "ikm":
        return _IKM_LABEL_TO_GRADE.get(s.casefold(), s.upper())
    return s.upper()


def _printed_names(ds: Dataset, source_ref: str) -> dict[str, str]:
    a = ds.tables["unit_aliases"]
    a = a[a["source_ref"] == source_ref]
    return dict(zip(a["unit_id"], a["alias"]))


def unit_score_table(ds: Dataset, entity: str, year: int, score_type: str) -> pd.DataFrame:
    """One row per scored unit of ``entity``/``year`` for ``score_type`` (``akip`` or ``ikm``).

    Columns: ``unit_id``, ``name`` (canonical), ``printed_name`` (as in the score's table, from
    ``unit_aliases``; the canonical name when no alias is recorded), ``unit_type``, ``group``,
    ``parent_unit_id``, ``value``, ``value_text``, ``printed_predicate``, ``printed_rank``,
    ``predicate`` (recomputed grade), ``predicate_label``, ``predicate_matches`` (printed vs
    recomputed; IKM labels are compared as grades), ``below_baik``, ``robust_z`` (against the
    other units of the table), ``outlier`` (``|z| > 3.5``), ``source_ref``. Sorted by value,
    highest first.

    Raises:
        ParameterError: unknown score type, or no unit scores for the entity/year.
    """
    if score_type not in SCORE_TYPES:
        raise ParameterError(f"unknown score type {score_type!r}; valid: {', '.join(SCORE_TYPES)}")
    check_unit_entity(ds, entity, year)
    us = ds.tables["unit_scores"]
    units = ds.tables["units"]
    rows = us[(us["year"] == year) & (us["score_type"] == score_type)].merge(units, on="unit_id", how="left")
    rows = rows[rows["entity_id"] == entity].copy()
    rows["group"] = rows["unit_type"].map(UNIT_GROUPS).fillna("other")
    _add_predicates(rows, score_type)
    values = rows["value"].astype(float)
    z = [robust_z(v, values.drop(index=i)) for i, v in values.items()]
    rows["robust_z"] = pd.Series(z, index=rows.index, dtype=float)
    rows["outlier"] = rows["robust_z"].abs() > OUTLIER_Z
    names: dict[str, str] = {}
    for ref in rows["source_ref"].unique():
        names.update(_printed_names(ds, ref))
    rows["printed_name"] = [names.get(u, n) for u, n in zip(rows["unit_id"], rows["name"])]
    rows = rows.rename(columns={"predicate_text": "printed_predicate", "rank": "printed_rank"})
    rows = rows.sort_values(["value", "printed_rank"], ascending=[False, True]).reset_index(drop=True)
    return rows[_UNIT_SCORE_COLUMNS]


_UNIT_SCORE_COLUMNS = [
    "unit_id", "name", "printed_name", "unit_type", "group", "parent_unit_id", "value", "value_text",
    "printed_predicate", "printed_rank", "predicate", "predicate_label", "predicate_matches", "below_baik",
    "robust_z", "outlier", "source_ref",
]


def _add_predicates(rows: pd.DataFrame, score_type: str) -> None:
    """Add the recomputed ``predicate`` and ``predicate_label`` of each score, ``predicate_matches``
    (against the printed predicate) and ``below_baik`` to ``rows`` in place."""
    if score_type == "akip":
        rows["predicate"] = rows["value"].map(lambda v: akip_grade(v) if pd.notna(v) else None)
        rows["predicate_label"] = rows["predicate"].map(AKIP_LABELS)
    else:
        m = rows["value"].map(lambda v: mutu_pelayanan(v) if pd.notna(v) else None)
        rows["predicate"] = m.map(lambda x: x[0] if x else None)
        rows["predicate_label"] = m.map(lambda x: x[1] if x else None)
    printed = rows["predicate_text"].map(lambda t: printed_grade(score_type, t))
    rows["predicate_matches"] = [
        None if p is None or r is None else p == r for p, r in zip(printed, rows["predicate"])
    ]
    rows["below_baik"] = rows["predicate"].isin(BELOW_BAIK[score_type])


def predicate_counts(table: pd.DataFrame, score_type: str) -> pd.DataFrame:
    """Units per predicate: printed beside recomputed, from a :func:`unit_score_table`.

    One row per grade (AKIP ``AA`` … ``D``; IKM ``A`` … ``D``) present in either column:
    ``predicate``, ``label``, ``printed`` (count of the printed predicate), ``recomputed``,
    ``difference`` (recomputed − printed).
    """
    if score_type == "akip":
        grades = list(reversed(AKIP_GRADES))
        labels = AKIP_LABELS
    elif score_type == "ikm":
        grades = ["A", "B", "C", "D"]
        labels = {"A": "Sangat Baik", "B": "Baik", "C": "Kurang Baik", "D": "Tidak Baik"}
    else:
        raise ParameterError(f"unknown score type {score_type!r}; valid: {', '.join(SCORE_TYPES)}")
    printed = table["printed_predicate"].map(lambda t: printed_grade(score_type, t)).value_counts()
    recomputed = table["predicate"].value_counts()
    rows = []
    for g in grades:
        p, r = int(printed.get(g, 0)), int(recomputed.get(g, 0))
        if p or r:
            rows.append({"predicate": g, "label": labels[g], "printed": p, "recomputed": r, "difference": r - p})
    return pd.DataFrame(rows, columns=["predicate", "label", "printed", "recomputed", "difference"])


def group_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per unit group of a :func:`unit_score_table`: ``n``, ``mean``, ``median``, ``min``, ``max``,
    ``below_baik`` (count), ``outliers`` (count); groups in :data:`GROUP_ORDER`, then ``all``."""
    def agg(g: pd.DataFrame) -> dict[str, float]:
        return {
            "n": len(g),
            "mean": g["value"].mean(),
            "median": g["value"].median(),
            "min": g["value"].min(),
            "max": g["value"].max(),
            "below_baik": int(g["below_baik"].sum()),
            "outliers": int(g["outlier"].sum()),
        }

    rows = []
    for grp in GROUP_ORDER:
        g = table[table["group"] == grp]
        if len(g):
            rows.append({"group": grp, **agg(g)})
    rows.append({"group": "all", **agg(table)})
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype(int)
    return out


def describe_unit_groups(ds: Dataset, table: pd.DataFrame, noun: str | None = None) -> str:
    """One sentence counting the units of a :func:`unit_score_table` per group, from the data, in
    the reader's language.

    E.g. "The 96 units are 31 dinas/badan, 12 kecamatan, 5 RSUD (4 of them under Dinas Kesehatan)
    and 48 puskesmas (all under Dinas Kesehatan)." Groups in :data:`GROUP_ORDER`; units with a
    ``parent_unit_id`` are service units under another unit, named from the registry. The counts
    add up to the number of rows by construction. ``noun`` names the units (default: "units" in the
    reader's language; "perangkat daerah" stays as it is).
    """
    noun = noun or translate("units")
    names = ds.tables["units"].set_index("unit_id")["name"]
    parts = []
    for grp in GROUP_ORDER:
        g = table[table["group"] == grp]
        if g.empty:
            continue
        parents = g["parent_unit_id"].dropna()
        if not len(parents):
            parts.append(f"{len(g)} {grp}")
            continue
        under = _listed([str(names.get(u, u)) for u in dict.fromkeys(parents)])
        message = (translate("{n} {group} (all under {under})") if len(parents) == len(g)
                   else translate("{n} {group} ({k} of them under {under})"))
        parts.append(message.format(n=len(g), group=grp, k=len(parents), under=under))
    if not parts:
        return translate("There are no {noun}.").format(noun=noun)
    return translate("The {n} {noun} are {listed}.").format(n=len(table), noun=noun, listed=_listed(parts))


def _listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` in the reader's language."""
    if len(items) == 1:
        return items[0]
    return translate("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def match_unit_names(ds: Dataset, names: list[str]) -> pd.DataFrame:
    """Resolve printed unit names to canonical ``unit_id`` via the registry (:meth:`Dataset.unit_id`).

    Returns ``name`` and ``unit_id`` (``None`` when the name matches neither an alias nor a
    canonical name); unmatched names are kept, never dropped.
    """
    ids = pd.Series([ds.unit_id(n) for n in names], dtype=object)
    return pd.DataFrame({"name": pd.Series(names, dtype=object), "unit_id": ids})


@dataclass(frozen=True)
class AkipIkmMatch:
    """AKIP and IKM of the same units, matched through the canonical ``unit_id``.

    Attributes:
        pairs: one row per unit with both scores (``unit_id``, ``name``, ``group``, ``akip_name``
            and ``ikm_name`` as printed in each table, ``akip``, ``ikm``, ``akip_predicate``,
            ``ikm_mutu``).
        unmatched: every unit scored in only one table: ``unit_id``, ``name``, ``printed_name``,
            ``group``, ``parent_unit_id``, ``has`` (the score it has), ``reason``.
        spearman, spearman_p: Spearman's rank correlation of AKIP and IKM over ``pairs`` (``None``
            with fewer than 3 pairs); ``pearson``, ``pearson_p`` likewise.
        n: number of pairs.
        akip_source, ikm_source: where each score is printed (the tables' ``source_ref``).
    """

    pairs: pd.DataFrame
    unmatched: pd.DataFrame
    n: int
    spearman: float | None
    spearman_p: float | None
    pearson: float | None
    pearson_p: float | None
    akip_source: str = ""
    ikm_source: str = ""


def score_source(table: pd.DataFrame) -> str:
    """Where the scores of a :func:`unit_score_table` are printed: its ``source_ref`` values in
    order, joined (``Tabel 3.3``)."""
    return "; ".join(dict.fromkeys(str(s) for s in table["source_ref"].dropna()))


def akip_ikm_match(ds: Dataset, entity: str, year: int) -> AkipIkmMatch:
    """Match the AKIP and IKM tables of ``entity``/``year`` by ``unit_id`` and correlate them.

    Correlations use scipy (imported here): Spearman's rho (robust to the skew of the scores) and
    Pearson's r, with two-sided p-values; both ``None`` with fewer than 3 pairs.

    Raises:
        ParameterError: no unit scores for the entity/year.
    """
    akip = unit_score_table(ds, entity, year, "akip")
    ikm = unit_score_table(ds, entity, year, "ikm")
    a = akip[["unit_id", "name", "group", "parent_unit_id", "printed_name", "value", "predicate"]].rename(
        columns={"printed_name": "akip_name", "value": "akip", "predicate": "akip_predicate"}
    )
    i = ikm[["unit_id", "name", "group", "parent_unit_id", "printed_name", "value", "predicate"]].rename(
        columns={"printed_name": "ikm_name", "value": "ikm", "predicate": "ikm_mutu"}
    )
    both = a.merge(i, on=["unit_id", "name", "group", "parent_unit_id"], how="outer", indicator=True)
    pairs = both[both["_merge"] == "both"].drop(columns="_merge").sort_values("akip", ascending=False)
    pairs = pairs[["unit_id", "name", "group", "akip_name", "ikm_name", "akip", "ikm", "akip_predicate", "ikm_mutu"]]
    pairs = pairs.reset_index(drop=True)
    unmatched_rows = []
    sources = {"akip": score_source(akip), "ikm": score_source(ikm)}
    names = ds.tables["units"].set_index("unit_id")["name"]
    for _, r in both[both["_merge"] != "both"].iterrows():
        has = "akip" if r["_merge"] == "left_only" else "ikm"
        missing = f"IKM ({sources['ikm']})" if has == "akip" else f"AKIP ({sources['akip']})"
        if has == "ikm" and isinstance(r["parent_unit_id"], str):
            reason = translate("a service unit under {parent}: it has no {missing} of its own").format(
                parent=names.get(r["parent_unit_id"], r["parent_unit_id"]), missing=missing)
        else:
            reason = translate("no {missing} score printed for this unit").format(missing=missing)
        unmatched_rows.append(
            {
                "unit_id": r["unit_id"],
                "name": r["name"],
                "printed_name": r["akip_name"] if has == "akip" else r["ikm_name"],
                "group": r["group"],
                "parent_unit_id": r["parent_unit_id"],
                "has": has,
                "reason": reason,
            }
        )
    unmatched = pd.DataFrame(
        unmatched_rows, columns=["unit_id", "name", "printed_name", "group", "parent_unit_id", "has", "reason"]
    )
    if len(unmatched):
        unmatched["_o"] = unmatched["group"].map({g: k for k, g in enumerate(GROUP_ORDER)})
        unmatched = unmatched.sort_values(["_o", "name"]).drop(columns="_o").reset_index(drop=True)
    n = len(pairs)
    sp = sp_p = pe = pe_p = None
    if n >= 3:
        from scipy import stats

        s = stats.spearmanr(pairs["akip"], pairs["ikm"])
        p = stats.pearsonr(pairs["akip"], pairs["ikm"])
        sp, sp_p = float(s.statistic), float(s.pvalue)
        pe, pe_p = float(p.statistic), float(p.pvalue)
    return AkipIkmMatch(pairs, unmatched, n, sp, sp_p, pe, pe_p, sources["akip"], sources["ikm"])


def check_unit_parameters(ds: Dataset, values: dict[str, object]) -> None:
    """``extra_checks`` of the unit-performance notebook: :func:`check_unit_entity` on
    ``values["entity"]`` and ``values["year"]``."""
    check_unit_entity(ds, str(values.get("entity")), values.get("year"))  # type: ignore[arg-type]


def unit_summary(akip: pd.DataFrame, ikm: pd.DataFrame, match: AkipIkmMatch) -> pd.DataFrame:
    """One row per score type: units, mean, median, min, max, recomputed predicates below Baik,
    printed predicates that differ from the recomputed ones, outliers; plus the matched pairs and
    Spearman's rho of AKIP vs IKM. Numbers rounded to 2 decimals (a stable table for nbval)."""
    rows = []
    for name, t in (("AKIP (perangkat daerah)", akip), ("IKM (unit pelayanan)", ikm)):
        rows.append(
            {
                "scores": name,
                "units": len(t),
                "mean": round_half_up(float(t["value"].mean())),
                "median": round_half_up(float(t["value"].median())),
                "min": round_half_up(float(t["value"].min())),
                "max": round_half_up(float(t["value"].max())),
                "below Baik": int(t["below_baik"].sum()),
                "printed predicate differs": int((t["predicate_matches"] == False).sum()),  # noqa: E712
                "outliers (|z|>3.5)": int(t["outlier"].sum()),
                "matched AKIP–IKM": match.n,
                "unmatched": int((match.unmatched["has"] == ("akip" if t is akip else "ikm")).sum()),
            }
        )
    out = pd.DataFrame(rows)
    rho = None if match.spearman is None else round(match.spearman, 3)
    out["Spearman rho (AKIP vs IKM)"] = rho
    return out


def score_strip_plot(table: pd.DataFrame, *, title: str = "", bands: str = "akip", ax: object | None = None) -> object:
    """Scores per unit group: a box plot with every unit as a dot, units below Baik in red, and the
    predicate band boundaries (AKIP 50/60/70/80/90 or IKM 65.00/76.61/88.31) as dotted lines.
    A4 wide; the dots below Baik are dark red, the others light grey (apart in greyscale too)."""
    import seaborn as sns
    from matplotlib.lines import Line2D

    groups = [g for g in GROUP_ORDER if g in set(table["group"])]
    if ax is None:
        _, ax = new_figure(A4_WIDTH, 0.8 * len(groups) + 1.9)
    sns.boxplot(data=table, x="value", y="group", order=groups, color="#e0e0e0", showfliers=False, ax=ax)
    above, below = translate("Baik or better"), translate("below Baik")
    data = table.assign(status=np.where(table["below_baik"], below, above))
    with fixed_random_state():  # seaborn jitters with numpy's global generator: same figure every run
        sns.stripplot(
            data=data,
            x="value",
            y="group",
            order=groups,
            hue="status",
            hue_order=[above, below],
            palette={above: "#bdbdbd", below: "#b2182b"},  # light and dark grey in print
            size=5,
            jitter=0.25,
            linewidth=0.5,
            edgecolor="#333333",
            legend=False,
            ax=ax,
        )
    lines = (50, 60, 70, 80, 90) if bands == "akip" else (65.0, 76.61, 88.31)
    for x in lines:
        if table["value"].min() - 5 <= x <= table["value"].max() + 5:
            ax.axvline(x, color="#7570b3", linestyle=":", linewidth=1)
    ax.set_xlabel(translate("score (dotted: predicate band boundaries)"), fontsize=9)
    ax.set_ylabel("")
    ax.tick_params(labelsize=8)
    handles = [Line2D([], [], marker="o", linestyle="none", color=c, markeredgecolor="#333333", label=t)
               for t, c in ((above, "#bdbdbd"), (below, "#b2182b"))]
    legend_below(ax, handles)
    set_wrapped_title(ax, title)
    return ax


def akip_ikm_scatter(match: AkipIkmMatch, *, title: str = "", ax: object | None = None) -> object:
    """Scatter of AKIP (x) against IKM (y) for the matched units, coloured by unit group, with the
    AKIP band boundary 70 (BB) and the IKM boundary 88.31 (Sangat Baik) as reference lines."""
    import seaborn as sns

    if ax is None:
        _, ax = new_figure(A4_WIDTH, 4.8)
    # hue and marker both follow the group: the groups stay apart in greyscale
    sns.scatterplot(data=match.pairs, x="akip", y="ikm", hue="group", style="group", s=60, ax=ax)
    ax.axvline(70, color="grey", linestyle=":", linewidth=1)
    ax.axhline(88.31, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel(translate("AKIP score ({table})").format(table=match.akip_source), fontsize=9)
    ax.set_ylabel(f"IKM ({match.ikm_source})", fontsize=9)
    ax.tick_params(labelsize=8)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(translate("group"))
        for text in legend.get_texts():
            text.set_fontsize(8)
    set_wrapped_title(ax, title)
    return ax
