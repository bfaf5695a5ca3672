#!/usr/bin/env bash
# `cargo check` time of whole-service crates with their dependencies already built, ours against
# the official SDK's, in this workspace and target dir (dev profile).
# Usage (from anywhere):
#   bash check-time.sh ROUNDS OURS:OFFICIAL [OURS:OFFICIAL ...]
#   e.g. bash check-time.sh 3 imi-all:aws-sdk-iotmanagedintegrations s3-all:aws-sdk-s3 \
#                             dynamodb-all:aws-sdk-dynamodb
# With no pair, the IoT Managed Integrations pair. A side may carry features after a `+`
# (`s3-all+client`): `cargo check -p s3-all --features s3-all/client`.
# CARGO_INCREMENTAL=0 for both sides (registry crates never build incrementally; this keeps ours
# from paying for writing incremental state). Everything is checked once first; then ROUNDS
# rounds, each going through every pair: `cargo clean -p PKG` and a timed `cargo check -p PKG`
# for both sides, ours first in odd rounds and official first in even ones.
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${1:-3}
shift || true
PAIRS=("$@")
[ ${#PAIRS[@]} -gt 0 ] || PAIRS=(imi-all:aws-sdk-iotmanagedintegrations)
export CARGO_INCREMENTAL=0
check() { # SIDE: PKG or PKG+FEATURE
  local pkg=${1%%+*} args=(-q -p "${1%%+*}")
  if [[ $1 == *+* ]]; then args+=(--features "$pkg/${1#*+}"); fi
  cargo check "${args[@]}"
}
timed() { # SIDE LABEL ROUND
  cargo clean -q -p "${1%%+*}"
  local start end
  start=$(date +%s.%N)
  check "$1"
  end=$(date +%s.%N)
  printf 'round %d %-8s %-32s cargo check %6.2f s\n' "$3" "$2" "$1" "$(echo "$end - $start" | bc)"
}
for pair in "${PAIRS[@]}"; do check "${pair%%:*}"; check "${pair#*:}"; done
for round in $(seq 1 "$ROUNDS"); do
  for pair in "${PAIRS[@]}"; do
    if [ $((round % 2)) -eq 1 ]; then
      timed "${pair%%:*}" ours "$round"; timed "${pair#*:}" official "$round"
    else
      timed "${pair#*:}" official "$round"; timed "${pair%%:*}" ours "$round"
    fi
  done
done
