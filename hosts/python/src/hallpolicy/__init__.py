"""Evaluate hallpolicy components from Python.

A component is one hall's policy compiled by ``hall build``; it imports nothing and gives the
same bytes on every host. ``Hall.load`` compiles it once; ``evaluate`` takes a case (a dict or
JSON text) and returns an :class:`Evaluation` of dataclasses.
"""

from ._errors import CaseError, ComponentError, HallError, LimitExceeded
from ._hall import Hall
from ._types import (
    Citation,
    Clock,
    Evaluation,
    ExtensionReport,
    Limit,
    Message,
    Obligation,
    Penalty,
    StopReport,
    Violation,
)

__all__ = [
    "CaseError",
    "Citation",
    "Clock",
    "ComponentError",
    "Evaluation",
    "ExtensionReport",
    "Hall",
    "HallError",
    "Limit",
    "LimitExceeded",
    "Message",
    "Obligation",
    "Penalty",
    "StopReport",
    "Violation",
]
