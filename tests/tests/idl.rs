//! The Smithy IDL reader: the reference conformance suite, the protocol test
//! models in IDL form, and IDL and JSON forms of a model generating the same crate.

use std::path::PathBuf;

use codegen::Settings;
use codegen_tests::idl_conformance::{self, Outcome};

#[test]
fn the_idl_conformance_suite_passes() {
    let Some(shared) = codegen_tests::shared_dir("idl_conformance") else { return };
    let cases = idl_conformance::run(&shared);
    let report = idl_conformance::report(&cases);
    eprintln!("{report}");
    assert!(cases.len() > 200, "expected the ~250 cases, found {}", cases.len());
    let failed = cases.iter().filter(|c| matches!(c.outcome, Outcome::Failed(_))).count();
    assert_eq!(failed, 0, "{report}");
}

/// Every `.smithy` file of the protocol test models loads on its own, and the whole folder loads as one model.
#[test]
fn every_protocol_test_model_loads() {
    let Some(shared) = codegen_tests::shared_dir("idl_protocol_tests") else { return };
    let folder = shared.join("smithy/protocol-tests");
    let files = idl_conformance::smithy_files(&folder);
    assert!(files.len() > 100, "expected the ~140 files, found {}", files.len());
    let failures: Vec<String> =
        files.iter().filter_map(|file| codegen::ast(std::slice::from_ref(file)).err()).map(|e| e.to_string()).collect();
    assert!(failures.is_empty(), "{} of {} files do not load:\n{}", failures.len(), files.len(), failures.join("\n"));
    let whole = codegen::ast(&[folder]).expect("the whole folder loads");
    let shapes = whole["shapes"].as_object().map_or(0, |s| s.len());
    assert!(shapes > 900, "expected ~1,000 shapes, found {shapes}");
}

const IDL: &str = r#"$version: "2.0"

namespace ex.idl

use aws.protocols#restJson1

/// A small service.
@restJson1
service Widgets {
    version: "2024-01-01"
    operations: [GetWidget]
}

/// Reads one widget.
@readonly
@http(method: "GET", uri: "/widgets/{id}")
operation GetWidget {
    input := {
        @required
        @httpLabel
        id: String
    }
    output := with [Named] {
        color: Color = "RED"
        sizes: Sizes
    }
    errors: [NotFound]
}

@mixin
structure Named {
    /// The widget's name.
    name: String
}

enum Color {
    RED
    GREEN = "green"
}

list Sizes {
    member: Integer
}

@error("client")
@httpError(404)
structure NotFound {
    message: String
}
"#;

const JSON: &str = r#"{"smithy": "2.0", "shapes": {
  "ex.idl#Widgets": {"type": "service", "version": "2024-01-01",
    "operations": [{"target": "ex.idl#GetWidget"}],
    "traits": {"aws.protocols#restJson1": {}, "smithy.api#documentation": "A small service."}},
  "ex.idl#GetWidget": {"type": "operation",
    "input": {"target": "ex.idl#GetWidgetInput"}, "output": {"target": "ex.idl#GetWidgetOutput"},
    "errors": [{"target": "ex.idl#NotFound"}],
    "traits": {"smithy.api#documentation": "Reads one widget.", "smithy.api#readonly": {},
               "smithy.api#http": {"method": "GET", "uri": "/widgets/{id}"}}},
  "ex.idl#GetWidgetInput": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
    "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}}}},
  "ex.idl#GetWidgetOutput": {"type": "structure", "traits": {"smithy.api#output": {}},
    "mixins": [{"target": "ex.idl#Named"}], "members": {
    "color": {"target": "ex.idl#Color", "traits": {"smithy.api#default": "RED"}},
    "sizes": {"target": "ex.idl#Sizes"}}},
  "ex.idl#Named": {"type": "structure", "traits": {"smithy.api#mixin": {}}, "members": {
    "name": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": "The widget's name."}}}},
  "ex.idl#Color": {"type": "enum", "members": {
    "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "RED"}},
    "GREEN": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "green"}}}},
  "ex.idl#Sizes": {"type": "list", "member": {"target": "smithy.api#Integer"}},
  "ex.idl#NotFound": {"type": "structure", "traits": {"smithy.api#error": "client", "smithy.api#httpError": 404},
    "members": {"message": {"target": "smithy.api#String"}}}
}}"#;

#[test]
fn idl_and_json_forms_of_a_model_generate_the_same_crate() {
    let settings = Settings::new("unused").package_name("widgets");
    let from_idl = settings.generate_from_str("widgets.smithy", IDL).expect("the IDL form generates");
    let from_json = settings.generate_from_str("widgets.json", JSON).expect("the JSON form generates");
    assert_eq!(from_idl.files(), from_json.files());
    assert_eq!(from_idl.summary().operations_generated, 1);
}

#[test]
fn idl_syntax_errors_name_file_line_and_column() {
    let broken = IDL.replace("errors: [NotFound]", "errors: NotFound]");
    let error = Settings::new("unused").generate_from_str("widgets.smithy", &broken).expect_err("syntax error");
    let codegen::Error::Idl { file, line, column, message } = &error else { panic!("not an IDL error: {error}") };
    assert_eq!((file, *line, *column), (&PathBuf::from("widgets.smithy"), 27, 13), "{error}");
    assert_eq!(message, "Expected LBRACKET('[') but found IDENTIFIER('NotFound')");
}

/// Problems found after the IDL stage name the line and column of the shape at fault.
#[test]
fn model_problems_in_idl_files_name_the_shape_line() {
    let broken = IDL.replace("message: String", "message: Missing");
    let error = Settings::new("unused").generate_from_str("widgets.smithy", &broken).expect_err("undefined target");
    let expected = "widgets.smithy:47:1: shape `ex.idl#NotFound`, member `message`: targets `ex.idl#Missing`";
    assert!(error.to_string().contains(expected), "{error}\nshould contain\n{expected}");
}

#[test]
fn bytes_that_are_not_utf8_are_an_error_with_their_position() {
    let dir = codegen_tests::workspace_root().join("target/scratch/idl-not-utf8");
    std::fs::create_dir_all(&dir).expect("create");
    let file = dir.join("bad.smithy");
    std::fs::write(&file, b"namespace ex\nstring A \xff\n").expect("write");
    let error = codegen::ast(std::slice::from_ref(&file)).expect_err("not UTF-8");
    assert!(matches!(error, codegen::Error::Idl { line: 2, column: 10, .. }), "{error}");
}
