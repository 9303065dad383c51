"""Merge a returned copy of a map into ours: state by state, item by item, field by field.

Ids are stable (uuid strings that survive saving, copying and deriving future states), so two
copies of one map line up without guessing. With a base (the state the copy was sent as) the
merge is three-way: a field changed on one side only is taken, the same field changed
differently on both sides is a conflict. Without a base nothing says who changed what, so every
difference is a conflict: a choice between the two values.

Qt-free: the command line and the merge dialog both call merge_states() and then
MergeOutcome.resolve(choices).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..analysis.formatting import FIELD_LABELS, value_text
from ..model import MapStates, ValueStreamMap, WorkCalendar
from ..model.units import format_percent
from ..model.value_stream_map import MAX_STATES

Side = Literal["mine", "theirs"]
SIDES: tuple[Side, Side] = ("mine", "theirs")
# What one decision is about: (map id, collection or record, item id, field or "").
Key = tuple[str, str, str, str]
# A map as plain dicts: "id", each record, and each collection as {item id: item fields}.
Parts = dict[str, Any]

# The collections of a map that hold items with ids, and how to call one item.
COLLECTIONS = {"lanes": "lane", "elements": "element", "connections": "connection"}
# Fields of a map merged as one record each: what the map is about, and its calendar.
RECORDS = {"info": "map info", "calendar": "calendar"}
# x and y move together: a drag on one side and a drag on the other is one conflict, not two.
POSITION = "position"

MERGE_FIELD_LABELS = {
    **FIELD_LABELS,
    "lane_id": "lane",
    "target_id": "idea's target",
    "source_id": "start",
    "expected_wait_time": "expected wait",
    "expected_process_time": "expected process time",
    "expected_pca": "expected %C&A",
    "delay": "transfer delay",
    "method": "handover method",
    "rework_percent": "rework share",
    "label": "label",
    "height": "height",
    "title": "title",
    "description": "description",
    "author": "author",
    "hours_per_day": "hours per day",
    "days_per_week": "days per week",
    "based_on_map_id": "based on",
    POSITION: "position",
}
_HOUR_FIELDS = {"process_time", "wait_time", "delay", "expected_wait_time",
                "expected_process_time"}
_PERCENT_FIELDS = {"pca", "expected_pca", "rework_percent"}


class _Absent:
    """The item or state does not exist on that side."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class Change:
    """One thing one side did, in words: "wait of Security testing 5 d → 2 d"."""

    side: Side
    state: str  # "Current state", "Future state"…
    what: str  # "element", "connection", "lane", "map info", "calendar", "state"
    item_id: str
    action: str  # "added", "removed", "changed", "moved"
    text: str


@dataclass(frozen=True)
class Conflict:
    """A choice the user makes: the same thing changed differently on the two sides."""

    key: Key
    state: str
    what: str
    name: str  # the element (lane, connection…) as people know it
    field: str  # the field label, or "" when the whole item was added or removed
    mine: str  # what mine holds, in words
    theirs: str

    @property
    def title(self) -> str:
        where = f"{self.what} '{self.name}'" if self.name else self.what
        if self.field:
            where += f", {self.field}"
        return f"{self.state}: {where}" if self.state != "Current state" else where


@dataclass
class MergeOutcome:
    """What merge_states found; resolve() builds the merged file for a set of choices."""

    mine: MapStates
    theirs: MapStates
    base: MapStates | None
    labels: dict[Side, str]
    changes: list[Change]
    conflicts: list[Conflict]
    _decisions: list[_Decision] = field(repr=False, default_factory=list)
    # Each file as plain dicts by map id, made once (the dialog resolves on every choice).
    _parts: dict[str, dict[str, dict[str, Any]]] = field(repr=False, default_factory=dict)

    def changes_of(self, side: Side) -> list[Change]:
        return [change for change in self.changes if change.side == side]

    def resolve(self, choices: Mapping[Key, Side] | None = None,
                prefer: Side = "mine") -> MapStates:
        """The merged states: one-sided changes taken, each conflict as chosen (else prefer)."""
        choices = choices or {}
        picked = {d.key: d.value(choices.get(d.key, prefer)) for d in self._decisions}
        return _build(self, picked)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.conflicts)


@dataclass(frozen=True)
class _Decision:
    """A value of the merge: fixed (one side changed it) or chosen (a conflict)."""

    key: Key
    mine: Any
    theirs: Any
    conflict: bool

    def value(self, side: Side) -> Any:
        if not self.conflict:
            return self.mine  # both agree after the three-way rule
        return self.mine if side == "mine" else self.theirs


class MergeError(ValueError):
    """The two files are not copies of one map (or the result would not be a valid map)."""


# -- entry point ------------------------------------------------------------------------------


def merge_states(mine: MapStates, theirs: MapStates, base: MapStates | None = None,
                 labels: Mapping[Side, str] | None = None) -> MergeOutcome:
    """Compare both copies (against base when known) and list changes and conflicts."""
    if mine.current.id != theirs.current.id:
        raise MergeError(
            f"these are not copies of the same map: '{mine.current.info.title}' and "
            f"'{theirs.current.info.title}' have different map ids; merge works on copies "
            "of one map (File > Save a Copy for Review…)"
        )
    if base is not None and base.current.id != mine.current.id:
        raise MergeError("the base is a copy of another map (its map id differs)")
    names = {"mine": "Mine", "theirs": "Theirs", **(labels or {})}
    outcome = MergeOutcome(mine, theirs, base, names, [], [])
    _Merger(outcome).run()
    return outcome


def find_base(mine: MapStates, theirs: MapStates) -> MapStates | None:
    """The state the returned copy was sent as, if either file recorded it (theirs first)."""
    for states in (theirs, mine):
        if states.review_base is not None and states.review_base.maps[0].id == mine.current.id:
            return MapStates(maps=states.review_base.maps)
    return None


def side_labels(mine: MapStates, theirs: MapStates, mine_path: Path | None,
                theirs_path: Path | None) -> dict[Side, str]:
    """How the change list names each side: the reviewer the copy was sent to, else the file."""
    sent_to = theirs.review_base.sent_to if theirs.review_base is not None else ""
    theirs_label = sent_to or (theirs_path.name if theirs_path else "Theirs")
    mine_label = "Mine" if mine_path is None else f"Mine ({mine_path.name})"
    return {"mine": mine_label, "theirs": theirs_label}


# -- comparing -------------------------------------------------------------------------------


def _dumped(states: MapStates | None) -> dict[str, dict[str, Any]]:
    if states is None:
        return {}
    return {m.id: _map_parts(m) for m in states.maps}


def _map_parts(value_stream_map: ValueStreamMap) -> dict[str, Any]:
    data = value_stream_map.model_dump(mode="json")
    parts: dict[str, Any] = {"id": data["id"], **{name: data[name] for name in RECORDS}}
    for name in COLLECTIONS:
        parts[name] = {item["id"]: _with_position(item) for item in data[name]}
    return parts


def _with_position(item: dict[str, Any]) -> dict[str, Any]:
    if "x" in item and "y" in item:
        item = dict(item)
        item[POSITION] = (item.pop("x"), item.pop("y"))
    return item


class _Merger:
    def __init__(self, outcome: MergeOutcome) -> None:
        self.outcome = outcome
        self.three_way = outcome.base is not None
        self.sides = {"mine": _dumped(outcome.mine), "theirs": _dumped(outcome.theirs)}
        self.base = _dumped(outcome.base)
        outcome._parts = {**self.sides, "base": self.base}
        self.maps_by_id: dict[str, ValueStreamMap] = {}
        for states in (outcome.base, outcome.theirs, outcome.mine):  # mine wins for names
            if states is not None:
                self.maps_by_id.update({m.id: m for m in states.maps})
        self.state_labels = _state_labels(outcome.mine, outcome.theirs, outcome.base)

    def run(self) -> None:
        map_ids = _ordered_union(
            [m.id for m in self.outcome.mine.maps],
            [m.id for m in self.outcome.theirs.maps],
            [] if self.outcome.base is None else [m.id for m in self.outcome.base.maps],
        )
        for map_id in map_ids:
            base = self.base.get(map_id, ABSENT)
            mine = self.sides["mine"].get(map_id, ABSENT)
            theirs = self.sides["theirs"].get(map_id, ABSENT)
            presence = self._presence(map_id, "maps", "", base, mine, theirs, "state",
                                      self._state_name(map_id))
            if presence is not None:
                continue  # the state was added or removed as a whole
            for record in RECORDS:
                self._merge_fields(map_id, record, "", base if base is ABSENT else base[record],
                                   mine[record], theirs[record], RECORDS[record], "")
            for collection, what in COLLECTIONS.items():
                self._merge_collection(map_id, collection, what, base, mine, theirs)

    # -- one level at a time -----------------------------------------------------------------

    def _merge_collection(self, map_id: str, collection: str, what: str, base: Parts,
                          mine: Parts, theirs: Parts) -> None:
        base_items = {} if base is ABSENT else base[collection]
        ids = _ordered_union(list(mine[collection]), list(theirs[collection]), list(base_items))
        for item_id in ids:
            b = base_items.get(item_id, ABSENT)
            m = mine[collection].get(item_id, ABSENT)
            t = theirs[collection].get(item_id, ABSENT)
            name = self._item_name(map_id, collection, item_id)
            if self._presence(map_id, collection, item_id, b, m, t, what, name) is None:
                self._merge_fields(map_id, collection, item_id, b, m, t, what, name)

    def _presence(self, map_id: str, collection: str, item_id: str, b: Any, m: Any, t: Any,
                  what: str, name: str) -> str | None:
        """Settle whether the item exists; None when it exists on both sides (merge fields)."""
        key = (map_id, collection, item_id, "")
        if m is not ABSENT and t is not ABSENT:
            return None
        if m is ABSENT and t is ABSENT:
            if b is not ABSENT:  # removed on both sides: nothing to choose
                for side in SIDES:
                    self._note(side, map_id, what, item_id, "removed", f"removed {what} {name}")
            return "gone"
        present_side: Side = "mine" if m is not ABSENT else "theirs"
        absent_side: Side = "theirs" if present_side == "mine" else "mine"
        present = m if m is not ABSENT else t
        state = self.state_labels.get(map_id, "")
        if self.three_way and b is ABSENT:  # added on one side
            self._fix(key, present)
            self._note(present_side, map_id, what, item_id, "added", f"added {what} {name}")
            return "added"
        if self.three_way and _same(present, b):  # removed on one side, untouched on the other
            self._fix(key, ABSENT)
            self._note(absent_side, map_id, what, item_id, "removed", f"removed {what} {name}")
            return "removed"
        # Removed on one side and changed on the other; or, without a base, on one side only.
        if self.three_way:
            held, gone = "changed it", "removed it"
        else:
            held, gone = "has it", "does not have it"
        self._choose(key, m, t, state, what, name, "",
                     held if m is not ABSENT else gone, held if t is not ABSENT else gone)
        return "choice"

    def _merge_fields(self, map_id: str, collection: str, item_id: str, b: Any,
                      m: Mapping[str, Any], t: Mapping[str, Any], what: str, name: str) -> None:
        state = self.state_labels.get(map_id, "")
        calendar = self._calendar(map_id)
        for name_of_field in _ordered_union(list(m), list(t)):
            if name_of_field == "id":
                continue
            key = (map_id, collection, item_id, name_of_field)
            mv, tv = m.get(name_of_field), t.get(name_of_field)
            bv = ABSENT if b is ABSENT else b.get(name_of_field)
            if mv == tv:
                continue
            label = MERGE_FIELD_LABELS.get(name_of_field, name_of_field.replace("_", " "))
            if self.three_way and bv is not ABSENT and mv == bv:
                self._fix(key, tv)
                self._note("theirs", map_id, what, item_id, "changed",
                           self._field_text(label, name_of_field, what, name, bv, tv,
                                            map_id, calendar))
            elif self.three_way and bv is not ABSENT and tv == bv:
                self._fix(key, mv)
                self._note("mine", map_id, what, item_id, "changed",
                           self._field_text(label, name_of_field, what, name, bv, mv,
                                            map_id, calendar))
            else:
                self._choose(key, mv, tv, state, what, name, label,
                             self._value(name_of_field, mv, map_id, calendar),
                             self._value(name_of_field, tv, map_id, calendar))

    # -- recording ---------------------------------------------------------------------------

    def _fix(self, key: Key, value: Any) -> None:
        self.outcome._decisions.append(_Decision(key, value, value, conflict=False))

    def _choose(self, key: Key, mine: Any, theirs: Any, state: str, what: str, name: str,
                label: str, mine_text: str, theirs_text: str) -> None:
        self.outcome._decisions.append(_Decision(key, mine, theirs, conflict=True))
        self.outcome.conflicts.append(
            Conflict(key, state, what, name, label, mine_text, theirs_text)
        )

    def _note(self, side: Side, map_id: str, what: str, item_id: str, action: str,
              text: str) -> None:
        state = self.state_labels.get(map_id, "")
        self.outcome.changes.append(Change(side, state, what, item_id, action, text))

    # -- wording -----------------------------------------------------------------------------

    def _field_text(self, label: str, field_name: str, what: str, name: str, old: Any,
                    new: Any, map_id: str, calendar: WorkCalendar) -> str:
        if field_name == POSITION:
            return f"moved {what} {name}"
        old_text = self._value(field_name, old, map_id, calendar)
        new_text = self._value(field_name, new, map_id, calendar)
        if field_name == "name":
            kind = "" if what == "element" else f"{what} "
            return f"renamed {kind}{old_text} → {new_text}"
        subject = f"of {what} {name}" if what in ("lane", "connection") else (
            f"of {name}" if name else f"of the {what}")
        return f"{label} {subject} {old_text} → {new_text}"

    def _value(self, field_name: str, value: Any, map_id: str, calendar: WorkCalendar) -> str:
        if value is ABSENT:
            return "–"
        if field_name == POSITION:
            return f"at ({value[0]:g}, {value[1]:g})"
        if field_name in ("lane_id",):
            return "no lane" if value is None else self._item_name(map_id, "lanes", value)
        if field_name in ("target_id", "source_id"):
            return "–" if value is None else self._item_name(map_id, "elements", value)
        if field_name.endswith("_range") and isinstance(value, dict):
            kind = "pca" if field_name.removesuffix("_range") in _PERCENT_FIELDS else "wait_time"
            points = [value.get(k) for k in ("low", "likely", "high") if value.get(k) is not None]
            return "–".join(value_text(p, kind, calendar) for p in points)
        if field_name in _HOUR_FIELDS:
            return value_text(value, "wait_time", calendar)
        if field_name in _PERCENT_FIELDS:
            return format_percent(value, missing="–")
        if isinstance(value, str):
            shown = value if len(value) <= 60 else value[:57] + "…"
            return f"“{shown}”" if field_name in ("name", "notes", "label", "title",
                                                   "description", "owner", "author") else shown
        return value_text(value, field_name, calendar)

    def _calendar(self, map_id: str) -> WorkCalendar:
        found = self.maps_by_id.get(map_id)
        return found.calendar if found is not None else WorkCalendar()

    def _state_name(self, map_id: str) -> str:
        found = self.maps_by_id.get(map_id)
        return f"“{found.info.title}”" if found else map_id

    def _item_name(self, map_id: str, collection: str, item_id: str) -> str:
        for source in (self.sides["mine"], self.sides["theirs"], self.base):
            item = source.get(map_id, {}).get(collection, {}).get(item_id)
            if item is None:
                continue
            if collection == "connections":
                return (f"{self._item_name(map_id, 'elements', item['source_id'])} → "
                        f"{self._item_name(map_id, 'elements', item['target_id'])}")
            if collection == "elements":
                from ..model import ElementKind

                return item.get("name") or ElementKind(item["kind"]).label
            return item.get("name") or item_id
        return item_id


def _state_labels(*files: MapStates | None) -> dict[str, str]:
    labels: dict[str, str] = {}
    for states in files:
        if states is None:
            continue
        futures = len(states.maps) - 1
        for index, m in enumerate(states.maps):
            if m.id in labels:
                continue
            if index == 0:
                labels[m.id] = "Current state"
            else:
                labels[m.id] = "Future state" if futures == 1 else f"Future state {index}"
    return labels


def _same(a: Any, b: Any) -> bool:
    return bool(a == b)


def _ordered_union(*sequences: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for sequence in sequences:
        for item in sequence:
            seen.setdefault(item, None)
    return list(seen)


# -- building the result -----------------------------------------------------------------------


def _build(outcome: MergeOutcome, picked: Mapping[Key, Any]) -> MapStates:
    """Mine, with every decided value put in; then references made sound again."""
    mine, theirs, base = (outcome._parts[name] for name in ("mine", "theirs", "base"))
    order_sources = [outcome.mine, outcome.theirs]
    map_order = _ordered_union(*([m.id for m in s.maps] for s in order_sources))
    result_maps: dict[str, dict[str, Any]] = {}
    for map_id in map_order:
        decided = picked.get((map_id, "maps", "", ""), ABSENT if map_id not in mine else None)
        if decided is ABSENT:
            continue
        parts = _copy_parts(mine[map_id] if map_id in mine else theirs[map_id])
        if decided is not None:  # the whole state was taken from one side
            parts = _copy_parts(decided)
        result_maps[map_id] = parts
    for (map_id, collection, item_id, name), value in picked.items():
        if collection == "maps" or map_id not in result_maps:
            continue
        parts = result_maps[map_id]
        if collection in RECORDS:
            parts[collection][name] = value
        elif not name:  # an item added or removed
            if value is ABSENT:
                parts[collection].pop(item_id, None)
            else:
                parts[collection][item_id] = dict(value)
        elif item_id in parts[collection]:
            parts[collection][item_id][name] = value
    maps = []
    for map_id, parts in result_maps.items():
        _order_like(parts, map_id, mine, theirs, base)
        maps.append(_assemble(parts))
    if not maps:
        raise MergeError("the merge would leave no map at all")
    maps = _current_first(maps, outcome.mine.current.id)[:MAX_STATES]
    _repair_state_links(maps)
    result = MapStates(maps=maps)
    if outcome.mine.review_base is not None:
        result.review_base = outcome.mine.review_base
    return result


def _copy_parts(parts: dict[str, Any]) -> dict[str, Any]:
    copied: dict[str, Any] = {"id": parts["id"], **{name: dict(parts[name]) for name in RECORDS}}
    for collection in COLLECTIONS:
        copied[collection] = {k: dict(v) for k, v in parts[collection].items()}
    return copied


def _order_like(parts: Parts, map_id: str, mine: dict[str, Parts], theirs: dict[str, Parts],
                base: dict[str, Parts]) -> None:
    """Items keep mine's order; theirs' additions go after the item they follow in theirs.

    Lanes are ordered (top to bottom): when only theirs reordered the shared lanes, theirs'
    order is taken."""
    for collection in COLLECTIONS:
        items = parts[collection]
        mine_order = list(mine.get(map_id, {}).get(collection, {}))
        theirs_order = list(theirs.get(map_id, {}).get(collection, {}))
        base_order = list(base.get(map_id, {}).get(collection, {}))
        order = mine_order
        if collection == "lanes" and base_order:
            shared = set(base_order) & set(mine_order) & set(theirs_order)
            in_mine = [i for i in mine_order if i in shared]
            in_theirs = [i for i in theirs_order if i in shared]
            if in_mine == [i for i in base_order if i in shared] and in_theirs != in_mine:
                in_theirs_set = set(theirs_order)
                order = theirs_order + [i for i in mine_order if i not in in_theirs_set]
        kept = [i for i in order if i in items]
        placed = set(kept)
        # Each of theirs' additions follows the nearest item before it in theirs' order.
        followers: dict[str | None, list[str]] = {}
        anchor: str | None = None
        for item_id in theirs_order:
            if item_id in items and item_id not in placed:
                followers.setdefault(anchor, []).append(item_id)
                placed.add(item_id)
            if item_id in placed:
                anchor = item_id
        ordered: list[str] = []
        pending = list(reversed(followers.get(None, []) + kept))
        while pending:
            item_id = pending.pop()
            ordered.append(item_id)
            pending.extend(reversed(followers.get(item_id, [])))
        ordered += [i for i in items if i not in placed]
        parts[collection] = {i: items[i] for i in ordered}


def _assemble(parts: dict[str, Any]) -> ValueStreamMap:
    lanes = list(parts["lanes"].values())
    lane_ids = {lane["id"] for lane in lanes}
    elements = []
    for item in parts["elements"].values():
        item = dict(item)
        item["x"], item["y"] = item.pop(POSITION)
        if item.get("lane_id") not in lane_ids:
            item["lane_id"] = None  # its lane was removed on the other side
        elements.append(item)
    element_ids = {e["id"] for e in elements}
    for item in elements:
        if item.get("target_id") not in element_ids:
            item["target_id"] = None
    connections = [
        c for c in parts["connections"].values()
        if c["source_id"] in element_ids and c["target_id"] in element_ids
        and c["source_id"] != c["target_id"]
    ]
    data = {**{name: parts[name] for name in RECORDS}, "lanes": lanes,
            "elements": elements, "connections": connections}
    data["id"] = parts["id"]
    return ValueStreamMap.model_validate(data)


def _current_first(maps: list[ValueStreamMap], current_id: str) -> list[ValueStreamMap]:
    return sorted(maps, key=lambda m: m.id != current_id)


def _repair_state_links(maps: list[ValueStreamMap]) -> None:
    ids = {m.id for m in maps}
    for m in maps[1:]:
        if m.info.based_on_map_id not in ids:
            m.info.based_on_map_id = maps[0].id
    maps[0].info.based_on_map_id = None
