"""A validated knowledge graph of civil-society advocacy on AI surveillance."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("advocacy-kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
