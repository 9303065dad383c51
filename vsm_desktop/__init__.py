"""VSM Desktop: a desktop editor for value stream maps."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vsm-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
