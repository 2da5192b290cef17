"""Command-line entry for ``matchmaker schedule INSTANCE.json [--time-limit S]``.

:func:`run` reads the instance, solves it and returns the JSON document to print on stdout (DESIGN.md format, solver
details under "stats").  The default time limit keeps the whole command (interpreter start-up, imports, solving and
output) under 30 s on a 2-core machine; on the dev instances the solver usually proves optimality and returns in a
few seconds.  :func:`main` is a standalone entry point (``python -m matchmaker.scheduling.cli``) for when the web
application's CLI is not wanted.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from matchmaker.scheduling.instance import Instance
from matchmaker.scheduling.solver import DEFAULT_TIME_LIMIT, solve


def run(path: str, time_limit: float = DEFAULT_TIME_LIMIT, seed: int = 0) -> dict[str, Any]:
    """Solve the instance in `path` within `time_limit` seconds; the schedule as a JSON-ready dict.

    Raises ValueError (bad instance, with a message naming the culprit) and OSError (unreadable file).
    """
    if not time_limit > 0:
        raise ValueError(f"the time limit must be positive, got {time_limit}")
    with open(path, encoding="utf-8") as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not valid JSON: {exc}") from exc
    instance = Instance.from_json(data)
    return solve(instance, time_limit=time_limit, seed=seed).to_json()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="schedule", description="Schedule 1:1 meetings (DESIGN.md format).")
    parser.add_argument("instance")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        out = run(args.instance, args.time_limit, args.seed)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
