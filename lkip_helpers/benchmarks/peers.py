"""Peer groups of regional benchmarks: a province's kabupaten/kota, their neighbour groups (read
from the data's ``region_groups.csv``), the focal region and peer-group arguments checked against
the entity registry, and the notebook's parameter check.

A focal region is always ranked together with its peers; the province and the nation are never
peers; the level groups (``all``, ``kota``, ``kabupaten``) hold only regions of the focal region's
own province (rules: :mod:`lkip_helpers.benchmarks`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lkip_helpers.data.dataset import Dataset
from lkip_helpers.data.errors import CatalogText, ParameterError

__all__ = [
    "PEER_GROUPS",
    "PEER_LEVELS",
    "GROUPS_TABLE",
    "check_benchmark_parameters",
    "neighbours",
    "peer_members",
    "outside_peer_group",
    "region_groups",
    "regions",
    "require_peers",
    "resolve_focal",
    "resolve_peers",
]

#: Peer-group names a notebook accepts (an explicit list of entity ids is accepted by the API too).
PEER_GROUPS: tuple[str, ...] = ("all", "kota", "kabupaten", "neighbours")
#: Entity levels that can be peers.
PEER_LEVELS: tuple[str, ...] = ("kota", "kabupaten")

#: The table of neighbour groups (``data/region_groups.csv``: ``group_id``, ``entity_id``), read
#: by ``peer_group="neighbours"``; docs/data-model.md describes it.
GROUPS_TABLE = "region_groups"


def regions(ds: Dataset) -> pd.DataFrame:
    """Every kabupaten/kota of the entity registry (``entity_id``, ``name``, ``level``, ``parent_id``)."""
    e = ds.entities
    return e[e["level"].isin(PEER_LEVELS)][["entity_id", "name", "level", "parent_id"]].reset_index(drop=True)


def region_groups(ds: Dataset) -> dict[str, tuple[str, ...]]:
    """The neighbour groups of the data (``region_groups.csv``): group id → its members, in file
    order. Empty when the data hold none (no rows, or a data folder without that table).

    Raises:
        ParameterError: a member is not a kabupaten/kota of the registry (the message names the
            file, row and column).
    """
    table = ds.tables.get(GROUPS_TABLE)
    if table is None or table.empty:
        return {}
    levels = ds.entities.set_index("entity_id")["level"]
    for row, (group, member) in enumerate(zip(table["group_id"], table["entity_id"]), start=1):
        if levels.get(member) not in PEER_LEVELS:
            raise ParameterError("{file}, row {row} (line {line}), column 'entity_id': {member} of group {group} is "
                                 "not a kabupaten/kota of the entity registry", file=f"{GROUPS_TABLE}.csv", row=row,
                                 line=row + 1, member=repr(member), group=repr(group))
    return {str(g): tuple(map(str, rows["entity_id"])) for g, rows in table.groupby("group_id", sort=False)}


def neighbours(ds: Dataset, region: str) -> tuple[str, ...]:
    """The neighbours of ``region``: the other members of its group in :func:`region_groups`.

    Raises:
        ParameterError: the data hold no neighbour groups, or the region belongs to none (the
            message lists those that do).
    """
    groups = region_groups(ds)
    if not groups:
        raise ParameterError("the data hold no neighbour groups ({file} has no rows), so peer_group 'neighbours' "
                             "cannot be used; choose all, kota or kabupaten, or add the groups to {file}",
                             file=f"{GROUPS_TABLE}.csv")
    for members in groups.values():
        if region in members:
            return tuple(m for m in members if m != region)
    known = sorted(m for members in groups.values() for m in members)
    raise ParameterError("no neighbours are defined for {region}; peer_group 'neighbours' works for: {regions}",
                         region=repr(region), regions=", ".join(known))


def resolve_focal(ds: Dataset, focal: str) -> pd.Series:
    """The registry row of a kabupaten/kota; raise :class:`ParameterError` listing valid ids."""
    r = regions(ds)
    hit = r[r["entity_id"] == focal]
    if hit.empty:
        raise ParameterError("focal region {focal} is not a kabupaten/kota of the entity registry; valid choices: "
                             "{choices}", focal=repr(focal), choices=", ".join(sorted(r["entity_id"])))
    return hit.iloc[0]


def resolve_peers(ds: Dataset, peer_group: str | Sequence[str], focal: str) -> tuple[str, tuple[str, ...] | None]:
    """``(label, members)`` of a peer group; ``members`` is ``None`` for a level filter.

    ``"all"``, ``"kota"``, ``"kabupaten"`` filter by level within the focal region's province
    (``members`` None; :func:`peer_members` lists them); ``"neighbours"`` returns
    :func:`neighbours` of ``focal``; a list of entity ids is returned as given (each must be a
    kabupaten/kota of the registry, of any province).

    Raises:
        ParameterError: unknown group name or entity id, or no neighbours for ``focal``.
    """
    if isinstance(peer_group, str):
        if peer_group in ("all", "kota", "kabupaten"):
            return peer_group, None
        if peer_group == "neighbours":
            return "neighbours", neighbours(ds, focal)
        raise ParameterError("unknown peer group {group}; valid choices: {choices} (or a list of entity ids)",
                             group=repr(peer_group), choices=", ".join(PEER_GROUPS))
    members = tuple(peer_group)
    if not members:
        raise ParameterError("an explicit peer group needs at least one entity id")
    valid = set(regions(ds)["entity_id"])
    unknown = [m for m in members if m not in valid]
    if unknown:
        raise ParameterError("peer group members {members} are not kabupaten/kota ids; valid: {choices}",
                             members=", ".join(map(repr, unknown)), choices=", ".join(sorted(valid)))
    return "custom: " + ", ".join(members), members


def peer_members(ds: Dataset, peer_group: str | Sequence[str], focal: str) -> tuple[str, ...]:
    """Entity ids of the peer group in the registry, the focal region excluded, in registry order.

    * ``"all"`` — every kabupaten and kota whose ``parent_id`` is the focal region's province;
    * ``"kota"`` / ``"kabupaten"`` — those of that level only;
    * ``"neighbours"`` — :func:`neighbours` of ``focal``;
    * a list of entity ids — as given (regions of another province included: a named list is the
      analyst's choice, e.g. the governments a report compares itself with).

    The province rule keeps a region that a table happens to print from another province (Kota
    Cilegon, Banten, in Kota Bekasi's PAD comparison) out of a West Java region's level groups.
    A focal region without a ``parent_id`` gets every region of the level.

    Raises:
        ParameterError: as :func:`resolve_peers`, or an unknown focal region. (An empty group is
            returned as such; :func:`require_peers` refuses it for a ranking.)
    """
    label, members = resolve_peers(ds, peer_group, focal)
    if members is not None:
        return tuple(m for m in dict.fromkeys(members) if m != focal)
    f = resolve_focal(ds, focal)
    r = regions(ds)
    keep = r["entity_id"] != focal
    if label != "all":
        keep &= r["level"] == label
    if isinstance(f["parent_id"], str):
        keep &= r["parent_id"] == f["parent_id"]
    return tuple(r.loc[keep, "entity_id"])


def outside_peer_group(ds: Dataset, focal: str, label: str) -> ParameterError:
    """The error refusing a focal region whose level group has no other member (its message and
    values kept, so that it reads in either language: ``str()`` English, ``in_language()``)."""
    f = resolve_focal(ds, focal)
    r = regions(ds)
    names = ds.entities.set_index("entity_id")["name"]
    province = (str(names.get(f["parent_id"], f["parent_id"])) if isinstance(f["parent_id"], str)
                else CatalogText("no province"))
    counts = r.groupby("parent_id")["entity_id"].count()
    provinces = ", ".join(str(names.get(p, p)) for p, n in counts.items() if n > 1)
    return ParameterError("focal region {focal} ({province}) is outside the peer group {group}: the registry has no "
                          "other {what} of its province, so it would rank 1 of 1; choose a region of {provinces} or "
                          "name its peers as a list of entity ids", focal=repr(focal), province=province,
                          group=repr(label), what="kabupaten/kota" if label == "all" else label, provinces=provinces)


def require_peers(ds: Dataset, peer_group: str | Sequence[str], focal: str) -> tuple[str, ...]:
    """:func:`peer_members`, refusing a focal region outside its level group.

    Raises:
        ParameterError: the level group has no member besides the focal region (e.g. Kota
            Cilegon, Banten, among West Java's regions: it would rank "1 of 1";
            :func:`outside_peer_group` is the error).
    """
    members = peer_members(ds, peer_group, focal)
    if not members:
        raise outside_peer_group(ds, focal, resolve_peers(ds, peer_group, focal)[0])
    return members


def _peer_mask(frame: pd.DataFrame, peer_group: str | Sequence[str], focal: str, ds: Dataset) -> pd.Series:
    """Rows of ``frame`` (with ``entity_id``, ``level``) that belong to the peer group (focal excluded)."""
    members = peer_members(ds, peer_group, focal)
    return frame["entity_id"].isin(members) & frame["level"].isin(PEER_LEVELS) & (frame["entity_id"] != focal)


def check_benchmark_parameters(ds: Dataset, values: dict[str, object]) -> None:
    """``extra_checks`` of the regional-benchmarks notebook: ``focal_region`` and ``peer_group``.

    An empty ``focal_region`` means the ``entity``. The focal region must be a kabupaten/kota of the
    registry that appears in ``regional_benchmarks``; ``peer_group`` one of :data:`PEER_GROUPS`
    (``neighbours`` only for a region of a group in :func:`region_groups`).

    Raises:
        ParameterError: with the valid choices.
    """
    focal = values.get("focal_region") or values.get("entity")
    rb_ids = set(ds.tables["regional_benchmarks"]["entity_id"])
    valid = sorted(e for e in regions(ds)["entity_id"] if e in rb_ids)
    if not isinstance(focal, str) or focal not in valid:
        where = "focal_region" if values.get("focal_region") else "entity (used because focal_region is empty)"
        choices = ", ".join(valid) or CatalogText("none (the regional tables hold no kabupaten/kota)")
        if values.get("focal_region"):
            raise ParameterError("focal_region {focal} is not a kabupaten/kota in the regional tables; valid choices: "
                                 "{choices}", focal=repr(focal), choices=choices)
        raise ParameterError("entity (used because focal_region is empty) {focal} is not a kabupaten/kota in the "
                             "regional tables; valid choices: {choices}", focal=repr(focal), choices=choices)
    group = values.get("peer_group", "all")
    if group not in PEER_GROUPS:
        raise ParameterError("unknown peer_group {group}; valid choices: {choices}", group=repr(group),
                             choices=", ".join(PEER_GROUPS))
    if group == "neighbours":
        neighbours(ds, str(focal))
    else:
        require_peers(ds, str(group), str(focal))  # refuses a focal region outside its level group
