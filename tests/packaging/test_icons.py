"""The committed icon files: every PNG size, and .ico/.icns containers Windows and macOS accept."""

import struct
from pathlib import Path

import pytest
from PIL import Image

from vsm_desktop.resources import icons_dir

ROOT = Path(__file__).resolve().parents[2]
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_has_its_size_transparent_corners_and_a_drawn_mark(size):
    image = Image.open(icons_dir() / f"vsm-desktop-{size}.png").convert("RGBA")
    assert image.size == (size, size)
    # Rounded square: the very corner is transparent, the centre column is painted.
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((size // 2, size // 2))[3] == 255
    colours = {rgba[:3] for _, rgba in image.getcolors(size * size) if rgba[3] == 255}
    assert len(colours) > 4  # background, steps, queue and ladder, not a blank square


def test_ico_holds_every_windows_size_up_to_256():
    ico = icons_dir() / "vsm-desktop.ico"
    reserved, kind, count = struct.unpack("<HHH", ico.read_bytes()[:6])
    assert (reserved, kind) == (0, 1)
    assert count == 7
    with Image.open(ico) as image:
        assert set(image.info["sizes"]) == {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)}
        image.size = (256, 256)
        assert image.convert("RGBA").getpixel((128, 128))[3] == 255


def test_icns_holds_the_macos_sizes_up_to_1024():
    icns = icons_dir() / "vsm-desktop.icns"
    data = icns.read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    with Image.open(icns) as image:
        assert image.size == (1024, 1024)  # Pillow opens the largest element
        sizes = {size[0] * size[2] for size in image.info["sizes"]}
        assert {16, 32, 64, 128, 256, 512, 1024} <= sizes


def test_make_icons_regenerates_the_same_sizes_from_the_svg(tmp_path, qapp):
    """The generator works from the committed SVG (run after editing it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging/make_icons.py")
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)

    written = make_icons.make_icons(out_dir=tmp_path)

    assert {path.name for path in written} == {
        *(f"vsm-desktop-{size}.png" for size in PNG_SIZES),
        "vsm-desktop.ico",
        "vsm-desktop.icns",
    }
    with Image.open(tmp_path / "vsm-desktop-64.png") as image:
        assert image.size == (64, 64)
