//! Runs every `smithy.rules#endpointTests` case of the AWS models in `../shared/aws-models`
//! against the endpoint rules engine of the runtime (`codegen/runtime/endpoint.rs`), with the
//! partition table `../shared/smithy/partitions.json`.
//!
//! Each case runs with its `params`; each entry of its `operationInputs` runs too, with the
//! parameters computed as a generated client computes them: the built-ins and client parameters
//! of the entry, then the operation's bindings as the generator decided them
//! (`codegen::Settings::endpoint_bindings`: `staticContextParams`, `contextParam`,
//! `operationContextParams`) applied to the entry's input. Those parameters must agree with the
//! case's `params` (which also list defaults), and resolve to its `expect`.

// As in a generated crate, the runtime file is the module `rt::endpoint`. (The `#[path]` of the
// inline module names the directory its own `#[path]` modules are read from.)
#[path = "../../codegen/runtime"]
mod rt {
    #[path = "endpoint.rs"]
    pub(crate) mod endpoint;
}

use codegen::endpoint_bindings::EndpointBindings;
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
    /// `operationInputs` entries, and those that passed.
    inputs: usize,
    inputs_passed: usize,
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
    let mut cases_with_inputs = 0;
    let mut ignored_bindings = Vec::new();
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
        // The generator's decisions, only for the models that have operation inputs to check them on.
        let bindings = if cases.iter().any(|case| case.get("operationInputs").is_some()) {
            let bindings = codegen::Settings::new(path).endpoint_bindings().expect("the model lowers");
            ignored_bindings.extend(bindings.ignored.iter().map(|why| format!("{name}: {why}")));
            bindings
        } else {
            EndpointBindings::default()
        };
        let (mut model_cases, mut model_passed) = (0, 0);
        for (index, case) in cases.iter().enumerate() {
            let inputs = case.get("operationInputs").and_then(Value::as_array);
            cases_with_inputs += usize::from(inputs.is_some());
            for (input_index, input) in inputs.into_iter().flatten().enumerate() {
                tally.inputs += 1;
                model_cases += 1;
                match check_input(ruleset, &partitions, &bindings, case, input) {
                    Ok(()) => {
                        tally.inputs_passed += 1;
                        model_passed += 1;
                    }
                    Err(why) => failures.push(format!(
                        "{name} case {index} operationInputs[{input_index}] ({}): {why}",
                        input["operationName"].as_str().unwrap_or_default()
                    )),
                }
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

    let params_only = |t: &Tally| (t.passed - t.inputs_passed, t.cases - t.inputs);
    for (what, tally) in [("JSON-protocol services", &json), ("other protocols", &other)] {
        let (passed, cases) = params_only(tally);
        println!(
            "endpoint tests, {what}: {passed}/{cases} cases passed, operationInputs {}/{} passed ({} models)",
            tally.inputs_passed, tally.inputs, tally.models
        );
    }
    println!(
        "endpoint tests overall: {}/{} passed ({} operationInputs entries in {cases_with_inputs} cases)",
        json.passed + other.passed,
        json.cases + other.cases,
        json.inputs + other.inputs
    );
    for ignored in &ignored_bindings {
        println!("IGNORED BINDING {ignored}");
    }
    if !failing_models.is_empty() {
        println!("models with failures: {}", failing_models.join(", "));
    }
    for failure in failures.iter().take(20) {
        println!("FAIL {failure}");
    }
    assert!(failures.is_empty(), "{} endpoint test cases failed (see the output above)", failures.len());
    assert!(ignored_bindings.is_empty(), "the generator left endpoint bindings out (see the output above)");
    assert!(
        json.cases - json.inputs >= 12_000,
        "only {} endpoint test cases of JSON-protocol services ran",
        json.cases
    );
    assert!(json.inputs + other.inputs >= 568, "only {} operationInputs entries ran", json.inputs + other.inputs);
}

/// A parameter value from its JSON form.
fn param_value(value: &Value) -> Result<ParamValue, String> {
    Ok(match value {
        Value::String(s) => ParamValue::String(s.clone()),
        Value::Bool(b) => ParamValue::Bool(*b),
        Value::Array(items) => ParamValue::StringArray(
            items
                .iter()
                .map(|item| item.as_str().map(str::to_owned).ok_or("a non-string array item"))
                .collect::<Result<_, _>>()?,
        ),
        other => return Err(format!("unsupported parameter value {other}")),
    })
}

/// One `operationInputs` entry: the parameters a client computes for it (built-ins, client
/// parameters, then the operation's bindings over its input) must agree with the case's
/// `params`, and resolve to its `expect`.
fn check_input(
    ruleset: &Value,
    partitions: &Partitions,
    bindings: &EndpointBindings,
    case: &Value,
    input: &Value,
) -> Result<(), String> {
    let declared = ruleset["parameters"].as_object().ok_or("the rule set has no parameters")?;
    let mut params = BTreeMap::new();
    for (built_in, value) in input.get("builtInParams").and_then(Value::as_object).into_iter().flatten() {
        let name = declared
            .iter()
            .find(|(_, param)| param["builtIn"] == **built_in)
            .map(|(name, _)| name.clone())
            .ok_or_else(|| format!("no parameter has the built-in {built_in}"))?;
        params.insert(name, param_value(value)?);
    }
    for (name, value) in input.get("clientParams").and_then(Value::as_object).into_iter().flatten() {
        if !bindings.client_params.contains(name) {
            return Err(format!("`{name}` is not a client context parameter of the generated client"));
        }
        params.insert(name.clone(), param_value(value)?);
    }
    let operation = input["operationName"].as_str().ok_or("no operationName")?;
    let empty = Value::Object(Default::default());
    let operation_params = input.get("operationParams").unwrap_or(&empty);
    for binding in bindings.operations.get(operation).into_iter().flatten() {
        if let Some(value) = binding.source.evaluate(operation_params) {
            params.insert(binding.param.clone(), param_value(&value)?);
        }
    }
    // The case's `params` also list rule-set defaults and may leave bound parameters out;
    // where both name a parameter, they must agree.
    for (name, value) in case.get("params").and_then(Value::as_object).into_iter().flatten() {
        let (Some(bound), true) = (params.get(name), declared.contains_key(name)) else { continue };
        if *bound != param_value(value)? {
            return Err(format!("`{name}` is bound to {bound:?}, the case says {value}"));
        }
    }
    compare(resolve_value(ruleset, partitions, &params), &case["expect"])
}

/// Resolves one test case with its `params` and compares the outcome with its `expect`.
fn check(ruleset: &Value, partitions: &Partitions, case: &Value) -> Result<(), String> {
    let declared = ruleset["parameters"].as_object().ok_or("the rule set has no parameters")?;
    let mut params = BTreeMap::new();
    if let Some(given) = case.get("params").and_then(Value::as_object) {
        for (name, value) in given.iter().filter(|(name, _)| declared.contains_key(*name)) {
            params.insert(name.clone(), param_value(value)?);
        }
    }
    compare(resolve_value(ruleset, partitions, &params), &case["expect"])
}

/// A resolution's outcome against a case's `expect`.
fn compare(result: Result<rt::endpoint::Endpoint, EndpointError>, expect: &Value) -> Result<(), String> {
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
