"""The inspector panel: one form per page (map, elements, connection, lane), each built from
the field metadata (model/fields.py) on shared editors and a shared page."""

from .panel import Inspector

__all__ = ["Inspector"]
