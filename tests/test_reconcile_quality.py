"""Floors on match quality over the labelled name variants of ``benchmarks/data`` (figures in
``benchmarks/README.md``, "Reconciliation"): a change to the scores cannot quietly lower them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from advocacy_kg.reconciliation_api import Reconciler
from advocacy_kg.reconciliation_data import entity_id
from advocacy_kg.store.oxigraph import curated_store

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_reconcile.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_reconcile", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_variant_list_is_big_enough_and_names_real_entities(bench: ModuleType) -> None:
    variants = bench.read_variants()
    assert len(variants) >= 100
    from_sources = [v for v in variants if not v["origin"].startswith("graph label")]
    assert len(from_sources) >= 60
    entities = Reconciler(curated_store()).catalogue.entities
    stale = sorted({v["expected"] for v in variants} - {entity_id(iri) for iri in entities})
    assert not stale, f"expected entities the graph no longer has (rebuild the list): {stale}"


def test_top1_and_mean_reciprocal_rank_stay_above_their_floors(bench: ModuleType) -> None:
    store = curated_store()
    variants = bench.read_variants()
    every = bench.measure(bench.reconciliation_ranker(store), variants)
    assert every.top1 >= 0.95 and every.mrr >= 0.97, every.misses
    written = [v for v in variants if not v["origin"].startswith("graph label")]
    sources = bench.measure(bench.reconciliation_ranker(store), written)
    assert sources.top1 >= 0.90 and sources.mrr >= 0.93, sources.misses
    peer = bench.measure(bench.search_ranker(store), written)
    assert sources.mrr > peer.mrr  # better than the site search at what it is for
