//! `cargo xtask bench`: how fast and lean generation is, measured on the
//! corpus. Prints figures (never asserts them: machines here are shared).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::corpus::{generate_all, total_timings, Outcome, Row};

#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    /// The folder of Smithy JSON AST models.
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
    /// Threads for the whole-corpus run (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Runs per large model (the fastest is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

pub(crate) fn run(args: BenchArgs, root: &Path) -> anyhow::Result<()> {
    let models_dir = args.models.clone().unwrap_or_else(|| root.join("../shared/aws-models"));
    let out = root.join("target/bench");
    let mut models: Vec<PathBuf> = std::fs::read_dir(&models_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    models.sort();
    if models.is_empty() {
        bail!("no models in {}", models_dir.display());
    }
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    println!("== whole corpus: {} models, {jobs} threads (generate + write)", models.len());
    let started = Instant::now();
    let rows = generate_all(&models, &out.join("corpus"), jobs, None);
    let wall = started.elapsed();
    let generated: Vec<&Row> = rows.iter().filter(|r| r.outcome == Outcome::Generated).collect();
    let (total, cpu) = total_timings(&rows);
    println!("wall time: {:.2} s for {} generated crates", wall.as_secs_f64(), generated.len());
    print_split(&total, cpu);
    println!(
        "throughput: {:.1} MB/s of model read, {:.1} MB/s of Rust written (wall clock)",
        mb(total.model_bytes) / wall.as_secs_f64(),
        mb(total.output_bytes) / wall.as_secs_f64()
    );
    let ours = cpu.saturating_sub(total.parse + total.format);
    println!(
        "our stages (everything but JSON parsing and prettyplease): {:.2} s; prettyplease: {:.2} s (ratio {:.2})",
        ours.as_secs_f64(),
        total.format.as_secs_f64(),
        ours.as_secs_f64() / total.format.as_secs_f64().max(f64::EPSILON)
    );

    let mut by_size: Vec<(u64, &PathBuf)> =
        models.iter().map(|p| (std::fs::metadata(p).map(|m| m.len()).unwrap_or(0), p)).collect();
    by_size.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    println!("\n== the five largest models, one thread, fastest of {} runs", args.runs);
    println!("{:<40} {:>8} {:>7} {:>9} {:>8} {:>8}  split", "model", "MB", "shapes", "ms", "µs/shape", "MB out");
    for (_, model) in by_size.iter().take(5) {
        let mut best: Option<Row> = None;
        for _ in 0..args.runs.max(1) {
            let row = generate_all(std::slice::from_ref(*model), &out.join("large"), 1, None).pop();
            if let Some(row) = row {
                let faster = best.as_ref().is_none_or(|b| stage_sum(&row.timings) < stage_sum(&b.timings));
                if faster {
                    best = Some(row);
                }
            }
        }
        if let Some(row) = best {
            print_model_line(&row);
        }
    }

    println!("\n== time per shape: the smallest and largest generated models (whole-corpus run)");
    let mut by_shapes: Vec<&Row> = generated.iter().copied().filter(|r| r.shapes > 0).collect();
    by_shapes.sort_by_key(|r| r.shapes);
    let per_shape = |rows: &[&Row]| {
        let shapes: usize = rows.iter().map(|r| r.shapes).sum();
        let time: Duration = rows.iter().map(|r| stage_sum(&r.timings)).sum();
        time.as_secs_f64() * 1e6 / shapes.max(1) as f64
    };
    let n = by_shapes.len().min(20);
    println!(
        "20 smallest ({} to {} shapes): {:.1} µs/shape; 20 largest ({} to {} shapes): {:.1} µs/shape",
        by_shapes.first().map_or(0, |r| r.shapes),
        by_shapes.get(n.saturating_sub(1)).map_or(0, |r| r.shapes),
        per_shape(&by_shapes[..n]),
        by_shapes.get(by_shapes.len().saturating_sub(n)).map_or(0, |r| r.shapes),
        by_shapes.last().map_or(0, |r| r.shapes),
        per_shape(&by_shapes[by_shapes.len() - n..])
    );
    println!("\npeak RSS: {}", peak_rss().unwrap_or_else(|| "unknown (no /proc/self/status)".to_owned()));
    Ok(())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn stage_sum(t: &codegen::Timings) -> Duration {
    t.parse + t.convert + t.validate + t.lower + t.emit + t.format
}

fn print_split(t: &codegen::Timings, cpu: Duration) {
    let pct = |d: Duration| 100.0 * d.as_secs_f64() / cpu.as_secs_f64().max(f64::EPSILON);
    println!(
        "stage CPU time {:.2} s: JSON parse {:.0}%, convert {:.0}%, validate {:.0}%, IR {:.0}%, emit {:.0}%, format {:.0}% (writing is the rest of the wall time)",
        cpu.as_secs_f64(),
        pct(t.parse),
        pct(t.convert),
        pct(t.validate),
        pct(t.lower),
        pct(t.emit),
        pct(t.format)
    );
}

fn print_model_line(row: &Row) {
    let t = &row.timings;
    let sum = stage_sum(t);
    let pct = |d: Duration| 100.0 * d.as_secs_f64() / sum.as_secs_f64().max(f64::EPSILON);
    println!(
        "{:<40} {:>8.1} {:>7} {:>9.0} {:>8.1} {:>8.1}  parse {:.0}% convert {:.0}% validate {:.0}% IR {:.0}% emit {:.0}% format {:.0}%",
        row.name,
        mb(t.model_bytes),
        row.shapes,
        sum.as_secs_f64() * 1000.0,
        sum.as_secs_f64() * 1e6 / row.shapes.max(1) as f64,
        mb(t.output_bytes),
        pct(t.parse),
        pct(t.convert),
        pct(t.validate),
        pct(t.lower),
        pct(t.emit),
        pct(t.format)
    );
}

/// The process's peak resident set size (Linux `VmHWM`).
fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MiB", kb / 1024.0))
}
