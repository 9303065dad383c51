"""VSM Desktop: a desktop editor for value stream maps."""

from functools import cache


@cache
def _installed_version() -> str:
    # importlib.metadata costs a noticeable part of the window's start, and only saving, About
    # and --version need the version: read on first use.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vsm-desktop")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
