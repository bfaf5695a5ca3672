#!/usr/bin/env bash
# Stripped release binaries (profile in Cargo.toml) of the same programs over each variant:
#   size-*:  size-*/src/main.rs, three responses and an error of IoT Managed Integrations;
#   all-*:   size-*/src/bin/all-*.rs, written here: every operation's `deserialize_response`.
# Run generate.sh first (size-* needs the IoT Managed Integrations model).
# Usage: bash size.sh
set -euo pipefail
cd "$(dirname "$0")"
ops=$(grep -o '^pub mod [a-z0-9_]*' gen/default/src/operation.rs | cut -d' ' -f3)
for side in default schema; do
  mkdir -p "size-$side/src/bin"
  {
    echo "//! Written by size.sh: every operation's deserialize_response on the body in argv[1]."
    echo "fn main() {"
    echo "    let body = std::env::args().nth(1).unwrap_or_default();"
    echo "    let response = http::Response::builder().status(200).body(body.as_bytes()).expect(\"response\");"
    echo "    let mut ok = 0;"
    for op in $ops; do
      echo "    ok += usize::from(std::hint::black_box(imi::operation::$op::deserialize_response(&response)).is_ok());"
    done
    echo "    println!(\"{ok}\");"
    echo "}"
  } > "size-$side/src/bin/all-$side.rs"
done
cargo build -q --release -p size-default -p size-schema
for prog in size all; do
  a=$(stat -c %s "target/release/$prog-default"); b=$(stat -c %s "target/release/$prog-schema")
  echo "stripped release binary $prog-*: default $a bytes, schema $b bytes, schema/default $(echo "scale=4; $b / $a" | bc)"
done
echo "all-* on '{}': default $(target/release/all-default '{}'), schema $(target/release/all-schema '{}') operations parsed"
