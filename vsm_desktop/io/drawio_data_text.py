"""The figures value stream mappers write as text in a drawing: data box lines such as
"C/T = 2 h", "Wait = 3 d", "%C&A = 80", an inventory's "5 days" or "12 items"."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import ValidationError

from ..model import DurationError, Element, ElementKind, parse_duration_estimate
from .drawio_page import Warn

_DATA_LINE = re.compile(r"^\s*(?P<key>[^=:]{1,30}?)\s*[=:]\s*(?P<value>.+?)\s*$")
_UNIT_WORDS = {"sec": "s", "secs": "s", "hr": "h", "hrs": "h", "wks": "wk"}
_PROCESS_KEYS = ("c/t", "ct", "cycle time", "p/t", "pt", "process time", "processing time",
                 "work", "touch time", "va", "value added", "value-added time")
_WAIT_KEYS = ("wait", "w/t", "wt", "wait time", "waiting", "queue time", "delay", "inventory",
              "inv", "i", "days", "lead time", "l/t")
_PCA_KEYS = ("%c&a", "c&a", "%ca", "pca", "complete & accurate", "%complete & accurate")
_PEOPLE_KEYS = ("people", "operators", "operator", "staff", "fte", "headcount")
_ITEMS_KEYS = ("items", "qty", "quantity", "pcs", "wip", "tickets")
_IGNORED_KEYS = ("uptime", "c/o", "co", "changeover", "shifts", "avail", "available time",
                 "batch", "scrap", "epe")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def unit_words(text: str) -> str:
    """Units as the duration parser knows them: "2hrs" is "2 h"."""
    words = re.sub(r"(?<=\d)(?=[a-zA-Z])", " ", text.strip().lower())
    return " ".join(_UNIT_WORDS.get(w, w) for w in words.split())


def data_line(line: str, kind: ElementKind, warn: Warn) -> Mapping[str, object] | None:
    """{"process_time": 16.0} for "C/T = 2 d"; None when the line is not data (a name)."""
    match = _DATA_LINE.match(line)
    if match is None:
        if kind is ElementKind.QUEUE:  # an inventory's label: "5 days", "12 items"
            return _queue_line(line)
        return None
    key = match.group("key").strip().lower()
    value = match.group("value").strip()
    if key in _IGNORED_KEYS:
        return {}
    target = None
    if key in _PROCESS_KEYS:
        target = "process_time"
    elif key in _WAIT_KEYS:
        target = "wait_time"
    if target is not None:
        try:
            # "C/T = 2-6 d" is a range, as anywhere a duration is typed
            return parse_duration_estimate(unit_words(value)).fields(target)
        except DurationError:
            warn(f"could not read the time in {line[:60]!r}")
            return {}
    number = _NUMBER.search(value)
    if key in _PCA_KEYS and number:
        return {"pca": float(number.group().replace(",", "."))}
    if key in _PEOPLE_KEYS and number:
        return {"people": int(float(number.group().replace(",", ".")))}
    if key in _ITEMS_KEYS and number:
        return {"items_waiting": int(float(number.group().replace(",", ".")))}
    return None


def _queue_line(line: str) -> Mapping[str, object] | None:
    text = unit_words(line)
    number = _NUMBER.search(text)
    if number is None:
        return None
    rest = text[number.end():].strip()
    if rest in ("items", "item", "pcs", "tickets", "requests", "wip"):
        return {"items_waiting": int(float(number.group().replace(",", ".")))}
    try:
        return parse_duration_estimate(text).fields("wait_time")
    except DurationError:
        return None


def set_read_field(element: Element, key: str, value: object, warn: Warn) -> None:
    """Sets a figure read from the drawing where the element's kind has that field; a value out
    of range is a warning, not a failure."""
    if key in ("process_time", "pca") and not element.kind.does_work:
        return
    if key == "items_waiting" and element.kind is not ElementKind.QUEUE:
        return
    try:
        setattr(element, key, value)
    except ValidationError:
        warn(f"'{element.display_name}': {key.replace('_', ' ')} {value!r} is out of range; "
             "not read")
