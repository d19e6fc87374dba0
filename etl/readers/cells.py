"""Cell values shared by all readers."""
from __future__ import annotations


class SpanFiller(str):
    """An empty cell standing in for the extra columns of a colspan: never a value of its own."""

    __slots__ = ()


FILLER = SpanFiller("")
