#!/usr/bin/env bash
# Try the hub behind nginx with TLS, end to end, on this machine (not part of CI):
#   a throwaway CA and a certificate for localhost (openssl), the hub (`horseshoe-hub serve` with a
#   TOML config, demo feed on) on 127.0.0.1, nginx with packaging/hub/nginx-horseshoe-hub.conf on a
#   high port, then curl and the workstation's own HubClient through the proxy: health over HTTP/2,
#   sign-in, pull, the live stream (SSE) arriving as it is written, and X-Forwarded-For handling.
#
#   packaging/hub/try_proxy.sh        # from the repository root, with .venv installed
#   HUB_PORT=18740 PROXY_PORT=18443 HORSESHOE_TRY_DB=postgresql://… packaging/hub/try_proxy.sh
#   HUB_BIN=build/dist/horseshoe/horseshoe-hub packaging/hub/try_proxy.sh    # the frozen hub
#
# Needs nginx (Debian: nginx-light), openssl and curl. Leaves nothing behind: everything lives in a
# temporary directory, and only the hub and nginx this script started are stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
hub_port=${HUB_PORT:-18740}
proxy_port=${PROXY_PORT:-18443}
for tool in nginx openssl curl; do
  command -v "$tool" >/dev/null || { echo "try_proxy: $tool is missing (apt-get install nginx-light openssl curl)"; exit 2; }
done

scratch=$(mktemp -d)
chmod 755 "$scratch"  # nginx's workers (another user when started as root) reach its temp folders
hub_pid=""
cleanup() {
  [ -f "$scratch/nginx.pid" ] && kill "$(cat "$scratch/nginx.pid")" 2>/dev/null || true
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
step() { echo; echo "== $*"; }

step "a CA and a certificate for localhost / 127.0.0.1"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Horseshoe try CA" \
  -keyout "$scratch/ca.key" -out "$scratch/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$scratch/hub.key" -out "$scratch/hub.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$scratch/ext.cnf"
openssl x509 -req -in "$scratch/hub.csr" -CA "$scratch/ca.pem" -CAkey "$scratch/ca.key" \
  -CAcreateserial -days 2 -extfile "$scratch/ext.cnf" -out "$scratch/hub.pem" 2>/dev/null
openssl x509 -in "$scratch/hub.pem" -noout -subject -ext subjectAltName | tr '\n' ' '; echo

step "the hub on 127.0.0.1:$hub_port (config file, demo feed on)"
cat >"$scratch/hub.toml" <<EOF
[hub]
database = "${HORSESHOE_TRY_DB:-$scratch/hub.sqlite}"
host = "127.0.0.1"
port = $hub_port
demo = true
demo_rate = 2.0
EOF
# HUB_BIN=build/dist/horseshoe/horseshoe-hub tries the frozen hub, as the systemd unit runs it.
hubcli=("${HUB_BIN:-.venv/bin/horseshoe-hub}")
"${hubcli[@]}" migrate --config "$scratch/hub.toml"
echo "try-password-1" | "${hubcli[@]}" users add ana --role agent --team Support --name "Ana Silva" \
  --password-stdin --config "$scratch/hub.toml" 2>&1 | tail -n 1
FORWARDED_ALLOW_IPS=127.0.0.1,::1 "${hubcli[@]}" serve --config "$scratch/hub.toml" >"$scratch/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$hub_port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$hub_port/health"; echo

step "nginx on https://localhost:$proxy_port, with packaging/hub/nginx-horseshoe-hub.conf"
mkdir -p "$scratch/nginx"
sed -e "s#server 127.0.0.1:8740;#server 127.0.0.1:$hub_port;#" \
  -e "s#listen 443 ssl http2;#listen 127.0.0.1:$proxy_port ssl http2;#" \
  -e "/listen \[::\]:443/d" \
  -e "s#server_name hub.example.com;#server_name localhost;#" \
  -e "s#/etc/letsencrypt/live/hub.example.com/fullchain.pem#$scratch/hub.pem#" \
  -e "s#/etc/letsencrypt/live/hub.example.com/privkey.pem#$scratch/hub.key#" \
  packaging/hub/nginx-horseshoe-hub.conf >"$scratch/nginx/site.conf"
cat >"$scratch/nginx/nginx.conf" <<EOF
pid $scratch/nginx.pid;
error_log $scratch/nginx/error.log warn;
worker_processes 1;
events { worker_connections 256; }
http {
    access_log $scratch/nginx/access.log;
    client_body_temp_path $scratch/nginx/body;
    proxy_temp_path $scratch/nginx/proxy;
    fastcgi_temp_path $scratch/nginx/fastcgi;
    uwsgi_temp_path $scratch/nginx/uwsgi;
    scgi_temp_path $scratch/nginx/scgi;
    include $scratch/nginx/site.conf;
}
EOF
nginx -t -q -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf"
nginx -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf"
for _ in $(seq 1 25); do [ -f "$scratch/nginx.pid" ] && break; sleep 0.2; done
base="https://localhost:$proxy_port"
tls=(--cacert "$scratch/ca.pem")

step "curl: /health through the proxy (HTTP version, certificate checked against the CA)"
curl -fsS "${tls[@]}" --http2 -o "$scratch/health.json" -w "HTTP/%{http_version} %{http_code}\n" "$base/health"
cat "$scratch/health.json"; echo

step "curl: sign in, pull, and a forged X-Forwarded-For"
token=$(curl -fsS "${tls[@]}" -H "Content-Type: application/json" -H "X-Forwarded-For: 203.0.113.9" \
  -d '{"username": "ana", "password": "try-password-1", "label": "try_proxy"}' "$base/v1/auth/login" |
  .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["token"])')
echo "signed in (token of ${#token} characters)"
curl -fsS "${tls[@]}" -H "Authorization: Bearer $token" -o "$scratch/pull.json" \
  -w "pull: HTTP/%{http_version} %{http_code}, %{size_download} bytes in %{time_total} s\n" \
  "$base/v1/sync/pull?limit=50"
sleep 0.5
echo "the hub's log of the sign-in (the client address it believes):"
grep '/v1/auth/login' "$scratch/hub.log" | tail -n 1

step "curl: the live stream over HTTP/2 for 40 s (each line with its second of arrival)"
# The demo feed writes a mention about every 30 s: hints come as they happen, heartbeats in between.
t0=$SECONDS
curl -sS -N "${tls[@]}" --http2 --max-time 40 -H "Authorization: Bearer $token" \
  -H "Accept: text/event-stream" "$base/v1/live" 2>/dev/null |
  while IFS= read -r line; do
    [ -n "$line" ] && printf '%4d s  %.90s\n' "$((SECONDS - t0))" "$line"
  done >"$scratch/live.txt" || true
head -n 12 "$scratch/live.txt"
echo "... in 40 s: $(grep -c '  event: change' "$scratch/live.txt" || true) change hints," \
  "$(grep -c ': heartbeat' "$scratch/live.txt" || true) heartbeats"
grep -q ': heartbeat' "$scratch/live.txt" || { echo "try_proxy: no heartbeat came through the proxy"; exit 1; }

step "the workstation's HubClient (console.sync.hub_client) through the proxy"
SSL_CERT_FILE="$scratch/ca.pem" .venv/bin/python - "$base" <<'EOF'
import asyncio
import sys
import time

from console.sync.hub_client import HubClient


async def main(base: str) -> None:
    client = HubClient(base)
    info = await client.health()
    print(f"health: hub {info.version}, epoch {info.epoch[:8]}…, head {info.head}")
    sign_in = await client.login("ana", "try-password-1", "try_proxy HubClient")
    print(f"signed in as {sign_in.username} ({sign_in.role}, teams {', '.join(sign_in.teams)})")
    page = await client.pull(None, limit=200)
    rows = sum(len(table["rows"]) for table in page.tables.values())
    print(f"pull: {rows} rows in {len(page.tables)} tables, head {page.head}, more: {page.more}")
    started = time.monotonic()
    seen = []
    async with client.live() as lines:  # until a hint or a heartbeat follows the presence snapshot
        async for line in lines:
            if line.startswith(("event:", ": heartbeat")):
                seen.append(line)
                print(f"live: {line!r} after {time.monotonic() - started:.1f} s")
            if len(seen) >= 2:
                break
    await client.logout()
    await client.aclose()


asyncio.run(main(sys.argv[1]))
EOF

step "the desktop app through the proxy: signed in as ana, --screenshot after its first sync"
# A throwaway file keyring holds the sign-in the app would have kept from its sign-in dialog.
cat >"$scratch/try_keyring.py" <<'EOF'
"""A plain JSON file as the keyring: for this trial only, never for real secrets."""

import json
import os

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1

    def _all(self) -> dict:
        try:
            with open(os.environ["TRY_KEYRING_FILE"]) as handle:
                return json.load(handle)
        except FileNotFoundError:
            return {}

    def _save(self, data: dict) -> None:
        with open(os.environ["TRY_KEYRING_FILE"], "w") as handle:
            json.dump(data, handle)

    def get_password(self, service, username):
        return self._all().get(f"{service}/{username}")

    def set_password(self, service, username, password):
        self._save({**self._all(), f"{service}/{username}": password})

    def delete_password(self, service, username):
        self._save({k: v for k, v in self._all().items() if k != f"{service}/{username}"})
EOF
# The CA both ways the app may take it: httpx's SSL_CERT_FILE, and the hub CA setting of the first run.
desk_env=(SSL_CERT_FILE="$scratch/ca.pem" HORSESHOE_HUB_CA="$scratch/ca.pem" PYTHONPATH="$scratch" PYTHON_KEYRING_BACKEND=try_keyring.FileKeyring
  TRY_KEYRING_FILE="$scratch/keyring.json" QT_QPA_PLATFORM=offscreen HOME="$scratch")
env "${desk_env[@]}" .venv/bin/python - "$base" <<'EOF'
import asyncio
import json
import sys

import keyring

from console.sync.hub_client import HubClient


async def main(base: str) -> None:
    client = HubClient(base)
    sign_in = await client.login("ana", "try-password-1", "try_proxy desk")
    keyring.set_password("horseshoe", f"token@{base}", sign_in.token)
    who = {"user_id": sign_in.user_id, "username": sign_in.username, "name": sign_in.name, "role": sign_in.role}
    keyring.set_password("horseshoe", f"user@{base}", json.dumps(who))
    await client.aclose()


asyncio.run(main(sys.argv[1]))
EOF
shot=${TRY_SHOT:-build/screenshots/try_proxy_desk.png}
mkdir -p "$(dirname "$shot")"
env "${desk_env[@]}" timeout 120 .venv/bin/horseshoe --hub "$base" --data-dir "$scratch/desk" \
  --screenshot "$shot" --after 5 2>&1 | grep -v propagateSizeHints | tail -n 3
echo "(the window: $shot)"

step "what nginx logged"
tail -n 4 "$scratch/nginx/access.log"
grep -v "^$" "$scratch/nginx/error.log" | tail -n 3 || true
echo
echo "try_proxy: all steps passed"
