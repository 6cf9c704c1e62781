"""``evaluate-json-in`` called through wasmtime's C API, its values lowered and lifted here.

wasmtime-py's dynamic ``Func.__call__`` reads the function's type through the C API and walks it
in Python on every call (nine value types for this signature), then converts each value by that
walk: about half of a call's time. The signature is fixed by ``wit/``
(``func(case-json: string, as-of: option<string>, lang: option<string>) -> result<string, string>``),
so this entry
checks it once, when made, and then builds and reads the C values directly. It rests on
wasmtime-py's ctypes bindings (``wasmtime._ffi``), which the exact pin in ``pyproject.toml``
holds still; ``test_hall.py`` runs every fixture through it.
"""

from __future__ import annotations

import ctypes
from typing import Optional, Tuple

import wasmtime
import wasmtime.component as wc
from wasmtime import _ffi as ffi
from wasmtime.component._enter import enter_wasm

from ._errors import ComponentError

_STRING = ffi.WASMTIME_COMPONENT_STRING
_OPTION = ffi.WASMTIME_COMPONENT_OPTION
_RESULT = ffi.WASMTIME_COMPONENT_RESULT.value


class JsonEntry:
    """A bound ``evaluate-json-in``: ``entry(store, case_utf8, as_of, lang)`` → ``(ok, text)``."""

    def __init__(self, store: wasmtime.Store, func: wc.Func):
        ty = func.type(store)
        params = [t for _, t in ty.params]
        result = ty.result
        expected = (
            len(params) == 3
            and isinstance(params[0], wc.String)
            and all(isinstance(p, wc.OptionType) and isinstance(p.payload, wc.String) for p in params[1:])
            and isinstance(result, wc.ResultType)
            and isinstance(result.ok, wc.String)
            and isinstance(result.err, wc.String)
        )
        if not expected:
            raise ComponentError(
                "`evaluate-json-in` is not func(string, option<string>, option<string>) -> result<string, string>")
        self._func = func._func

    def __call__(self, store: wasmtime.Store, case_utf8: bytes, as_of: Optional[str],
                 lang: Optional[str]) -> Tuple[bool, str]:
        args = (ffi.wasmtime_component_val_t * 3)()
        args[0].kind = _STRING
        args[0].of.string = _byte_vec(case_utf8)
        for slot, text in ((1, as_of), (2, lang)):
            args[slot].kind = _OPTION
            if text is not None:
                some = ffi.wasmtime_component_val_t()
                some.kind = _STRING
                some.of.string = _byte_vec(text.encode("utf-8"))
                args[slot].of.option = ffi.wasmtime_component_val_new(ctypes.byref(some))
        result = ffi.wasmtime_component_val_t()
        try:
            enter_wasm(lambda: ffi.wasmtime_component_func_call(
                ctypes.byref(self._func), store._context(), args, 3, ctypes.byref(result), 1))
        finally:
            # The call borrows its arguments: free their strings (and the options' boxes).
            for slot in range(3):
                ffi.wasmtime_component_val_delete(ctypes.byref(args[slot]))
        try:
            payload = result.of.result.val
            if result.kind != _RESULT or not payload or payload.contents.kind != _STRING.value:
                raise wasmtime.WasmtimeError("`evaluate-json-in` returned no string")
            text = payload.contents.of.string
            body = ctypes.string_at(text.data, text.size) if text.size else b""
            return bool(result.of.result.is_ok), body.decode("utf-8")
        finally:
            ffi.wasmtime_component_val_delete(ctypes.byref(result))


def _byte_vec(data: bytes) -> ffi.wasm_byte_vec_t:
    """A C byte vector holding a copy of ``data`` (one copy; ``ffi.bytes_to_capi`` makes two)."""
    vec = ffi.wasm_byte_vec_t()
    ffi.wasm_byte_vec_new(ctypes.byref(vec), len(data), ctypes.cast(data, _BYTES))
    return vec


_BYTES = ctypes.POINTER(ffi.wasm_byte_t)
