#!/bin/sh
# Remove what install-user.sh put under ~/.local: the program, launcher, icons, desktop entry and
# .vsm file type. Maps you saved are never touched.
set -eu

APP_ID=vsm-desktop
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
BIN_HOME=${XDG_BIN_HOME:-$HOME/.local/bin}
APP_HOME=$DATA_HOME/$APP_ID

# Only remove the launcher if it is ours (a symlink into the installed program).
if [ -L "$BIN_HOME/$APP_ID" ] && [ "$(readlink "$BIN_HOME/$APP_ID")" = "$APP_HOME/$APP_ID" ]; then
    rm -f "$BIN_HOME/$APP_ID"
fi
for dir in "$DATA_HOME"/icons/hicolor/*/; do
    rm -f "$dir/apps/$APP_ID.png" "$dir/apps/$APP_ID.svg" \
        "$dir/mimetypes/application-x-$APP_ID.png" "$dir/mimetypes/application-x-$APP_ID.svg"
done
rm -f "$DATA_HOME/applications/$APP_ID.desktop" "$DATA_HOME/mime/packages/$APP_ID.xml"

if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA_HOME/mime" ]; then
    update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA_HOME/applications" ]; then
    update-desktop-database "$DATA_HOME/applications" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$DATA_HOME/icons/hicolor" ]; then
    gtk-update-icon-cache --force --ignore-theme-index "$DATA_HOME/icons/hicolor" >/dev/null 2>&1 || true
fi

# Last, since this script may itself live inside the installed copy.
rm -rf "$APP_HOME"
echo "VSM Desktop removed from $DATA_HOME and $BIN_HOME."
