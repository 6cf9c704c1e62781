"""Loading a component and calling it through wasmtime's component API.

Python gets the JSON entry point (``evaluate-json-in``): typed records cost about a millisecond
a call in wasmtime-py's dynamic API, JSON a few tens of microseconds (called through
:mod:`._json_entry`), and the bytes are the same as every other host's. The words are Chinese
unless a hall or a call asks for English (``lang="en"``).
"""

from __future__ import annotations

import datetime
import json
import os
import threading
import weakref
from typing import Any, Dict, Optional, Union

import wasmtime
import wasmtime.component as wc

from ._errors import CaseError, ComponentError, LimitExceeded
from ._json_entry import JsonEntry
from ._types import Evaluation

INTERFACE = "hallpolicy:hall/evaluator@0.5.0"
DEFAULT_TIME_LIMIT_MS = 1000
TICK_MS = 10  # the epoch's period: the resolution of the time limit
DEFAULT_MEMORY_MIB = 256
DEFAULT_MAX_CASE_BYTES = 16 << 20
# The ranges every host accepts (the CLI's ``Limits::new``), with the same messages.
TIME_LIMIT_MS = range(1, 3_600_000 + 1)
MEMORY_MIB = range(8, 4096 + 1)

AsOf = Union[str, datetime.datetime, datetime.date, None]


class Hall:
    """One hall's compiled policy, ready to evaluate cases.

    Each call runs with a time limit (an epoch deadline, to within 10 ms) and a memory cap; a call
    that exceeds either raises :class:`LimitExceeded` and the next call gets a fresh instance.
    Epochs rather than fuel: fuel metering made every call markedly slower.

    A ``Hall`` may be shared by threads: its one instance serves one call at a time (a lock), as a
    wasmtime store must never be entered from two threads at once. For calls in parallel, give
    each thread its own ``Hall``.
    """

    def __init__(self, component: bytes, *, time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
                 memory_mib: int = DEFAULT_MEMORY_MIB, max_case_bytes: int = DEFAULT_MAX_CASE_BYTES,
                 lang: Optional[str] = None):
        if isinstance(max_case_bytes, bool) or not isinstance(max_case_bytes, int) or max_case_bytes < 1:
            raise ValueError(f"max_case_bytes must be a positive number of bytes, not {max_case_bytes!r}")
        #: The language of the words (``"zh"``, the default, or ``"en"``); a call may name another.
        self.lang = lang
        self.time_limit_ms = time_limit_ms
        self.memory_mib = memory_mib
        self._lock = threading.Lock()
        config = wasmtime.Config()
        config.epoch_interruption = True
        self._engine = wasmtime.Engine(config)
        _start_ticking(self, self._engine)
        try:
            self._component = wc.Component(self._engine, component)
        except wasmtime.WasmtimeError as e:
            raise ComponentError(f"not a hallpolicy component: {e}") from e
        self._linker = wc.Linker(self._engine)
        self.max_case_bytes = max_case_bytes
        self._store: Optional[wasmtime.Store] = None
        self._evaluate_json = None
        self._describe = None

    def _english(self) -> bool:
        return getattr(self, "lang", None) == "en"

    @property
    def time_limit_ms(self) -> int:
        """How long a call may run, in milliseconds (1 to 3,600,000)."""
        return self._time_limit_ms

    @time_limit_ms.setter
    def time_limit_ms(self, value: int) -> None:
        _check_limit(value, TIME_LIMIT_MS, "time", self._english())
        self._time_limit_ms = value

    @property
    def memory_mib(self) -> int:
        """The memory cap of the instance, in MiB (8 to 4096); applies from the next instance."""
        return self._memory_mib

    @memory_mib.setter
    def memory_mib(self, value: int) -> None:
        _check_limit(value, MEMORY_MIB, "memory", self._english())
        self._memory_mib = value

    @classmethod
    def load(cls, path: Union[str, os.PathLike], **limits: Any) -> "Hall":
        """Loads a component file built by ``hall build``."""
        with open(path, "rb") as f:
            return cls(f.read(), **limits)

    def _instance(self):
        if self._store is None:
            store = wasmtime.Store(self._engine)
            store.set_limits(memory_size=self.memory_mib << 20)
            instance = self._linker.instantiate(store, self._component)
            iface = instance.get_export_index(store, INTERFACE)
            if iface is None:
                raise ComponentError(f"the component does not export `{INTERFACE}`")
            self._evaluate_json = JsonEntry(
                store, instance.get_func(store, instance.get_export_index(store, "evaluate-json-in", iface)))
            self._describe = instance.get_func(store, instance.get_export_index(store, "describe", iface))
            self._evaluate_json_bytes = instance.get_func(
                store, instance.get_export_index(store, "evaluate-json-bytes-in", iface))
            self._store = store
        self._store.set_epoch_deadline(-(-self.time_limit_ms // TICK_MS))
        return self._store

    def _call(self, func_name: str, *args: Any) -> Any:
        with self._lock:
            return self._call_locked(func_name, *args)

    def _call_locked(self, func_name: str, *args: Any) -> Any:
        store = self._instance()
        func = getattr(self, func_name)
        try:
            return func(store, *args)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            self._store = None  # a trapped instance is not reused
            message = str(e)
            english = self._english()
            if "wasm trap: interrupt" in message:
                raise LimitExceeded(
                    f"evaluation stopped: it ran longer than its time limit of {self.time_limit_ms} ms" if english
                    else f"评估已停止：运行超过时限 {self.time_limit_ms} 毫秒") from e
            if "wasm trap" in message:
                cause = message.rsplit("wasm trap:", 1)[-1].strip().splitlines()[0]
                raise LimitExceeded(
                    f"evaluation stopped: the component trapped ({cause}); "
                    f"it may have hit its memory cap of {self.memory_mib} MiB" if english
                    else f"评估已停止：组件陷入异常（{cause}），可能已达内存上限 {self.memory_mib} MiB") from e
            raise ComponentError(message) from e

    def evaluate_json(self, case_json: Union[str, bytes], as_of: AsOf = None, *, lang: Optional[str] = None) -> str:
        """Evaluates a JSON case (text, or UTF-8 bytes as read from a file or a request) and
        returns the evaluation's canonical JSON text. ``as_of`` is RFC 3339 text, a
        ``datetime`` (naive means China Standard Time) or a ``date`` (24:00 of that day).
        ``lang`` is the language of the words (``"zh"`` or ``"en"``), the hall's by default.

        Raises :class:`CaseError` when the policy refuses the case, a case that is not UTF-8
        (bytes, or text holding a lone surrogate) among them, with the reason every host gives.
        """
        as_of = _as_of_text(as_of)
        lang = self.lang if lang is None else lang
        unchecked = True  # whether the bytes may not be UTF-8
        if isinstance(case_json, str):
            try:
                case_utf8 = case_json.encode("utf-8")
                unchecked = False
            except UnicodeEncodeError:
                # A lone surrogate: its bytes as the other hosts would send them, refused below.
                case_utf8 = case_json.encode("utf-8", "surrogatepass")
        elif isinstance(case_json, (bytes, bytearray, memoryview)):
            case_utf8 = bytes(case_json)
        else:
            raise TypeError(f"evaluate_json takes the case as JSON text or bytes, not {type(case_json).__name__}")
        if len(case_utf8) > self.max_case_bytes:
            raise LimitExceeded(
                f"the case is larger than this host's limit of {self.max_case_bytes} bytes" if lang == "en"
                else f"案件超过本宿主的上限 {self.max_case_bytes} 字节")
        if unchecked:
            try:
                case_utf8.decode("utf-8")
            except UnicodeDecodeError as e:
                raise _case_error(self._utf8_refusal(case_utf8, e.start, lang), lang) from None
        ok, text = self._call("_evaluate_json", case_utf8, as_of, lang)
        if ok:
            return text
        raise _case_error(text, lang)

    def _utf8_refusal(self, case_utf8: bytes, first_bad: int, lang: Optional[str]) -> str:
        """The component's refusal of bytes that stop being UTF-8 at ``first_bad``, asked of the
        component itself (its bytes entry) on the few bytes that decide it, so the words and
        the index are the same as on every host."""
        # wasmtime-py gives a `result`'s error payload as the value itself: here, text.
        answer = self._call("_evaluate_json_bytes", case_utf8[: first_bad + 4], None, lang)
        if isinstance(answer, str):
            return answer
        raise ComponentError("the component accepted bytes that are not UTF-8")

    def evaluate(self, case: Union[Dict[str, Any], str, bytes], as_of: AsOf = None, *,
                 lang: Optional[str] = None) -> Evaluation:
        """Evaluates a case given as a dict, JSON text or bytes. A dict's ``datetime`` and
        ``date`` values are written as RFC 3339 text."""
        text = case if isinstance(case, (str, bytes, bytearray, memoryview)) else json.dumps(
            case, ensure_ascii=False, default=_json_default)
        return Evaluation.from_json(json.loads(self.evaluate_json(text, as_of, lang=lang)))

    def describe(self) -> Dict[str, Any]:
        """The hall, policy version and hash, rules with citations, and the case schema."""
        return _plain(self._call("_describe"))


def _case_error(error_json: str, lang: Optional[str]) -> CaseError:
    """The component's refusal, ``{path, reason, code, args}``, as the exception."""
    error = json.loads(error_json)
    return CaseError(error["path"], error["reason"], error.get("code", ""), error.get("args"),
                     "en" if lang == "en" else "zh-CN")


# A limit's words, as the CLI and the other hosts give them: (Chinese, English).
_LIMIT_WORDS = {
    "time": (("时限", "毫秒"), ("the time limit", "ms")),
    "memory": (("内存上限", "MiB "), ("the memory cap", "MiB")),
}


def _check_limit(value: Any, accepted: range, limit: str, english: bool) -> None:
    (what_zh, unit_zh), (what, unit) = _LIMIT_WORDS[limit]
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a whole number of {unit}, not {value!r}")
    if value not in accepted:
        low, high = accepted.start, accepted.stop - 1
        raise ValueError(f"{what} must be between {low} and {high} {unit}, not {value}" if english
                         else f"{what_zh}须在 {low} 至 {high} {unit_zh}之间，而不是 {value}")


def _as_of_text(as_of: AsOf) -> Optional[str]:
    """``as_of`` as the text every host passes: RFC 3339, or a bare date."""
    if as_of is None or isinstance(as_of, str):
        return as_of
    if isinstance(as_of, datetime.datetime):
        return as_of.isoformat()
    if isinstance(as_of, datetime.date):
        return as_of.isoformat()
    raise TypeError(f"as_of must be RFC 3339 text, a datetime or a date, not {type(as_of).__name__}")


def _json_default(value: Any) -> str:
    """How a case dict's date-times are written: as ``as_of`` is."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _start_ticking(owner: object, engine: wasmtime.Engine) -> None:
    """Advances the engine's epoch every tick until ``owner`` is collected.

    wasmtime-py releases the GIL during a call, so this thread runs while the guest does. The
    thread holds the engine itself and ``owner``'s finalizer only asks it to stop: the engine is
    freed here, after the last tick, never under a tick in flight (a weak reference to the engine
    let its ``__del__`` free it mid-tick, which crashed the interpreter).
    """
    stop = threading.Event()
    weakref.finalize(owner, stop.set)

    def tick() -> None:
        while not stop.wait(TICK_MS / 1000):
            engine.increment_epoch()

    threading.Thread(target=tick, name="hallpolicy-epoch", daemon=True).start()


def _plain(value: Any) -> Any:
    """Turns wasmtime-py's component values into plain dicts, lists and tuples."""
    if isinstance(value, wc.Record):
        return {name.replace("-", "_"): _plain(v) for name, v in vars(value).items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value
