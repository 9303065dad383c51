"""Render the application icon from its SVG source into every size the platforms ask for.

    python packaging/make_icons.py

Writes resources/icons/vsm-desktop-<size>.png (16 to 512), vsm-desktop.ico (Windows) and
vsm-desktop.icns (macOS). Rendering uses Qt's own SVG renderer offscreen, and the .ico/.icns
containers are written here (both are a small index around PNG images), so building the icons
needs nothing beyond the project's own dependencies. Run it after editing the SVG and commit
the results: the bundle build uses the committed files.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "vsm-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Apple's "Icon Services" types). The @2x
# types reuse the image of twice the point size.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16 pt @2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32 pt @2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128 pt @2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256 pt @2x
    (b"ic10", 1024),  # 512 pt @2x
)


def render_png(svg_path: Path, size: int) -> bytes:
    """The SVG drawn antialiased on a transparent square of `size` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_path))
    if not renderer.isValid():
        raise ValueError(f"{svg_path}: not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG-compressed images (supported since Windows Vista).

    Layout: ICONDIR (reserved, type 1, count), then one 16-byte ICONDIRENTRY per image, then the
    image data. A width or height of 0 in an entry means 256.
    """
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        if not 1 <= size <= 256:
            raise ValueError(f"an .ico image must be 1 to 256 pixels wide, not {size}")
        data = pngs[size]
        edge = size % 256  # 256 is written as 0
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns_bytes(elements: list[tuple[bytes, bytes]]) -> bytes:
    """A macOS .icns: the magic 'icns' and total length, then (type, length, data) elements.

    All lengths are big-endian and include their own 8-byte headers.
    """
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(source: Path = SOURCE, out_dir: Path = ICONS) -> list[Path]:
    """Write every icon file derived from `source` into `out_dir`; returns the paths written."""
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QPainter needs one

    rendered = {size: render_png(source, size) for size in {*PNG_SIZES, 1024}}
    written = []
    for size in PNG_SIZES:
        path = out_dir / f"vsm-desktop-{size}.png"
        path.write_bytes(rendered[size])
        written.append(path)
    ico = out_dir / "vsm-desktop.ico"
    ico.write_bytes(ico_bytes({size: rendered[size] for size in ICO_SIZES}))
    icns = out_dir / "vsm-desktop.icns"
    icns.write_bytes(icns_bytes([(kind, rendered[size]) for kind, size in ICNS_TYPES]))
    return [*written, ico, icns]


def main() -> int:
    for path in make_icons():
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>7} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
