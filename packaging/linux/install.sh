#!/usr/bin/env bash
# Install the desktop entry, the AppStream metainfo and the icons under DESTDIR/PREFIX
# (the layout software centres read), e.g. for a distribution package:
#
#   packaging/linux/install.sh "$pkgdir" /usr
#
# CI installs into a temporary folder and runs `appstreamcli validate-tree` on it, which also checks
# that the metainfo's launchable finds its desktop entry.
set -euo pipefail
cd "$(dirname "$0")/../.."
destdir=${1:?usage: install.sh DESTDIR [PREFIX]}
prefix=${2:-/usr}
share="$destdir$prefix/share"
app=io.horseshoe.Console
install -Dm644 "packaging/linux/$app.desktop" "$share/applications/$app.desktop"
install -Dm644 "packaging/linux/$app.metainfo.xml" "$share/metainfo/$app.metainfo.xml"
install -Dm644 resources/icons/horseshoe.svg "$share/icons/hicolor/scalable/apps/$app.svg"
for size in 16 32 48 64 128 256; do
  install -Dm644 "resources/icons/horseshoe-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$app.png"
done
