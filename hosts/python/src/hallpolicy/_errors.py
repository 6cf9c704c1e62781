"""Errors a host raises: the same reasons every host reports."""


class HallError(Exception):
    """Base class of every hallpolicy error."""


class CaseError(HallError):
    """The policy refused the case: ``path`` names the field, ``reason`` says why."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        where = f" at `{path}`" if path else ""
        super().__init__(f"invalid case{where}: {reason}")


class LimitExceeded(HallError):
    """The call ran past its time limit, memory cap or input size limit."""


class ComponentError(HallError):
    """The component could not be loaded or failed for another reason."""
