"""`import` and `export`: a map from a CSV of steps or a draw.io diagram, and a map out as a PDF
report, a PNG or SVG image, a CSV of steps or a draw.io diagram."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..analysis import analyze
from ..io.csv_steps import load_steps_csv, save_steps_csv
from ..io.errors import VsmFileError
from ..io.vsm_file import save_map, save_states
from ..model import ValueStreamMap
from .inputs import read_states
from .outcome import EXIT_FAILED, EXIT_OK, CommandError


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise CommandError(f"{path} already exists; add --force to overwrite it")


def import_command(options: argparse.Namespace) -> int:
    output = Path(options.output)
    _refuse_overwrite(output, options.force)
    if Path(options.file).suffix.lower() in (".drawio", ".xml"):
        return _import_drawio(options, output)
    notices: list[str] = []
    try:
        value_stream_map = load_steps_csv(Path(options.file), notices=notices)
    except VsmFileError as error:
        raise CommandError(str(error)) from None
    for notice in notices:
        print(f"note: {notice}")
    if options.title:
        value_stream_map.info.title = options.title
    try:
        save_map(value_stream_map, output)
    except VsmFileError as error:
        raise CommandError(str(error), EXIT_FAILED) from None
    print(f"Wrote {output}: {len(value_stream_map.elements)} elements, "
          f"{len(value_stream_map.connections)} connections.")
    return EXIT_OK


def _import_drawio(options: argparse.Namespace, output: Path) -> int:
    from ..io.drawio_import import load_drawio

    try:
        imported = load_drawio(Path(options.file))
    except VsmFileError as error:
        raise CommandError(str(error)) from None
    states = imported.states
    if options.title:
        states.current.info.title = options.title
    try:
        save_states(states, output)
    except VsmFileError as error:
        raise CommandError(str(error), EXIT_FAILED) from None
    for warning in imported.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    current = states.current
    print(f"Wrote {output}: {len(current.elements)} elements, {len(current.connections)} "
          f"connections" + (f", {len(states.maps) - 1} future state(s)"
                            if len(states.maps) > 1 else "") + ".")
    return EXIT_OK


def export_command(options: argparse.Namespace) -> int:
    output = Path(options.output)
    suffix = output.suffix.lower()
    if suffix not in (".pdf", ".png", ".svg", ".csv", ".drawio"):
        raise CommandError(
            f"cannot tell the format of '{output.name}': use .pdf, .png, .svg, .csv or .drawio"
        )
    states = read_states(options.file)
    value_stream_map = states.current
    if suffix == ".pdf":
        from ..export.pdf_report import ReportError, write_report

        try:
            write_report(value_stream_map, analyze(value_stream_map), output,
                         page_size=options.page_size, landscape=not options.portrait,
                         source_name=Path(options.file).name, states=states)
        except ReportError as error:
            raise CommandError(str(error), EXIT_FAILED) from None
    elif suffix == ".csv":
        try:
            save_steps_csv(value_stream_map, output)
        except VsmFileError as error:
            raise CommandError(str(error), EXIT_FAILED) from None
    elif suffix == ".drawio":
        from ..io.drawio_export import save_drawio

        try:
            save_drawio(states, output)  # every state, one page each
        except VsmFileError as error:
            raise CommandError(str(error), EXIT_FAILED) from None
    else:
        _export_image(value_stream_map, output, options.dpi)
    print(f"Wrote {output}")
    return EXIT_OK


def _export_image(value_stream_map: ValueStreamMap, output: Path, dpi: int) -> None:
    # PNG and SVG are drawn by the canvas itself; the offscreen platform needs no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ..ui.canvas.image_export import (
        ImageExportError,
        build_scene_for_export,
        render_png,
        render_svg,
    )

    scene = build_scene_for_export(value_stream_map, analyze(value_stream_map))
    try:
        if output.suffix.lower() == ".png":
            render_png(scene, output, dpi=dpi)
        else:
            render_svg(scene, output)
    except ImageExportError as error:
        raise CommandError(str(error), EXIT_FAILED) from None
