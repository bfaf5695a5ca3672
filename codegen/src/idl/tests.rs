//! The reader on small inputs, and a bounded fuzz run: no input, however
//! mangled, makes it panic.

use std::path::Path;

use serde_json::{json, Value};

use crate::error::Error;

/// Parses and resolves one file on its own, as its JSON AST document.
fn to_json(text: &str) -> Result<Value, Error> {
    let file = super::parse(Path::new("test.smithy"), text)?;
    let mut documents = super::to_json_ast(std::slice::from_ref(&file), &[])?;
    Ok(documents.pop().map(|(document, _)| document).unwrap_or_default())
}

const SAMPLE: &str = r#"$version: "2.0"
$operationInputSuffix: "Request"
metadata tags = ["a", "b",]

namespace example.weather

use aws.protocols#restJson1

/// The service.
@restJson1
service Weather {
    version: "2006-03-01"
    operations: [GetCity]
    resources: [City]
}

resource City {
    identifiers: { cityId: CityId }
    properties: { name: String }
    read: GetCity
}

@pattern("^[A-Za-z0-9 ]+$")
string CityId

@readonly
operation GetCity {
    input := for City {
        @required
        $cityId
    }
    output := with [Named] {
        @documentation("""
            The city's
              coordinates.
            """)
        coordinates: Coordinates = {}
    }
    errors: [NoSuchCity]
}

@mixin
structure Named {
    name: String
}

structure Coordinates {
    latitude: Float = 0.5
    longitude: PrimitiveFloat
}

@error("client")
structure NoSuchCity {
    message: String
}

enum Unit {
    CELSIUS = "c"
    FAHRENHEIT
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

map Readings {
    key: String
    value: Level
}

@references([{resource: City}])
list Cities {
    member: CityId
}

apply Coordinates$latitude @documentation("Degrees north.")
apply Named {
    @deprecated
    @tags(["old"])
}
"#;

#[test]
fn the_sample_resolves_to_absolute_ids() {
    let document = to_json(SAMPLE).expect("the sample reads");
    let shapes = &document["shapes"];
    assert_eq!(document["metadata"]["tags"], json!(["a", "b"]));
    assert_eq!(shapes["example.weather#Weather"]["traits"]["aws.protocols#restJson1"], json!({}));
    assert_eq!(shapes["example.weather#Weather"]["traits"]["smithy.api#documentation"], json!("The service."));
    let input = &shapes["example.weather#GetCityRequest"];
    assert_eq!(input["members"]["cityId"]["target"], json!("example.weather#CityId"), "elided from the resource");
    assert_eq!(input["traits"]["smithy.api#input"], json!({}));
    let output = &shapes["example.weather#GetCityOutput"];
    assert_eq!(output["mixins"], json!([{"target": "example.weather#Named"}]));
    let coordinates = &output["members"]["coordinates"]["traits"];
    assert_eq!(coordinates["smithy.api#documentation"], json!("The city's\n  coordinates.\n"));
    assert_eq!(coordinates["smithy.api#default"], json!({}));
    let latitude = &shapes["example.weather#Coordinates"]["members"]["latitude"];
    assert_eq!(latitude["traits"]["smithy.api#documentation"], json!("Degrees north."), "apply is merged");
    assert_eq!(
        shapes["example.weather#Coordinates"]["members"]["longitude"]["target"],
        json!("smithy.api#PrimitiveFloat")
    );
    assert_eq!(
        shapes["example.weather#Unit"]["members"]["FAHRENHEIT"]["traits"]["smithy.api#enumValue"],
        json!("FAHRENHEIT")
    );
    assert_eq!(
        shapes["example.weather#Cities"]["traits"]["smithy.api#references"],
        json!([{"resource": "example.weather#City"}])
    );
    assert_eq!(shapes["example.weather#Named"]["traits"]["smithy.api#tags"], json!(["old"]));
}

#[test]
fn local_shapes_shadow_the_prelude() {
    let document = to_json("$version: \"2\"\nnamespace ex\nstring String\nstructure A { a: String, b: Integer }\n")
        .expect("reads");
    let members = &document["shapes"]["ex#A"]["members"];
    assert_eq!(members["a"]["target"], json!("ex#String"));
    assert_eq!(members["b"]["target"], json!("smithy.api#Integer"));
}

#[test]
fn errors_name_the_line_and_column_and_what_was_expected() {
    let error = to_json("$version: \"2\"\nnamespace ex\n\nstructure A {\n  a String\n}\n").expect_err("no colon");
    let Error::Idl { line, column, message, .. } = &error else { panic!("not an IDL error: {error}") };
    assert_eq!((*line, *column), (5, 5), "{error}");
    assert_eq!(message, "Expected COLON(':') but found IDENTIFIER('String')");
    assert!(error.to_string().starts_with("test.smithy:5:5: "), "{error}");
    let error = to_json("namespace ex\n@tags(\"a\"\n").expect_err("unclosed");
    assert!(matches!(error, Error::Idl { line: 3, .. }), "{error}");
}

#[test]
fn idl_1_0_has_no_version_2_syntax() {
    let error = to_json("namespace ex\nstructure A { a: String = \"x\" }\n").expect_err("v1 default");
    assert!(error.to_string().contains("only supported in IDL version 2"), "{error}");
    assert!(to_json("namespace ex\nset Names { member: String }\n").is_ok(), "sets are IDL 1.0");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("metadata deep = {}\n", "[".repeat(100_000));
    let error = to_json(&text).expect_err("too deep");
    assert!(error.to_string().contains("nest deeper than 128 levels"), "{error}");
    assert!(to_json(&format!("metadata ok = {}{}\n", "[".repeat(100), "]".repeat(100))).is_ok());
}

/// A tiny deterministic generator (xorshift), so that a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that steer mutations towards the grammar's edges.
const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "\"\"\"",
    "\\",
    "\\u",
    "$",
    "@",
    ":",
    ":=",
    "=",
    ",",
    "#",
    ".",
    "\n",
    "///",
    "// x\n",
    " with [",
    " for ",
    "apply ",
    "$member",
    "-",
    "1e",
    "0.",
    "é",
    "\u{0}",
    "\t",
    "\r\n",
    "namespace ",
    "use ",
    "metadata ",
    "$version: \"1.0\"\n",
    "null",
    "structure X {",
    "enum E { A }",
];

fn mutate(seed: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(5) {
            0 if !chars.is_empty() => {
                let end = (at + rng.below(16)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                chars.splice(at..at, fragment.chars());
            }
            2 if !chars.is_empty() => {
                let from = rng.below(chars.len());
                let end = (from + rng.below(40)).min(chars.len());
                let copy: Vec<char> = chars[from..end].to_vec();
                chars.splice(at..at, copy);
            }
            3 => chars.truncate(at),
            _ => {
                if let Some(c) = chars.get_mut(at) {
                    *c = char::from_u32(rng.below(0x80) as u32).unwrap_or('?');
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// The seeds: the sample, and the conformance suite's valid files when `../shared` is there.
fn seeds() -> Vec<String> {
    let mut seeds = vec![SAMPLE.to_owned()];
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy/latest/idl-conformance/valid");
    let mut folders = vec![suite];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "smithy") {
                seeds.extend(std::fs::read_to_string(&path).ok());
            }
        }
    }
    seeds
}

/// 20,000 mutated inputs through the whole loader (parse, resolve, merge, typed
/// model); any panic fails the test and prints the input.
#[test]
fn no_input_makes_the_reader_panic() {
    const CASES: usize = 20_000;
    let seeds = seeds();
    let mut rng = Rng(0x05ee_d1d1);
    let mut rejected = 0;
    for case in 0..CASES {
        let input = mutate(&seeds[case % seeds.len()], &mut rng);
        let outcome = std::panic::catch_unwind(|| crate::model::load::load_str(Path::new("fuzz.smithy"), &input));
        match outcome {
            Ok(result) => rejected += usize::from(result.is_err()),
            Err(_) => panic!("case {case} panicked on input:\n{input}"),
        }
    }
    assert!(rejected > CASES / 10, "mutations should break most inputs ({rejected} of {CASES} rejected)");
}
