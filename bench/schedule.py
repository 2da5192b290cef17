"""Meeting scheduler on the dev instances: objective, time, meetings, bound and gap.

Target: `matchmaker.scheduling.solver.solve` at its default time limit (20 s), the configuration behind
`matchmaker schedule`.  Every schedule is checked with shared/tools/check_schedule.py when that file exists.

  --compare   also runs each engine alone at the same limit: annealing only (greedy + simulated annealing),
              HiGHS only (LP relaxation, rounding, MIP), CP-SAT only (full model, 2 workers; needs ortools),
              and the default combination with CP-SAT added;
  --cli       also times the whole command in a fresh interpreter (start-up, imports, solve, JSON output),
              `python -m matchmaker.scheduling.cli INSTANCE`, which must stay under 30 s.

Run (from the repository root):
    .venv/bin/python bench/schedule.py
    .venv/bin/python bench/schedule.py --compare --cli
    .venv/bin/python bench/schedule.py --instances 33 --time-limit 5

Readable lines first, then one JSON line with every number.  The machine's load average is printed: the solver
uses two threads (annealing + HiGHS), so other work on a 2-core machine slows it down.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import emit_json, line, machine

from matchmaker.scheduling.instance import Instance, validate
from matchmaker.scheduling.solver import DEFAULT_TIME_LIMIT, solve

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

VARIANTS = {
    "default": {},
    "anneal-only": {"use_highs": False},
    "highs-only": {"use_anneal": False},
    "cp-sat-only": {"use_anneal": False, "use_highs": False, "use_cp": True},
    "default+cp-sat": {"use_cp": True},
}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=SHARED / "data", help="directory of schedule-dev-*.json")
    parser.add_argument("--instances", default="11,22,33", help="dev instance numbers (default %(default)s)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, help="seconds (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--compare", action="store_true", help="also run each engine alone")
    parser.add_argument("--cli", action="store_true", help="also time the whole command in a fresh interpreter")
    parser.add_argument("--checker", type=Path, default=SHARED / "tools" / "check_schedule.py")
    return parser.parse_args(argv)


def check(checker: Path, instance_path: Path, schedule: dict) -> str:
    """The reference checker's verdict, or 'skipped' when it is not there."""
    if not checker.exists():
        return "skipped"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(schedule, fh)
    try:
        proc = subprocess.run([sys.executable, str(checker), str(instance_path), fh.name], capture_output=True,
                              text=True, timeout=60)
    finally:
        Path(fh.name).unlink(missing_ok=True)
    return proc.stdout.strip() if proc.returncode == 0 else f"INVALID: {proc.stdout.strip()}"


def run_variant(name: str, instance: Instance, path: Path, args) -> dict:
    options = VARIANTS[name]
    if options.get("use_cp"):
        try:
            import ortools  # noqa: F401
        except ImportError:
            return {"variant": name, "skipped": "ortools not installed"}
    started = time.monotonic()
    schedule = solve(instance, time_limit=args.time_limit, seed=args.seed, **options)
    seconds = time.monotonic() - started
    problems = validate(instance, schedule)
    stats = schedule.stats
    return {
        "variant": name,
        "objective": round(schedule.objective, 4),
        "seconds": round(seconds, 2),
        "meetings": len(schedule.meetings),
        "bound": stats.get("bound"),
        "gap": stats.get("gap"),
        "optimal": stats.get("optimal"),
        "best_from": stats.get("best_from"),
        "valid": not problems,
        "check": check(args.checker, path, schedule.to_json()),
        "stats": {k: v for k, v in stats.items() if k not in ("dropped",)},
    }


def run_cli(path: Path, args) -> dict:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "matchmaker.scheduling.cli", str(path), "--time-limit",
                           str(args.time_limit)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    wall = time.monotonic() - started
    out = json.loads(proc.stdout) if proc.returncode == 0 else {}
    return {"wall_seconds": round(wall, 2), "returncode": proc.returncode, "objective": out.get("objective"),
            "check": check(args.checker, path, out) if out else "no output"}


def main(argv=None) -> None:
    args = parse_args(argv)
    result = {"benchmark": "schedule", "time_limit": args.time_limit, "seed": args.seed, "machine": machine(),
              "instances": {}}
    print(f"scheduler, time limit {args.time_limit} s, load average {result['machine']['load_average_1m']}", flush=True)
    for number in args.instances.split(","):
        path = args.data_dir / f"schedule-dev-{number.strip()}.json"
        instance = Instance.from_json(json.loads(path.read_text(encoding="utf-8")))
        size = {"slots": len(instance.slots), "tables": instance.tables, "participants": len(instance.participants),
                "requests": len(instance.requests)}
        print(f"{path.name}: {size}", flush=True)
        runs = []
        for name in (VARIANTS if args.compare else ["default"]):
            res = run_variant(name, instance, path, args)
            runs.append(res)
            if "skipped" in res:
                line(name, res["skipped"])
                continue
            gap = "n/a" if res["gap"] is None else f"{100 * res['gap']:.3f} %"
            line(name, f"objective {res['objective']:.2f}  time {res['seconds']:.2f} s  meetings {res['meetings']}  "
                       f"bound {res['bound']}  gap {gap}  optimal {res['optimal']}  from {res['best_from']}  "
                       f"check {res['check']}")
        entry = {"size": size, "runs": runs}
        if args.cli:
            entry["cli"] = run_cli(path, args)
            line("whole command (fresh interpreter)", f"{entry['cli']['wall_seconds']:.2f} s wall, "
                                                      f"exit {entry['cli']['returncode']}, check {entry['cli']['check']}")
        result["instances"][path.stem] = entry
    emit_json(result)


if __name__ == "__main__":
    main()
