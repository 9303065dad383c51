"""The steps table (Ctrl+T): the map's steps, queues and approvals as rows, typed as fast as a
room talks. A second view of the document, as the canvas is: model (rows and the draft),
appending (rows that join the map), editing (sorting proxy, cell editors, keys) and table (the
panel). Sorting and filtering happen in the proxy and never touch the map."""

from .table import StepsTable

__all__ = ["StepsTable"]
