"""The audit's rule and evidence texts in the reader's language, at display time.

The checks write their ``rule``, ``supported`` and ``recomputed_as`` texts in English (the findings,
their keys and the snapshot stay one language); a table for a reader passes each text through
:func:`in_language`, which recognises the most common templates (:data:`TEMPLATES`: a regular
expression with named parts → the English message of the catalog with the same ``{names}``) and
writes them through the message catalog; a whole text that is a catalog message (such as the reasons
of :data:`~lkip_helpers.audit.known.NOT_RECOMPUTABLE`) is translated as it is. A text that matches
neither stays as written (the less common, one-off rules of single checks).

>>> in_language("sum of 7 printed rows", "id")
'jumlah 7 baris tercetak'
"""

from __future__ import annotations

import re

from lkip_helpers.data.i18n import translate

__all__ = ["TEMPLATES", "in_language", "texts_in_language"]

#: (pattern, message): the pattern's named groups fill the message's placeholders; the groups
#: hold data (numbers, table names, values as printed), which stay as they are
TEMPLATES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p + r"$"), m) for p, m in (
    (r"(?P<what>.+): a name or label printed differently; there is no figure to recompute",
     "{what}: a name or label printed differently; there is no figure to recompute"),
    (r"sum of (?P<n>\d+) printed rows \('-' as 0\)", "sum of {n} printed rows ('-' as 0)"),
    (r"sum of (?P<n>\d+) printed rows", "sum of {n} printed rows"),
    (r"sum of the iku lines of (?P<table>.+)", "sum of the iku lines of {table}"),
    (r"undecided: no derivation or third printing in the data decides between the two printings",
     "undecided: no derivation or third printing in the data decides between the two printings"),
    (r"(?P<printing>.+): the other printing is unreadable", "{printing}: the other printing is unreadable"),
    (r"(?P<printing>.+): a third printing agrees", "{printing}: a third printing agrees"),
    (r"unreadable in the source: '(?P<cell>[^']+)' lost its leading digit\(s\) in the source text",
     "unreadable in the source: '{cell}' lost its leading digit(s) in the source text"),
    (r"(?P<value>\S+) \((?P<ref>[^)]+)\) in band (?P<band>.+) of (?P<table>[^()]+)",
     "{value} ({ref}) in band {band} of {table}"),
    (r"(?P<value>\S+) in band (?P<band>.+) of (?P<table>[^()]+)", "{value} in band {band} of {table}"),
    (r"programme lines of (?P<table>.+) for (?P<indicator>\S+)", "programme lines of {table} for {indicator}"),
    (r"rows of misi\.csv for (?P<entity>\S+)", "rows of misi.csv for {entity}"),
    (r"the band must lie within (?P<low>.+) – (?P<high>.+)", "the band must lie within {low} – {high}"),
    (r"(?P<band>.+): starts below the minimum (?P<low>.+)", "{band}: starts below the minimum {low}"),
    (r"(?P<band>.+): ends above the maximum (?P<high>.+)", "{band}: ends above the maximum {high}"),
    (r"mean of (?P<n>\d+) unit IKM \((?P<table>.+)\)", "mean of {n} unit IKM ({table})"),
    (r"IKU of the scorecard with recomputed status (?P<status>.+)", "IKU of the scorecard with recomputed status {status}"),
    (r"(?P<change>.+) points, (?P<relative>\S+)% relative; the printed size \((?P<unit>[^)]+)\) is compared with the "
     r"% of (?P<year>\d{4}) \(relative change\)",
     "{change} points, {relative}% relative; the printed size ({unit}) is compared with the % of {year} "
     "(relative change)"),
    (r"(?P<change>.+) points, (?P<relative>\S+)% relative; the printed size \((?P<unit>[^)]+)\) is compared with the "
     r"points \(absolute change\)",
     "{change} points, {relative}% relative; the printed size ({unit}) is compared with the points (absolute change)"),
    (r"mean of (?P<parts>.+)", "mean of {parts}"),
    (r"(?P<formula>.+) \(numerator repaired from (?P<ref>.+): printed '(?P<cell>[^']+)' here\)",
     "{formula} (numerator repaired from {ref}: printed '{cell}' here)"),
    (r"realisasi / target × 100 of the (?P<n>\d+) parts of (?P<table>[^:]+): (?P<parts>.+)",
     "realisasi / target × 100 of the {n} parts of {table}: {parts}"),
    (r"(?P<band>.+): lower bound vs upper bound of (?P<other>.+)", "{band}: lower bound vs upper bound of {other}"),
    (r"yearly RPJMD targets (?P<first>\d{4})–(?P<last>\d{4}): (?P<year>\d{4}) is year (?P<k>\d+) of (?P<n>\d+)",
     "yearly RPJMD targets {first}–{last}: {year} is year {k} of {n}"),
    (r"the total of (?P<table>.+) covers (?P<period>\S+) \((?P<value>[^)]+)\)", "the total of {table} covers {period} ({value})"),
    (r"(?P<word>\S+) (?P<value>\S+) % of (?P<year>\d{4}) \(relative change\)", "{word} {value} % of {year} (relative change)"),
    (r"(?P<formula>.+) \(the table's other rows: (?P<rows>.+)\)", "{formula} (the table's other rows: {rows})"),
    (r"(?P<formula>.+) from the levels printed in (?P<ref>.+?) \(the IKU may use BPS's adjusted expenditure; the "
     r"report does not say\)",
     "{formula} from the levels printed in {ref} (the IKU may use BPS's adjusted expenditure; the report does not say)"),
    (r"(?P<m1>\S+) of (?P<a>\S+) = (?P<m2>\S+) of (?P<b>\S+) \((?P<ref>.+)\) in (?P<years>[\d, ]+); the reverse "
     r"\((?P=m1) of (?P=b) = (?P=m2) of (?P=a)\) in no year",
     "{m1} of {a} = {m2} of {b} ({ref}) in {years}; the reverse ({m1} of {b} = {m2} of {a}) in no year"),
    (r"(?P<m1>\S+) of (?P<a>\S+) = (?P<m2>\S+) of (?P<b>\S+) \((?P<ref>.+)\) in (?P<years>[\d, ]+); the reverse "
     r"\((?P=m1) of (?P=b) = (?P=m2) of (?P=a)\) in (?P<back>[\d, ]+)",
     "{m1} of {a} = {m2} of {b} ({ref}) in {years}; the reverse ({m1} of {b} = {m2} of {a}) in {back}"),
    (r"(?P<ref>.+): Sub Kegiatan of (?P<name>.+)", "{ref}: Sub Kegiatan of {name}"),
    (r"(?P<name>.+) capaian (?P<value>\S+) \(Tabel of IKU\)", "{name} capaian {value} (Tabel of IKU)"),
))


def in_language(text: object, lang: str | None = None) -> object:
    """``text`` in ``lang`` (default: the current language) when it is one of :data:`TEMPLATES`;
    anything else (other texts, missing values) as it is."""
    if not isinstance(text, str):
        return text
    for pattern, message in TEMPLATES:
        found = pattern.match(text)
        if found is not None:
            parts = {k: in_language(v, lang) for k, v in found.groupdict().items()}
            return translate(message, lang).format(**parts)
    return translate(text, lang)  # a text of its own in the catalog (the reasons of known.NOT_RECOMPUTABLE)


def texts_in_language(frame, columns: tuple[str, ...], lang: str | None = None):
    """A copy of the DataFrame ``frame`` with the texts of ``columns`` through :func:`in_language`."""
    return frame.assign(**{c: [in_language(t, lang) for t in frame[c]] for c in columns})
