"""An entity page's data (``describe_resource``) as an earlier commit wrote it, against now, on the
same store and the same letters.

    .venv/bin/python benchmarks/scale_describe_before.py --before a03468e --size 10000000 \
        --store oxigraph:benchmarks/generated/10000000.endpoint-store

The earlier ``describe.py`` is read with ``git show`` and imported beside the current one (it
uses the rest of the package as it is now). Prints the median of 5 letters, after one warm-up.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

from scale_workload import entity, pools  # noqa: E402

from advocacy_kg import describe  # noqa: E402
from advocacy_kg.store import open_store  # noqa: E402


def earlier_describe(commit: str, scratch: Path) -> ModuleType:
    source = subprocess.run(
        ["git", "show", f"{commit}:src/advocacy_kg/describe.py"],
        cwd=HERE.parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = scratch / "describe_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("advocacy_kg.describe_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--store", required=True, help="a store spec, e.g. oxigraph:DIR")
    parser.add_argument("--size", type=int, required=True, help="triples generated (for IRIs)")
    args = parser.parse_args()
    store = open_store(args.store, read_only=True)
    _, letters = pools(args.size)
    rng = random.Random(3)
    iris = [entity("letter", 1 + rng.randrange(letters)) for _ in range(6)]
    with tempfile.TemporaryDirectory() as scratch:
        versions = {args.before: earlier_describe(args.before, Path(scratch)), "now": describe}
        for name, module in versions.items():
            module.describe_resource(store, iris[0])  # warm-up
            times = []
            for iri in iris[1:]:
                started = time.perf_counter()
                assert module.describe_resource(store, iri).outgoing
                times.append((time.perf_counter() - started) * 1000)
            rounded = [round(t, 1) for t in times]
            print(f"{name}: median {statistics.median(times):.1f} ms, each {rounded}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
