"""Tables and a plot from bench_scale.py's results (the latest run of each backend and size)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _stat(result: dict[str, Any], kind: str, stat: str = "median") -> float | str | None:
    """A latency; "-" when not measured, "error" when the backend refused the query."""
    measured = result["queries"].get(kind)
    if measured is None:
        return "-"
    if "error" in measured:
        return "error"
    return measured[stat]


#: What each column is, and how to read it from a result.
COLUMNS: dict[str, Callable[[dict[str, Any]], float | str | None]] = {
    "load s": lambda r: r["load_s"],
    "load MiB": lambda r: r["load_rss_mib"],
    "query MiB": lambda r: r["query_rss_mib"],
    "point ms": lambda r: _stat(r, "point"),
    "point p95": lambda r: _stat(r, "point", "p95"),
    "page ms": lambda r: _stat(r, "page"),
    "page p95": lambda r: _stat(r, "page", "p95"),
    "page-sparql ms": lambda r: _stat(r, "page_sparql"),
    "page-sparql p95": lambda r: _stat(r, "page_sparql", "p95"),
    "aggregate ms": lambda r: _stat(r, "aggregate"),
    "search ms": lambda r: _stat(r, "search"),
}
REFERENCE = "oxigraph"  # ratios are against the embedded on-disk store


def latest(path: Path, since: str = "") -> dict[tuple[str, int], dict[str, Any]]:
    """The last run of each backend and size, among those made at ``since`` or later (the
    results' "when", ``YYYY-MM-DD HH:MM``: an older run of a backend not run again is left out)."""
    runs: dict[tuple[str, int], dict[str, Any]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            result = json.loads(line)
            if result.get("when", "") >= since:
                runs[(result["backend"], result["size"])] = result
    return runs


def fmt(value: float | str | None) -> str:
    if value is None:
        return "over budget"
    if isinstance(value, str):
        return value
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def table(runs: dict[tuple[str, int], dict[str, Any]], size: int) -> str:
    rows = [f"| backend | {' | '.join(COLUMNS)} |", "| --- |" + " ---: |" * len(COLUMNS)]
    reference = runs.get((REFERENCE, size))
    for (backend, at), result in sorted(runs.items()):
        if at != size:
            continue
        cells = []
        for read in COLUMNS.values():
            value = read(result)
            cell = fmt(value)
            base = read(reference) if reference and backend != REFERENCE else None
            if isinstance(value, float) and isinstance(base, float) and base:
                cell += f" ({value / base:.1f}x)"
            cells.append(cell)
        rows.append(f"| {backend} | {' | '.join(cells)} |")
    return "\n".join(rows)


def plot(runs: dict[tuple[str, int], dict[str, Any]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = ["load s", "load MiB", "query MiB", "point ms", "page ms", "page-sparql ms"]
    shown += ["aggregate ms", "search ms"]
    figure, axes = plt.subplots(2, 4, figsize=(17, 7.5))
    for axis, name in zip(axes.flat, shown, strict=True):
        drawn = False
        for backend in sorted({b for b, _ in runs}):
            points = sorted(
                (s, COLUMNS[name](r))
                for (b, s), r in runs.items()
                if b == backend and isinstance(COLUMNS[name](r), float)
            )
            if points:
                axis.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=backend)
                drawn = True
        if drawn:
            axis.set(xscale="log", yscale="log")
        axis.set(title=name, xlabel="quads")
        axis.grid(True, which="both", alpha=0.3)
    axes.flat[0].legend()
    figure.suptitle("advocacy-kg: cost against size (synthetic data; medians; log-log)")
    figure.tight_layout()
    figure.savefig(out, dpi=110)


def report(path: Path, since: str = "") -> None:
    runs = latest(path, since)
    for size in sorted({s for _, s in runs}):
        print(f"\n#### {size:,} quads\n\n{table(runs, size)}")
    plot(runs, path.with_suffix(".png"))
    print(f"\nplot: {path.with_suffix('.png')}")
