"""What a load leaves beside an on-disk store: a dead load's staging directories are removed by
the next opening of the store (never a live load's), and loading the same files again does not
grow the store."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from advocacy_kg import loading
from advocacy_kg.store import open_store, swap
from advocacy_kg.store.oxigraph import OxigraphStore
from advocacy_kg.web import SPARQL_KEY, create_app


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    OxigraphStore.on_disk(directory).load_graphs(loading.curated_files()[:3])
    return directory


def leave_staging(directory: Path) -> list[Path]:
    """What a load killed while staging leaves: both directories, with a file in each."""
    left = [swap.sibling(directory, swap.LOADING), swap.sibling(directory, swap.INCOMING)]
    for path in left:
        path.mkdir()
        (path / "000001.sst").write_bytes(b"x" * 4096)
    return left


@pytest.mark.parametrize("read_only", [True, False])
def test_the_next_opening_removes_a_dead_loads_staging(store_dir: Path, read_only: bool) -> None:
    graphs = open_store(f"oxigraph:{store_dir}", read_only=True).graphs()
    left = leave_staging(store_dir)
    store = open_store(f"oxigraph:{store_dir}", read_only=read_only)
    assert not [p for p in left if p.exists()]
    assert store.graphs() == graphs and graphs  # the live store is untouched


def test_the_server_removes_them_when_it_opens_the_store(store_dir: Path) -> None:
    left = leave_staging(store_dir)
    app = create_app({"TESTING": True, "STORE": f"oxigraph:{store_dir}"})
    try:
        assert not [p for p in left if p.exists()]
        assert app.test_client().get("/search?q=ban").status_code == 200
    finally:
        app.extensions[SPARQL_KEY].close()


def test_a_live_loads_staging_is_left_alone(store_dir: Path) -> None:
    left = leave_staging(store_dir)
    with swap.sibling(store_dir, swap.LOCK).open("a") as held:  # as a load holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        store = open_store(f"oxigraph:{store_dir}", read_only=True)
        assert all(p.exists() for p in left)
        assert store.graphs()
    open_store(f"oxigraph:{store_dir}", read_only=True)  # the load is over: now they go
    assert not [p for p in left if p.exists()]


def test_a_swap_stopped_half_way_is_put_back_at_the_next_opening(store_dir: Path) -> None:
    graphs = open_store(f"oxigraph:{store_dir}", read_only=True).graphs()
    store_dir.rename(swap.sibling(store_dir, swap.REPLACED))  # killed between the two renames
    assert open_store(f"oxigraph:{store_dir}", read_only=True).graphs() == graphs


def size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.iterdir() if p.is_file())


def test_loading_the_same_files_again_does_not_grow_the_store(tmp_path: Path) -> None:
    directory, files = tmp_path / "store", loading.curated_files()
    sizes = []
    for _ in range(4):
        store = OxigraphStore.on_disk(directory)
        store.load_graphs(files)
        del store  # closed, as after a command
        sizes.append(size(directory))
    # every load replaces every graph: without compaction the replaced data stay on disk
    assert max(sizes[1:]) <= swap.COMPACT_GROWTH * sizes[0], sizes
