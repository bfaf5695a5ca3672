//! Interleaved A/B timing of `deserialize_response`, generated codec (`default`) vs schema
//! codec (`schema`), for a shared noisy machine: each round times a batch of one then a batch
//! of the other (order swapped every round); reported are the medians over rounds of the time
//! per parse and of the per-round ratio schema / default. Usage:
//! `cargo bench -p schema-parse --bench interleaved [-- ROUNDS]`.

use schema_parse::{check_equivalence, default, full_reversed, list_body, response, schema, FULL, MINIMAL};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Nanoseconds per call of `f`, over a batch of `n`.
fn batch(n: u32, f: &dyn Fn()) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(n)
}

fn main() {
    check_equivalence();
    let rounds: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(31);
    let list = list_body();
    let reversed = full_reversed();
    let cases: Vec<(&str, Vec<u8>, bool, u32)> = vec![
        ("GetOtaTask full", FULL.as_bytes().to_vec(), false, 20_000),
        ("GetOtaTask minimal", MINIMAL.as_bytes().to_vec(), false, 400_000),
        ("GetOtaTask full, keys reversed", reversed.into_bytes(), false, 20_000),
        ("ListOtaTasks, 100 items", list.into_bytes(), true, 500),
    ];
    println!("{rounds} interleaved rounds; median ns per parse, and median of per-round ratios");
    println!("{:<32} {:>12} {:>12} {:>16}", "case", "default", "schema", "schema/default");
    for (name, body, is_list, n) in &cases {
        let r = response(body);
        let run_default = || {
            if *is_list {
                std::hint::black_box(default::list_ota_tasks(&r));
            } else {
                std::hint::black_box(default::get_ota_task(&r));
            }
        };
        let run_schema = || {
            if *is_list {
                std::hint::black_box(schema::list_ota_tasks(&r));
            } else {
                std::hint::black_box(schema::get_ota_task(&r));
            }
        };
        // Warm-up.
        batch(*n, &run_default);
        batch(*n, &run_schema);
        let (mut a, mut b, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let (x, y) = if round % 2 == 0 {
                let x = batch(*n, &run_default);
                (x, batch(*n, &run_schema))
            } else {
                let y = batch(*n, &run_schema);
                (batch(*n, &run_default), y)
            };
            a.push(x);
            b.push(y);
            ratio.push(y / x);
        }
        println!("{:<32} {:>10.0}ns {:>10.0}ns {:>15.3}x", name, median(a), median(b), median(ratio));
    }
}
