//! Runs every `smithy.rules#endpointTests` case of the AWS models in `../shared/aws-models`
//! against the endpoint rules engine of the runtime (`codegen/runtime/endpoint.rs`), with the
//! partition table `../shared/smithy/partitions.json`.

// As in a generated crate, the runtime file is the module `rt::endpoint`. (The `#[path]` of the
// inline module names the directory its own `#[path]` modules are read from.)
#[path = "../../codegen/runtime"]
mod rt {
    #[path = "endpoint.rs"]
    pub(crate) mod endpoint;
}

use rt::endpoint::{resolve_value, EndpointError, ParamValue, Partitions};
use serde_json::Value;
use std::collections::BTreeMap;

/// The protocols the project generates clients for.
const JSON_PROTOCOLS: [&str; 3] = ["aws.protocols#restJson1", "aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1"];

#[derive(Debug, Default)]
struct Tally {
    models: usize,
    cases: usize,
    passed: usize,
}

#[test]
fn every_endpoint_test_case_passes() {
    let Some(shared) = codegen_tests::shared_dir("endpoint_rules") else { return };
    let partitions_json =
        std::fs::read_to_string(shared.join("smithy/partitions.json")).expect("read smithy/partitions.json");
    let partitions = Partitions::parse(&partitions_json).expect("the partition table parses");

    let mut models: Vec<_> = std::fs::read_dir(shared.join("aws-models"))
        .expect("list aws-models")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    models.sort();

    let (mut json, mut other) = (Tally::default(), Tally::default());
    let (mut skipped_inputs, mut cases_with_inputs) = (0, 0);
    let mut failures = Vec::new();
    let mut failing_models = Vec::new();
    for path in &models {
        let model: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read model")).expect("JSON");
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        let Some(service) =
            model["shapes"].as_object().expect("shapes").values().find(|shape| {
                shape["type"] == "service" && shape["traits"].get("smithy.rules#endpointRuleSet").is_some()
            })
        else {
            continue;
        };
        let traits = &service["traits"];
        let tally =
            if JSON_PROTOCOLS.iter().any(|protocol| traits.get(protocol).is_some()) { &mut json } else { &mut other };
        tally.models += 1;
        let ruleset = &traits["smithy.rules#endpointRuleSet"];
        let Some(cases) = traits["smithy.rules#endpointTests"]["testCases"].as_array() else { continue };
        let (mut model_cases, mut model_passed) = (0, 0);
        for (index, case) in cases.iter().enumerate() {
            if let Some(inputs) = case.get("operationInputs").and_then(Value::as_array) {
                skipped_inputs += inputs.len();
                cases_with_inputs += 1;
            }
            model_cases += 1;
            match check(ruleset, &partitions, case) {
                Ok(()) => model_passed += 1,
                Err(why) => failures.push(format!(
                    "{name} case {index} ({}): {why}",
                    case["documentation"].as_str().unwrap_or_default()
                )),
            }
        }
        tally.cases += model_cases;
        tally.passed += model_passed;
        if model_passed < model_cases {
            failing_models.push(format!("{name}: {model_passed}/{model_cases}"));
        }
    }

    println!("endpoint tests, JSON-protocol services: {}/{} passed ({} models)", json.passed, json.cases, json.models);
    println!("endpoint tests, other protocols: {}/{} passed ({} models)", other.passed, other.cases, other.models);
    println!("endpoint tests overall: {}/{} passed", json.passed + other.passed, json.cases + other.cases);
    println!(
        "operationInputs: {skipped_inputs} entries in {cases_with_inputs} cases skipped \
         (those cases ran with their `params` only)"
    );
    if !failing_models.is_empty() {
        println!("models with failures: {}", failing_models.join(", "));
    }
    for failure in failures.iter().take(20) {
        println!("FAIL {failure}");
    }
    assert!(failures.is_empty(), "{} endpoint test cases failed (see the output above)", failures.len());
    assert!(json.cases >= 12_000, "only {} endpoint test cases of JSON-protocol services ran", json.cases);
}

/// Resolves one test case and compares the outcome with its `expect`.
fn check(ruleset: &Value, partitions: &Partitions, case: &Value) -> Result<(), String> {
    let declared = ruleset["parameters"].as_object().ok_or("the rule set has no parameters")?;
    let mut params = BTreeMap::new();
    if let Some(given) = case.get("params").and_then(Value::as_object) {
        for (name, value) in given.iter().filter(|(name, _)| declared.contains_key(*name)) {
            let value = match value {
                Value::String(s) => ParamValue::String(s.clone()),
                Value::Bool(b) => ParamValue::Bool(*b),
                Value::Array(items) => ParamValue::StringArray(
                    items
                        .iter()
                        .map(|item| item.as_str().map(str::to_owned).ok_or("a non-string array item"))
                        .collect::<Result<_, _>>()?,
                ),
                other => return Err(format!("unsupported parameter value {other}")),
            };
            params.insert(name.clone(), value);
        }
    }
    let result = resolve_value(ruleset, partitions, &params);
    let expect = &case["expect"];
    if let Some(message) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(error) if error.to_string() == message => Ok(()),
            Err(error) => Err(format!("expected error {message:?}, got error {:?}", error.message())),
            Ok(endpoint) => Err(format!("expected error {message:?}, got endpoint {}", endpoint.url())),
        };
    }
    let expected = expect.get("endpoint").ok_or("`expect` has neither `endpoint` nor `error`")?;
    let endpoint =
        result.map_err(|error: EndpointError| format!("expected an endpoint, got error {:?}", error.message()))?;
    let url = expected["url"].as_str().ok_or("expected endpoint without url")?;
    if endpoint.url() != url {
        return Err(format!("expected url {url:?}, got {:?}", endpoint.url()));
    }
    if let Some(headers) = expected.get("headers") {
        let actual = serde_json::to_value(endpoint.headers()).map_err(|error| error.to_string())?;
        if &actual != headers {
            return Err(format!("expected headers {headers}, got {actual}"));
        }
    }
    if let Some(properties) = expected.get("properties") {
        let actual = Value::Object(endpoint.properties().clone());
        if &actual != properties {
            return Err(format!("expected properties {properties}, got {actual}"));
        }
    }
    Ok(())
}
