//! The whole IoT Managed Integrations service (every operation of AWS's own
//! model): the crate compiles warning- and clippy-clean (without a client, with
//! `client`, and with `blocking` alone), its docs build with
//! no broken links or other rustdoc warnings, and the model's own endpoint
//! test cases pass against its endpoint resolver.

#[test]
fn whole_iot_managed_integrations_compiles_clean_with_clean_docs() {
    let Some(shared) = codegen_tests::shared_dir("whole_service") else { return };
    let model = shared.join("aws-models/iot-managed-integrations-2025-03-03.json");
    let generated = codegen::Settings::new(&model)
        .package_name("imi-all")
        .partitions(shared.join("smithy/partitions.json"))
        .generate()
        .expect("the whole service generates");
    assert!(generated.warnings().is_empty(), "operations left out: {:?}", generated.warnings());
    assert_eq!(generated.summary().operations_generated, 83, "{:?}", generated.summary());
    let largest = generated.files().iter().map(|(path, text)| (text.lines().count(), path)).max();
    let (lines, path) = largest.expect("files");
    assert!(lines < 5_000, "{} has {lines} lines: large services must be split", path.display());
    let mut scratch = codegen_tests::Scratch::new("whole-service");
    scratch.add_generated("imi-all", &generated);
    scratch.cargo(&["clippy", "--all-targets", "--", "-D", "warnings"]);
    // The `client` feature too: endpoint resolution from the rules, and the paginators.
    scratch.cargo(&["clippy", "--all-targets", "--features", "client", "--", "-D", "warnings"]);
    // The blocking client alone: the async client's code without tokio or hyper.
    scratch.cargo(&["clippy", "--all-targets", "--features", "blocking", "--", "-D", "warnings"]);
    let client = generated.files().get(std::path::Path::new("src/client.rs")).expect("src/client.rs");
    assert!(client.contains("fn resolve_endpoint(") && client.contains("Some(resolve_endpoint)"));
    // Each operation's methods are in its own file, so client.rs does not grow with the service.
    let count = |what: &str| generated.files().values().map(|text| text.matches(what).count()).sum::<usize>();
    assert_eq!(count("crate::client::Paginator::new("), 17, "every @paginated operation has a paginator");
    assert_eq!(count("crate::blocking::Paginator::new("), 17, "and a blocking one");
    assert!(client.lines().count() < 400, "client.rs holds no operation methods");
    scratch.cargo(&["rustdoc", "-p", "imi-all", "--", "-D", "warnings"]);
    scratch.cargo(&["rustdoc", "-p", "imi-all", "--features", "client", "--", "-D", "warnings"]);
    scratch.cargo(&["rustdoc", "-p", "imi-all", "--features", "blocking", "--", "-D", "warnings"]);
    // The model's own endpoint test cases, generated as the crate's tests.
    let output = scratch.cargo(&["test", "-p", "imi-all", "--test", "endpoint_tests"]);
    assert!(output.contains("test result: ok. 9 passed; 0 failed"), "{output}");
}
