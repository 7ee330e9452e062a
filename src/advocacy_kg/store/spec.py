"""What a store spec is: the ``StoreSpec`` value, the backends' table it is checked against, and
the errors of opening a store. Kept apart from the package so that backends can name these
without importing the package that opens them (``store/__init__.py`` fills ``BACKENDS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .protocol import Store


class StoreSpecError(ValueError):
    """A store spec that names no known backend, or a store that cannot be opened or read."""


class RemoteStoreError(OSError):
    """A store's server could not be reached or failed; the message names it and why."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store spec: ``scheme:location option=value …`` (see ``BACKENDS``)."""

    scheme: str
    location: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> StoreSpec:
        """The spec a text names; ``StoreSpecError`` for an unknown scheme or a bad form."""
        scheme, _, rest = text.strip().partition(":")
        backend = BACKENDS.get(scheme)
        if backend is None:
            raise StoreSpecError(f"unknown store {text!r}: use {usage()}")
        location, pairs = rest.strip(), []
        if backend.options:  # a location without spaces (a URL), then settings
            location, *pairs = rest.split() or [""]
        options = tuple((key, value) for key, _, value in (p.partition("=") for p in pairs))
        unknown = [key for key, _ in options if key not in backend.options]
        if unknown:
            raise StoreSpecError(f"{text!r}: unknown setting {unknown[0]!r}")
        if bool(location) != bool(backend.location):
            needs = f"'{backend.usage}'" if backend.location else f"just '{scheme}'"
            raise StoreSpecError(f"bad store spec {text!r}: write {needs}")
        return cls(scheme, location, options)

    def option(self, key: str, default: str | None = None) -> str | None:
        return dict(self.options).get(key, default)

    @property
    def is_curated(self) -> bool:
        """True for ``memory``: the curated files are the store, so commands may read them."""
        return self.scheme == "memory"

    def __str__(self) -> str:
        text = f"{self.scheme}:{self.location}" if self.location else self.scheme
        return " ".join([text, *(f"{key}={value}" for key, value in self.options)])


@dataclass(frozen=True)
class Backend:
    scheme: str
    usage: str  # how a spec is written, for help and errors
    summary: str
    opener: Callable[[StoreSpec, bool], Store]
    location: bool = False  # whether a spec must give one
    options: frozenset[str] = frozenset()  # settings after the location


#: The backends by scheme; ``store/__init__.py`` lists them.
BACKENDS: dict[str, Backend] = {}


def usage() -> str:
    """The spec forms, for help texts and errors: ``'memory', 'empty', … or 'sparql:…'``."""
    forms = [f"'{b.usage}'" for b in BACKENDS.values()]
    return ", ".join(forms[:-1]) + " or " + forms[-1]
