"""Sub-commands of ``advocacy-kg``. Each module has ``register(subparsers)``, which adds its
parser and sets ``run`` (a function of the parsed arguments returning the exit code)."""

from __future__ import annotations

from types import ModuleType

from . import contribute, diff, export, load, query, serve, validate

COMMANDS: list[ModuleType] = [validate, query, export, diff, load, serve, contribute]
