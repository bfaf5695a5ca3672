#!/usr/bin/env bash
# Task 2: clean debug build time (2 jobs, fresh target dir) and dependency counts of
#   ours:     iot-managed-integrations (the repository's generated/)
#   official: aws-sdk-iotmanagedintegrations, default features
# Each clean build runs ROUNDS times (default 2), interleaved ours/official.
# Usage: bash build-cost.sh [ROUNDS]   (from bench/)
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${1:-2}
declare -A PKG=([ours]=iot-managed-integrations [official]=aws-sdk-iotmanagedintegrations)
for side in ours official; do (cd "build-cost/$side" && cargo fetch -q); done
for side in ours official; do
  echo "== $side: ${PKG[$side]}"
  (cd "build-cost/$side" &&
   echo "normal deps (cargo tree -e normal, unique, excluding the crate itself): $(cargo tree -q -e normal --prefix none -p "${PKG[$side]}" | sed 's/ (\*)$//' | sort -u | grep -vc "^${PKG[$side]} ")" &&
   echo "normal+build deps (cargo tree -e normal,build, unique, excluding the crate itself): $(cargo tree -q -e normal,build --prefix none -p "${PKG[$side]}" | sed 's/ (\*)$//' | sort -u | grep -vc "^${PKG[$side]} ")")
done
for round in $(seq 1 "$ROUNDS"); do
  for side in ours official; do
    target=$(mktemp -d /tmp/build-cost-$side-XXXX)
    start=$(date +%s.%N)
    (cd "build-cost/$side" && cargo build -q -j 2 -p "${PKG[$side]}" --target-dir "$target")
    end=$(date +%s.%N)
    units=$(find "$target/debug/.fingerprint" -mindepth 1 -maxdepth 1 -type d | wc -l)
    printf 'round %d %-8s clean build %7.1f s  (%d units built)\n' "$round" "$side" "$(echo "$end - $start" | bc)" "$units"
    rm -rf "$target"
  done
done
