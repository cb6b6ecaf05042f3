"""Relations between printed figures declared in data (``data/check_relations.csv``).

Each row declares one relation for the report ``document_id``; ``kind`` says which:

* ``ratio`` — in the stats table ``subject`` at ``source_ref``, the figure ``variable`` of each
  row label in ``rows`` (``|``-joined, or ``*`` for every label) = ``numerator`` / ``denominator``
  × 100, the two variables named in ``inputs`` (``numerator|denominator``) under the same label
  (one printed unit plus the error the rounding of the inputs can cause). Keys:
  ``ratio:<document>:<subject>:<source_ref slug>:<label slug>:<variable>``.
* ``share`` — the figure ``variable`` of each row label in ``rows`` other than the total row =
  its ``part`` / the ``part`` of the total row × 100, ``inputs`` naming ``part|total label``
  (a share of the sample points). Keys as ``ratio``.
* ``same`` — the figure ``variable`` of the row labels ``rows`` of the stats table ``subject`` at
  ``source_ref`` = the first printing named in ``inputs`` (exact at the coarser printed
  resolution): either ``topic|source_ref|label|variable``, year by year (keys
  ``same-figure:<document>:<subject>:<variable>-<year>``), or one cell reference
  ``[column=value; ...]`` read as a ``formula``'s (into a stats topic or one of
  :data:`~lkip_helpers.audit.formulas.REFERENCE_TABLES`; a column not named is the checked figure's), its first
  row with a value (keys ``same-figure:<document>:<subject>:<label slug>:<variable>-<year>``).
  ``outcome`` as a ``formula``'s, of the first printing (``realisasi``: the status of the
  indicator the reference names).
* ``same-period`` — the period a row label names (``akumulasi RPJMD 2018-2023``: two years joined
  by a dash) = the period the first printing (one cell reference in ``inputs``, as for ``same``)
  names in its label or sub-label (a label finding). Keys:
  ``same-figure:<document>:<subject>:<label slug>:period``.
* ``unit-score`` — across reports: the score of type ``variable`` (``akip``, ``ikm``) of the unit
  ``subject`` in ``unit_scores`` (the parent's report, e.g. a city's table of its offices) = the
  realisasi of the indicator ``indicator_id`` (the unit's own report), every year both print, wherever
  the two come from different documents; each report audited gets the finding on its own
  printing (``source_ref`` names where the unit's own report prints the indicator, for the reader). Keys: ``same-figure:<document>:<indicator>:realisasi-<year>:<other document>``.

* ``bands-chain`` — bands printed as bounds (the rows ``rows`` of ``subject`` at ``source_ref``, in
  printed order) chain: the lower bound of each band = the upper bound of the band before it,
  ``inputs`` naming ``lower variable|upper variable`` (exact). Keys:
  ``bands:<document>:<subject>:<label slug>``.
* ``within-range`` — each printed band or figure ``variable`` (several joined with ``|``) of the rows
  ``rows`` of ``subject`` at ``source_ref`` lies within the minimum and the maximum ``inputs`` names as
  two cell references (``[column=value; ...]|[column=value; ...]``, as a ``formula``'s), a label
  finding per printed band (:mod:`.ranges`). Keys:
  ``range:<document>:<subject>:<source_ref slug>:<band slug>``.
* ``predicate`` — a word printed for a score (``variable`` the rows of the words; ``inputs`` a cell
  reference to the score, or empty when the word is quoted in the score's own text) = the category
  of the rule ``outcome`` (``mutu``, ``akip``, ``bands:<topic>``), :mod:`.declared_predicates`.
  Keys: ``predicate:<document>:<subject>:<source_ref slug>:<label slug>[:<sub-label slug>]``.
* ``comparison`` — a word printed comparing two figures (``melambat``: this year's growth is below
  the average) = the order of the two figures ``inputs`` names as two cell references
  (``[first]|[second]``), :mod:`.comparisons`. Keys: as declared in ``key`` (default
  ``comparison:<document>:<check>:<label slug>``).
* ``formula`` — the figure ``variable`` of the rows ``rows`` = the expression in ``inputs`` of cell
  references ``[column=value; ...]`` into any stats table or
  :data:`~lkip_helpers.audit.formulas.REFERENCE_TABLES` (with ``sum[...]``, ``mean[...]``,
  ``count[...]``, ``max[...]``, ``min[...]``); ``subject``
  ``indicator_values`` checks a figure of ``indicator_id``; ``tolerance`` and ``key`` (the family
  first) as :mod:`.formulas` describes. Keys: as declared in ``key``.

``outcome`` marks a figure that decides something, for ``ratio``, ``same`` and ``formula``:
``capaian`` (a status: tercapai at 100), ``mutu``, ``akip``, ``bands:<topic>``, and on figures of
``indicator_values`` (a ``formula``'s, or a ``same``'s first printing) ``realisasi`` and ``target``
(:func:`lkip_helpers.audit.outcomes.declared_outcome`; another outcome is refused naming the row).
``docs/data-model.md`` documents the columns; a row naming a table, a kind or a column the data
do not have is refused with the file, the row's number and (for ``formula``) the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.declared_rows import RELATION_KINDS
from lkip_helpers.data.i18n import Message
from .comparisons import check_comparison
from .consistency import pair
from .core import Collector, in_column, slug
from .declared_predicates import check_declared_predicate
from .formulas import check_formula, one_cell, selected, single_reference, subject_table
from .ranges import check_within_range
from .outcomes import declared_outcome, realisasi_outcome
from .sums import input_error
from .texts import description_text, formula_text, reader_text

__all__ = ["KINDS", "check_relations", "declared_relations"]

#: the kinds of relation a row may declare
KINDS: tuple[str, ...] = RELATION_KINDS
_COLUMNS = ["check_id", "document_id", "kind", "subject", "source_ref", "variable", "rows", "inputs", "indicator_id",
            "outcome", "tolerance", "key", "description", "description_id"]


def declared_relations(ds: Dataset) -> pd.DataFrame:
    """Every row of ``check_relations.csv`` (empty when the data declare none)."""
    t = ds.tables.get("check_relations")
    if t is None:
        return pd.DataFrame(columns=_COLUMNS)
    t = t.reindex(columns=list(dict.fromkeys([*_COLUMNS, *t.columns])))
    return t.astype(object).where(t.notna(), "").reset_index(drop=True)


def _split(cell: object) -> list[str]:
    return [p.strip() for p in str(cell or "").split("|") if p.strip()]


def _where(i: int, c: pd.Series) -> Message:
    """The row ``i`` of ``check_relations.csv`` a refusal names (its line in the file and its check)."""
    return Message("check_relations.csv row {row} ({check})", row=str(i + 2), check=str(c["check_id"]))


def _stats(ds: Dataset, i: int, c: pd.Series, topic: str) -> pd.DataFrame:
    t = ds.tables.get(f"stats-{topic}")
    if t is None:
        raise ValueError(Message("{where}: no stats table {topic!r} in the data", where=_where(i, c), topic=topic))
    return t


def check_relations(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Apply every declared relation that concerns ``documents`` (module docstring).

    Raises:
        ValueError: a row with an unknown kind, stats table or malformed ``inputs`` (naming the row;
            a catalog :class:`~lkip_helpers.data.i18n.Message`, English as its text).
    """
    for i, c in declared_relations(ds).iterrows():
        before = len(out.findings)
        _apply(ds, out, documents, i, c)
        _refuse_repeated_keys(out, before, i, c)


def _refuse_repeated_keys(out: Collector, before: int, i: int, c: pd.Series) -> None:
    """Refuse a row whose findings repeat a key (its labels select several printings, or the key of a
    formula leaves out what tells them apart), naming the row."""
    earlier = {f.key for f in out.findings[:before]}
    seen: set[str] = set()
    for f in out.findings[before:]:
        if f.key in earlier or f.key in seen:
            raise ValueError(Message("{where}: two findings get the key {key!r}; select one printing per row label "
                                     "(columns 'rows' and 'variable') or, for a formula, tell them apart in 'key'",
                                     where=_where(i, c), key=f.key))
        seen.add(f.key)


def _apply(ds: Dataset, out: Collector, documents: set[str], i: int, c: pd.Series) -> None:
    """Apply the declared relation ``c`` (row ``i``) if it concerns ``documents``."""
    if c["kind"] not in KINDS:
        raise ValueError(Message("{where}: unknown kind {kind!r}; known: {kinds}", where=_where(i, c), kind=c["kind"],
                                 kinds=", ".join(KINDS)))
    if c["kind"] == "unit-score":
        _unit_score(ds, out, documents, i, c)
    elif c["kind"] == "formula" and c["document_id"] in documents:
        check_formula(ds, out, i, c, _where(i, c))
    elif c["kind"] == "predicate" and c["document_id"] in documents:
        check_declared_predicate(ds, out, c, _where(i, c))
    elif c["kind"] == "comparison" and c["document_id"] in documents:
        check_comparison(ds, out, c, _where(i, c))
    elif c["kind"] == "within-range" and c["document_id"] in documents:
        check_within_range(ds, out, c, _selected(_stats(ds, i, c, c["subject"]), c), _where(i, c))
    elif c["document_id"] in documents:
        {"ratio": _ratio, "share": _share, "same": _same, "same-period": _same_period,
         "bands-chain": _bands_chain}[c["kind"]](ds, out, i, c)


def _selected(table: pd.DataFrame, c: pd.Series) -> pd.DataFrame:
    rows = table[(table["document_id"] == c["document_id"]) & (table["source_ref"] == c["source_ref"])]
    labels = _split(c["rows"])
    return rows if labels in ([], ["*"]) else rows[rows["category"].astype(str).isin(labels)]


def _ratio(ds: Dataset, out: Collector, i: int, c: pd.Series) -> None:
    inputs = _split(c["inputs"])
    if len(inputs) != 2:
        raise ValueError(Message("{where}: a ratio needs inputs 'numerator|denominator', got {inputs!r}",
                                 where=_where(i, c), inputs=c["inputs"]))
    rows = _selected(_stats(ds, i, c, c["subject"]), c)
    outcome_of = declared_outcome(ds, str(c["outcome"] or ""), c["document_id"], in_column(_where(i, c), "outcome"))
    by = {(str(r["category"]), r["variable"]): r for _, r in rows.iterrows()}
    for _, r in rows[rows["variable"] == c["variable"]].iterrows():
        n, d = by.get((str(r["category"]), inputs[0])), by.get((str(r["category"]), inputs[1]))
        if n is None or d is None or not d["value"]:
            continue
        val = n["value"] / d["value"] * 100
        out.number(key=f"ratio:{r['document_id']}:{c['subject']}:{slug(r['source_ref'])}:{slug(r['category'])}:"
                       f"{c['variable']}", family="ratio", check=formula_text(
                       "{variable} = {numerator} / {denominator} × 100", variable=str(c["variable"]),
                       numerator=inputs[0], denominator=inputs[1]),
                   document_id=r["document_id"], source_ref=r["source_ref"], row=f"{r['category']} {c['variable']}",
                   printed_text=r["value_text"], printed=r["value"], recomputed=val,
                   extra_tolerance=input_error(val, [(n["value_text"], n["value"]), (d["value_text"], d["value"])]),
                   outcome=outcome_of(r), rule=formula_text("{a} / {b} × 100", a=n["value_text"], b=d["value_text"]))


def _share(ds: Dataset, out: Collector, i: int, c: pd.Series) -> None:
    inputs = _split(c["inputs"])
    if len(inputs) != 2:
        raise ValueError(Message("{where}: a share needs inputs 'part|total label', got {inputs!r}", where=_where(i, c),
                                 inputs=c["inputs"]))
    part, total_label = inputs
    table = _stats(ds, i, c, c["subject"])
    rows = _selected(table, c)
    total = table[(table["document_id"] == c["document_id"]) & (table["source_ref"] == c["source_ref"])
                  & (table["category"].astype(str) == total_label) & (table["variable"] == part)]
    if total.empty or not total.iloc[0]["value"]:
        return
    t = total.iloc[0]
    parts = {str(r["category"]): r for _, r in rows[rows["variable"] == part].iterrows()}
    for _, r in rows[(rows["variable"] == c["variable"]) & (rows["category"].astype(str) != total_label)].iterrows():
        p = parts.get(str(r["category"]))
        if p is None:
            continue
        out.number(key=f"ratio:{r['document_id']}:{c['subject']}:{slug(r['source_ref'])}:{slug(r['category'])}:"
                       f"{c['variable']}", family="ratio", check=reader_text(
                       "{variable} = {part} / {part} of {total} × 100", variable=str(c["variable"]), part=part,
                       total=total_label),
                   document_id=r["document_id"], source_ref=r["source_ref"], row=f"{r['category']} {c['variable']}",
                   printed_text=r["value_text"], printed=r["value"], recomputed=p["value"] / t["value"] * 100,
                   rule=formula_text("{a} / {b} × 100", a=p["value_text"], b=t["value_text"]))


def _first_printings(ds: Dataset, i: int, c: pd.Series) -> Iterator[tuple[pd.Series, pd.Series]]:
    """``(figure, first printing)`` of a ``same`` or ``same-period`` whose ``inputs`` is one cell
    reference: each checked figure of ``subject`` and the printing with a value the reference
    selects for it (figures whose reference selects nothing are left out; one selecting printings
    with different values is refused, :func:`~.formulas.one_cell`)."""
    where = _where(i, c)
    table = subject_table(ds, c["subject"], where)
    ref = single_reference(ds, str(c["inputs"]), table, where,
                           Message("{kind} needs one cell reference [column=value; ...]", kind=str(c["kind"])))
    variables = _split(c["variable"])
    for _, fig in _selected(_stats(ds, i, c, c["subject"]), c).iterrows():
        if fig["variable"] not in variables:
            continue
        first = selected(ds, ref, fig, table)
        if not first.empty:
            yield fig, one_cell(first, ref, where)


def _same_reference(ds: Dataset, out: Collector, i: int, c: pd.Series) -> None:
    outcome_of = declared_outcome(ds, str(c["outcome"] or ""), c["document_id"], in_column(_where(i, c), "outcome"))
    for fig, first in _first_printings(ds, i, c):
        year = "" if pd.isna(fig["year"]) else f"-{int(fig['year'])}"
        pair(out, key=f"same-figure:{fig['document_id']}:{c['subject']}:{slug(fig['category'])}:{fig['variable']}{year}",
             second=fig, first=first, row=fig["category"], what=description_text(c), outcome=outcome_of(first))


_PERIOD = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")


def _same_period(ds: Dataset, out: Collector, i: int, c: pd.Series) -> None:
    """The period a row label names = the period its first printing names (module docstring)."""
    for fig, first in _first_printings(ds, i, c):
        said = _PERIOD.search(str(fig["category"]))
        covered = _PERIOD.search(f"{first.get('category', '')} {first.get('subcategory', '')}")
        if not (said and covered):
            continue
        out.label(key=f"same-figure:{fig['document_id']}:{c['subject']}:{slug(fig['category'])}:period",
                  family="consistency", check=reader_text("period of {what}", what=description_text(c)),
                  document_id=fig["document_id"], source_ref=fig["source_ref"], row=fig["category"],
                  printed_text=said.group(0), printed_label=f"{said.group(1)}-{said.group(2)}",
                  recomputed_label=f"{covered.group(1)}-{covered.group(2)}",
                  rule=reader_text("{label} of {table} covers {period} ({value})", label=str(first.get("category", "")),
                                   table=first["source_ref"], period=covered.group(0), value=first["value_text"]))


def _same(ds: Dataset, out: Collector, i: int, c: pd.Series) -> None:
    if str(c["inputs"]).strip().startswith("["):
        _same_reference(ds, out, i, c)
        return
    inputs = _split(c["inputs"])
    if len(inputs) != 4:
        raise ValueError(Message("{where}: 'same' needs inputs 'topic|source_ref|label|variable', got {inputs!r}",
                                 where=_where(i, c), inputs=c["inputs"]))
    topic, src, label, var = inputs
    first = _stats(ds, i, c, topic)
    first = first[(first["document_id"] == c["document_id"]) & (first["source_ref"] == src)
                  & (first["category"].astype(str) == label) & (first["variable"] == var)]
    outcome_of = declared_outcome(ds, str(c["outcome"] or ""), c["document_id"], in_column(_where(i, c), "outcome"))
    for _, r in _selected(_stats(ds, i, c, c["subject"]), c).iterrows():
        other = first[first["year"] == r["year"]]
        if r["variable"] != c["variable"] or other.empty:
            continue
        pair(out, key=f"same-figure:{r['document_id']}:{c['subject']}:{r['variable']}-{int(r['year'])}",
             second=r, first=other.iloc[0], row=f"{r['year']} {r['variable']}", what=formula_text("{description}:", description=description_text(c)),
             outcome=outcome_of(other.iloc[0]))


def _unit_score(ds: Dataset, out: Collector, documents: set[str], i: int, c: pd.Series) -> None:
    us = ds.tables["unit_scores"]
    us = us[(us["unit_id"] == c["subject"]) & (us["score_type"] == c["variable"]) & us["value"].notna()]
    iv = ds.tables["indicator_values"]
    iv = iv[(iv["indicator_id"] == c.get("indicator_id", "")) & (iv["measure"] == "realisasi")
            & (iv["period"] == "annual") & iv["value"].notna()]  # a known indicator: a foreign key of the data
    for _, u in us.iterrows():
        for _, v in iv[iv["year"] == u["year"]].iterrows():
            if u["document_id"] == v["document_id"]:
                continue
            year = int(u["year"])
            outcome = realisasi_outcome(ds, v["entity_id"], v["indicator_id"], year)
            for second, first in ((u, v), (v, u)):
                if second["document_id"] in documents:
                    pair(out, key=f"same-figure:{second['document_id']}:{v['indicator_id']}:realisasi-{year}:"
                                  f"{first['document_id']}", second=second, first=first,
                         row=f"{v['indicator_id']} realisasi {year}",
                         what=reader_text("{variable} of {subject} {year} (in {document})",
                                          variable=str(c["variable"]).upper(), subject=str(c["subject"]), year=year,
                                          document=str(first["document_id"])),
                         outcome=outcome)


def _bands_chain(ds: Dataset, out: Collector, i: int, c: pd.Series) -> None:
    """Bands printed as bounds chain: the lower bound of each band (row label, in printed order) = the
    upper bound of the band before it; ``inputs`` ``lower variable|upper variable``."""
    inputs = _split(c["inputs"])
    if len(inputs) != 2:
        raise ValueError(Message("{where}: bands-chain needs 'lower variable|upper variable', got {inputs!r}",
                                 where=in_column(_where(i, c), "inputs"), inputs=c["inputs"]))
    rows = _selected(_stats(ds, i, c, c["subject"]), c)
    rows = rows[rows["variable"].isin(inputs) & rows["value"].notna()]
    bound = {(str(r["category"]), r["variable"]): r for _, r in rows.iterrows()}
    names = list(dict.fromkeys(rows["category"].astype(str)))
    for before, name in zip(names, names[1:]):
        low, up = bound.get((name, inputs[0])), bound.get((before, inputs[1]))
        if low is not None and up is not None:
            pair(out, key=f"bands:{low['document_id']}:{c['subject']}:{slug(name)}", second=low, first=up,
                 row=reader_text("{band}: lower bound vs upper bound of {other}", band=str(name), other=str(before)),
                 what=reader_text("band bound"))
