#!/usr/bin/env bash
# Clean debug build time (`cargo build -j 2`, a fresh target dir each time) and dependency counts
# of one generated crate against the official SDK crate, each through a one-dependency wrapper
# crate in build-cost/ that is a workspace of its own (so features are exactly what is asked).
# Usage (from anywhere): bash build-cost.sh CASE [ROUNDS]   (ROUNDS default 2)
#   CASE imi: ours   iot-managed-integrations (../generated, the GetOtaTask crate), sans-IO
#             official aws-sdk-iotmanagedintegrations, default features
#   CASE clients: the GetOtaTask crate's two clients, ours+blocking and ours+client (its
#             features), against the official crate (whose default features are its client)
#   CASE s3:  ours   s3-all (bench/s3-all, whole service), sans-IO (default features)
#             ours+client  the same with its `client` feature (wrapper s3-ours-client)
#             official aws-sdk-s3, default features
# Each round builds every side once, in the order listed, with the order reversed every other round.
set -euo pipefail
cd "$(dirname "$0")"
CASE=${1:?usage: build-cost.sh CASE [ROUNDS]}
ROUNDS=${2:-2}
# name|wrapper dir|package (the wrapper's dependency declares the features)
case "$CASE" in
  imi) SIDES=("ours|build-cost/ours|iot-managed-integrations"
              "official|build-cost/official|aws-sdk-iotmanagedintegrations") ;;
  clients) SIDES=("ours+blocking|build-cost/ours-blocking|iot-managed-integrations"
                  "ours+client|build-cost/ours-client|iot-managed-integrations"
                  "official|build-cost/official|aws-sdk-iotmanagedintegrations") ;;
  s3)  SIDES=("ours|build-cost/s3-ours|s3-all"
              "ours+client|build-cost/s3-ours-client|s3-all"
              "official|build-cost/s3-official|aws-sdk-s3") ;;
  *) echo "unknown case $CASE (imi, clients, s3)" >&2; exit 2 ;;
esac
count() { # DIR PKG EDGES
  (cd "$1" && cargo tree -q -e "$3" --prefix none -p "$2" | sed 's/ (\*)$//' | sort -u | grep -vc "^$2 ")
}
for side in "${SIDES[@]}"; do
  IFS='|' read -r name dir pkg <<<"$side"
  (cd "$dir" && cargo fetch -q)
  echo "== $name: $pkg (through $dir)"
  echo "normal deps (cargo tree -e normal, unique, excluding the crate itself): $(count "$dir" "$pkg" normal)"
  echo "normal+build deps (cargo tree -e normal,build, unique, excluding the crate itself): $(count "$dir" "$pkg" normal,build)"
done
for round in $(seq 1 "$ROUNDS"); do
  order=("${SIDES[@]}")
  if [ $((round % 2)) -eq 0 ]; then
    order=(); for ((i = ${#SIDES[@]} - 1; i >= 0; i--)); do order+=("${SIDES[$i]}"); done
  fi
  for side in "${order[@]}"; do
    IFS='|' read -r name dir pkg <<<"$side"
    target=$(mktemp -d "/tmp/build-cost-$CASE-XXXX")
    start=$(date +%s.%N)
    (cd "$dir" && cargo build -q -j 2 -p "$pkg" --target-dir "$target")
    end=$(date +%s.%N)
    units=$(find "$target/debug/.fingerprint" -mindepth 1 -maxdepth 1 -type d | wc -l)
    printf 'round %d %-12s clean build %7.1f s  (%d units built)\n' "$round" "$name" "$(echo "$end - $start" | bc)" "$units"
    rm -rf "$target"
  done
done
