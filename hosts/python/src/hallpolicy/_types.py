"""The evaluation as dataclasses, field for field the documented JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass(frozen=True)
class Citation:
    source: str
    document: str
    article: str
    quote: Optional[str] = None

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Citation":
        return Citation(d["source"], d["document"], d["article"], d.get("quote"))


@dataclass(frozen=True)
class Message:
    """A sentence as data: a stable code (engine/runtime/MESSAGES.md), its named arguments, and
    its words in the evaluation's language."""
    code: str
    args: Dict[str, Any]
    text: str

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Message":
        return Message(d["code"], dict(d["args"]), d["text"])

    @staticmethod
    def all(items: List[Dict[str, Any]]) -> List["Message"]:
        return [Message.from_json(m) for m in items]


@dataclass(frozen=True)
class Limit:
    amount: int
    unit: str

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Limit":
        return Limit(d["amount"], d["unit"])


@dataclass(frozen=True)
class Obligation:
    rule: str
    title: str
    duty: Message
    actor: str
    person: Optional[str]
    due: Optional[str]
    last_day: Optional[str]
    forms: List[str]
    status: str
    warning: Optional[str]
    next_change: Optional[str]
    met_at: Optional[str]
    detail: List[Message]
    citation: Citation
    events: List[int]

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Obligation":
        return Obligation(
            d["rule"], d["title"], Message.from_json(d["duty"]), d["actor"], d["person"], d["due"], d["last_day"],
            list(d["forms"]), d["status"], d["warning"], d["next_change"], d["met_at"], Message.all(d["detail"]),
            Citation.from_json(d["citation"]), list(d["events"]),
        )


@dataclass(frozen=True)
class Penalty:
    ladder: str
    rung: Optional[str]
    decided_by: str
    range: List[str]
    basis: Message
    citation: Citation

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Penalty":
        return Penalty(d["ladder"], d["rung"], d["decided_by"], list(d["range"]), Message.from_json(d["basis"]),
                       Citation.from_json(d["citation"]))


@dataclass(frozen=True)
class Violation:
    rule: str
    title: str
    what: List[Message]
    at: str
    actor: str
    person: Optional[str]
    penalty: Optional[Penalty]
    citation: Citation
    events: List[int]

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Violation":
        penalty = Penalty.from_json(d["penalty"]) if d["penalty"] is not None else None
        return Violation(d["rule"], d["title"], Message.all(d["what"]), d["at"], d["actor"], d["person"], penalty,
                         Citation.from_json(d["citation"]), list(d["events"]))


@dataclass(frozen=True)
class StopReport:
    start: str
    end: Optional[str]
    excluded: int
    events: List[int]

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "StopReport":
        return StopReport(d["from"], d["to"], d["excluded"], list(d["events"]))


@dataclass(frozen=True)
class ExtensionReport:
    approved_at: str
    until: Optional[str]
    noticed_at: Optional[str]
    counted: bool
    reason: List[Message]
    events: List[int]

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "ExtensionReport":
        return ExtensionReport(d["approved_at"], d["until"], d["noticed_at"], d["counted"], Message.all(d["reason"]),
                               list(d["events"]))


@dataclass(frozen=True)
class Clock:
    rule: str
    start: str
    start_event: int
    start_basis: Message
    stops: List[StopReport]
    extensions: List[ExtensionReport]
    limit: Limit
    due: Optional[str]
    last_day: Optional[str]
    count_unit: str
    used: int
    left: int
    suspended: bool
    provisional: bool
    provisional_reason: Optional[Message]

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Clock":
        return Clock(
            d["rule"], d["start"], d["start_event"], Message.from_json(d["start_basis"]),
            [StopReport.from_json(s) for s in d["stops"]],
            [ExtensionReport.from_json(x) for x in d["extensions"]],
            Limit.from_json(d["limit"]), d["due"], d["last_day"], d["count_unit"], d["used"], d["left"],
            d["suspended"], d["provisional"],
            Message.from_json(d["provisional_reason"]) if d["provisional_reason"] is not None else None,
        )


@dataclass(frozen=True)
class Evaluation:
    schema_version: str
    hall: str
    policy_version: str
    kind: str
    subject: Optional[str]
    as_of: str
    lang: str
    provisional: bool
    obligations: List[Obligation] = field(default_factory=list)
    violations: List[Violation] = field(default_factory=list)
    clocks: List[Clock] = field(default_factory=list)

    @staticmethod
    def from_json(d: Dict[str, Any]) -> "Evaluation":
        return Evaluation(
            d["schema_version"], d["hall"], d["policy_version"], d["kind"], d["subject"], d["as_of"], d["lang"], d["provisional"],
            [Obligation.from_json(o) for o in d["obligations"]],
            [Violation.from_json(v) for v in d["violations"]],
            [Clock.from_json(c) for c in d["clocks"]],
        )
