#!/usr/bin/env bash
# CI: build the Linux one-folder app with PyInstaller into build/, check that every migration and
# resource made it into the bundle, then run the frozen app's --screenshot against a fresh home
# and data directory (and the frozen hub's migrate). Any failure fails CI. Prints each step's time.
#
#   packaging/ci_build.sh            # from the repository root, with .venv made by .ci/run
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
py=.venv/bin/python

echo "== packaging: installing PyInstaller"
$py -m pip install -q -e ".[package]"

echo "== packaging: PyInstaller one-folder build into build/dist/horseshoe"
step=$SECONDS
rm -rf build/dist build/work
log=build/pyinstaller.log
mkdir -p build
if ! .venv/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
  packaging/horseshoe.spec >"$log" 2>&1; then
  tail -n 40 "$log"
  echo "packaging: the PyInstaller build failed (whole log: $log)"
  exit 1
fi
app=build/dist/horseshoe
echo "   built in $((SECONDS - step)) s, $(du -sh "$app" | cut -f1) on disk"

echo "== packaging: every migration and resource is in the bundle"
missing=0
checked=0
while IFS= read -r path; do
  case "$path" in
    resources/*) bundled="$app/_internal/horseshoe_resources/${path#resources/}" ;;
    *) bundled="$app/_internal/$path" ;;
  esac
  [ -f "$bundled" ] || { echo "   missing from the bundle: $path"; missing=1; }
  checked=$((checked + 1))
done < <(find console -path '*/migrations/*' -type f \( -name '*.py' -o -name '*.mako' \) \
  -not -path '*__pycache__*'; find resources -type f -not -path '*__pycache__*')
[ "$missing" -eq 0 ] || { echo "packaging: the spec left files out"; exit 1; }
echo "   all $checked present"

echo "== packaging: the frozen app's --screenshot (fresh home and data directory, offscreen)"
step=$SECONDS
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
set +e
out=$(env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  timeout 180 "$app/horseshoe" --data-dir "$scratch/data" --screenshot "$scratch/queue.png" 2>&1)
status=$?
set -e
echo "$out" | tail -n 5
if [ "$status" -ne 0 ]; then
  echo "packaging: the frozen app exited $status"
  exit 1
fi
rows=$(echo "$out" | sed -n 's/^screenshot saved to .* (\([0-9]*\) rows)$/\1/p')
if [ ! -s "$scratch/queue.png" ] || [ "${rows:-0}" -lt 1 ]; then
  echo "packaging: no screenshot, or an empty queue in it (rows: ${rows:-none})"
  exit 1
fi
mkdir -p build/screenshots
cp "$scratch/queue.png" build/screenshots/frozen-queue.png
echo "   exit 0, $rows rows in the queue, build/screenshots/frozen-queue.png, in $((SECONDS - step)) s"

echo "== packaging: the frozen hub migrates a new database"
env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 \
  "$app/horseshoe-hub" migrate --db "$scratch/hub.sqlite"

echo "== packaging finished in $((SECONDS - started)) s"
