"""Loading a small file into a big on-disk store: the text index updated for the changed subjects
against the same load with the index built whole, measured in the same run.

    .venv/bin/python benchmarks/bench_incremental.py               # 1M synthetic quads, 3 rounds
    .venv/bin/python benchmarks/bench_incremental.py --size 100000 --rounds 5

The store (``benchmarks/generated/incremental-SIZE/store``) is filled once from ``generate.py``'s
SYNTHETIC data and kept for later runs. Each round loads a 9-triple SYNTHETIC file into its own
named graph, alternating two versions so every load changes 9 quads, once with the update and
once with the index built whole (``index_update.MAX_QUADS = 0``), each in a fresh process; the
time is ``load_graphs``' own (what ``advocacy-kg load`` prints). Target (issue 11): under 1 s at 1M.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"
sys.path.insert(0, str(HERE.parent / "src"))

from advocacy_kg import config, loading  # noqa: E402
from advocacy_kg.store import index_update, swap  # noqa: E402
from advocacy_kg.store.oxigraph import OxigraphStore  # noqa: E402
from advocacy_kg.store.text_index import FILE_NAME  # noqa: E402

SYNTHETIC = config.BASE + "synthetic/"
#: Nine triples, all SYNTHETIC: a new organisation and another name for a generated one.
SMALL = """@prefix akg: <{akg}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{s}id/organisation/bench-{v}> a akg:Organisation ; rdfs:label "Bench watch {v} (synthetic)"@en ;
  rdfs:comment "SYNTHETIC organisation added by benchmarks/bench_incremental.py"@en ;
  skos:altLabel "Bench {v}"@en ; akg:date "2025-01-0{n}"^^xsd:date .
<{s}id/coalition/coa-0000000> skos:altLabel "Bench coalition {v} (synthetic)"@en .
<{s}id/organisation/bench-extra-{v}> a akg:Organisation ;
  rdfs:label "Bench extra {v} (synthetic)"@en ; skos:notation "BENCH-{v}" .
"""


def small_file(version: int) -> Path:
    path = GENERATED / f"incremental-small-{version}.ttl"
    text = SMALL.format(akg=config.ONTOLOGY, s=SYNTHETIC, v="AB"[version], n=version + 1)
    path.write_text(text, encoding="utf-8")
    return path


def store_dir(size: int) -> Path:
    directory = GENERATED / f"incremental-{size}" / "store"
    if not (directory / FILE_NAME).exists():
        data = GENERATED / f"{size}.nq"
        if not data.exists():
            generate = [sys.executable, str(HERE / "generate.py"), "--triples", str(size)]
            subprocess.run([*generate, "--out", str(data)], check=True)
        print(f"filling {directory} from {data.name} (once)", flush=True)
        OxigraphStore.on_disk(directory).load_graphs([loading.RdfFile(data)])
    return directory


#: The steps of a load timed on their own: (module, function, what it does); the rest of the
#: time (opening, RocksDB backup and flush) is "other". Steps missing in a version are skipped;
#: "of which" steps run inside the one above them (not counted in "other").
STEPS = [
    (swap, "load_all", "parse into a scratch store"),
    (index_update, "changes", "changed subjects"),
    (swap, "replace_graphs", "replace graphs in the copy"),
    (swap, "_compact_if_grown", "compaction check"),
    (index_update, "stage_copy", "index: copy + update (before)"),
    (index_update, "stage", "index: rows to change"),
    (index_update, "fill_members", "  of which members' rows (SPARQL, old and new store)"),
    (swap, "swap_in", "swap (with the index's rows applied)"),
]


def timed(seconds: dict[str, float]) -> None:
    """Wrap each step so that its time adds up in ``seconds``."""
    for module, name, label in STEPS:
        function = getattr(module, name, None)
        if function is None:
            continue

        def wrapper(
            *args: object, _f: Any = function, _label: str = label, **kwargs: object
        ) -> Any:
            started = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                seconds[_label] = seconds.get(_label, 0.0) + time.perf_counter() - started

        setattr(module, name, wrapper)


def child(directory: Path, version: int, whole: bool) -> None:
    """One load in this process; prints its seconds, and each step's, as JSON."""
    if whole:
        index_update.MAX_QUADS = 0  # every load then builds the index whole
    steps: dict[str, float] = {}
    timed(steps)
    store = OxigraphStore.on_disk(directory)
    graph = SYNTHETIC + "graph/bench-incremental"
    report = store.load_graphs([loading.RdfFile(small_file(version), graph)])
    inside = sum(s for step, s in steps.items() if step.startswith(" "))
    steps["other"] = report.seconds - sum(steps.values()) + inside
    print(json.dumps({"seconds": report.seconds, "quads": report.quads, "steps": steps}))


def measure(directory: Path, version: int, whole: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(directory), str(version)]
    out = subprocess.run(command + (["--whole"] if whole else []), check=True, capture_output=True)
    return dict(json.loads(out.stdout.decode().strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic quads")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--whole-rounds", type=int, help="loads with the index built whole (default: --rounds)"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--whole", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    GENERATED.mkdir(exist_ok=True)
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), args.whole)
        return 0
    directory = store_dir(args.size)
    runs: dict[bool, list[float]] = {False: [], True: []}
    steps: dict[str, list[float]] = {}
    whole_rounds = args.rounds if args.whole_rounds is None else args.whole_rounds
    version = 0
    for round_number in range(args.rounds):
        for whole in (False, True)[: 1 + (round_number < whole_rounds)]:
            version = 1 - version  # every load changes the file's 9 quads
            result = measure(directory, version, whole)
            runs[whole].append(result["seconds"])
            for step, seconds in result["steps"].items() if not whole else ():
                steps.setdefault(step, []).append(seconds)
    updated = statistics.median(runs[False])
    built = statistics.median(runs[True]) if runs[True] else float("nan")
    index_mib = (directory / FILE_NAME).stat().st_size / 2**20
    print(f"\n### 9 quads into {args.size} synthetic quads on disk ({time.strftime('%H:%M')})\n")
    print("| text index | median s | rounds (s) | ratio |")
    print("| --- | ---: | --- | ---: |")
    for name, whole, seconds in (("updated", False, updated), ("built whole", True, built)):
        rounds = ", ".join(f"{s:.2f}" for s in runs[whole])
        print(f"| {name} | {seconds:.3f} | {rounds} | {seconds / updated:.1f}x |")
    print(f"\nindex file: {index_mib:.0f} MiB; steps of the updated loads (median s):\n")
    for step, seconds in sorted(steps.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"- {step}: {statistics.median(seconds):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
