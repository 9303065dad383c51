"""The app's own log: a rotated file in the app data folder, and Python's fault handler.

Everything logs through `logging.getLogger(__name__)`; only the running app writes a file (tests
and the command line do not). A hard crash (a segfault in Qt) leaves its Python stack in
faults.log, and the crash report carries the last lines of the log. Map text stays out of the
log: it names files and what went wrong, not what a map says.
"""

from __future__ import annotations

import faulthandler
import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO

from .autosave import app_data_folder

LOG_NAME = "vsm-desktop.log"
FAULTS_NAME = "faults.log"
MAX_LOG_BYTES = 1_000_000
LOG_FILES_KEPT = 3  # the current file and two rotated ones
TAIL_LINES = 60
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: RotatingFileHandler | None = None
_faults: IO[str] | None = None


def log_folder() -> Path:
    return app_data_folder() / "logs"


def start_logging(folder: Path | None = None) -> Path | None:
    """Log INFO and above to folder (the app data log folder); the log file, or None if the
    folder cannot be written (the app runs on, logging to stderr only)."""
    global _handler, _faults
    folder = folder or log_folder()
    stop_logging()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / LOG_NAME,
            maxBytes=MAX_LOG_BYTES,
            backupCount=LOG_FILES_KEPT - 1,
            encoding="utf-8",
        )
        faults = open(folder / FAULTS_NAME, "a", encoding="utf-8")  # noqa: SIM115 (kept open)
    except OSError as error:
        logging.getLogger(__name__).warning("no log file in %s: %s", folder, error)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger("vsm_desktop")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    _handler, _faults = handler, faults
    faulthandler.enable(file=faults, all_threads=True)
    logging.getLogger(__name__).info("started; log in %s", folder)
    return folder / LOG_NAME


def stop_logging() -> None:
    global _handler, _faults
    if _handler is not None:
        logging.getLogger("vsm_desktop").removeHandler(_handler)
        _handler.close()
        _handler = None
    if _faults is not None:
        faulthandler.disable()
        _faults.close()
        _faults = None


def log_tail(lines: int = TAIL_LINES) -> list[str]:
    """The last lines of the current log file ([] when there is none)."""
    if _handler is None:
        return []
    _handler.flush()
    try:
        text = Path(_handler.baseFilename).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return text.splitlines()[-lines:]
