//! Interleaved A/B timing of the same four comparisons as `parse.rs`, for a noisy shared machine:
//! each round times a batch of ours, then a batch of official (order swapped every round), and
//! the reported ratio is the median over rounds of (official batch time / ours batch time), each
//! taken from two batches run back to back.
//! Usage: `cargo bench --bench interleaved [-- ROUNDS] [FILTER]`: FILTER (any argument that is
//! not a number) keeps only the cases whose label contains it, e.g. `s3/` for S3 ListObjectsV2.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aws_smithy_types::config_bag::ConfigBag;
use imi_bench::*;

fn time<F: FnMut()>(iters: u32, f: &mut F) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed()
}

/// Iterations so that one batch of `f` takes about `target`.
fn calibrate<F: FnMut()>(f: &mut F, target: Duration) -> u32 {
    let mut iters = 1u32;
    loop {
        let t = time(iters, f);
        if t >= target / 4 || iters >= 1 << 24 {
            let per = t.as_secs_f64() / f64::from(iters);
            return ((target.as_secs_f64() / per).ceil() as u32).max(1);
        }
        iters *= 2;
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn compare<A: FnMut(), B: FnMut()>(label: &str, rounds: usize, mut ours: A, mut official: B) {
    if !FILTER.get().is_none_or(|f| label.contains(f.as_str())) {
        return;
    }
    let target = Duration::from_millis(50);
    // Warm up both, then size each side's batch to about `target`.
    time(1000, &mut ours);
    time(100, &mut official);
    let n_ours = calibrate(&mut ours, target);
    let n_off = calibrate(&mut official, target);
    let (mut t_ours, mut t_off, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (a, b) = if round % 2 == 0 {
            let a = time(n_ours, &mut ours);
            (a, time(n_off, &mut official))
        } else {
            let b = time(n_off, &mut official);
            (time(n_ours, &mut ours), b)
        };
        let a = a.as_secs_f64() * 1e9 / f64::from(n_ours);
        let b = b.as_secs_f64() * 1e9 / f64::from(n_off);
        t_ours.push(a);
        t_off.push(b);
        ratios.push(b / a);
    }
    let min_o = t_ours.iter().copied().fold(f64::INFINITY, f64::min);
    let min_f = t_off.iter().copied().fold(f64::INFINITY, f64::min);
    let (mo, mf, mr) = (median(&mut t_ours), median(&mut t_off), median(&mut ratios));
    let (rmin, rmax) = (ratios[0], ratios[ratios.len() - 1]);
    println!(
        "{label:<22} ours {mo:>10.1} ns (min {min_o:>9.1})  official {mf:>10.1} ns (min {min_f:>9.1})  \
         official/ours median {mr:>6.2}x  [range {rmin:.2}..{rmax:.2}, {rounds} rounds]"
    );
}

static FILTER: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(21);
    // cargo bench passes `--bench`; ignore flags.
    if let Some(f) = std::env::args().skip(1).find(|a| a.parse::<usize>().is_err() && !a.starts_with('-')) {
        FILTER.set(f).expect("set once");
    }
    check_equivalence();
    imi_bench::s3::check_equivalence();
    let bag = official_deserializer();
    let deserializer = deserializer_of(&bag);
    let cfg = ConfigBag::base();
    let rt = runtime();
    for (name, body) in BODIES {
        let ours = ours_response(body);
        let official = official_response(body);
        compare(
            &format!("deserialize/{name}"),
            rounds,
            || {
                black_box(ours_deserialize(&ours));
            },
            || {
                black_box(official_deserialize(deserializer, &official, &cfg));
            },
        );
    }
    for (name, body) in BODIES {
        let official = official_response(body);
        compare(
            &format!("diag/{name}/json_only"),
            rounds,
            || {
                black_box(ours_json_only(body.as_bytes()));
            },
            || {
                black_box(official_deserialize(deserializer, &official, &cfg));
            },
        );
    }
    {
        use imi_bench::s3;
        let bag = s3::official_deserializer();
        let deserializer = s3::deserializer_of(&bag);
        for (name, body) in s3::bodies() {
            let ours = s3::ours_response(body);
            let official = s3::official_response(body);
            compare(
                &format!("s3/{name}"),
                rounds,
                || {
                    black_box(s3::ours_deserialize(&ours));
                },
                || {
                    black_box(s3::official_deserialize(deserializer, &official, &cfg));
                },
            );
        }
    }
    for (name, body) in BODIES {
        let client = official_client(body);
        compare(
            &format!("call/{name}"),
            rounds,
            || {
                black_box(ours_call(body));
            },
            || {
                black_box(official_call(&rt, &client));
            },
        );
    }
}
