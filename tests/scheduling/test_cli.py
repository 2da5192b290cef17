"""The CLI entry: JSON in, DESIGN.md JSON out."""
from __future__ import annotations

import json

import pytest

from matchmaker.scheduling.cli import main, run
from matchmaker.scheduling.generate import generate
from tests.scheduling.helpers import reference_check


def test_run_returns_a_schedule_the_reference_checker_accepts(tmp_path):
    data = generate(8, 8, 40, 100, seed=0)
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data))
    out = run(str(path), time_limit=1.5)
    assert set(out) <= {"meetings", "objective", "stats"}
    objective, count = reference_check(data, json.loads(json.dumps(out)))
    assert objective == pytest.approx(out["objective"], abs=1e-6)
    assert count == len(out["meetings"]) > 0


def test_run_rejects_an_invalid_instance_with_a_clear_message(tmp_path):
    data = generate(4, 2, 6, 5, seed=0)
    data["requests"][0]["weight"] = -2
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="negative weight"):
        run(str(path), time_limit=1.0)


def test_main_prints_json_and_exits_zero(tmp_path, capsys):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(generate(4, 2, 8, 10, seed=1)))
    assert main([str(path), "--time-limit", "1"]) == 0
    assert "meetings" in json.loads(capsys.readouterr().out)
