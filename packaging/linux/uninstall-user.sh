#!/bin/sh
# Remove what install-user.sh put under ~/.local: the program, launcher, icons, desktop entry,
# AppStream metadata, the .vsm file type and its default-application line, and the folders the
# install created that are empty now. Maps you saved are never touched.
set -eu

APP_ID=vsm-desktop
DESKTOP_ID=org.vsmdesktop.VSMDesktop
MIME_TYPE=application/x-vsm-desktop
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
CONFIG_HOME=${XDG_CONFIG_HOME:-$HOME/.config}
BIN_HOME=${XDG_BIN_HOME:-$HOME/.local/bin}
APP_HOME=$DATA_HOME/$APP_ID
ICONS=$DATA_HOME/icons/hicolor

# Only remove the launcher if it is ours (a symlink into the installed program).
if [ -L "$BIN_HOME/$APP_ID" ] && [ "$(readlink "$BIN_HOME/$APP_ID")" = "$APP_HOME/$APP_ID" ]; then
    rm -f "$BIN_HOME/$APP_ID"
fi
for dir in "$ICONS"/*/; do
    [ -d "$dir" ] || continue
    rm -f "$dir/apps/$DESKTOP_ID.png" "$dir/apps/$DESKTOP_ID.svg" \
        "$dir/mimetypes/application-x-$APP_ID.png" "$dir/mimetypes/application-x-$APP_ID.svg"
    # The size folders the install made, if nothing else lives in them.
    rmdir "$dir/apps" "$dir/mimetypes" "$dir" 2>/dev/null || true
done
rm -f "$DATA_HOME/applications/$DESKTOP_ID.desktop" "$DATA_HOME/mime/packages/$APP_ID.xml" \
    "$DATA_HOME/metainfo/$DESKTOP_ID.metainfo.xml"

# xdg-mime wrote "application/x-vsm-desktop=org.vsmdesktop.VSMDesktop.desktop" into mimeapps.list.
for list in "$CONFIG_HOME/mimeapps.list" "$DATA_HOME/applications/mimeapps.list"; do
    if [ -f "$list" ] && grep -q "^$MIME_TYPE=" "$list"; then
        grep -v "^$MIME_TYPE=" "$list" >"$list.vsm-desktop-tmp" || true
        mv "$list.vsm-desktop-tmp" "$list"
    fi
done

# The caches the install had generated: removed with the last file they described, else renewed.
only_caches_in() {  # folder, then the names of generated files in it
    folder=$1
    shift
    [ -d "$folder" ] || return 1
    for entry in "$folder"/* "$folder"/.[!.]*; do
        [ -e "$entry" ] || continue
        name=${entry##*/}
        case " $* " in *" $name "*) ;; *) return 1 ;; esac
    done
    return 0
}
MIME_DB="aliases generic-icons globs globs2 icons magic mime.cache subclasses treemagic types
version XMLnamespaces packages"
if [ -d "$DATA_HOME/mime/packages" ] && [ -z "$(ls -A "$DATA_HOME/mime/packages")" ] &&
    only_caches_in "$DATA_HOME/mime" $MIME_DB application; then
    rm -rf "$DATA_HOME/mime"
elif command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA_HOME/mime" ]; then
    update-mime-database "$DATA_HOME/mime" >/dev/null 2>&1 || true
fi
if only_caches_in "$DATA_HOME/applications" mimeinfo.cache; then
    rm -rf "$DATA_HOME/applications"
elif command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA_HOME/applications" ]; then
    update-desktop-database "$DATA_HOME/applications" >/dev/null 2>&1 || true
fi
if [ -d "$ICONS" ] && [ -z "$(find "$ICONS" -type f ! -name icon-theme.cache | head -n 1)" ]; then
    rm -rf "$ICONS"  # only our icons were there, and the cache of them
elif command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$ICONS" ]; then
    gtk-update-icon-cache --force --ignore-theme-index "$ICONS" >/dev/null 2>&1 || true
fi
for dir in "$DATA_HOME/icons" "$DATA_HOME/metainfo" "$BIN_HOME"; do
    rmdir "$dir" 2>/dev/null || true
done

# Last, since this script may itself live inside the installed copy.
rm -rf "$APP_HOME"
echo "VSM Desktop removed from $DATA_HOME and $BIN_HOME."
