#!/bin/sh
# Install VSM Desktop for the current user: no root, everything under ~/.local (XDG dirs).
#
#   ./install-user.sh [BUNDLE_DIR]
#
# BUNDLE_DIR is the unpacked bundle (the folder holding the `vsm-desktop` executable); it
# defaults to the folder this script is in, which is where the release archive puts it.
# The bundle is copied into the user's data folder, so the download can be deleted afterwards.
# Installs: the program, a `vsm-desktop` launcher in ~/.local/bin, the icon in every hicolor
# size, the desktop entry and the .vsm file type (opened by VSM Desktop by default).
# uninstall-user.sh removes all of it again.
set -eu

APP_ID=vsm-desktop                  # the program, its folder and its launcher
DESKTOP_ID=org.vsmdesktop.VSMDesktop  # desktop entry, icon and AppStream id (reverse DNS)
MIME_TYPE=application/x-vsm-desktop
HERE=$(cd "$(dirname "$0")" && pwd)
BUNDLE_DIR=$(cd "${1:-$HERE}" && pwd)

DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
BIN_HOME=${XDG_BIN_HOME:-$HOME/.local/bin}
APP_HOME=$DATA_HOME/$APP_ID
ICON_SIZES="16 24 32 48 64 128 256 512"

fail() {
    echo "install-user.sh: $*" >&2
    exit 1
}

[ -x "$BUNDLE_DIR/$APP_ID" ] || fail "no executable '$APP_ID' in $BUNDLE_DIR; pass the unpacked bundle folder"
ICONS_DIR=$BUNDLE_DIR/_internal/resources/icons
[ -f "$ICONS_DIR/$APP_ID.svg" ] || fail "the bundle in $BUNDLE_DIR has no icons in $ICONS_DIR"
# The desktop entry and MIME type ship beside this script, both in the bundle and in packaging/linux.
[ -f "$HERE/$DESKTOP_ID.desktop" ] || fail "missing $HERE/$DESKTOP_ID.desktop"
[ -f "$HERE/$DESKTOP_ID.metainfo.xml" ] || fail "missing $HERE/$DESKTOP_ID.metainfo.xml"
[ -f "$HERE/$APP_ID-mime.xml" ] || fail "missing $HERE/$APP_ID-mime.xml"

echo "Installing VSM Desktop from $BUNDLE_DIR"

# The program: a private copy, replaced whole so no file of an older version lingers.
if [ "$BUNDLE_DIR" != "$APP_HOME" ]; then
    rm -rf "$APP_HOME.new"
    mkdir -p "$DATA_HOME"
    cp -R "$BUNDLE_DIR" "$APP_HOME.new"
    rm -rf "$APP_HOME"
    mv "$APP_HOME.new" "$APP_HOME"
fi
mkdir -p "$BIN_HOME"
ln -sf "$APP_HOME/$APP_ID" "$BIN_HOME/$APP_ID"
echo "  program   $APP_HOME (launcher: $BIN_HOME/$APP_ID)"

# Icons: the application icon and the icon for .vsm files, in every size we render.
for size in $ICON_SIZES; do
    png=$ICONS_DIR/$APP_ID-$size.png
    [ -f "$png" ] || continue
    for context in apps mimetypes; do
        mkdir -p "$DATA_HOME/icons/hicolor/${size}x${size}/$context"
    done
    cp "$png" "$DATA_HOME/icons/hicolor/${size}x${size}/apps/$DESKTOP_ID.png"
    cp "$png" "$DATA_HOME/icons/hicolor/${size}x${size}/mimetypes/application-x-$APP_ID.png"
done
mkdir -p "$DATA_HOME/icons/hicolor/scalable/apps" "$DATA_HOME/icons/hicolor/scalable/mimetypes"
cp "$ICONS_DIR/$APP_ID.svg" "$DATA_HOME/icons/hicolor/scalable/apps/$DESKTOP_ID.svg"
cp "$ICONS_DIR/$APP_ID.svg" "$DATA_HOME/icons/hicolor/scalable/mimetypes/application-x-$APP_ID.svg"
echo "  icons     $DATA_HOME/icons/hicolor"

# Desktop entry: point Exec/TryExec at the installed program, since ~/.local/bin may not be on
# the PATH a desktop session uses.
mkdir -p "$DATA_HOME/applications"
sed -e "s|^Exec=$APP_ID |Exec=\"$APP_HOME/$APP_ID\" |" \
    -e "s|^TryExec=.*|TryExec=$APP_HOME/$APP_ID|" \
    "$HERE/$DESKTOP_ID.desktop" >"$DATA_HOME/applications/$DESKTOP_ID.desktop"
echo "  menu      $DATA_HOME/applications/$DESKTOP_ID.desktop"

# AppStream metadata for software centres.
mkdir -p "$DATA_HOME/metainfo"
cp "$HERE/$DESKTOP_ID.metainfo.xml" "$DATA_HOME/metainfo/$DESKTOP_ID.metainfo.xml"

# File type.
mkdir -p "$DATA_HOME/mime/packages"
cp "$HERE/$APP_ID-mime.xml" "$DATA_HOME/mime/packages/$APP_ID.xml"
echo "  file type $MIME_TYPE (*.vsm)"

# Refresh the desktop's caches where the tools exist; a desktop without them rescans on login.
if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA_HOME/applications" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache --force --ignore-theme-index "$DATA_HOME/icons/hicolor" >/dev/null 2>&1 || true
fi
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default "$DESKTOP_ID.desktop" "$MIME_TYPE" >/dev/null 2>&1 || true
fi

case ":$PATH:" in
*":$BIN_HOME:"*) ;;
*) echo "Note: $BIN_HOME is not on your PATH; the menu entry works regardless." ;;
esac
echo "Done. Start VSM Desktop from the applications menu, or open a .vsm file."
