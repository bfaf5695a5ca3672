#!/usr/bin/env bash
# `cargo check` of one whole-service crate generated twice by this generator: the default
# output (`gen-default`) and CODEGEN_EXPERIMENT_SCHEMA=1 (`gen-schema`), deps built,
# CARGO_INCREMENTAL=0, ROUNDS interleaved rounds (order swapped every round). Prints each
# round's wall and CPU (user+sys) time, then the medians and the medians of the per-round
# ratios schema / default (wall and CPU; CPU moves less when other builds share the cores).
# Usage: bash check-time.sh MODEL.json [ROUNDS [MODE]]   (default 5 rounds; MODE: generate.sh's)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
model=$(realpath "${1:?usage: check-time.sh MODEL.json [ROUNDS]}")
rounds=${2:-5}
bash "$here/generate.sh" "$model" "${3:-1}"
cd "$here"
export CARGO_INCREMENTAL=0
for side in default schema; do cargo check -q -p "gen-$side"; done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
declare -A wall cpu
wall_ratios="" cpu_ratios=""
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order="default schema"; else order="schema default"; fi
  declare -A w c
  for side in $order; do
    cargo clean -q -p "gen-$side"
    /usr/bin/time -f "%e %U %S" -o "$timing" cargo check -q -p "gen-$side"
    read -r w[$side] u s < "$timing"
    c[$side]=$(echo "$u + $s" | bc)
    printf 'round %d %-8s cargo check wall %6.2f s  cpu %6.2f s\n' "$round" "$side" "${w[$side]}" "${c[$side]}"
  done
  wall[default]+="${w[default]} "; wall[schema]+="${w[schema]} "
  cpu[default]+="${c[default]} "; cpu[schema]+="${c[schema]} "
  wall_ratios+="$(echo "scale=4; ${w[schema]} / ${w[default]}" | bc) "
  cpu_ratios+="$(echo "scale=4; ${c[schema]} / ${c[default]}" | bc) "
done
echo "median wall: default $(echo "${wall[default]}" | median) s, schema $(echo "${wall[schema]}" | median) s; median ratio schema/default $(echo "$wall_ratios" | median)"
echo "median cpu:  default $(echo "${cpu[default]}" | median) s, schema $(echo "${cpu[schema]}" | median) s; median ratio schema/default $(echo "$cpu_ratios" | median)"
