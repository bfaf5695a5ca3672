//! Running the Smithy protocol compliance cases: generate each service of
//! `../shared/smithy/protocol-tests.json` (and, for the event streams only the newer suite has,
//! of `../shared/smithy/latest`'s IDL) with its Rust tests, build them in a scratch workspace,
//! run them, and report each case.

use std::collections::BTreeMap;
use std::path::Path;

use crate::Scratch;

/// The services of the compliance models: (service shape id, protocol, crate name).
pub const SERVICES: &[(&str, &str, &str)] = &[
    ("aws.protocoltests.restjson#RestJson", "restJson1", "rest-json"),
    ("aws.protocoltests.json10#JsonRpc10", "awsJson1_0", "json-rpc10"),
    ("aws.protocoltests.json#JsonProtocol", "awsJson1_1", "json-protocol"),
    ("aws.protocoltests.json10#QueryCompatibleJsonRpc10", "awsJson1_0", "query-compatible-json-rpc10"),
    ("aws.protocoltests.restxml#RestXml", "restXml", "rest-xml"),
    ("aws.protocoltests.restxml.xmlns#RestXmlWithNamespace", "restXml", "rest-xml-namespace"),
    ("aws.protocoltests.query#AwsQuery", "awsQuery", "aws-query"),
    ("aws.protocoltests.ec2#AwsEc2", "ec2Query", "aws-ec2"),
];

/// The operations of the newer suite (`smithy/latest`, IDL) whose cases only it has: the
/// restJson1 output event streams. (service, protocol, crate name, the suite's file, operations).
pub const LATEST_SERVICES: &[(&str, &str, &str, &str, &[&str])] = &[(
    "aws.protocoltests.restjson#RestJsonEventStreams",
    "restJson1",
    "rest-json-event-streams",
    "restJson1/event-stream.smithy",
    &[
        "DuplexStream",
        "DuplexStreamWithInitialMessages",
        "InputStream",
        "InputStreamWithInitialRequest",
        "OutputStream",
        "OutputStreamWithInitialResponse",
    ],
)];

/// The newer suite's `file` with the shared types and the trait definitions it uses, and a
/// service of `operations` (the suite's own service also lists server-side cases whose models
/// need traits the suite does not ship).
fn latest_model(shared: &Path, service: &str, protocol: &str, file: &str, operations: &[&str]) -> codegen::Settings {
    let latest = shared.join("smithy/latest");
    let (namespace, name) = service.split_once('#').unwrap_or(("", service));
    let service_file = crate::workspace_root().join(format!("target/{name}.smithy"));
    let text = format!(
        "$version: \"2.0\"\nnamespace {namespace}\nuse aws.protocols#{protocol}\n\n@{protocol}\nservice {name} {{\n    version: \"2019-12-16\"\n    operations: [{}]\n}}\n",
        operations.join(", ")
    );
    std::fs::write(&service_file, text).unwrap_or_else(|e| panic!("{}: {e}", service_file.display()));
    let mut settings = codegen::Settings::new(service_file)
        .model(latest.join("protocol-tests-aws").join(file))
        .model(latest.join("protocol-tests-aws/shared-types.smithy"));
    for traits in ["smithy.test", "aws.protocols"] {
        settings = settings.model(latest.join(format!("traits/{traits}.smithy")));
    }
    settings
}

/// How one case went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// The test failed; the first lines of its panic message.
    Failed(String),
    /// Listed as an expected failure, with the reason.
    ExpectedFailure(String),
}

/// One case's result.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub protocol: &'static str,
    /// The crate name of the service (`rest-json`).
    pub service: &'static str,
    pub id: String,
    pub kind: &'static str,
    pub outcome: Outcome,
}

/// Generates, builds and runs every service's cases; one result per case. When no test ran
/// at all (the harness did not build, or cargo could not fetch), the error is cargo's output
/// once, rather than the same message for each of the ~730 cases.
pub fn run(shared: &Path) -> Result<Vec<CaseResult>, String> {
    run_only(shared, &[])
}

/// [`run`] for the services of the given protocols (`restXml`, …); all when empty.
pub fn run_only(shared: &Path, protocols: &[String]) -> Result<Vec<CaseResult>, String> {
    let model = shared.join("smithy/protocol-tests.json");
    let mut scratch = Scratch::new("protocol-tests");
    let support = include_str!("../protocol/support.rs");
    let mut all_cases = Vec::new();
    let chosen =
        SERVICES.iter().filter(|(_, protocol, _)| protocols.is_empty() || protocols.iter().any(|p| p == protocol));
    let latest = LATEST_SERVICES
        .iter()
        .filter(|(_, protocol, _, _, _)| protocols.is_empty() || protocols.iter().any(|p| p == protocol))
        .map(|(service, protocol, name, file, operations)| {
            (*service, *protocol, *name, latest_model(shared, service, protocol, file, operations))
        });
    let chosen = chosen
        .map(|(service, protocol, name)| (*service, *protocol, *name, codegen::Settings::new(&model)))
        .chain(latest);
    for (service, protocol, name, settings) in chosen {
        let tests =
            settings.service(service).package_name(name).protocol_tests().unwrap_or_else(|e| panic!("{service}: {e}"));
        scratch.add_generated(name, &tests.krate);
        let harness = format!("{name}-tests");
        let manifest = format!(
            "[package]\nname = \"{harness}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsdk = {{ path = \"../{name}\", package = \"{name}\" }}\nhttp = \"1\"\nbytes = \"1\"\nfutures-core = \"0.3\"\nserde_json = \"1\"\nquick-xml = {{ version = \"0.41\", default-features = false }}\n"
        );
        scratch.add_files(
            &harness,
            &[
                ("Cargo.toml", manifest.as_str()),
                ("src/lib.rs", "//! Protocol compliance tests only.\n"),
                ("tests/protocol.rs", tests.tests.as_str()),
                ("tests/support.rs", support),
            ],
        );
        for case in tests.cases {
            all_cases.push((protocol, name, case));
        }
    }
    let (success, output) = scratch.cargo_output(&["test", "--no-fail-fast", "--tests"]);
    let results = parse_libtest(&output);
    if !success && results.is_empty() {
        return Err(format!("the compliance tests did not run:\n{}", tail(&output)));
    }
    Ok(all_cases
        .into_iter()
        .map(|(protocol, service, case)| {
            let outcome = match (case.expected_failure, results.get(&case.test)) {
                (Some(why), _) => Outcome::ExpectedFailure(why.to_owned()),
                (None, Some(Ok(()))) => Outcome::Passed,
                (None, Some(Err(message))) => Outcome::Failed(message.clone()),
                (None, None) => Outcome::Failed(format!("no result (did the harness build?)\n{}", tail(&output))),
            };
            CaseResult { protocol, service, id: case.id, kind: case.kind, outcome }
        })
        .collect())
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Test name → Ok, or Err with the first lines of its failure output.
fn parse_libtest(output: &str) -> BTreeMap<String, Result<(), String>> {
    let mut results = BTreeMap::new();
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, status)) = rest.split_once(" ... ") else { continue };
        let name = name.trim().to_owned();
        if status.starts_with("ok") {
            results.insert(name, Ok(()));
        } else if status.starts_with("FAILED") {
            results.insert(name, Err(String::new()));
        }
    }
    // Failure details: `---- name stdout ----` then the panic message.
    let mut current: Option<String> = None;
    for line in output.lines() {
        if let Some(name) = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----")) {
            current = Some(name.to_owned());
            continue;
        }
        if let Some(name) = &current {
            if line.trim().is_empty() || line.starts_with("note:") || line.starts_with("stack backtrace") {
                if !line.trim().is_empty() {
                    current = None;
                }
                continue;
            }
            if let Some(Err(message)) = results.get_mut(name) {
                if message.lines().count() < 6 {
                    if !message.is_empty() {
                        message.push('\n');
                    }
                    message.push_str(line.trim_end());
                }
            }
        }
    }
    results
}

/// `passed/total` per protocol, then every failure and expected failure.
pub fn report(results: &[CaseResult]) -> String {
    let mut out = String::new();
    let latest = LATEST_SERVICES.iter().map(|(_, protocol, service, _, _)| (protocol, service));
    for (protocol, service) in SERVICES.iter().map(|(_, protocol, service)| (protocol, service)).chain(latest) {
        let cases: Vec<&CaseResult> = results.iter().filter(|r| r.service == *service).collect();
        if cases.is_empty() {
            continue;
        }
        let passed = cases.iter().filter(|r| r.outcome == Outcome::Passed).count();
        let expected = cases.iter().filter(|r| matches!(r.outcome, Outcome::ExpectedFailure(_))).count();
        out.push_str(&format!(
            "{protocol:<11} {service:<28} {passed}/{} passed ({expected} expected failures)\n",
            cases.len()
        ));
    }
    let failures: Vec<&CaseResult> = results.iter().filter(|r| matches!(r.outcome, Outcome::Failed(_))).collect();
    if !failures.is_empty() {
        out.push_str(&format!("\n{} unexpected failures:\n", failures.len()));
        for failure in failures {
            if let Outcome::Failed(message) = &failure.outcome {
                let first = message.lines().take(3).collect::<Vec<_>>().join(" | ");
                out.push_str(&format!("  {} {} ({}): {first}\n", failure.protocol, failure.id, failure.kind));
            }
        }
    }
    let expected: Vec<&CaseResult> =
        results.iter().filter(|r| matches!(r.outcome, Outcome::ExpectedFailure(_))).collect();
    if !expected.is_empty() {
        out.push_str("\nexpected failures:\n");
        for case in expected {
            if let Outcome::ExpectedFailure(why) = &case.outcome {
                out.push_str(&format!("  {} {}: {why}\n", case.protocol, case.id));
            }
        }
    }
    out
}
