"""Loading a component and calling it through wasmtime's component API.

Python gets the JSON entry point (``evaluate-json``): typed records cost about a millisecond a
call in wasmtime-py's dynamic API, JSON a few tens of microseconds (called through
:mod:`._json_entry`), and the bytes are the same as every other host's.
"""

from __future__ import annotations

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

INTERFACE = "hallpolicy:hall/evaluator@0.3.0"
DEFAULT_TIME_LIMIT_MS = 1000
TICK_MS = 10  # the epoch's period: the resolution of the time limit
DEFAULT_MEMORY_MIB = 256
DEFAULT_MAX_CASE_BYTES = 16 << 20


class Hall:
    """One hall's compiled policy, ready to evaluate cases.

    Each call runs with a time limit (an epoch deadline, to within 10 ms) and a memory cap; a call
    that exceeds either raises :class:`LimitExceeded` and the next call gets a fresh instance.
    Epochs rather than fuel: fuel metering made every call markedly slower.
    """

    def __init__(self, component: bytes, *, time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
                 memory_mib: int = DEFAULT_MEMORY_MIB, max_case_bytes: int = DEFAULT_MAX_CASE_BYTES):
        config = wasmtime.Config()
        config.epoch_interruption = True
        self._engine = wasmtime.Engine(config)
        _start_ticking(self, self._engine)
        try:
            self._component = wc.Component(self._engine, component)
        except wasmtime.WasmtimeError as e:
            raise ComponentError(f"not a hallpolicy component: {e}") from e
        self._linker = wc.Linker(self._engine)
        self.time_limit_ms = time_limit_ms
        self.memory_mib = memory_mib
        self.max_case_bytes = max_case_bytes
        self._store: Optional[wasmtime.Store] = None
        self._evaluate_json = None
        self._describe = None

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
                store, instance.get_func(store, instance.get_export_index(store, "evaluate-json", iface)))
            self._describe = instance.get_func(store, instance.get_export_index(store, "describe", iface))
            self._store = store
        self._store.set_epoch_deadline(-(-self.time_limit_ms // TICK_MS))
        return self._store

    def _call(self, func_name: str, *args: Any) -> Any:
        store = self._instance()
        func = getattr(self, func_name)
        try:
            return func(store, *args)
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            self._store = None  # a trapped instance is not reused
            message = str(e)
            if "wasm trap: interrupt" in message:
                raise LimitExceeded(
                    f"evaluation stopped: it ran longer than its time limit of {self.time_limit_ms} ms") from e
            if "wasm trap" in message:
                cause = message.rsplit("wasm trap:", 1)[-1].strip().splitlines()[0]
                raise LimitExceeded(
                    f"evaluation stopped: the component trapped ({cause}); "
                    f"it may have hit its memory cap of {self.memory_mib} MiB") from e
            raise ComponentError(message) from e

    def evaluate_json(self, case_json: str, as_of: Optional[str] = None) -> str:
        """Evaluates a JSON case and returns the evaluation's canonical JSON text.

        Raises :class:`CaseError` when the policy refuses the case.
        """
        case_utf8 = case_json.encode("utf-8")
        if len(case_utf8) > self.max_case_bytes:
            raise LimitExceeded(f"the case is larger than this host's limit of {self.max_case_bytes} bytes")
        ok, text = self._call("_evaluate_json", case_utf8, as_of)
        if ok:
            return text
        error = json.loads(text)
        raise CaseError(error["path"], error["reason"])

    def evaluate(self, case: Union[Dict[str, Any], str], as_of: Optional[str] = None) -> Evaluation:
        """Evaluates a case given as a dict or as JSON text."""
        text = case if isinstance(case, str) else json.dumps(case, ensure_ascii=False)
        return Evaluation.from_json(json.loads(self.evaluate_json(text, as_of)))

    def describe(self) -> Dict[str, Any]:
        """The hall, policy version and hash, rules with citations, and the case schema."""
        return _plain(self._call("_describe"))


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
