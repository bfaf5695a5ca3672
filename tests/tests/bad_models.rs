//! Broken models and settings: each fails with an error that says where
//! (file, shape id, member) and what is wrong, in words a person can act on.
//!
//! Models are small inline JSON texts generated with
//! `generate_from_str("bad/<case>.json", …)`; each starts from [`good`], which
//! generates, and breaks one thing.

use codegen::{Error, Settings};
use serde_json::{json, Map, Value};

/// A valid restJson1 model: `GET /things/{Id}` with an error.
fn good() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex.bad#Svc": {
                "type": "service", "version": "1",
                "operations": [{"target": "ex.bad#GetThing"}],
                "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Bad"}}
            },
            "ex.bad#GetThing": {
                "type": "operation",
                "input": {"target": "ex.bad#GetThingInput"},
                "output": {"target": "ex.bad#GetThingOutput"},
                "errors": [{"target": "ex.bad#NotFound"}],
                "traits": {"smithy.api#http": {"method": "GET", "uri": "/things/{Id}"}}
            },
            "ex.bad#GetThingInput": {"type": "structure", "members": {
                "Id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}}
            }},
            "ex.bad#GetThingOutput": {"type": "structure", "members": {
                "Name": {"target": "smithy.api#String"}
            }},
            "ex.bad#NotFound": {"type": "structure", "members": {
                "message": {"target": "smithy.api#String"}
            }, "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404}}
        }
    })
}

/// [`good`] with `edit` applied to its shapes, as text.
fn broken(edit: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut model = good();
    edit(model["shapes"].as_object_mut().expect("shapes"));
    serde_json::to_string_pretty(&model).expect("serialize")
}

/// Generates `bad/<case>.json` from `text` and returns the error.
fn fail(case: &str, text: &str) -> Error {
    match Settings::new("unused").generate_from_str(format!("bad/{case}.json"), text) {
        Ok(generated) => panic!("{case}: expected an error, but it generated {} files", generated.files().len()),
        Err(error) => error,
    }
}

/// The error's message contains every piece, and names the file.
#[track_caller]
fn assert_says(case: &str, error: &Error, pieces: &[&str]) {
    let message = error.to_string();
    let file = format!("bad/{case}.json");
    for piece in std::iter::once(file.as_str()).chain(pieces.iter().copied()) {
        assert!(message.contains(piece), "{case}: the message should contain {piece:?}:\n{message}");
    }
}

/// A model error with exactly one problem, located at `shape` (and `member`).
#[track_caller]
fn assert_one_problem(case: &str, error: &Error, shape: &str, member: Option<&str>, message: &str) {
    assert!(matches!(error, Error::Model { .. }), "{case}: expected a model error, got {error:?}");
    let problems = error.problems();
    assert_eq!(problems.len(), 1, "{case}: {error}");
    let problem = &problems[0];
    assert_eq!(problem.file.as_deref(), Some(std::path::Path::new(&format!("bad/{case}.json"))), "{case}");
    assert_eq!(problem.shape.as_deref(), Some(shape), "{case}: {error}");
    assert_eq!(problem.member.as_deref(), member, "{case}: {error}");
    assert!(problem.message.contains(message), "{case}: {:?} should contain {message:?}", problem.message);
    let mut pieces = vec![format!("shape `{shape}`"), message.to_owned()];
    if let Some(member) = member {
        pieces.push(format!("member `{member}`"));
    }
    assert_says(case, error, &pieces.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(error.to_string().starts_with("the model has 1 problem:"), "{error}");
}

#[test]
fn the_good_model_generates() {
    let generated = Settings::new("unused").generate_from_str("bad/good.json", &good().to_string()).expect("generates");
    assert!(generated.files().contains_key(std::path::Path::new("src/operation/get_thing.rs")));
    assert!(generated.warnings().is_empty(), "{:?}", generated.warnings());
}

#[test]
fn invalid_json_names_file_line_and_column() {
    let text = "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {\n    \"ex.bad#A\": {\"type\": \"structure\",}\n  }\n}\n";
    let error = fail("invalid-json", text);
    let Error::Json { file, line, column, message } = &error else { panic!("expected Error::Json, got {error:?}") };
    assert_eq!((file.to_str(), *line), (Some("bad/invalid-json.json"), 4));
    assert!(*column > 30, "column {column} points at the trailing comma");
    assert!(message.contains("trailing comma"), "{message}");
    assert!(!message.contains(" at line "), "the position is not repeated: {message}");
    assert_says(
        "invalid-json",
        &error,
        &[&format!("bad/invalid-json.json:4:{column}: invalid JSON: "), "trailing comma"],
    );

    let truncated = fail("truncated", "{\"smithy\": \"2.0\", \"shapes\": {");
    assert!(matches!(truncated, Error::Json { line: 1, .. }), "{truncated:?}");
    assert_says("truncated", &truncated, &["bad/truncated.json:1:", "EOF"]);
}

#[test]
fn member_targeting_an_undefined_shape() {
    let text = broken(|s| {
        s["ex.bad#GetThingOutput"]["members"]["Widget"] = json!({"target": "ex.bad#Widget"});
    });
    let error = fail("undefined-target", &text);
    assert_one_problem(
        "undefined-target",
        &error,
        "ex.bad#GetThingOutput",
        Some("Widget"),
        "targets `ex.bad#Widget`, which is not defined",
    );
}

#[test]
fn http_error_that_is_not_a_number() {
    let text = broken(|s| s["ex.bad#NotFound"]["traits"]["smithy.api#httpError"] = json!("404"));
    let error = fail("http-error-string", &text);
    assert_one_problem(
        "http-error-string",
        &error,
        "ex.bad#NotFound",
        None,
        "trait `smithy.api#httpError` must be an HTTP status code (100-599), found `\"404\"`",
    );
    let text = broken(|s| s["ex.bad#NotFound"]["traits"]["smithy.api#httpError"] = json!(42));
    assert_one_problem("http-error-42", &fail("http-error-42", &text), "ex.bad#NotFound", None, "found `42`");
}

#[test]
fn length_with_min_greater_than_max() {
    let text = broken(|s| {
        s["ex.bad#GetThingOutput"]["members"]["Name"]["traits"] = json!({"smithy.api#length": {"min": 10, "max": 2}});
    });
    let error = fail("length-min-max", &text);
    assert_one_problem(
        "length-min-max",
        &error,
        "ex.bad#GetThingOutput",
        Some("Name"),
        "trait `smithy.api#length` must be an object whose `min` is not greater than its `max`",
    );
    let text = broken(|s| {
        s.insert(
            "ex.bad#Small".into(),
            json!({"type": "integer", "traits": {"smithy.api#range": {"min": 5, "max": 1}}}),
        );
    });
    assert_one_problem(
        "range-min-max",
        &fail("range-min-max", &text),
        "ex.bad#Small",
        None,
        "trait `smithy.api#range` must be",
    );
}

#[test]
fn unknown_shape_type() {
    let text = broken(|s| {
        s.insert("ex.bad#Thing".into(), json!({"type": "struct", "members": {}}));
    });
    let error = fail("unknown-type", &text);
    assert_one_problem("unknown-type", &error, "ex.bad#Thing", None, "unknown shape type `struct`");
}

#[test]
fn operation_input_that_is_not_a_structure() {
    let text = broken(|s| s["ex.bad#GetThing"]["input"] = json!({"target": "smithy.api#String"}));
    let error = fail("input-not-structure", &text);
    assert_one_problem(
        "input-not-structure",
        &error,
        "ex.bad#GetThing",
        None,
        "input `smithy.api#String` must be a structure, not string",
    );
    let text = broken(|s| s["ex.bad#GetThing"]["output"] = json!({"target": "ex.bad#Nothing"}));
    assert_one_problem(
        "output-undefined",
        &fail("output-undefined", &text),
        "ex.bad#GetThing",
        None,
        "output `ex.bad#Nothing` is not defined",
    );
}

#[test]
fn http_label_member_missing_from_the_uri() {
    let text = broken(|s| {
        s["ex.bad#GetThingInput"]["members"]["Extra"] =
            json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}});
    });
    let error = fail("label-not-in-uri", &text);
    // The problem is reported on the input member that carries the label.
    assert_one_problem(
        "label-not-in-uri",
        &error,
        "ex.bad#GetThingInput",
        Some("Extra"),
        "has `@httpLabel` but the operation's URI has no such label",
    );
}

#[test]
fn uri_label_without_a_member() {
    let text =
        broken(|s| s["ex.bad#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{Id}/parts/{PartId}"));
    let error = fail("label-without-member", &text);
    assert_one_problem(
        "label-without-member",
        &error,
        "ex.bad#GetThing",
        None,
        "URI label `{PartId}` has no input member `PartId` with `@httpLabel`",
    );
}

#[test]
fn label_member_that_is_not_required() {
    let text = broken(|s| {
        s["ex.bad#GetThingInput"]["members"]["Id"]["traits"] = json!({"smithy.api#httpLabel": {}});
    });
    let error = fail("label-not-required", &text);
    assert_one_problem(
        "label-not-required",
        &error,
        "ex.bad#GetThingInput",
        Some("Id"),
        "has `@httpLabel` but not `@required` (labels must always be set)",
    );
}

#[test]
fn enum_with_two_members_of_the_same_value() {
    let text = broken(|s| {
        s.insert(
            "ex.bad#Color".into(),
            json!({"type": "enum", "members": {
                "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}},
                "CRIMSON": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}}
            }}),
        );
    });
    let error = fail("enum-duplicate-value", &text);
    assert_one_problem(
        "enum-duplicate-value",
        &error,
        "ex.bad#Color",
        Some("CRIMSON"),
        "enum value `red` is also the value of member `RED`",
    );
    let text = broken(|s| {
        s.insert(
            "ex.bad#Level".into(),
            json!({"type": "intEnum", "members": {
                "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                "ALSO_LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}
            }}),
        );
    });
    assert_one_problem(
        "int-enum-duplicate-value",
        &fail("int-enum-duplicate-value", &text),
        "ex.bad#Level",
        Some("ALSO_LOW"),
        "intEnum value 1 is also the value of member `LOW`",
    );
}

#[test]
fn error_listed_on_an_operation_without_the_error_trait() {
    let text = broken(|s| {
        s.insert("ex.bad#NotAnError".into(), json!({"type": "structure", "members": {}}));
        s["ex.bad#GetThing"]["errors"] = json!([{"target": "ex.bad#NotFound"}, {"target": "ex.bad#NotAnError"}]);
    });
    let error = fail("error-without-trait", &text);
    assert_one_problem(
        "error-without-trait",
        &error,
        "ex.bad#GetThing",
        None,
        "`ex.bad#NotAnError` is listed as an error but is not a structure with the `@error` trait",
    );
}

#[test]
fn map_key_targeting_an_integer() {
    let text = broken(|s| {
        s.insert(
            "ex.bad#Counts".into(),
            json!({"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}),
        );
    });
    let error = fail("map-key-integer", &text);
    assert_one_problem(
        "map-key-integer",
        &error,
        "ex.bad#Counts",
        Some("key"),
        "a map key must target a string or enum, not integer `smithy.api#Integer`",
    );
}

/// A map of timestamps in a non-default format: still out of reach.
fn formatted_timestamp_map() -> serde_json::Value {
    json!({
        "type": "map",
        "key": {"target": "smithy.api#String"},
        "value": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}}
    })
}

#[test]
fn unsupported_shape_reachable_from_the_operation() {
    let text = broken(|s| {
        s.insert("ex.bad#Times".into(), formatted_timestamp_map());
        s["ex.bad#GetThingOutput"]["members"]["Total"] = json!({"target": "ex.bad#Times"});
    });
    let error = fail("unsupported-timestamp-map", &text);
    assert_one_problem(
        "unsupported-timestamp-map",
        &error,
        "ex.bad#GetThingOutput",
        Some("Total"),
        "targets `ex.bad#Times`, which uses a non-default @timestampFormat inside a map: not supported yet",
    );
    // Several at once: each member is named.
    let text = broken(|s| {
        s.insert("ex.bad#Times".into(), formatted_timestamp_map());
        s["ex.bad#GetThingOutput"]["members"]["Total"] = json!({"target": "ex.bad#Times"});
        s["ex.bad#GetThingOutput"]["members"]["Count"] = json!({"target": "ex.bad#Times"});
    });
    let error = fail("unsupported-two", &text);
    assert_eq!(error.problems().len(), 2, "{error}");
    assert_says(
        "unsupported-two",
        &error,
        &[
            "shape `ex.bad#GetThingOutput`, member `Count`: targets `ex.bad#Times`, which uses a non-default @timestampFormat inside a map: not supported yet",
            "shape `ex.bad#GetThingOutput`, member `Total`: targets `ex.bad#Times`, which uses a non-default @timestampFormat inside a map: not supported yet",
        ],
    );
}

/// An unsupported shape that no generated operation reaches is no problem.
#[test]
fn unsupported_shape_not_reachable_is_ignored() {
    let text = broken(|s| {
        s.insert("ex.bad#Times".into(), formatted_timestamp_map());
        s.insert(
            "ex.bad#Unused".into(),
            json!({"type": "structure", "members": {"Total": {"target": "ex.bad#Times"}}}),
        );
    });
    Settings::new("unused").generate_from_str("bad/unreachable.json", &text).expect("generates");
}

#[test]
fn two_problems_are_reported_at_once() {
    let text = broken(|s| {
        s["ex.bad#GetThingOutput"]["members"]["Widget"] = json!({"target": "ex.bad#Widget"});
        s["ex.bad#NotFound"]["traits"]["smithy.api#httpError"] = json!("404");
    });
    let error = fail("two-problems", &text);
    let problems = error.problems();
    assert_eq!(problems.len(), 2, "{error}");
    let shapes: Vec<Option<&str>> = problems.iter().map(|p| p.shape.as_deref()).collect();
    assert_eq!(shapes, [Some("ex.bad#GetThingOutput"), Some("ex.bad#NotFound")], "sorted by shape");
    assert_says(
        "two-problems",
        &error,
        &[
            "the model has 2 problems:",
            "\n  - bad/two-problems.json: shape `ex.bad#GetThingOutput`, member `Widget`: targets `ex.bad#Widget`, which is not defined",
            "\n  - bad/two-problems.json: shape `ex.bad#NotFound`: trait `smithy.api#httpError` must be",
        ],
    );
}

#[test]
fn shape_id_that_is_not_absolute() {
    let text = broken(|s| {
        s.insert("Thing".into(), json!({"type": "structure", "members": {}}));
    });
    let error = fail("relative-shape-id", &text);
    assert_one_problem(
        "relative-shape-id",
        &error,
        "Thing",
        None,
        "`Thing` is not an absolute shape id (expected `namespace#Name`)",
    );
    let text = broken(|s| s["ex.bad#GetThingOutput"]["members"]["Name"] = json!({"target": "String"}));
    assert_one_problem(
        "relative-target",
        &fail("relative-target", &text),
        "ex.bad#GetThingOutput",
        Some("Name"),
        "`String` is not an absolute shape id",
    );
}

#[test]
fn member_name_that_is_not_an_identifier() {
    let text = broken(|s| s["ex.bad#GetThingOutput"]["members"]["3dModel"] = json!({"target": "smithy.api#String"}));
    let error = fail("member-name", &text);
    assert_one_problem(
        "member-name",
        &error,
        "ex.bad#GetThingOutput",
        Some("3dModel"),
        "member names must be identifiers",
    );
}

#[test]
fn timestamp_format_on_a_string() {
    let text = broken(|s| {
        s["ex.bad#GetThingOutput"]["members"]["Name"]["traits"] = json!({"smithy.api#timestampFormat": "date-time"});
    });
    assert_one_problem(
        "timestamp-format-string",
        &fail("timestamp-format-string", &text),
        "ex.bad#GetThingOutput",
        Some("Name"),
        "`@timestampFormat` applies to timestamps, but the target `smithy.api#String` is a string",
    );
}

#[test]
fn missing_smithy_version_and_bad_top_level() {
    let error = fail("no-version", &json!({"shapes": {}}).to_string());
    assert_says("no-version", &error, &["missing the `smithy` version string"]);
    let error = fail("array", "[]");
    assert_says("array", &error, &["the top level must be a JSON object"]);
}

// --------------------------------------------------------------- settings

#[test]
fn operation_the_service_does_not_have() {
    let error = Settings::new("unused")
        .operation("DeleteThing")
        .generate_from_str("bad/good.json", &good().to_string())
        .expect_err("no such operation");
    assert!(matches!(error, Error::Settings(_)), "{error:?}");
    assert_eq!(error.to_string(), "service `ex.bad#Svc` has no operation `DeleteThing`; it has: GetThing");
}

#[test]
fn service_the_model_does_not_have() {
    let error = Settings::new("unused")
        .service("Nope")
        .generate_from_str("bad/good.json", &good().to_string())
        .expect_err("no such service");
    assert!(matches!(error, Error::Settings(_)), "{error:?}");
    assert_eq!(error.to_string(), "the model has no service `Nope` (services: ex.bad#Svc)");
}

#[test]
fn several_services_need_a_choice() {
    let text = broken(|s| {
        s.insert("ex.bad#Other".into(), json!({"type": "service", "version": "2"}));
    });
    let error = Settings::new("unused").generate_from_str("bad/two-services.json", &text).expect_err("ambiguous");
    assert_eq!(
        error.to_string(),
        "the model defines several services; choose one (services: ex.bad#Other, ex.bad#Svc)"
    );
    let chosen = Settings::new("unused").service("ex.bad#Svc").generate_from_str("bad/two-services.json", &text);
    assert!(chosen.is_ok(), "{chosen:?}");
}

#[test]
fn model_file_that_does_not_exist() {
    let path = codegen_tests::workspace_root().join("tests/fixtures/no-such-model.json");
    let error = Settings::new(&path).generate().expect_err("missing file");
    let Error::Io { path: reported, source } = &error else { panic!("expected Error::Io, got {error:?}") };
    assert_eq!(reported, &path);
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    let message = error.to_string();
    assert!(message.starts_with(&format!("{}: ", path.display())), "{message}");
}

/// A folder of model files: problems name the file each shape came from.
#[test]
fn problems_in_a_folder_name_the_file() {
    let dir = codegen_tests::workspace_root().join("target/scratch/bad-models-folder");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clean");
    }
    std::fs::create_dir_all(&dir).expect("create");
    std::fs::write(dir.join("a-main.json"), good().to_string()).expect("write");
    let a = dir.join("a-main.json");
    let b = dir.join("b-extra.json");
    // Loading stops at a shape defined twice…
    let twice = json!({"smithy": "2.0", "shapes": {"ex.bad#NotFound": {"type": "structure", "members": {}}}});
    std::fs::write(&b, twice.to_string()).expect("write");
    std::fs::write(dir.join("notes.txt"), "not a model").expect("write");
    let error = Settings::new(&dir).generate().expect_err("defined twice");
    assert_eq!(error.problems().len(), 1, "{error}");
    let expected = format!("{}: shape `ex.bad#NotFound`: defined twice (first in {})", b.display(), a.display());
    assert!(error.to_string().contains(&expected), "{error}\nshould contain\n{expected}");
    // …and validation names the file of the shape at fault.
    let loose = json!({"smithy": "2.0", "shapes": {
        "ex.bad#Loose": {"type": "structure", "members": {"X": {"target": "ex.bad#Gone"}}}
    }});
    std::fs::write(&b, loose.to_string()).expect("write");
    let error = Settings::new(&dir).generate().expect_err("undefined target");
    assert_eq!(error.problems().len(), 1, "{error}");
    let expected =
        format!("{}: shape `ex.bad#Loose`, member `X`: targets `ex.bad#Gone`, which is not defined", b.display());
    assert!(error.to_string().contains(&expected), "{error}\nshould contain\n{expected}");

    let empty = codegen_tests::workspace_root().join("target/scratch/bad-models-empty");
    std::fs::create_dir_all(&empty).expect("create");
    let error = Settings::new(&empty).generate().expect_err("no model files");
    assert!(error.to_string().contains("the folder holds no `.json` or `.smithy` model files"), "{error}");
}
