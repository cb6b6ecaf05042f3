"""The cell references of a declared formula (``data/check_relations.csv``): ``[column=value; ...]``,
optionally after an aggregate (``sum[...]``). Read by the audit (:mod:`lkip_helpers.audit.formulas`)
and checked against the keyed stats topics when the data load (:mod:`.declared_rows`)."""

from __future__ import annotations

import re

from .i18n import Message

__all__ = ["CELL_REFERENCE", "TWO_REFERENCES", "reference_filters"]

#: one reference: ``agg`` the aggregate (or ``None``), ``body`` the ``column=value; ...`` text
CELL_REFERENCE = re.compile(r"(?P<agg>[a-z]+)?\[(?P<body>[^\[\]]*)\]")
#: two plain references (no aggregate) joined by ``|``: the two figures of a ``comparison`` (``fullmatch``)
TWO_REFERENCES = re.compile(r"\s*\[[^\[\]]*\]\s*\|\s*\[[^\[\]]*\]\s*")


def reference_filters(body: str) -> dict[str, str]:
    """The ``column: value`` filters of a reference's ``body`` (values stripped, empty parts skipped).

    Raises:
        ValueError: a part is not ``column=value`` (a catalog message quoting the part and the body).
    """
    filters = {}
    for part in body.split(";"):
        if not part.strip():
            continue
        col, eq, value = part.partition("=")
        if not eq:
            raise ValueError(Message("{part!r} in [{body}] is not column=value", part=part.strip(), body=body))
        filters[col.strip()] = value.strip()
    return filters
