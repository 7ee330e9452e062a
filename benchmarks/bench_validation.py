"""Validation benchmark: each SHACL engine on the curated graph and on synthetic data, same run.

    .venv/bin/python benchmarks/bench_validation.py                    # curated + 100k synthetic
    .venv/bin/python benchmarks/bench_validation.py --sizes 100000 300000
    .venv/bin/python benchmarks/bench_validation.py --skip-pyshacl-above 50000   # pySHACL is slow

What is timed is ``validation.validate(dataset, engine)``: the shapes over the union of the
graphs plus the lint queries over the quads, as ``advocacy-kg validate`` runs them (parsing the
input is not included; the end-to-end command is timed separately for the default engine).
Every engine runs in a fresh process: the first call ("cold") includes compiling the shapes,
the later calls ("warm", median) reuse them; "CPU" is the least process CPU time of the calls,
steadier than wall time on a shared machine. Ratios are against pySHACL measured in the same
run (cold wall time, and CPU time), and each engine's results are compared with pySHACL's
(focus, path, severity, shape).
Synthetic data comes from generate.py (SYNTHETIC, under synthetic/), loaded together with the
ontology and vocabularies. Target (issue 3): 100k triples under 5 s with the default engine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"
sys.path.insert(0, str(HERE.parent / "src"))

import pyoxigraph as ox  # noqa: E402

from advocacy_kg import config, loading, validation  # noqa: E402
from advocacy_kg.engines import DEFAULT, ENGINES  # noqa: E402

MODEL = {config.ONTOLOGY_GRAPH, config.VOCABULARY_GRAPH}


def dataset_files(name: str) -> list[loading.RdfFile]:
    if name == "curated":
        return loading.curated_files()
    model = [f for f in loading.curated_files() if f.graph in MODEL]
    return [*model, loading.RdfFile(synthetic(int(name)))]


def synthetic(triples: int) -> Path:
    path = GENERATED / f"validation-{triples}.nq"
    if not path.exists():
        GENERATED.mkdir(exist_ok=True)
        generate = [sys.executable, str(HERE / "generate.py"), "--triples", str(triples)]
        subprocess.run([*generate, "--out", str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def child(engine: str, name: str, repeats: int) -> None:
    """Time validate() in this fresh process; print one JSON line."""
    store = ox.Store()
    store.bulk_extend(loading.parse_files(dataset_files(name)))
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        report = validation.validate(store, engine)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    keys = sorted(json.dumps(f.key()) for f in report.findings)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"quads": len(store), "times": times, "cpu": cpu, "keys": keys, "mib": peak}))


def measure(engine: str, name: str, repeats: int) -> dict:
    command = [sys.executable, __file__, "--child", engine, name, str(repeats)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def command_seconds(name: str) -> float:
    """The whole ``advocacy-kg validate FILE --format json`` for the default engine."""
    target = [] if name == "curated" else [str(synthetic(int(name)))]
    script = "import sys; from advocacy_kg.cli import main; sys.exit(main(sys.argv[1:]))"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", script, "validate", "--format", "json", *target],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")},
        check=False,
    )
    return time.perf_counter() - start


def report(name: str, runs: dict[str, dict]) -> None:
    reference = runs.get("pyshacl")
    quads = next(iter(runs.values()))["quads"]
    print(f"\n{name}: {quads} quads (dataset incl. ontology and vocabularies)")
    print("engine         cold s   warm s   CPU s  x pySHACL (wall/CPU)  results  agrees  peak MiB")
    for engine, run in runs.items():
        cold, warm = run["times"][0], statistics.median(run["times"][1:] or run["times"])
        cpu = min(run["cpu"])
        ratio = "-"
        if reference:
            wall_ratio = reference["times"][0] / cold  # cold against cold: both compile the shapes
            ratio = f"{wall_ratio:.0f}x / {min(reference['cpu']) / cpu:.0f}x"
        agrees = "-" if not reference else ("yes" if run["keys"] == reference["keys"] else "NO")
        print(
            f"{engine:<14}{cold:7.2f}  {warm:7.2f}  {cpu:6.2f}  {ratio:>20}"
            f"  {len(run['keys']):7d}  {agrees:>6}  {run['mib']:8d}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-pyshacl-above", type=int, default=10**9, metavar="TRIPLES")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    for name in ["curated", *map(str, args.sizes)]:
        engines = ["pyshacl", *sorted(e for e in ENGINES if e != "pyshacl")]
        if name != "curated" and int(name) > args.skip_pyshacl_above:
            engines.remove("pyshacl")
        runs = {}
        for engine in engines:
            repeats = 1 if engine == "pyshacl" and name != "curated" else args.repeats
            runs[engine] = measure(engine, name, repeats)
        report(name, runs)
        print(f"advocacy-kg validate ({DEFAULT}), whole command: {command_seconds(name):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
