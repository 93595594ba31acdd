#!/usr/bin/env bash
# Starts the built gateway the way `npm start` does (no CE_BASE_URL: built-in sandbox, dev client)
# and checks that GET /v1/incidents answers 200 with the dev key. Run after `npm run build`.
set -euo pipefail

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log=$(mktemp)
env -u CE_BASE_URL -u GATEWAY_CLIENTS -u CE_TENANTS NODE_ENV=development PORT="$port" HOST=127.0.0.1 \
  node dist/main.js >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 100); do
  status=$(node -e 'fetch(process.argv[1],{headers:{"x-api-key":"dev-key"}}).then(r=>console.log(r.status),()=>console.log(0))' \
    "http://127.0.0.1:$port/v1/incidents?limit=1")
  if [ "$status" = "200" ]; then
    grep -q 'Sandbox mode' "$log" || { echo "started, but did not log that it runs in sandbox mode" >&2; exit 1; }
    echo "npm start smoke check: GET /v1/incidents answered 200 on port $port (sandbox mode)"
    kill -TERM "$pid"
    started=$(date +%s)
    code=0
    wait "$pid" || code=$?
    trap 'rm -f "$log"' EXIT
    if [ "$code" != "0" ]; then
      echo "after SIGTERM the gateway exited with $code instead of 0:" >&2
      cat "$log" >&2
      exit 1
    fi
    echo "SIGTERM: exited 0 after $(( $(date +%s) - started )) s"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the gateway exited during start-up:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.2
done
echo "GET /v1/incidents did not answer 200 within 20 s (last status $status)" >&2
cat "$log" >&2
exit 1
