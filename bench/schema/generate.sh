#!/usr/bin/env bash
# Generates MODEL (every operation) twice into gen/: the default output as `gen-default`, and
# the schema-based reader (CODEGEN_EXPERIMENT_SCHEMA=1) as `gen-schema`; prints their sizes.
# Usage: bash generate.sh MODEL.json
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
model=$(realpath "${1:?usage: generate.sh MODEL.json}")
cd "$here/../.."
cargo build -q -p xtask
for side in default schema; do
  flag=0; [[ $side == schema ]] && flag=1
  CODEGEN_EXPERIMENT_SCHEMA=$flag cargo run -q -p xtask -- codegen --model "$model" --all \
    --package-name "gen-$side" --out "$here/gen/$side" >/dev/null
  lines=$(find "$here/gen/$side/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
  bytes=$(find "$here/gen/$side/src" -name '*.rs' -print0 | xargs -0 cat | wc -c)
  echo "gen-$side: $lines lines, $bytes bytes of Rust"
done
