"""The SAKIP cycle, drawn in code, and where each of its stages shows up in the data.

SAKIP (*Sistem Akuntabilitas Kinerja Instansi Pemerintah*, Perpres 29/2014) is a yearly cycle:

1. **Perencanaan** — the medium-term plan: RPJMD (city) or Renstra (perangkat daerah) sets the
   sasaran, the IKU and a target for every year of the plan;
2. **Perjanjian Kinerja** — each year the head of the entity signs a performance agreement with
   that year's IKU targets (``target_pk``);
3. **Pengukuran kinerja** — realisasi is measured and compared with the target (capaian);
4. **Pelaporan** — the LKIP reports the results, explains the gaps and the budget used;
5. **Evaluasi AKIP** — an external evaluator scores the whole system (four weighted components)
   and gives a predikat; its recommendations feed the next plan and agreement.

:func:`sakip_cycle_diagram` draws the cycle with matplotlib patches (no image files);
:func:`stage_evidence` lists, for one entity and year, the tables and measures of this package
that hold each stage's output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from lkip_helpers.data.i18n import translate
from lkip_helpers.notebook.messages import phrase
from lkip_helpers.notebook.figure_layout import new_figure, set_wrapped_title, wrap_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from lkip_helpers.data.dataset import Dataset

__all__ = ["SAKIP_STAGES", "SakipStage", "sakip_cycle_diagram", "stage_evidence"]


@dataclass(frozen=True)
class SakipStage:
    """One stage of the SAKIP cycle.

    Attributes:
        key: short identifier (``"perencanaan"``, ``"perjanjian_kinerja"``, ``"pengukuran"``,
            ``"pelaporan"``, ``"evaluasi"``).
        title: the official name shown in the diagram.
        output: what the stage produces, in a few English words.
    """

    key: str
    title: str
    output: str


#: The five stages, in cycle order.
SAKIP_STAGES: tuple[SakipStage, ...] = (
    SakipStage("perencanaan", "RPJMD / Renstra", "sasaran, IKU and\nyearly targets"),
    SakipStage("perjanjian_kinerja", "Perjanjian Kinerja", "this year's targets,\nsigned by the head"),
    SakipStage("pengukuran", "Pengukuran kinerja", "realisasi vs target\n= capaian"),
    SakipStage("pelaporan", "LKIP", "the annual report:\nresults and budget"),
    SakipStage("evaluasi", "Evaluasi AKIP", "score, predikat and\nrecommendations"),
)
_KEYS = tuple(s.key for s in SAKIP_STAGES)


def _plan_title(plan: str | None) -> str:
    return {None: "RPJMD / Renstra", "rpjmd": "RPJMD", "renstra": "Renstra"}[plan]


#: Half-axes of the ellipse the boxes sit on, and the size of a box (axes units).
_RX, _RY, _BOX_W, _BOX_H = 1.4, 1.02, 1.22, 0.5


def _stage_centres() -> list[tuple[float, float]]:
    """Centre of each stage's box: the first at the top, then clockwise on an ellipse wider than high."""
    import math

    n = len(SAKIP_STAGES)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    return [(_RX * math.cos(a), _RY * math.sin(a)) for a in angles]


def _box_edge(centre: tuple[float, float], towards: tuple[float, float]) -> tuple[float, float]:
    """The point where the segment centre→towards leaves the box around centre (plus a margin)."""
    import math

    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    half_w, half_h = _BOX_W / 2 + 0.06, _BOX_H / 2 + 0.06
    t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return centre[0] + t * dx, centre[1] + t * dy


def _stage_outputs() -> dict[str, str]:
    """What each stage produces, in the reader's language (the catalog holds each line)."""
    return {
        "perencanaan": translate("sasaran, IKU and\nyearly targets"),
        "perjanjian_kinerja": translate("this year's targets,\nsigned by the head"),
        "pengukuran": translate("realisasi vs target\n= capaian"),
        "pelaporan": translate("the annual report:\nresults and budget"),
        "evaluasi": translate("score, predikat and\nrecommendations"),
    }


def _draw_boxes(ax: Axes, centres: list[tuple[float, float]], highlight: str | None, plan: str | None) -> None:
    """One rounded box per stage, with its number, name and output; ``highlight`` in orange."""
    from matplotlib.patches import FancyBboxPatch

    outputs = _stage_outputs()
    for i, (stage, (x, y)) in enumerate(zip(SAKIP_STAGES, centres)):
        focus = stage.key == highlight
        ax.add_patch(
            FancyBboxPatch(
                (x - _BOX_W / 2, y - _BOX_H / 2),
                _BOX_W,
                _BOX_H,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor="#fdd9b5" if focus else "#e8eef7",
                edgecolor="#d95f02" if focus else "#4a6fa5",
                linewidth=2.2 if focus else 1.2,
                zorder=2,
            )
        )
        name = _plan_title(plan) if stage.key == "perencanaan" else stage.title
        ax.text(x, y + 0.12, f"{i + 1}. {name}", ha="center", va="center", fontsize=9, fontweight="bold", zorder=3)
        ax.text(x, y - 0.1, outputs[stage.key], ha="center", va="center", fontsize=8, color="#333333", zorder=3)


def _draw_arrows(ax: Axes, centres: list[tuple[float, float]]) -> None:
    """An arrow from each box to the next; the last (dashed, orange) closes the loop."""
    from matplotlib.patches import FancyArrowPatch

    n = len(centres)
    for i in range(n):
        a, b = centres[i], centres[(i + 1) % n]
        closing = i == n - 1
        ax.add_patch(
            FancyArrowPatch(
                _box_edge(a, b),
                _box_edge(b, a),
                connectionstyle="arc3,rad=-0.2",
                arrowstyle="-|>",
                mutation_scale=16,
                linewidth=1.6,
                linestyle="--" if closing else "-",
                color="#d95f02" if closing else "#4a6fa5",
                zorder=1,
            )
        )


def sakip_cycle_diagram(
    *,
    highlight: str | None = None,
    plan: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the five SAKIP stages as boxes on a circle joined by arrows; return the ``Axes``.

    Args:
        highlight: key of a stage to colour (one of :data:`SAKIP_STAGES`' keys), e.g.
            ``"pengukuran"`` when the lesson is about capaian.
        plan: ``"rpjmd"`` (a city or regency: the first box says RPJMD) or ``"renstra"`` (a
            perangkat daerah); ``None`` shows both names.
        title: the axes title (default: "The SAKIP cycle" in the reader's language), wrapped.
        ax: draw into this axes (default: a new A4-wide figure, 6.7×5 inches).

    The boxes are :class:`matplotlib.patches.FancyBboxPatch` and the arrows
    :class:`matplotlib.patches.FancyArrowPatch` (one per stage, the last one closing the loop
    from Evaluasi AKIP back to the plan).

    Raises:
        ValueError: unknown ``highlight`` or ``plan``.
    """
    if highlight is not None and highlight not in _KEYS:
        raise ValueError(f"unknown SAKIP stage {highlight!r} (one of: {', '.join(_KEYS)})")
    if plan not in (None, "rpjmd", "renstra"):
        raise ValueError(f"unknown plan {plan!r} (one of: rpjmd, renstra, or None for both)")
    if ax is None:
        _fig, ax = new_figure(6.7, 5.0)
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-1.6, 1.55)
    ax.set_aspect("equal")
    ax.axis("off")
    centres = _stage_centres()
    _draw_boxes(ax, centres, highlight, plan)
    _draw_arrows(ax, centres)
    ax.text(0, 0.0, translate("one year of\nperformance\naccountability"), ha="center", va="center", fontsize=9,
            color="#555555")
    note = translate("dashed arrow: the evaluation's recommendations feed the next plan and Perjanjian Kinerja")
    ax.text(0, -1.5, wrap_text(note, 5.5, 8), ha="center", va="center", fontsize=8, color="#d95f02")
    set_wrapped_title(ax, translate("The SAKIP cycle") if title is None else title)
    return ax


def stage_evidence(ds: Dataset, entity: str, year: int) -> pd.DataFrame:
    """Where each SAKIP stage of ``entity``'s report for ``year`` shows up in the data.

    One row per stage (:data:`SAKIP_STAGES` order): ``stage``, ``title``, ``data`` (the table
    and measures holding the stage's output) and ``rows`` (how many rows the entity has there):

    * perencanaan: ``indicator_values`` measures ``baseline``, ``target_rpjmd``, ``target_final``,
      ``target_renstra``, ``target_renstra_revised``, ``target_rpd`` (all years of the plan);
    * Perjanjian Kinerja: ``indicator_values`` ``target_pk`` of ``year`` (every period);
    * pengukuran: ``indicator_values`` ``realisasi`` and ``capaian`` of ``year``;
    * pelaporan: ``documents`` of the entity with ``report_year == year``;
    * evaluasi: ``akip_components`` of the entity and ``year`` (including the printed total).

    Raises:
        ParameterError: unknown entity or year.
    """
    ds.check_entity_year(entity, year)
    iv = ds.tables["indicator_values"]
    iv = iv[iv["entity_id"] == entity]
    plan = ["baseline", "target_rpjmd", "target_final", "target_renstra", "target_renstra_revised", "target_rpd"]
    docs = ds.tables["documents"]
    akip = ds.tables["akip_components"]
    counts = {
        "perencanaan": ("indicator_values: " + ", ".join(plan), int(iv["measure"].isin(plan).sum())),
        "perjanjian_kinerja": (
            phrase("indicator_values: target_pk of {year}", year=year),
            int(((iv["measure"] == "target_pk") & (iv["year"] == year)).sum()),
        ),
        "pengukuran": (
            phrase("indicator_values: realisasi, capaian of {year}", year=year),
            int((iv["measure"].isin(["realisasi", "capaian"]) & (iv["year"] == year)).sum()),
        ),
        "pelaporan": (
            phrase("documents: the LKIP {year}", year=year),
            int(((docs["entity_id"] == entity) & (docs["report_year"] == year)).sum()),
        ),
        "evaluasi": (
            phrase("akip_components of {year}", year=year),
            int(((akip["entity_id"] == entity) & (akip["year"] == year)).sum()),
        ),
    }
    rows = [
        {"stage": i + 1, "title": s.title, "data": counts[s.key][0], "rows": counts[s.key][1]}
        for i, s in enumerate(SAKIP_STAGES)
    ]
    return pd.DataFrame(rows, columns=["stage", "title", "data", "rows"])
