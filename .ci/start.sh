#!/usr/bin/env bash
# `npm start`: try Causal Studio in a real VS Code in your browser, offline.
# Installs what is missing (npm ci, the pinned code-server via .ci/setup-e2e.sh), builds and packs the
# extension, installs it into a private code-server profile under .tmp/start/, and serves the samples/
# folder on 127.0.0.1 (loopback only: webviews need a secure context). Stays in the foreground; Ctrl+C
# stops code-server and everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT="${PORT:-8080}"

bash .ci/ensure-deps.sh
bash .ci/setup-e2e.sh

RUN="$ROOT/.tmp/start"
mkdir -p "$RUN/udd/User" "$RUN/exts"
echo "== build and package"
node .ci/package-vsix.mjs --out="$RUN/causal-studio.vsix" >/dev/null

if [ ! -f "$RUN/udd/User/settings.json" ]; then
  cat > "$RUN/udd/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "typescript.disableAutomaticTypeAcquisition": true,
  "chat.disableAIFeatures": true
}
JSON
fi
printf 'auth: none\n' > "$RUN/config.yaml"
export XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data"
CS="$ROOT/test/e2e/node_modules/.bin/code-server"
COMMON=(--user-data-dir "$RUN/udd" --extensions-dir "$RUN/exts" --config "$RUN/config.yaml")
"$CS" "${COMMON[@]}" --install-extension "$RUN/causal-studio.vsix" --force >/dev/null

# code-server runs in its own process group so that Ctrl+C can stop the server and its extension hosts.
setsid "$CS" "${COMMON[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-getting-started-override "$ROOT/samples" >"$RUN/code-server.log" 2>&1 &
PID=$!
cleanup() {
  trap - INT TERM EXIT
  kill -- "-$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  echo
  echo "Causal Studio: code-server stopped."
}
trap cleanup INT TERM EXIT

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$PID" 2>/dev/null; then echo "code-server failed to start; its log:" >&2; cat "$RUN/code-server.log" >&2; exit 1; fi
  sleep 0.2
done

cat <<EOF

  Causal Studio is running in VS Code (code-server) with the samples folder open:

      http://127.0.0.1:$PORT/?folder=$ROOT/samples

  Open a *.causal.ts file, then "Causal Studio: Open DAG Beside" from the command palette (F1),
  or click "Show DAG" above a model. VS Code first asks whether you trust the folder: trust it to
  run queries ("Intervene…"); in Restricted Mode the DAG and its analyses work and no model code runs.
  Logs: $RUN/code-server.log
  Stop with Ctrl+C.   (Another port: PORT=9000 npm start)

EOF
wait "$PID"
