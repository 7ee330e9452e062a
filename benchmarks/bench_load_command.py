"""``advocacy-kg load`` end to end (planning, validation, provenance, store) on a synthetic file.

    .venv/bin/python benchmarks/bench_load_command.py --triples 100000
    .venv/bin/python benchmarks/bench_load_command.py --src /tmp/other-checkout/src   # before/after

Each run is a fresh process (``python -m advocacy_kg.cli load --no-curated FILE``, in-memory
store, with and without validation), repeated; the median is reported with its ratio to a bare
pyoxigraph parse of the same file measured in the same run, so runs on a busy machine compare.
The data come from ``generate.py``: SYNTHETIC, never part of the curated graph.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

BARE = "import pyoxigraph as ox, sys; sum(1 for _ in ox.parse(path=sys.argv[1]))"


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--src", type=Path, default=HERE.parent / "src", help="code to measure")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve())}
    with tempfile.TemporaryDirectory(prefix="bench-load-command-") as scratch:
        data = Path(scratch) / f"synthetic-{args.triples}.trig"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--triples", str(args.triples)]
            + ["--out", str(data)],
            check=True,
            capture_output=True,
        )
        load = [sys.executable, "-m", "advocacy_kg.cli", "load", "--no-curated", str(data)]
        runs = {
            "bare pyoxigraph parse": [sys.executable, "-c", BARE, str(data)],
            "load --no-validate": [*load, "--no-validate"],
            "load (validated)": load,
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):  # interleaved, so load changes hit every method alike
            for name, command in runs.items():
                times[name].append(timed(command, env))
    print(f"{args.triples} synthetic quads, code from {args.src}, load {os.getloadavg()}")
    bare = statistics.median(times["bare pyoxigraph parse"])
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {name:24} {median:7.2f} s  x{median / bare:5.1f} of the bare parse")


if __name__ == "__main__":
    main()
