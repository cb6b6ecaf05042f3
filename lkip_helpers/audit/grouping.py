"""Findings an evaluator can hand over: one per underlying error, ordered by consequence, located
in the report's own words.

Rules applied by :func:`group_findings` to the findings of :func:`lkip_helpers.audit.audit_documents`:

* **source artefacts**: a printed cell that cannot be the figure it claims — a number that lost its
  leading digit in the PDF-to-text step (``.882.346``, see :func:`unreadable_reason`) — makes the
  finding that rests on it ``unreadable in the source``: no gap, no materiality, no outcome. The
  checks repair such a figure only where another printing gives it, and say so in the rule.
* **one finding per underlying error**: non-matching findings of one report are grouped when they
  are the same error repeated — (a) the same printed text against the same recomputed value
  (the same wrong figure printed again, e.g. an IKM capaian 111,47 in a table and in the text);
  (b) the same indicator and year in the same place (a realisasi printed wrong and the capaian
  computed from it); (c) the same check failing on several rows of one table of means or indices
  (the per-unsur table of a semester that is not the mean of its triwulan); (d) two formulas
  recomputing the same printed cell (a formula printed with its numbers and the same formula on
  the table's inputs). The representative is
  the most consequential of the group; ``repeats`` counts the others, ``repeat_keys`` keeps their
  keys (the known-discrepancies table may link any of them) and ``repeated_at`` where they are.
* **ordering by consequence**: first what changes an outcome (``affects_status``: a status, a
  predikat, a mutu, a category), then the numeric discrepancies by materiality in the indicator's
  own terms (:func:`own_terms_materiality`: percentage points for a percentage, the share of the
  total or of the recomputed value otherwise), then label mismatches that decide nothing, then
  rounding differences, unreadable cells and matches.
* **readable locations**: ``location`` names the table and the row as a reader finds them — the
  indicator's name instead of its id, the year and period in words — and ``printed_as`` /
  ``recomputed_as`` give both figures in the report's own notation (decimal comma, ``%``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from .consistency import PRINTED_IN
from .rule_text import text_of
from .texts import catalog_message, compose, formula_text, joined, plain_text, reader_text

__all__ = [
    "CONSEQUENCES",
    "GROUP_COLUMNS",
    "UNDECIDED",
    "UNREADABLE",
    "format_like",
    "supported_printing",
    "supported_text",
    "group_findings",
    "own_terms_materiality",
    "readable_row",
    "unreadable_reason",
]

#: The status of a finding whose printed figure or input is a source artefact.
UNREADABLE: str = "unreadable in the source"

#: Consequence tiers, most serious first (the ``consequence`` column), with their meaning in English.
CONSEQUENCES: dict[str, str] = {
    "changes an outcome": "the printed and the recomputed value lead to a different status, predikat, mutu or category",
    "material": "a discrepancy beyond the tolerance that changes no outcome (ordered by size in the figure's own terms)",
    "label": "a label (direction word, band, period) that differs and decides no outcome",
    "rounding": "within the rounding tolerance",
    "unreadable": "a printed cell that cannot be the figure it claims (a lost digit); kept out of materiality",
    "none": "the printed figure matches",
}

#: Columns :func:`group_findings` adds to the findings.
GROUP_COLUMNS: list[str] = ["consequence", "weight", "location", "printed_as", "recomputed_as", "supported",
                            "supported_message", "supported_params", "repeats", "repeat_keys", "repeated_at"]

#: What :func:`supported_printing` says when the data cannot decide between two printings.
UNDECIDED: str = catalog_message(
    "undecided: no derivation or third printing in the data decides between the two printings")

_UNREADABLE_OTHER = catalog_message("{printing}: the other printing is unreadable")
_THIRD_AGREES = catalog_message("{printing}: a third printing agrees")
_UNREADABLE_CELL = catalog_message(
    "unreadable in the source: '{cell}' lost its leading digit(s) in the source text")

_LOST_DIGIT = re.compile(r"^\s*(?:Rp\s*)?\.\d{3}(?:\.\d{3})*(?:,\d+)?\s*%?\s*$")
_ANY_LOST_DIGIT = re.compile(r"(?<![\d.,])\.\d{3}(?:\.\d{3})+(?![\d])")
_SYSTEMATIC_FAMILIES = ("average", "ikm", "predicate")


def unreadable_reason(text: object) -> str | None:
    """Why a printed cell cannot be the figure it claims, or ``None`` when it can.

    A cell such as ``.882.346`` (thousands groups after a leading dot) lost its leading digit(s)
    when the PDF was turned into text: it is not 882.346.

    >>> unreadable_reason(".882.346")
    "'.882.346' lost its leading digit(s) in the source text"
    >>> unreadable_reason("1.882.346") is None
    True
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    s = str(text)
    if _LOST_DIGIT.match(s):
        return f"'{s.strip()}' lost its leading digit(s) in the source text"
    return None


def artefacts_in(text: object) -> list[str]:
    """The lost-digit cells quoted inside a longer text (a rule naming its inputs)."""
    return _ANY_LOST_DIGIT.findall(str(text or ""))


def _decimals(text: str) -> int:
    m = re.search(r"[.,](\d+)\s*%?\s*(?:\)|$)", text.strip())
    if not m:
        return 0
    # "2.290" is a thousands group, not 3 decimals (the report's notation has a decimal comma)
    if "," not in text and len(m.group(1)) == 3 and "." in text:
        return 0
    return len(m.group(1))


def format_like(value: float | None, printed_text: object, *, extra_decimals: int = 2) -> str:
    """``value`` in the notation of ``printed_text``: decimal comma and ``.`` thousands when the
    printed figure uses them (the reports' Indonesian notation), ``%`` when it has one, with
    ``extra_decimals`` more decimals than printed so that the gap shows.

    >>> format_like(0.78740157, "4,65%")
    '0,7874%'
    >>> format_like(1882346.0, "1.882.346", extra_decimals=0)
    '1.882.346'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(printed_text or "")
    decimals = _decimals(text) + extra_decimals
    if _decimals(text) == 0 and float(value).is_integer():
        decimals = 0
    english = bool(re.search(r"\d,\d{3}\.\d", text)) or (re.search(r"\d\.\d{1,2}\s*%?$", text) and "," not in text)
    s = f"{value:,.{decimals}f}"
    if not english:
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return s + ("%" if "%" in text else "")


def own_terms_materiality(row: Mapping[str, object]) -> float:
    """Size of a numeric gap in the figure's own terms: percentage points for a percentage (a
    capaian, a coverage, a share, a ratio × 100), else the gap as a share (%) of the recomputed
    value (of the total, for a sum). 0 for a match or a label."""
    gap = row.get("gap")
    if gap is None or pd.isna(gap) or row.get("status") == "match":
        return 0.0
    text = str(row.get("printed_text") or "")
    pct = "%" in text or row.get("family") in ("capaian", "coverage") or "× 100" in str(row.get("check") or "")
    if pct:
        return abs(float(gap))  # type: ignore[arg-type]
    rec = row.get("recomputed")
    if rec is None or pd.isna(rec) or float(rec) == 0:  # type: ignore[arg-type]
        return 100.0
    return min(abs(float(gap)) / abs(float(rec)) * 100.0, 1000.0)  # type: ignore[arg-type]


_ID_PERIOD = re.compile(r"\b(annual)\b")


def readable_row(ds: Dataset, row: str) -> str:
    """``row`` with indicator, entity and unit ids replaced by their printed names
    (``kota-prestasi-pemuda 2023 annual`` → ``Jumlah Prestasi Pemuda … 2023``) and ``annual`` dropped."""
    ind = ds.tables["indicators"]
    names = dict(zip(ind["indicator_id"], ind["name"]))
    entities = ds.tables.get("entities")
    if entities is not None and {"entity_id", "name"} <= set(entities.columns):
        names.update(zip(entities["entity_id"], entities["name"]))
    units = ds.tables.get("units")
    if units is not None and {"unit_id", "name"} <= set(units.columns):
        names.update(zip(units["unit_id"], units["name"]))
    out = []
    for token in str(row).split(" "):
        out.append(names.get(token, token))
    s = " ".join(out)
    s = _ID_PERIOD.sub("", s)
    return re.sub(r"\s{2,}", " ", s).strip()


def row_text(ds: Dataset, finding: Mapping[str, object]) -> dict:
    """A finding's row as a text (:mod:`.texts`), composed from its message
    (:attr:`~.core.Finding.row_message`) with the ids of its data replaced by names
    (:func:`readable_row`)."""
    row = text_of(finding, "row")
    if not isinstance(row, Mapping):
        row = plain_text(str(row))
    params = {k: readable_row(ds, v) if isinstance(v, str) else v for k, v in (row.get("params") or {}).items()}
    return {"message": row["message"], "params": params}


def location_text(ds: Dataset, source_ref: str, finding: Mapping[str, object]) -> dict:
    """Where a finding is, as a text: ``<source_ref>: <row>`` (:func:`row_text`)."""
    return formula_text("{ref}: {row}", ref=str(source_ref), row=row_text(ds, finding))


def supported_printing(ds: Dataset, r: pd.Series) -> str:
    """:func:`supported_text` in English (``""`` for a finding it does not concern)."""
    return compose(supported_text(ds, r))


def _other_printing(r: pd.Series) -> tuple[str, str | dict]:
    """The first printing of a "printed twice" finding and where it is, from its rule's
    parameters (:data:`~.consistency.PRINTED_IN`; a rule written as English text is split)."""
    params = r.get("rule_params")
    if r.get("rule_message") == PRINTED_IN and isinstance(params, dict):
        return str(params["value"]), params["table"]
    first = str(r["rule"]).split(" in ", 1)
    return (first[0], first[1]) if len(first) == 2 else (str(r["rule"]), "")


def _agrees(printing: str, where: str | dict, why: str) -> dict:
    return reader_text(why, printing=formula_text("{value} ({table})", value=printing, table=where))


def supported_text(ds: Dataset, r: pd.Series) -> dict | None:
    """For a "same figure printed twice" finding: which printing the other evidence supports —
    the readable one when the other is a source artefact; the one a third printing of the same
    indicator, year and measure (or its numerator / denominator) agrees with; else
    :data:`UNDECIDED` — as a text of :mod:`.texts`. ``None`` for other findings."""
    if r["family"] != "consistency" or "printed twice" not in str(r["check"]) or r["status"] == "match":
        return None
    other_text, other_ref = _other_printing(r)
    if unreadable_reason(other_text):
        return _agrees(r["printed_text"], r["source_ref"], _UNREADABLE_OTHER)
    if unreadable_reason(r["printed_text"]):
        return _agrees(other_text, other_ref, _UNREADABLE_OTHER)
    parts = str(r["key"]).split(":")
    m = re.match(r"([a-z_]+)-(\d{4})", parts[3]) if len(parts) > 3 else None
    if m is None:
        return reader_text(UNDECIDED)
    iv = ds.tables["indicator_values"]
    rows = iv[(iv["indicator_id"] == parts[2]) & (iv["year"] == int(m.group(2)))]
    rows = rows[rows["measure"].isin([m.group(1), m.group(1).replace("target", "target_pk")])]
    votes = {"printed": 0, "other": 0}
    for _, o in rows.iterrows():
        if o["source_ref"] in (r["source_ref"], compose(other_ref)) or pd.isna(o["value"]):
            continue
        if math.isclose(float(o["value"]), float(r["printed"]), abs_tol=1e-9):
            votes["printed"] += 1
        elif r["recomputed"] is not None and math.isclose(float(o["value"]), float(r["recomputed"]), abs_tol=1e-9):
            votes["other"] += 1
    if votes["printed"] > votes["other"]:
        return _agrees(r["printed_text"], r["source_ref"], _THIRD_AGREES)
    if votes["other"] > votes["printed"]:
        return _agrees(other_text, other_ref, _THIRD_AGREES)
    return reader_text(UNDECIDED)


def _consequence(r: pd.Series) -> str:
    if r["status"] == UNREADABLE:
        return "unreadable"
    if r["status"] == "match":
        return "none"
    if r["status"] == "rounding difference":
        return "rounding"
    if r["affects_status"] is True or (not pd.isna(r["affects_status"]) and bool(r["affects_status"])):
        return "changes an outcome"
    if pd.isna(r["gap"]):
        return "label"
    return "material"


def _subject(key: str) -> str:
    """The indicator-and-year part of a key (``capaian:doc:ind:2024`` → ``ind:2024``)."""
    parts = key.split(":")
    if len(parts) < 4:
        return key
    year = re.search(r"(\d{4})", ":".join(parts[3:]))
    return f"{parts[2]}:{year.group(1) if year else ''}"


def mark_unreadable(df: pd.DataFrame) -> pd.DataFrame:
    """Findings whose printed figure or an input quoted in the rule is a source artefact get the
    status :data:`UNREADABLE`, no gap and no materiality (the figure says nothing)."""
    df = df.copy()
    for i, r in df.iterrows():
        if r["status"] != "discrepancy":
            continue
        cell = r["printed_text"] if unreadable_reason(r["printed_text"]) else None
        quoted = artefacts_in(r["rule"])
        if cell is None and quoted and "repaired" not in str(r["rule"]) and unreadable_reason(quoted[0]):
            cell = quoted[0]
        if cell is None:
            continue
        df.at[i, "status"] = UNREADABLE
        df.at[i, "gap"] = float("nan")
        df.at[i, "materiality"] = 0.0
        df.at[i, "affects_status"] = pd.NA
        text = reader_text(_UNREADABLE_CELL, cell=str(cell).strip())
        df.at[i, "recomputed_text"] = compose(text)
        df.at[i, "recomputed_message"] = text["message"]
        df.at[i, "recomputed_params"] = text["params"]
    return df


def group_findings(ds: Dataset, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per underlying error, ordered by consequence, with readable locations (rules in
    the module docstring). Matches are kept, each its own row, after every non-match."""
    df = _annotated(ds, findings)
    groups = _repeat_groups(df[df["consequence"] != "none"])
    return _collapsed(df, groups)


def _annotated(ds: Dataset, findings: pd.DataFrame) -> pd.DataFrame:
    """The findings with consequence, weight, readable location and printing, sorted by consequence."""
    df = mark_unreadable(findings).reset_index(drop=True)
    df["consequence"] = [_consequence(r) for _, r in df.iterrows()]
    df["weight"] = [own_terms_materiality(r) if c == "material" else float(r["materiality"] or 0)
                    for (_, r), c in zip(df.iterrows(), df["consequence"])]
    locations = [location_text(ds, s, r) for s, r in zip(df["source_ref"], df.to_dict("records"))]
    df["location"] = [compose(t) for t in locations]
    df["location_message"] = [t["message"] for t in locations]
    df["location_params"] = [t["params"] for t in locations]
    df["printed_as"] = df["printed_text"]
    df["recomputed_as"] = [
        format_like(v, p) if not pd.isna(g) else t
        for v, p, g, t in zip(df["recomputed"], df["printed_text"], df["gap"], df["recomputed_text"])
    ]
    supported = [supported_text(ds, r) for _, r in df.iterrows()]
    df["supported"] = [compose(t) for t in supported]
    df["supported_message"] = [t["message"] if t else "" for t in supported]
    df["supported_params"] = [t["params"] if t else {} for t in supported]
    tier = {c: i for i, c in enumerate(CONSEQUENCES)}
    df["_tier"] = df["consequence"].map(tier)
    return df.sort_values(["_tier", "weight", "key"], ascending=[True, False, True]).reset_index(drop=True)


def _signatures(r: pd.Series) -> list[tuple]:
    """What makes two findings the same underlying error (any shared signature joins them)."""
    rec = "" if pd.isna(r["recomputed"]) else f"{float(r['recomputed']):.6g}"
    if r["status"] == UNREADABLE:
        return [("unreadable", r["document_id"], r["recomputed_text"])]
    sigs = []
    if len(re.sub(r"\D", "", str(r["printed_text"]))) >= 3:  # "3" against 4 twice is no repeat
        # a label finding (no gap) is the word printed, not the score it is printed for
        label = pd.isna(r["gap"]) and not pd.isna(r["printed"]) and r["printed"] == r["recomputed"]
        printed = "" if pd.isna(r["printed"]) or label else f"{float(r['printed']):.6g}"
        sigs.append(("same", r["document_id"], r["family"], printed or str(r["printed_text"]).strip(), rec))
    if r["family"] in ("capaian", "consistency", "coverage"):
        sigs.append(("subject", r["document_id"], r["source_ref"], _subject(str(r["key"]))))
    if r["family"] == "formula" and len(re.sub(r"\D", "", str(r["printed_text"]))) >= 3:
        sigs.append(("formula-row", r["document_id"], r["source_ref"], str(r["printed_text"]).strip()))
    if r["family"] in _SYSTEMATIC_FAMILIES:
        sigs.append(("table", r["document_id"], r["source_ref"], r["check"]))
    return sigs


def _repeat_groups(bad: pd.DataFrame) -> dict[int, list[int]]:
    """Lead row → its rows (the lead first), joining rows that share a signature (union-find;
    the earlier, more consequential row leads)."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    seen: dict[tuple, int] = {}
    for i, r in bad.iterrows():
        for sig in _signatures(r):
            if sig in seen:
                ra, rb = root(seen[sig]), root(i)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            else:
                seen[sig] = i
    groups: dict[int, list[int]] = {}
    for i in bad.index:
        groups.setdefault(root(i), []).append(i)
    return groups


def _collapsed(df: pd.DataFrame, groups: dict[int, list[int]]) -> pd.DataFrame:
    """One row per group, with its repeats' count, keys and locations; matches kept as they are."""
    keep = []
    df["repeats"] = 0
    df["repeat_keys"] = ""
    df["repeated_at"] = ""
    df["repeats_message"] = ""
    df["repeats_params"] = [{} for _ in df.index]
    for lead, members in groups.items():
        others = [m for m in members if m != lead]
        df.at[lead, "repeats"] = len(others)
        df.at[lead, "repeat_keys"] = "; ".join(df.loc[others, "key"])
        repeated = joined("; ", [formula_text("{location} ({printed})", printed=str(df.at[m, "printed_text"]),
                                              location={"message": df.at[m, "location_message"],
                                                        "params": df.at[m, "location_params"]})
                                 for m in others])
        df.at[lead, "repeated_at"] = compose(repeated)
        if others:
            df.at[lead, "repeats_message"] = formula_text("{n}: {at}", n=len(others), at=repeated)["message"]
            df.at[lead, "repeats_params"] = {"n": len(others), "at": repeated}
        keep.append(lead)
    keep += list(df.index[df["consequence"] == "none"])
    out = df.loc[sorted(keep)].drop(columns="_tier")
    out["repeats"] = out["repeats"].astype(int)
    return out.reset_index(drop=True)
