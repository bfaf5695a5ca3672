//! Runs the shared `GetOtaTask` behaviour suite (`tests/behaviour/get_ota_task.rs`) against a
//! crate generated from AWS's own model in `../shared/aws-models`, in a scratch workspace.

/// The `passed`, `failed` and `ignored` counts of every `test result:` line of libtest.
fn test_results(output: &str) -> Vec<(usize, usize, usize)> {
    let count = |line: &str, what: &str| -> usize {
        line.split([';', ':'])
            .map(str::trim)
            .find_map(|part| part.strip_suffix(what))
            .and_then(|n| n.trim().rsplit(' ').next()?.parse().ok())
            .unwrap_or_else(|| panic!("no `{what}` count in {line:?}"))
    };
    output
        .lines()
        .filter(|line| line.starts_with("test result:"))
        .map(|line| (count(line, "passed"), count(line, "failed"), count(line, "ignored")))
        .collect()
}

#[test]
fn aws_model_passes_the_get_ota_task_behaviour_suite() {
    let Some(shared) = codegen_tests::shared_dir("aws_model_get_ota_task") else {
        return;
    };
    let model = shared.join("aws-models/iot-managed-integrations-2025-03-03.json");
    let generated = codegen::Settings::new(&model)
        .operation("GetOtaTask")
        .partitions(shared.join("smithy/partitions.json"))
        .generate()
        .unwrap_or_else(|e| panic!("{} generates: {e}", model.display()));
    assert!(generated.warnings().is_empty(), "generation warnings: {:?}", generated.warnings());

    let suite = codegen_tests::workspace_root().join("tests/behaviour/get_ota_task.rs");
    let source = std::fs::read_to_string(&suite).expect("read the behaviour suite");
    let tests = source.lines().filter(|l| l.trim() == "#[test]").count();
    let ignored = source.lines().filter(|l| l.trim().starts_with("#[ignore")).count();
    assert!(tests > 0, "no #[test] in {}", suite.display());

    let mut scratch = codegen_tests::Scratch::new("aws-get-ota-task");
    scratch.add_generated("sdk-aws", &generated);
    let manifest = r#"[package]
name = "harness"
version = "0.0.0"
edition = "2021"
publish = false

[dev-dependencies]
sdk = { path = "../sdk-aws", package = "iot-managed-integrations" }
http = "1"
serde_json = "1"
"#;
    let behaviour = format!("#[path = {:?}]\nmod behaviour;\n", suite.display().to_string());
    scratch.add_files(
        "harness",
        &[
            ("Cargo.toml", manifest),
            ("src/lib.rs", "//! Runs the shared behaviour suite against `sdk-aws`.\n"),
            ("tests/behaviour.rs", &behaviour),
        ],
    );

    // The whole scratch workspace: the generated crate's own unit tests too.
    let output = scratch.cargo(&["test", "--quiet"]);
    let results = test_results(&output);
    assert!(!results.is_empty(), "no test results in:\n{output}");
    assert!(results.iter().all(|&(_, failed, _)| failed == 0), "{output}");

    // The behaviour suite alone: every test ran, none failed.
    let output = scratch.cargo(&["test", "--quiet", "-p", "harness", "--test", "behaviour"]);
    assert_eq!(
        test_results(&output),
        [(tests - ignored, 0, ignored)],
        "expected {tests} tests ({ignored} ignored) in:\n{output}"
    );
}
