"""``<output>/index.html``: every report of the output folder (entity, year, status, link).

Rewritten after each published report from the manifests found under the output folder, so it
lists what is there (also reports of earlier runs and failed runs' ``.failed`` folders), in the
language of the run. Every value is HTML-escaped (the template renders with autoescape).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from lkip_helpers.data.atomic import atomic_write_text
from lkip_helpers.data.i18n import format_timestamp, translate

__all__ = ["report_rows", "write_reports_index"]

INDEX_NAME = "index.html"


@lru_cache(maxsize=1)
def _template() -> Any:
    from importlib.resources import files

    from jinja2 import Environment

    source = files("lkip_helpers.batch").joinpath("templates", "reports.html.j2").read_text(encoding="utf-8")
    return Environment(autoescape=True).from_string(source)


def report_rows(output_dir: Path) -> list[dict[str, Any]]:
    """One row per report folder ``<entity>/<year>[.failed]`` holding a readable manifest, sorted
    by entity and year."""
    rows = []
    for manifest in sorted(output_dir.glob("*/*/manifest.json")):
        folder = manifest.parent
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        rows.append({"entity": folder.parent.name, "year": folder.name.removesuffix(".failed"),
                     "status": "failed" if folder.name.endswith(".failed") else str(data.get("status", "")),
                     "finished": str(data.get("finished", "")), "link": f"{folder.parent.name}/{folder.name}/index.html",
                     "entity_name": str((data.get("settings") or {}).get("entity_name", ""))})
    return sorted(rows, key=lambda r: (r["entity"], r["year"], r["status"] == "failed"))


def write_reports_index(output_dir: Path, lang: str, names: dict[str, str] | None = None) -> Path:
    """Write ``<output_dir>/index.html`` (atomically) in ``lang``; ``names`` maps entity ids to names."""
    rows = report_rows(output_dir)
    for row in rows:
        row["name"] = (names or {}).get(row["entity"]) or row["entity_name"] or row["entity"]
        row["status_text"] = translate(row["status"] or "unknown", lang)
        row["finished"] = format_timestamp(row["finished"], lang)
    headers = [translate(h, lang) for h in ("entity", "year", "status", "finished", "report")]
    html = _template().render(lang=lang, title=translate("LKIP reports", lang), headers=headers, rows=rows,
                              empty=translate("No report has been published yet.", lang))
    target = output_dir / INDEX_NAME
    atomic_write_text(target, html)
    return target
