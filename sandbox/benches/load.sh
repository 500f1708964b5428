#!/usr/bin/env bash
# Load benchmark of the sandbox with wrk (Debian's `wrk` package; any wrk 4
# works): show dispute details, list disputes, and a replayed action (a
# make-offer sent again with its PayPal-Request-Id: the whole action
# pipeline of body limit, schema validation, fingerprint and idempotency
# lookup, without a change) at 1, 16 and 64 connections on loopback,
# against the release binary with 500 seeded disputes. Prints a Markdown
# table for BENCHMARKS.md.
#
#   sandbox/benches/load.sh [SECONDS per run, default 10]
#
# SANDBOX=/path/to/sandbox benchmarks that binary instead of building this
# checkout's (for before/after runs of two builds, interleaved).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 2; }

if [ -z "${SANDBOX:-}" ]; then
  cargo build -p sandbox --release --locked --quiet
  SANDBOX=target/release/sandbox
fi
work=target/load
mkdir -p "$work"
"$SANDBOX" --port 0 --seed 7 --disputes 500 >"$work/sandbox.out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^sandbox listening on \(http:[^ ]*\).*/\1/p' "$work/sandbox.out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/sandbox.out" >&2; exit 1; }
# The README's default sandbox credentials.
token=$(curl -sf -u sandbox-merchant:sandbox-merchant-secret -d grant_type=client_credentials \
  "$url/v1/oauth2/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no token" >&2; exit 1; }

# wrk's latency lines read like "50%  312.00us"; print them in ms.
ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# A dispute the merchant can make an offer on, in the dispute's currency;
# the offer is made once, so every request of the run is its replay.
created=$(curl -sf -X POST "$url/sandbox/disputes" -H 'Content-Type: application/json' \
  -d '{"status":"WAITING_FOR_SELLER_RESPONSE","stage":"INQUIRY","reason":"MERCHANDISE_OR_SERVICE_NOT_RECEIVED"}')
offer_id=$(sed -n 's/.*"dispute_id":"\([^"]*\)".*/\1/p' <<<"$created")
currency=$(sed -n 's/.*"dispute_amount":{"currency_code":"\([A-Z]*\)".*/\1/p' <<<"$created")
[ -n "$offer_id" ] && [ -n "$currency" ] || { echo "no dispute created: $created" >&2; exit 1; }
offer_body="{\"note\":\"Half back.\",\"offer_type\":\"REFUND\",\"offer_amount\":{\"currency_code\":\"$currency\",\"value\":\"1.00\"}}"
offer_path="/v1/customer/disputes/$offer_id/make-offer"
curl -sf -o /dev/null -X POST "$url$offer_path" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -H 'PayPal-Request-Id: load-offer' -d "$offer_body" \
  || { echo "the offer was refused" >&2; exit 1; }
cat >"$work/offer.lua" <<LUA
wrk.method = "POST"
wrk.body = '$offer_body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["PayPal-Request-Id"] = "load-offer"
LUA

echo "| endpoint | connections | requests/s | p50 ms | p99 ms |"
echo "|---|---:|---:|---:|---:|"
for endpoint in show list offer-replayed; do
  script=()
  case $endpoint in
    show) path="/v1/customer/disputes/PP-D-100011" ;;
    list) path="/v1/customer/disputes?page_size=10" ;;
    offer-replayed) path="$offer_path"; script=(-s "$work/offer.lua") ;;
  esac
  for connections in 1 16 64; do
    threads=$(( connections < 2 ? connections : 2 ))
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${script[@]}" \
      -H "Authorization: Bearer $token" "$url$path")
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
    [ -z "$errors" ] || { echo "$out" >&2; echo "errors in the run above" >&2; exit 1; }
    echo "| $endpoint | $connections | $rps | $(ms "$p50") | $(ms "$p99") |"
  done
done
