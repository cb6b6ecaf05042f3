"""Budget checks: hierarchy sums, serapan / efisiensi / sisa, budget figures quoted in the text.

Formulas (tolerances in brackets):

* **hierarchy**: pagu, realisasi (and the realisasi split by kind of spending, and sisa) of a
  parent line = the sum of its child lines — sub_kegiatan → kegiatan → program → total, and the
  programme lines of an IKU block → the block's ``iku`` line. Children of a line are the
  following lines one level down until the next line at the parent's level or above; an
  ``iku``/``total`` line takes all lines one level down of the same table (and IKU). [one unit +
  half a unit per child]
* **split**: at the lowest level, realisasi = realisasi pegawai + realisasi barang & jasa (a
  parent's split is checked through the hierarchy, so a gap is reported once). [same]
* **serapan** = realisasi / pagu × 100, **efisiensi** = 100 − serapan, **sisa** = pagu −
  realisasi, on the figures of the same line. [one printed unit]
* **text**: a pagu, realisasi, serapan, efisiensi or sisa quoted in the text for an IKU is
  recomputed from the IKU block of the numbered budget table (the table with ``iku`` lines); a
  grand total quoted in the text = the sum of the IKU blocks. [one printed unit; sums also half a
  unit per block]

The numbers of programmes, kegiatan and sub kegiatan a report's text states are declared checks
(``count[table=budgets; level=…; under=…]`` formulas of ``check_relations.csv``, with
:func:`lines_under` selecting the block below a line).
"""

from __future__ import annotations

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from .core import Collector, slug
from .sums import input_error, sum_tolerance
from .texts import formula_text, reader_text

__all__ = ["LEVEL_RANK", "check_budgets", "budget_lines", "iku_blocks", "lines_under"]

#: the rank of each budget level, the highest first (a block ends at the next line of its rank or higher)
LEVEL_RANK = {"total": 0, "iku": 0, "belanja": 1, "program": 1, "kegiatan": 2, "sub_kegiatan": 3}
_RANK = LEVEL_RANK
_SUMMED = ("pagu", "realisasi", "realisasi_pegawai", "realisasi_barang_jasa", "sisa")


def budget_lines(ds: Dataset, documents: set[str]) -> pd.DataFrame:
    """Budget lines, one row per (document, table, line) and a column per measure (value), plus
    ``<measure>_text`` columns with the printed text."""
    b = ds.tables["budgets"]
    b = b[b["document_id"].isin(documents)]
    idx = ["document_id", "source_ref", "line_no"]
    meta = b.drop_duplicates(idx)[idx + ["entity_id", "year", "level", "name", "indicator_id"]]
    val = b.pivot_table(index=idx, columns="measure", values="value", aggfunc="first")
    txt = b.pivot_table(index=idx, columns="measure", values="value_text", aggfunc="first")
    txt.columns = [f"{c}_text" for c in txt.columns]
    wide = meta.set_index(idx).join(val).join(txt).reset_index()
    wide.columns.name = None
    return wide.sort_values(idx).reset_index(drop=True)


def lines_under(rows: pd.DataFrame, name: str) -> pd.Series:
    """Which ``budgets`` rows lie in a block below a line named ``name`` (compared without case and
    surrounding spaces) of their table: the lines after it up to the next line of its rank or higher
    (:data:`LEVEL_RANK`; an unknown level ranks below every known one, so the block of a line of an
    unknown level is empty). A name printed on several lines of a table (the same programme in
    the blocks of two IKU) selects the lines below each of them; the named lines themselves are not
    in their blocks, nor is anything below the last line."""
    keep = pd.Series(False, index=rows.index)
    wanted = name.strip().casefold()
    for _, tab in rows.groupby(["document_id", "source_ref"]):
        lines = tab.drop_duplicates("line_no").sort_values("line_no")
        ranks = lines["level"].map(lambda v: _RANK.get(v, 9)).tolist()
        numbers = lines["line_no"].tolist()
        named = (lines["name"].astype(str).str.strip().str.casefold() == wanted).tolist()
        inside: set = set()
        for i in (i for i, hit in enumerate(named) if hit):
            for j in range(i + 1, len(numbers)):
                if ranks[j] <= ranks[i]:
                    break
                inside.add(numbers[j])
        keep.loc[tab.index] = tab["line_no"].isin(inside)
    return keep


def _children(tab: pd.DataFrame, i: int, ranks: list[int] | None = None) -> pd.DataFrame:
    """The child lines of line ``i`` of one table (``tab`` has a 0..n-1 index).

    A ``total`` line's children are the table's highest-ranked other lines; an ``iku`` line's are
    those of its indicator; any other line's are the highest-ranked lines of the block below it,
    up to the next line of its rank or higher. ``ranks`` (the rank of every line, unknown levels 9)
    saves recomputing them for each line.
    """
    if ranks is None:
        ranks = [_RANK.get(level, 9) for level in tab["level"]]
    level = tab.at[i, "level"]
    rank = _RANK.get(level, 9)
    if level in ("iku", "total"):
        candidates = [j for j in range(len(ranks)) if j != i and ranks[j] > rank]
        indicator = tab.at[i, "indicator_id"]
        if level == "iku" and pd.notna(indicator):
            ids = tab["indicator_id"].tolist()
            candidates = [j for j in candidates if ids[j] == indicator]
    else:
        candidates = []
        for j in range(i + 1, len(ranks)):
            if ranks[j] <= rank:
                break
            candidates.append(j)
    # an unknown level ranks 9 for the block's extent but is never a child
    known = [j for j in candidates if tab.at[j, "level"] in _RANK]
    if not known:
        return tab.iloc[0:0]
    low = min(ranks[j] for j in known)
    return tab.iloc[[j for j in known if ranks[j] == low]]


def _where(r: pd.Series) -> dict:
    return dict(document_id=r["document_id"], source_ref=r["source_ref"], row=reader_text("line {line} {name}", line=int(r["line_no"]), name=str(r["name"])))


def _k(r: pd.Series, tag: str) -> str:
    return f"budget-{tag}:{r['document_id']}:{slug(r['source_ref'])}:line-{int(r['line_no'])}"


def check_budgets(ds: Dataset, out: Collector, documents: set[str]) -> None:
    """Every budget check of the module docstring."""
    lines = budget_lines(ds, documents)
    for (doc, src), tab in lines.groupby(["document_id", "source_ref"]):
        tab = tab.reset_index(drop=True)
        ranks = [_RANK.get(level, 9) for level in tab["level"]]
        for i, r in tab.iterrows():
            kids = _children(tab, i, ranks)
            for m in _SUMMED:
                if m in tab.columns and pd.notna(r.get(m)) and not kids.empty and kids[m].notna().all():
                    whole = [r[m], *kids[m]]
                    out.number(tolerance=0.0 if all(float(x).is_integer() for x in whole) else None,
                               key=f"{_k(r, 'sum')}:{m}", family="sum",
                               check=reader_text("{measure} = sum of the {n} child lines", measure=m, n=len(kids)),
                               printed_text=r[f"{m}_text"], printed=r[m], recomputed=float(kids[m].fillna(0).sum()),
                               extra_tolerance=sum_tolerance(kids[f"{m}_text"].fillna(""), kids[m].fillna(0)),
                               rule=reader_text("sum of lines {lines}", lines=", ".join(str(int(x)) for x in kids["line_no"])), **_where(r))
            if kids.empty and {"realisasi_pegawai", "realisasi_barang_jasa"} <= set(tab.columns) and pd.notna(
                r.get("realisasi_pegawai")) and pd.notna(r.get("realisasi")):
                parts = r["realisasi_pegawai"] + r["realisasi_barang_jasa"]
                out.number(key=f"{_k(r, 'split')}:realisasi", family="sum",
                           check=reader_text("realisasi = pegawai + barang & jasa"), printed_text=r["realisasi_text"],
                           printed=r["realisasi"], recomputed=parts,
                           rule=formula_text("{a} + {b}", a=r["realisasi_pegawai_text"], b=r["realisasi_barang_jasa_text"]), **_where(r))
            if pd.notna(r.get("pagu")) and pd.notna(r.get("realisasi")):
                ser = r["realisasi"] / r["pagu"] * 100 if r["pagu"] else None
                if "serapan" in tab.columns and pd.notna(r.get("serapan")) and ser is not None:
                    out.number(key=f"{_k(r, 'serapan')}", family="efficiency",
                               check=reader_text("serapan = realisasi / pagu × 100"),
                               printed_text=r["serapan_text"], printed=r["serapan"], recomputed=ser,
                               extra_tolerance=input_error(ser, [(r["realisasi_text"], r["realisasi"]),
                                                                 (r["pagu_text"], r["pagu"])]),
                               rule=formula_text("{a} / {b} × 100", a=r["realisasi_text"], b=r["pagu_text"]), **_where(r))
                if "efisiensi" in tab.columns and pd.notna(r.get("efisiensi")) and ser is not None:
                    out.number(key=f"{_k(r, 'efisiensi')}", family="efficiency",
                               check=reader_text("efisiensi = 100 − serapan"),
                               printed_text=r["efisiensi_text"], printed=r["efisiensi"], recomputed=100 - ser,
                               extra_tolerance=input_error(ser, [(r["realisasi_text"], r["realisasi"]),
                                                                 (r["pagu_text"], r["pagu"])]),
                               rule=formula_text("100 − {a} / {b} × 100", a=r["realisasi_text"], b=r["pagu_text"]), **_where(r))
                if "sisa" in tab.columns and pd.notna(r.get("sisa")):
                    out.number(key=f"{_k(r, 'sisa')}", family="efficiency",
                               check=reader_text("sisa = pagu − realisasi"),
                               printed_text=r["sisa_text"], printed=r["sisa"], recomputed=r["pagu"] - r["realisasi"],
                               rule=formula_text("{a} − {b}", a=r["pagu_text"], b=r["realisasi_text"]), **_where(r))
    _text_vs_table(out, lines)


def iku_blocks(lines: pd.DataFrame) -> pd.DataFrame | None:
    """The budget line of each IKU in the numbered table of IKU blocks of one document's
    ``lines`` (:func:`budget_lines`), indexed by ``indicator_id``: the ``iku`` line of a block, or
    the programme line of an IKU with a single programme (it has no block line). ``None`` unless
    exactly one numbered table has ``iku`` lines, all with an indicator."""
    numbered = lines[lines["source_ref"].str.startswith("Tabel")]
    blocks = numbered[numbered["level"] == "iku"]
    if blocks.empty or blocks["source_ref"].nunique() != 1 or blocks["indicator_id"].isna().any():
        return None
    table = numbered[numbered["source_ref"] == blocks["source_ref"].iloc[0]]
    single = table[(table["level"] == "program") & table["indicator_id"].notna()
                   & ~table["indicator_id"].isin(blocks["indicator_id"])]
    single = single[~single["indicator_id"].duplicated(keep=False)]
    return pd.concat([blocks, single]).set_index("indicator_id")


def _text_vs_table(out: Collector, lines: pd.DataFrame) -> None:
    for doc, d in lines.groupby("document_id"):
        numbered = d[d["source_ref"].str.startswith("Tabel")]
        ref = iku_blocks(d)
        if ref is None:
            continue  # only a single numbered table of IKU blocks can be used as the reference
        text = d[~d["source_ref"].str.startswith("Tabel")]
        report_year = int(ref["year"].iloc[0])
        for _, r in text.iterrows():
            if int(r["year"]) != report_year:
                continue
            if r["level"] == "iku" and r["indicator_id"] in ref.index:
                b = ref.loc[r["indicator_id"]]
                ser = b["realisasi"] / b["pagu"] * 100
                calc = {"pagu": b["pagu"], "realisasi": b["realisasi"], "serapan": ser, "efisiensi": 100 - ser,
                        "sisa": b["pagu"] - b["realisasi"]}
                for m, v in calc.items():
                    if m in r and pd.notna(r[m]):
                        err = 0.0 if m in ("pagu", "realisasi", "sisa") else input_error(
                            ser, [(b["realisasi_text"], b["realisasi"]), (b["pagu_text"], b["pagu"])])
                        if m in b and pd.notna(b[m]):  # a quote of the table's printed figure
                            v, err = b[m], 0.0
                        out.number(key=f"budget-text:{doc}:{slug(r['source_ref'])}:line-{int(r['line_no'])}:{m}",
                                   family="budget-text",
                                   check=reader_text("{measure} in the text vs the IKU block of {table}", measure=m,
                                                     table=b["source_ref"]),
                                   printed_text=r[f"{m}_text"], printed=r[m], recomputed=v, extra_tolerance=err,
                                   rule=reader_text("{table} line {line}: pagu {pagu}, realisasi {realisasi}",
                                                     table=b["source_ref"], line=int(b["line_no"]),
                                                     pagu=b["pagu_text"], realisasi=b["realisasi_text"]), **_where(r))
            elif r["level"] == "total":
                grand = numbered[numbered["level"] == "total"]
                for m in ("pagu", "realisasi"):
                    if m not in r or pd.isna(r[m]):
                        continue
                    if not grand.empty:  # the grand total line of a numbered table
                        g = grand.loc[grand["pagu"].idxmax()]
                        out.number(key=f"budget-text:{doc}:{slug(r['source_ref'])}:line-{int(r['line_no'])}:{m}",
                                   family="budget-text",
                                   check=reader_text("total {measure} in the text vs the total of {table}", measure=m,
                                                     table=g["source_ref"]),
                                   printed_text=r[f"{m}_text"], printed=r[m], recomputed=g[m], tolerance=0.0,
                                   resolution=1.0, rule=reader_text("{table} line {line}", table=g["source_ref"], line=int(g["line_no"])), **_where(r))
                    else:
                        out.number(key=f"budget-text:{doc}:{slug(r['source_ref'])}:line-{int(r['line_no'])}:{m}",
                                   family="sum",
                                   check=reader_text("total {measure} in the text = sum of the {n} IKU blocks", measure=m,
                                                     n=len(ref)),
                                   printed_text=r[f"{m}_text"], printed=r[m], recomputed=float(ref[m].sum()),
                                   extra_tolerance=sum_tolerance(ref[f"{m}_text"], ref[m]),
                                   rule=reader_text("sum of the iku lines of {table}", table=ref["source_ref"].iloc[0]), **_where(r))
