#!/usr/bin/env bash
# Generates MODEL (every operation) twice into gen/: the default output as `gen-default`, and
# the schema-based reader as `gen-schema`, with CODEGEN_EXPERIMENT_SCHEMA=MODE (`1`: the codec
# as a trait object, the default; `static`: as a type parameter); prints their sizes.
# Usage: bash generate.sh MODEL.json [MODE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
model=$(realpath "${1:?usage: generate.sh MODEL.json [MODE]}")
mode=${2:-1}
cd "$here/../.."
cargo build -q -p xtask
for side in default schema; do
  flag=0; [[ $side == schema ]] && flag=$mode
  CODEGEN_EXPERIMENT_SCHEMA=$flag cargo run -q -p xtask -- codegen --model "$model" --all \
    --package-name "gen-$side" --out "$here/gen/$side" >/dev/null
  lines=$(find "$here/gen/$side/src" -name '*.rs' -print0 | xargs -0 cat | wc -l)
  bytes=$(find "$here/gen/$side/src" -name '*.rs' -print0 | xargs -0 cat | wc -c)
  echo "gen-$side (CODEGEN_EXPERIMENT_SCHEMA=$flag): $lines lines, $bytes bytes of Rust"
done
