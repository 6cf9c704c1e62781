"""Builds the components the tests load, with the `hall` binary of this checkout."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def hall_binary() -> Path:
    path = Path(os.environ.get("HALL_BIN", ROOT / "target" / "debug" / "hall"))
    if not path.exists():
        raise RuntimeError(f"`hall` not found at {path}: run `cargo build -p hall` first or set HALL_BIN")
    return path


@pytest.fixture(scope="session")
def components(tmp_path_factory):
    out = tmp_path_factory.mktemp("components")
    built = {}
    for name, policy in [("baicheng-004", "policy/baicheng-004.hall"), ("counting", "tests/fixtures/policies/counting.hall"),
                         ("yaoguan-003", "policy/yaoguan-003.hall"), ("daan-002", "policy/daan-002.hall"),
                         ("renshe-000", "policy/renshe-000.hall"), ("tongxiang-001", "policy/tongxiang-001.hall"),
                         ("guihua-001", "policy/guihua-001.hall"), ("tangdaohe-001", "policy/tangdaohe-001.hall"),
                         ("quancheng-001", "policy/quancheng-001.hall"), ("xuexiao-001", "policy/xuexiao-001.hall")]:
        target = out / f"{name}.wasm"
        subprocess.run([hall_binary(), "build", ROOT / policy, "-o", target], check=True, capture_output=True)
        built[name] = target
    return built


def native_json(policy: str, case: Path) -> str:
    """The canonical JSON the native evaluator gives, or its case error, for comparison."""
    out = subprocess.run([hall_binary(), "eval", "--native", "--format", "json", ROOT / policy, case],
                         capture_output=True, text=True)
    return out.stdout.strip()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def load_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
