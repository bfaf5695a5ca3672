//! The crates generated from `model/` and every feature fixture compile, are
//! warning- and clippy-clean (`-D warnings`), and behave: a harness crate in
//! the same scratch workspace (`tests/fixtures/harness/fixture_behaviour.rs`)
//! uses them as a downstream crate would.
//!
//! The `bug_*` tests are small models that showed generator bugs found while
//! writing the fixtures; they stay as regression tests.

#[path = "../fixtures/common.rs"]
mod common;

use codegen_tests::Scratch;
use serde_json::{json, Map, Value};

/// The harness member: it depends on every generated crate by path, with the
/// `blocking`, `client` and `serde` features (so the workspace clippy run checks them too).
const HARNESS_MANIFEST: &str = r#"[package]
name = "fixture-harness"
version = "0.0.0"
edition = "2021"
publish = false

[dev-dependencies]
bindings = { path = "../bindings", features = ["blocking", "client", "serde"] }
client-features = { path = "../client", features = ["blocking", "client", "serde"] }
collections = { path = "../collections", features = ["blocking", "client", "serde"] }
events = { path = "../events", features = ["blocking", "client", "serde"] }
iot-managed-integrations = { path = "../model", features = ["blocking", "client", "serde"] }
naming = { package = "naming-obstacle-course", path = "../naming", features = ["blocking", "client", "serde"] }
query-directory = { path = "../query", features = ["blocking", "client", "serde"] }
xml-storage = { path = "../xml", features = ["blocking", "client", "serde"] }
bytes = "1"
futures-core = "0.3"
http = "1"
http-body = "1"
ring = "0.17"
crc32fast = "1"
serde = "1"
serde_json = "1"
tokio = { version = "1", features = ["rt", "macros", "time"] }
"#;

/// `cargo clippy --all-targets -- -D warnings`, spelled so that the
/// `--offline` that `Scratch::cargo` appends stays a cargo flag (after `--`
/// it would reach clippy-driver, which refuses it): the same `-D warnings`
/// goes in through `build.rustflags`, as `RUSTFLAGS=-Dwarnings cargo clippy` does.
const CLIPPY_DENY_WARNINGS: &[&str] =
    &["clippy", "--workspace", "--all-targets", "--config", "build.rustflags=[\"-D\", \"warnings\"]"];

const HARNESS_TESTS: &str = include_str!("../fixtures/harness/fixture_behaviour.rs");

/// `(passed, failed, ignored)` summed over every `test result:` line.
fn test_totals(output: &str) -> (usize, usize, usize) {
    let mut totals = (0, 0, 0);
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        let count = |what: &str| -> usize {
            line.split(';')
                .find_map(|part| part.trim().strip_suffix(what))
                .and_then(|n| n.trim().rsplit(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no `{what}` count in {line:?}"))
        };
        totals.0 += count("passed");
        totals.1 += count("failed");
        totals.2 += count("ignored");
    }
    totals
}

#[test]
fn fixtures_compile_clippy_clean_and_behave() {
    let mut scratch = Scratch::new("fixtures");
    for fixture in common::all() {
        let generated = fixture.generate();
        assert!(
            generated.warnings().is_empty(),
            "{}: every operation is generated: {:?}",
            fixture.name,
            generated.warnings()
        );
        scratch.add_generated(fixture.name, &generated);
    }
    scratch.add_files(
        "harness",
        &[
            ("Cargo.toml", HARNESS_MANIFEST),
            ("src/lib.rs", "//! Behaviour tests of the generated fixture crates are in `tests/`.\n"),
            ("tests/fixture_behaviour.rs", HARNESS_TESTS),
        ],
    );
    scratch.cargo(CLIPPY_DENY_WARNINGS);

    // The `client` fixture's endpoint cases, `operationInputs` included (9 cases, 8 inputs).
    let output = scratch.cargo(&["test", "--quiet", "--package", "client-features", "--test", "endpoint_tests"]);
    assert_eq!(test_totals(&output), (17, 0, 0), "cargo test output:\n{output}");

    let output = scratch.cargo(&["test", "--quiet", "--package", "fixture-harness"]);
    let tests = HARNESS_TESTS.lines().filter(|l| ["#[test]", "#[tokio::test]"].contains(&l.trim())).count();
    let ignored = HARNESS_TESTS.lines().filter(|l| l.trim().starts_with("#[ignore")).count();
    assert!(tests >= 20, "the harness has {tests} tests");
    assert_eq!(test_totals(&output), (tests - ignored, 0, ignored), "cargo test output:\n{output}");
}

#[test]
fn test_totals_reads_cargo_output() {
    let output = "running 3 tests\n...\ntest result: ok. 2 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\ntest result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n";
    assert_eq!(test_totals(output), (2, 0, 1));
}

// ------------------------------------------------------------------ bugs

/// A small restJson1 model without any known bug: `POST /do`, an input with
/// a `@pattern` member, an output and one error. `edit` changes its shapes.
fn model(edit: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex.bug#Svc": {
                "type": "service", "version": "1",
                "operations": [{"target": "ex.bug#DoIt"}],
                "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Bug"}}
            },
            "ex.bug#DoIt": {
                "type": "operation",
                "input": {"target": "ex.bug#DoItInput"},
                "output": {"target": "ex.bug#DoItOutput"},
                "errors": [{"target": "ex.bug#Oops"}],
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/do"}}
            },
            "ex.bug#DoItInput": {"type": "structure", "members": {
                "Code": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": "^[a-z]+$"}}
            }},
            "ex.bug#DoItOutput": {"type": "structure", "members": {
                "Result": {"target": "smithy.api#String"}
            }},
            "ex.bug#Oops": {"type": "structure", "members": {
                "message": {"target": "smithy.api#String"}
            }, "traits": {"smithy.api#error": "client"}}
        }
    });
    edit(model["shapes"].as_object_mut().expect("shapes"));
    model.to_string()
}

fn member(target: &str, traits: Value) -> Value {
    json!({"target": target, "traits": traits})
}

fn set_members(shapes: &mut Map<String, Value>, shape: &str, members: Value) {
    let members = members.as_object().expect("members").clone();
    let target = shapes[shape]["members"].as_object_mut().expect("structure");
    target.extend(members);
}

fn set_uri(shapes: &mut Map<String, Value>, uri: &str) {
    shapes["ex.bug#DoIt"]["traits"]["smithy.api#http"]["uri"] = json!(uri);
}

/// Generates `text` and runs clippy with `-D warnings` on the crate.
fn assert_compiles_clean(case: &str, text: &str) {
    assert_compiles_clean_with(case, text, &[]);
}

/// [`assert_compiles_clean`] with extra cargo arguments (`--features client`).
fn assert_compiles_clean_with(case: &str, text: &str, args: &[&str]) {
    let generated = codegen::Settings::new("unused")
        .package_name(format!("bug-{case}"))
        .generate_from_str(format!("bug/{case}.json"), text)
        .unwrap_or_else(|error| panic!("{case} generates: {error}"));
    assert!(generated.warnings().is_empty(), "{case}: {:?}", generated.warnings());
    let mut scratch = Scratch::new(&format!("bug-{case}"));
    scratch.add_generated(case, &generated);
    scratch.cargo(&[CLIPPY_DENY_WARNINGS, args].concat());
}

/// The baseline of the bug models compiles: each bug test adds one thing.
#[test]
fn bug_model_baseline_compiles() {
    assert_compiles_clean("baseline", &model(|_| {}));
}

#[test]
fn bug_constraints_without_pattern() {
    assert_compiles_clean(
        "no-pattern",
        &model(|s| {
            s["ex.bug#DoItInput"]["members"] =
                json!({"Code": member("smithy.api#String", json!({"smithy.api#required": {}}))});
        }),
    );
}

#[test]
fn bug_operation_without_errors() {
    assert_compiles_clean(
        "no-errors",
        &model(|s| {
            s["ex.bug#DoIt"].as_object_mut().expect("op").remove("errors");
            s.remove("ex.bug#Oops");
        }),
    );
}

#[test]
fn bug_member_with_leading_underscore() {
    assert_compiles_clean(
        "leading-underscore",
        &model(|s| set_members(s, "ex.bug#DoItOutput", json!({"_3dModel": {"target": "smithy.api#String"}}))),
    );
}

#[test]
fn bug_member_named_like_a_setter() {
    assert_compiles_clean(
        "setter-collision",
        &model(|s| {
            set_members(
                s,
                "ex.bug#DoItOutput",
                json!({"name": {"target": "smithy.api#String"}, "setName": {"target": "smithy.api#String"}}),
            );
        }),
    );
}

#[test]
fn bug_adjacent_labels() {
    assert_compiles_clean(
        "adjacent-labels",
        &model(|s| {
            set_uri(s, "/do/{A}/{B}");
            let label = json!({"smithy.api#required": {}, "smithy.api#httpLabel": {}});
            set_members(
                s,
                "ex.bug#DoItInput",
                json!({"A": member("smithy.api#String", label.clone()), "B": member("smithy.api#String", label)}),
            );
        }),
    );
}

#[test]
fn bug_label_named_uri() {
    assert_compiles_clean(
        "label-uri",
        &model(|s| {
            set_uri(s, "/do/{uri}");
            set_members(
                s,
                "ex.bug#DoItInput",
                json!({"uri": member("smithy.api#String", json!({"smithy.api#required": {}, "smithy.api#httpLabel": {}}))}),
            );
        }),
    );
}

#[test]
fn bug_operation_name_with_underscore() {
    assert_compiles_clean(
        "op-underscore",
        &model(|s| {
            let op = s.remove("ex.bug#DoIt").expect("op");
            s.insert("ex.bug#Do_It".into(), op);
            s["ex.bug#Svc"]["operations"] = json!([{"target": "ex.bug#Do_It"}]);
        }),
    );
}

#[test]
fn bug_large_error_structure() {
    assert_compiles_clean(
        "large-error",
        &model(|s| {
            let members: Map<String, Value> =
                (0..8).map(|i| (format!("Field{i}"), json!({"target": "smithy.api#String"}))).collect();
            set_members(s, "ex.bug#Oops", Value::Object(members));
        }),
    );
}

#[test]
fn bug_member_named_like_a_std_trait_method() {
    assert_compiles_clean(
        "trait-method-names",
        &model(|s| {
            set_members(
                s,
                "ex.bug#DoItOutput",
                json!({"add": {"target": "smithy.api#String"}, "sub": {"target": "smithy.api#String"}, "clone": {"target": "smithy.api#String"}}),
            );
        }),
    );
}

#[test]
fn bug_operation_named_operation() {
    assert_compiles_clean(
        "op-operation",
        &model(|s| {
            let op = s.remove("ex.bug#DoIt").expect("op");
            s.insert("ex.bug#Operation".into(), op);
            s["ex.bug#Svc"]["operations"] = json!([{"target": "ex.bug#Operation"}]);
        }),
    );
}

/// The `client` feature: a paginator whose tokens come from the service-level
/// `@paginated` (the output token `@required`, so not an `Option`), an
/// `@endpoint(hostPrefix)`, and an operation named `New`, whose method must not
/// be `Client::new`.
#[test]
fn client_with_paginator_host_prefix_and_renamed_method() {
    let text = model(|s| {
        s["ex.bug#Svc"]["traits"]["smithy.api#paginated"] =
            json!({"inputToken": "NextToken", "outputToken": "NextToken"});
        s["ex.bug#Svc"]["operations"] = json!([{"target": "ex.bug#DoIt"}, {"target": "ex.bug#New"}]);
        s["ex.bug#DoIt"]["traits"]["smithy.api#paginated"] = json!({"items": "Items"});
        s["ex.bug#DoIt"]["traits"]["smithy.api#endpoint"] = json!({"hostPrefix": "data."});
        set_members(
            s,
            "ex.bug#DoItInput",
            json!({"NextToken": member("smithy.api#String", json!({"smithy.api#httpQuery": "nextToken"}))}),
        );
        set_members(
            s,
            "ex.bug#DoItOutput",
            json!({
                "NextToken": member("smithy.api#String", json!({"smithy.api#required": {}})),
                "Items": {"target": "ex.bug#Names"}
            }),
        );
        s.insert("ex.bug#Names".into(), json!({"type": "list", "member": {"target": "smithy.api#String"}}));
        s.insert(
            "ex.bug#New".into(),
            json!({"type": "operation", "traits": {"smithy.api#http": {"method": "POST", "uri": "/new"}}}),
        );
    });
    let generated = codegen::Settings::new("unused")
        .package_name("bug-client")
        .generate_from_str("bug/client.json", &text)
        .expect("generates");
    let file = |path: &str| generated.files().get(std::path::Path::new(path)).expect(path).clone();
    // Each operation's `Client` methods live in the operation's own file.
    let (client, do_it, new) = (file("src/client.rs"), file("src/operation/do_it.rs"), file("src/operation/new.rs"));
    for (text, expected) in [
        (&do_it, "pub fn do_it(&self) -> DoItInputBuilder"),
        (&do_it, "pub async fn do_it_with("),
        (&do_it, "pub fn do_it_paginator("),
        (&new, "pub fn new_2(&self) -> NewInputBuilder"),
        (&new, "pub async fn new_2_with("),
        (&do_it, ".with_host_prefix(host_prefix)"),
        (&do_it, "output: |output| Some(&output.next_token),"),
        // No `aws.auth#sigv4`: the sdkId, lowercased.
        (&client, "const SIGNING_NAME: &str = \"bug\";"),
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
    assert!(!client.contains("pub async fn"), "no operation method in client.rs:\n{client}");
    assert_compiles_clean_with("client", &text, &["--features", "client"]);
}

#[test]
fn bug_deeply_nested_collections() {
    assert_compiles_clean(
        "nested-collections",
        &model(|s| {
            s.insert(
                "ex.bug#M1".into(),
                json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex.bug#L1"}}),
            );
            s.insert("ex.bug#L1".into(), json!({"type": "list", "member": {"target": "ex.bug#M2"}}));
            s.insert(
                "ex.bug#M2".into(),
                json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex.bug#L2"}}),
            );
            s.insert("ex.bug#L2".into(), json!({"type": "list", "member": {"target": "ex.bug#M3"}}));
            s.insert("ex.bug#M3".into(), json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}}));
            set_members(s, "ex.bug#DoItOutput", json!({"Deep": {"target": "ex.bug#M1"}}));
        }),
    );
}

/// A label member named `input` shadows the `input` parameter of
/// serialize_request, so the JSON body is the label's string instead of the
/// input structure. It compiles; the request is wrong.
#[test]
fn bug_label_named_input_sends_wrong_body() {
    let text = model(|s| {
        set_uri(s, "/do/{input}");
        set_members(
            s,
            "ex.bug#DoItInput",
            json!({"input": member("smithy.api#String", json!({"smithy.api#required": {}, "smithy.api#httpLabel": {}}))}),
        );
    });
    let generated = codegen::Settings::new("unused")
        .package_name("bug-label-input")
        .generate_from_str("bug/label-input.json", &text)
        .expect("generates");
    let mut scratch = Scratch::new("bug-label-input");
    scratch.add_generated("label-input", &generated);
    let test = r#"
use bug_label_input::operation::do_it::{serialize_request, DoItInput};

#[test]
fn body_is_the_input() {
    let input = DoItInput::builder().input("abc").code("x").build().expect("build");
    let request = serialize_request(&input).expect("serialize");
    assert_eq!(request.uri().path(), "/do/abc");
    let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(body["Code"], serde_json::json!("x"), "body: {body}");
}
"#;
    scratch.add_files(
        "check",
        &[
            ("Cargo.toml", "[package]\nname = \"check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dev-dependencies]\nbug-label-input = { path = \"../label-input\" }\nserde_json = \"1\"\n"),
            ("src/lib.rs", ""),
            ("tests/body.rs", test),
        ],
    );
    scratch.cargo(&["test", "--quiet", "--package", "check"]);
}

/// Input members named like the fluent builder's own `send()` and client field are renamed.
#[test]
fn bug_input_members_named_send_and_client() {
    let text = model(|s| {
        set_members(
            s,
            "ex.bug#DoItInput",
            json!({"Send": member("smithy.api#String", json!({})), "Client": member("smithy.api#String", json!({}))}),
        );
    });
    assert_compiles_clean_with("send-client", &text, &["--features", "client"]);
}
