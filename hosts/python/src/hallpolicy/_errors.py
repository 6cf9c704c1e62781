"""Errors a host raises: the same reasons every host reports."""

from typing import Any, Dict, Optional


class HallError(Exception):
    """Base class of every hallpolicy error."""


class CaseError(HallError):
    """The policy refused the case: ``path`` names the field, ``reason`` says why in the call's
    language, and ``code`` with ``arguments`` (the JSON's ``args``: ``Exception.args`` is taken)
    say it as data, for a portal's own words (the codes are listed in
    ``engine/runtime/MESSAGES.md``)."""

    def __init__(self, path: str, reason: str, code: str = "", args: Optional[Dict[str, Any]] = None,
                 lang: str = "zh-CN"):
        self.path = path
        self.reason = reason
        self.code = code
        self.arguments = args if args is not None else {}
        self.lang = lang
        if lang == "en":
            words = f"invalid case at {path}: {reason}" if path else f"invalid case: {reason}"
        else:
            words = f"案件数据有误（{path}）：{reason}" if path else f"案件数据有误：{reason}"
        super().__init__(words)

    def to_json(self) -> Dict[str, Any]:
        """The error as every host writes it: ``{path, reason, code, args}``."""
        return {"path": self.path, "reason": self.reason, "code": self.code, "args": self.arguments}


class LimitExceeded(HallError):
    """The call ran past its time limit, memory cap or input size limit."""


class ComponentError(HallError):
    """The component could not be loaded or failed for another reason."""
