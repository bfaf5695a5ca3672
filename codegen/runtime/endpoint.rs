//! Endpoint resolution: an interpreter for the `smithy.rules#endpointRuleSet` language (rules
//! engine 1.0, plus the 1.1 functions `coalesce`, `ite` and `split`) and the AWS functions
//! `aws.partition`, `aws.parseArn` and `aws.isVirtualHostableS3Bucket`.
//!
//! A generated crate embeds its service's rule set and the AWS partition table as JSON text and
//! hands both to [`resolve`]; a caller that keeps them parsed uses [`resolve_value`] with
//! [`Partitions`]. Self-contained: it needs only `serde_json` (a partition's `regionRegex` is
//! matched by the small regular-expression engine at the end of this file).
#![allow(dead_code)]

use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use std::fmt;

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    url: String,
    headers: BTreeMap<String, Vec<String>>,
    properties: Map<String, Json>,
}

impl Endpoint {
    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Headers the request must carry, by name (usually none).
    pub fn headers(&self) -> &BTreeMap<String, Vec<String>> {
        &self.headers
    }

    /// The endpoint's properties, such as `authSchemes` (signing name and region).
    pub fn properties(&self) -> &Map<String, Json> {
        &self.properties
    }
}

/// Why no endpoint could be resolved: the rule set's own error message, or a malformed rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    fn invalid(detail: impl fmt::Display) -> Self {
        Self::new(format!("invalid endpoint rule set: {detail}"))
    }

    /// The message: for an `error` rule, exactly the rule's (evaluated) message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// Parameter values by name: strings, booleans, string arrays.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A `string` parameter.
    String(String),
    /// A `boolean` parameter.
    Bool(bool),
    /// A `stringArray` parameter.
    StringArray(Vec<String>),
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        Self::String(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        Self::StringArray(value)
    }
}

/// The message when no rule applies (the rule set ran out of rules, or a matched tree did).
const NO_RULE_MATCHED: &str = "no endpoint rule matched the endpoint parameters";

/// How deeply rules, expressions and values may nest (serde_json parses at most 128 levels).
const MAX_DEPTH: usize = 256;

/// Resolves an endpoint: `ruleset` is the JSON text of `smithy.rules#endpointRuleSet`,
/// `partitions` the JSON text of the AWS partition table (`partitions.json`), `params` the
/// parameter values set by the caller (missing ones take the rule set's `default` if any; a
/// `required` parameter without value or default is an error).
pub(crate) fn resolve(
    ruleset: &str,
    partitions: &str,
    params: &BTreeMap<String, ParamValue>,
) -> Result<Endpoint, EndpointError> {
    let ruleset: Json = serde_json::from_str(ruleset).map_err(EndpointError::invalid)?;
    let partitions = Partitions::parse(partitions)?;
    resolve_value(&ruleset, &partitions, params)
}

/// [`resolve`] with a rule set and partition table that are already parsed.
pub(crate) fn resolve_value(
    ruleset: &Json,
    partitions: &Partitions,
    params: &BTreeMap<String, ParamValue>,
) -> Result<Endpoint, EndpointError> {
    let mut eval = Eval { partitions, scope: Vec::new() };
    eval.bind_parameters(ruleset, params)?;
    let rules =
        ruleset.get("rules").and_then(Json::as_array).ok_or_else(|| EndpointError::invalid("no `rules` array"))?;
    eval.rules(rules, 0)?.ok_or_else(|| EndpointError::new(NO_RULE_MATCHED))
}

// ---------------------------------------------------------------------------------------------
// Values

/// A value during evaluation; `None` is the empty optional.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    None,
    String(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

impl Value {
    fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    fn from_json(json: &Json, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::None;
        }
        match json {
            Json::Null => Value::None,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => n.as_i64().map_or_else(|| Value::String(n.to_string()), Value::Int),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(|item| Value::from_json(item, depth + 1)).collect()),
            Json::Object(fields) => Value::Object(
                fields.iter().map(|(key, value)| (key.clone(), Value::from_json(value, depth + 1))).collect(),
            ),
        }
    }

    fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
        Value::Object(fields.into_iter().map(|(key, value)| (key.to_owned(), value)).collect())
    }
}

// ---------------------------------------------------------------------------------------------
// Partitions

/// The AWS partition table (`partitions.json`) that `aws.partition` consults.
#[derive(Debug, Clone)]
pub(crate) struct Partitions {
    partitions: Vec<Partition>,
}

#[derive(Debug, Clone)]
struct Partition {
    id: String,
    region_regex: Option<Regex>,
    regions: Map<String, Json>,
    outputs: Map<String, Json>,
}

impl Partitions {
    /// Parses the partition table's JSON text.
    pub(crate) fn parse(json: &str) -> Result<Partitions, EndpointError> {
        let value: Json = serde_json::from_str(json)
            .map_err(|error| EndpointError::new(format!("invalid partition table: {error}")))?;
        Partitions::from_value(&value)
    }

    /// Reads an already parsed partition table.
    pub(crate) fn from_value(value: &Json) -> Result<Partitions, EndpointError> {
        let bad = |detail: String| EndpointError::new(format!("invalid partition table: {detail}"));
        let list =
            value.get("partitions").and_then(Json::as_array).ok_or_else(|| bad("no `partitions` array".to_owned()))?;
        let mut partitions = Vec::with_capacity(list.len());
        for partition in list {
            let id = partition
                .get("id")
                .and_then(Json::as_str)
                .ok_or_else(|| bad("a partition without an `id`".to_owned()))?;
            let region_regex = match partition.get("regionRegex") {
                None | Some(Json::Null) => None,
                Some(Json::String(pattern)) => Some(
                    Regex::new(pattern)
                        .map_err(|error| bad(format!("partition `{id}`: regionRegex `{pattern}`: {error}")))?,
                ),
                Some(_) => return Err(bad(format!("partition `{id}`: regionRegex is not a string"))),
            };
            let regions = match partition.get("regions") {
                None | Some(Json::Null) => Map::new(),
                Some(Json::Object(regions)) => regions.clone(),
                Some(_) => return Err(bad(format!("partition `{id}`: regions is not an object"))),
            };
            let outputs = match partition.get("outputs") {
                Some(Json::Object(outputs)) => outputs.clone(),
                _ => return Err(bad(format!("partition `{id}`: no `outputs` object"))),
            };
            partitions.push(Partition { id: id.to_owned(), region_regex, regions, outputs });
        }
        Ok(Partitions { partitions })
    }

    /// `aws.partition(region)`: the partition that lists the region, else the first whose
    /// `regionRegex` matches it, else `aws`; its `outputs` with the region's own fields over them.
    fn resolve(&self, region: &str) -> Option<Value> {
        let (partition, region_fields) = self
            .partitions
            .iter()
            .find_map(|partition| partition.regions.get(region).map(|fields| (partition, Some(fields))))
            .or_else(|| {
                self.partitions
                    .iter()
                    .find(|partition| partition.region_regex.as_ref().is_some_and(|regex| regex.is_match(region)))
                    .map(|partition| (partition, None))
            })
            .or_else(|| {
                self.partitions.iter().find(|partition| partition.id == "aws").map(|partition| (partition, None))
            })?;
        let mut result = BTreeMap::new();
        result.insert("name".to_owned(), Value::String(partition.id.clone()));
        for (key, value) in &partition.outputs {
            result.insert(key.clone(), Value::from_json(value, 0));
        }
        if let Some(Json::Object(fields)) = region_fields {
            for (key, value) in fields {
                result.insert(key.clone(), Value::from_json(value, 0));
            }
        }
        Some(Value::Object(result))
    }
}

// ---------------------------------------------------------------------------------------------
// The evaluator

struct Eval<'a> {
    partitions: &'a Partitions,
    /// Parameters, then the variables bound by `assign` (innermost last).
    scope: Vec<(String, Value)>,
}

fn deeper(depth: usize) -> Result<usize, EndpointError> {
    if depth >= MAX_DEPTH {
        Err(EndpointError::invalid("nested too deeply"))
    } else {
        Ok(depth + 1)
    }
}

impl Eval<'_> {
    fn bind_parameters(&mut self, ruleset: &Json, params: &BTreeMap<String, ParamValue>) -> Result<(), EndpointError> {
        let Some(declared) = ruleset.get("parameters") else {
            return Ok(());
        };
        let declared = declared.as_object().ok_or_else(|| EndpointError::invalid("`parameters` is not an object"))?;
        for (name, spec) in declared {
            let kind = spec.get("type").and_then(Json::as_str).map(str::to_ascii_lowercase).unwrap_or_default();
            let value = match params.get(name) {
                Some(value) => match (kind.as_str(), value) {
                    ("string", ParamValue::String(s)) => Value::String(s.clone()),
                    ("boolean", ParamValue::Bool(b)) => Value::Bool(*b),
                    ("stringarray", ParamValue::StringArray(items)) => {
                        Value::Array(items.iter().map(|item| Value::String(item.clone())).collect())
                    }
                    ("string" | "boolean" | "stringarray", _) => {
                        return Err(EndpointError::new(format!(
                            "endpoint parameter `{name}` must be of type {}",
                            spec.get("type").and_then(Json::as_str).unwrap_or_default()
                        )))
                    }
                    _ => return Err(EndpointError::invalid(format!("parameter `{name}` has an unknown type"))),
                },
                None => match (kind.as_str(), spec.get("default")) {
                    (_, None | Some(Json::Null)) => Value::None,
                    ("string", Some(Json::String(s))) => Value::String(s.clone()),
                    ("boolean", Some(Json::Bool(b))) => Value::Bool(*b),
                    ("stringarray", Some(Json::Array(items))) if items.iter().all(Json::is_string) => {
                        Value::from_json(&Json::Array(items.clone()), 0)
                    }
                    _ => {
                        return Err(EndpointError::invalid(format!(
                            "parameter `{name}` has a default of the wrong type"
                        )))
                    }
                },
            };
            if value.is_none() && spec.get("required").and_then(Json::as_bool) == Some(true) {
                return Err(EndpointError::new(format!("a required endpoint parameter is missing: `{name}`")));
            }
            self.scope.push((name.clone(), value));
        }
        Ok(())
    }

    /// Tries `rules` in order: the first that applies decides (`None`: none applied).
    fn rules(&mut self, rules: &[Json], depth: usize) -> Result<Option<Endpoint>, EndpointError> {
        for rule in rules {
            let mark = self.scope.len();
            let result = self.rule(rule, depth);
            self.scope.truncate(mark);
            if let Some(endpoint) = result? {
                return Ok(Some(endpoint));
            }
        }
        Ok(None)
    }

    /// One rule: `Ok(None)` if its conditions do not hold.
    fn rule(&mut self, rule: &Json, depth: usize) -> Result<Option<Endpoint>, EndpointError> {
        let depth = deeper(depth)?;
        let rule = rule.as_object().ok_or_else(|| EndpointError::invalid("a rule is not an object"))?;
        if let Some(conditions) = rule.get("conditions") {
            let conditions =
                conditions.as_array().ok_or_else(|| EndpointError::invalid("`conditions` is not an array"))?;
            for condition in conditions {
                let condition =
                    condition.as_object().ok_or_else(|| EndpointError::invalid("a condition is not an object"))?;
                let value = self.call(condition, depth)?;
                if matches!(value, Value::None | Value::Bool(false)) {
                    return Ok(None);
                }
                match condition.get("assign") {
                    None | Some(Json::Null) => {}
                    Some(Json::String(name)) => self.scope.push((name.clone(), value)),
                    Some(_) => return Err(EndpointError::invalid("`assign` is not a string")),
                }
            }
        }
        let kind = match rule.get("type").and_then(Json::as_str) {
            Some(kind) => kind,
            None if rule.contains_key("endpoint") => "endpoint",
            None if rule.contains_key("error") => "error",
            None if rule.contains_key("rules") => "tree",
            None => return Err(EndpointError::invalid("a rule without a `type`")),
        };
        match kind {
            "endpoint" => {
                let endpoint = rule
                    .get("endpoint")
                    .ok_or_else(|| EndpointError::invalid("an endpoint rule without `endpoint`"))?;
                self.endpoint(endpoint, depth).map(Some)
            }
            "error" => {
                let message =
                    rule.get("error").ok_or_else(|| EndpointError::invalid("an error rule without `error`"))?;
                match self.expr(message, depth)? {
                    Value::String(message) => Err(EndpointError::new(message)),
                    _ => Err(EndpointError::invalid("an error message is not a string")),
                }
            }
            "tree" => {
                let rules = rule
                    .get("rules")
                    .and_then(Json::as_array)
                    .ok_or_else(|| EndpointError::invalid("a tree rule without a `rules` array"))?;
                // A tree whose conditions held is terminal.
                match self.rules(rules, depth)? {
                    Some(endpoint) => Ok(Some(endpoint)),
                    None => Err(EndpointError::new(NO_RULE_MATCHED)),
                }
            }
            other => Err(EndpointError::invalid(format!("unknown rule type `{other}`"))),
        }
    }

    fn endpoint(&mut self, endpoint: &Json, depth: usize) -> Result<Endpoint, EndpointError> {
        let endpoint = endpoint.as_object().ok_or_else(|| EndpointError::invalid("`endpoint` is not an object"))?;
        let url = endpoint.get("url").ok_or_else(|| EndpointError::invalid("an endpoint without `url`"))?;
        let Value::String(url) = self.expr(url, depth)? else {
            return Err(EndpointError::invalid("an endpoint url is not a string"));
        };
        let mut headers = BTreeMap::new();
        match endpoint.get("headers") {
            None | Some(Json::Null) => {}
            Some(Json::Object(fields)) => {
                for (name, values) in fields {
                    let values = values
                        .as_array()
                        .ok_or_else(|| EndpointError::invalid(format!("header `{name}` is not a list")))?;
                    let mut out = Vec::with_capacity(values.len());
                    for value in values {
                        match self.expr(value, depth)? {
                            Value::String(value) => out.push(value),
                            _ => return Err(EndpointError::invalid(format!("header `{name}` is not a string"))),
                        }
                    }
                    headers.insert(name.clone(), out);
                }
            }
            Some(_) => return Err(EndpointError::invalid("`headers` is not an object")),
        }
        let properties = match endpoint.get("properties") {
            None | Some(Json::Null) => Map::new(),
            Some(Json::Object(fields)) => {
                let mut out = Map::new();
                for (key, value) in fields {
                    out.insert(key.clone(), self.literal(value, depth)?);
                }
                out
            }
            Some(_) => return Err(EndpointError::invalid("`properties` is not an object")),
        };
        Ok(Endpoint { url, headers, properties })
    }

    /// A property value: literal JSON whose strings are templates.
    fn literal(&self, value: &Json, depth: usize) -> Result<Json, EndpointError> {
        let depth = deeper(depth)?;
        Ok(match value {
            Json::String(template) => Json::String(self.template(template)?),
            Json::Array(items) => {
                Json::Array(items.iter().map(|item| self.literal(item, depth)).collect::<Result<_, _>>()?)
            }
            Json::Object(fields) => {
                let mut out = Map::new();
                for (key, value) in fields {
                    out.insert(key.clone(), self.literal(value, depth)?);
                }
                Json::Object(out)
            }
            other => other.clone(),
        })
    }

    /// An argument: a string template, boolean, integer, array, `{"ref"}` or `{"fn", "argv"}`.
    fn expr(&self, expr: &Json, depth: usize) -> Result<Value, EndpointError> {
        let depth = deeper(depth)?;
        match expr {
            Json::Null => Ok(Value::None),
            Json::Bool(b) => Ok(Value::Bool(*b)),
            Json::Number(n) => n.as_i64().map(Value::Int).ok_or_else(|| EndpointError::invalid("a non-integer number")),
            Json::String(template) => Ok(Value::String(self.template(template)?)),
            Json::Array(items) => {
                Ok(Value::Array(items.iter().map(|item| self.expr(item, depth)).collect::<Result<_, _>>()?))
            }
            Json::Object(fields) => {
                if let Some(name) = fields.get("ref") {
                    let name = name.as_str().ok_or_else(|| EndpointError::invalid("`ref` is not a string"))?;
                    self.lookup(name).cloned()
                } else if fields.contains_key("fn") {
                    self.call(fields, depth)
                } else {
                    let mut out = BTreeMap::new();
                    for (key, value) in fields {
                        out.insert(key.clone(), self.expr(value, depth)?);
                    }
                    Ok(Value::Object(out))
                }
            }
        }
    }

    fn lookup(&self, name: &str) -> Result<&Value, EndpointError> {
        self.scope
            .iter()
            .rev()
            .find(|(bound, _)| bound == name)
            .map(|(_, value)| value)
            .ok_or_else(|| EndpointError::invalid(format!("unknown reference `{name}`")))
    }

    /// Expands `{Name}` and `{Name#path}` (getAttr shorthand); `{{` and `}}` are braces.
    fn template(&self, template: &str) -> Result<String, EndpointError> {
        if !template.contains(['{', '}']) {
            return Ok(template.to_owned());
        }
        let mut out = String::with_capacity(template.len());
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    out.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    out.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => {
                                return Err(EndpointError::invalid(format!("unclosed `{{` in template `{template}`")))
                            }
                        }
                    }
                    let value = match name.split_once('#') {
                        Some((name, path)) => get_attr(self.lookup(name)?, path)?,
                        None => self.lookup(&name)?.clone(),
                    };
                    match value {
                        Value::String(s) => out.push_str(&s),
                        _ => {
                            return Err(EndpointError::invalid(format!(
                                "`{{{name}}}` in template `{template}` is not a string"
                            )))
                        }
                    }
                }
                c => out.push(c),
            }
        }
        Ok(out)
    }

    /// A function call `{"fn": name, "argv": [...]}`.
    fn call(&self, call: &Map<String, Json>, depth: usize) -> Result<Value, EndpointError> {
        let name = call
            .get("fn")
            .and_then(Json::as_str)
            .ok_or_else(|| EndpointError::invalid("a function call without `fn`"))?;
        let args = match call.get("argv") {
            None => Vec::new(),
            Some(Json::Array(argv)) => argv.iter().map(|arg| self.expr(arg, depth)).collect::<Result<_, _>>()?,
            Some(_) => return Err(EndpointError::invalid(format!("`argv` of `{name}` is not an array"))),
        };
        function(name, args, self.partitions)
    }
}

// ---------------------------------------------------------------------------------------------
// The functions

fn args<const N: usize>(name: &str, args: Vec<Value>) -> Result<[Value; N], EndpointError> {
    let count = args.len();
    <[Value; N]>::try_from(args)
        .map_err(|_| EndpointError::invalid(format!("`{name}` takes {N} arguments, not {count}")))
}

fn string_arg<'v>(name: &str, value: &'v Value) -> Result<Option<&'v str>, EndpointError> {
    match value {
        Value::None => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(EndpointError::invalid(format!("`{name}` expects a string argument"))),
    }
}

fn bool_arg(name: &str, value: &Value) -> Result<Option<bool>, EndpointError> {
    match value {
        Value::None => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        _ => Err(EndpointError::invalid(format!("`{name}` expects a boolean argument"))),
    }
}

fn int_arg(name: &str, value: &Value) -> Result<Option<i64>, EndpointError> {
    match value {
        Value::None => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        _ => Err(EndpointError::invalid(format!("`{name}` expects an integer argument"))),
    }
}

fn optional<T>(value: Option<T>, wrap: impl FnOnce(T) -> Value) -> Value {
    value.map_or(Value::None, wrap)
}

fn function(name: &str, argv: Vec<Value>, partitions: &Partitions) -> Result<Value, EndpointError> {
    Ok(match name {
        "isSet" => {
            let [value] = args(name, argv)?;
            Value::Bool(!value.is_none())
        }
        "not" => {
            let [value] = args(name, argv)?;
            optional(bool_arg(name, &value)?, |b| Value::Bool(!b))
        }
        "booleanEquals" => {
            let [a, b] = args(name, argv)?;
            let (a, b) = (bool_arg(name, &a)?, bool_arg(name, &b)?);
            Value::Bool(a.is_some() && a == b)
        }
        "stringEquals" => {
            let [a, b] = args(name, argv)?;
            let (a, b) = (string_arg(name, &a)?, string_arg(name, &b)?);
            Value::Bool(a.is_some() && a == b)
        }
        "getAttr" => {
            let [value, path] = args(name, argv)?;
            let path = string_arg(name, &path)?.ok_or_else(|| EndpointError::invalid("`getAttr` without a path"))?;
            get_attr(&value, path)?
        }
        "substring" => {
            let [input, start, stop, reverse] = args(name, argv)?;
            match (string_arg(name, &input)?, int_arg(name, &start)?, int_arg(name, &stop)?, bool_arg(name, &reverse)?)
            {
                (Some(input), Some(start), Some(stop), Some(reverse)) => {
                    optional(substring(input, start, stop, reverse), |s| Value::String(s.to_owned()))
                }
                _ => Value::None,
            }
        }
        "uriEncode" => {
            let [value] = args(name, argv)?;
            optional(string_arg(name, &value)?, |s| Value::String(uri_encode(s)))
        }
        "parseURL" => {
            let [value] = args(name, argv)?;
            string_arg(name, &value)?.and_then(parse_url).unwrap_or(Value::None)
        }
        "isValidHostLabel" => {
            let [value, allow_dots] = args(name, argv)?;
            match (string_arg(name, &value)?, bool_arg(name, &allow_dots)?) {
                (Some(value), Some(allow_dots)) => Value::Bool(is_valid_host_label(value, allow_dots)),
                _ => Value::None,
            }
        }
        "aws.partition" => {
            let [region] = args(name, argv)?;
            string_arg(name, &region)?.and_then(|region| partitions.resolve(region)).unwrap_or(Value::None)
        }
        "aws.parseArn" => {
            let [value] = args(name, argv)?;
            string_arg(name, &value)?.and_then(parse_arn).unwrap_or(Value::None)
        }
        "aws.isVirtualHostableS3Bucket" => {
            let [value, allow_dots] = args(name, argv)?;
            match (string_arg(name, &value)?, bool_arg(name, &allow_dots)?) {
                (Some(value), Some(allow_dots)) => Value::Bool(is_virtual_hostable_s3_bucket(value, allow_dots)),
                _ => Value::None,
            }
        }
        "coalesce" => argv.into_iter().find(|value| !value.is_none()).unwrap_or(Value::None),
        "ite" => {
            let [condition, then, otherwise] = args(name, argv)?;
            if bool_arg(name, &condition)? == Some(true) {
                then
            } else {
                otherwise
            }
        }
        "split" => {
            let [value, delimiter, limit] = args(name, argv)?;
            match (string_arg(name, &value)?, string_arg(name, &delimiter)?, int_arg(name, &limit)?) {
                (Some(value), Some(delimiter), Some(limit)) => optional(split(value, delimiter, limit), |parts| {
                    Value::Array(parts.into_iter().map(|part| Value::String(part.to_owned())).collect())
                }),
                _ => Value::None,
            }
        }
        _ => return Err(EndpointError::invalid(format!("unknown function `{name}`"))),
    })
}

/// `getAttr`: `.`-separated keys, each optionally followed by `[index]` (negative from the end).
/// A missing key or index, or a step into a value of the wrong kind, gives the empty optional.
fn get_attr(value: &Value, path: &str) -> Result<Value, EndpointError> {
    let bad = || EndpointError::invalid(format!("invalid getAttr path `{path}`"));
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, index)) => {
                let index = index.strip_suffix(']').ok_or_else(bad)?;
                (key, Some(index.parse::<i64>().map_err(|_| bad())?))
            }
            None => (part, None),
        };
        if key.is_empty() && index.is_none() {
            return Err(bad());
        }
        steps.push((key, index));
    }
    let mut current = value;
    for (key, index) in steps {
        if !key.is_empty() {
            current = match current {
                Value::Object(fields) => match fields.get(key) {
                    Some(value) => value,
                    None => return Ok(Value::None),
                },
                _ => return Ok(Value::None),
            };
        }
        if let Some(index) = index {
            let Value::Array(items) = current else {
                return Ok(Value::None);
            };
            let position = if index < 0 {
                i64::try_from(items.len()).ok().and_then(|len| usize::try_from(len + index).ok())
            } else {
                usize::try_from(index).ok()
            };
            current = match position.and_then(|position| items.get(position)) {
                Some(value) => value,
                None => return Ok(Value::None),
            };
        }
    }
    Ok(current.clone())
}

/// `substring`: `start` inclusive, `stop` exclusive; counted from the end with `reverse`.
/// `None` for non-ASCII input, input shorter than `stop`, or `start >= stop`.
fn substring(input: &str, start: i64, stop: i64, reverse: bool) -> Option<&str> {
    let start = usize::try_from(start).ok()?;
    let stop = usize::try_from(stop).ok()?;
    if start >= stop || input.len() < stop || !input.is_ascii() {
        return None;
    }
    if reverse {
        input.get(input.len() - stop..input.len() - start)
    } else {
        input.get(start..stop)
    }
}

/// `uriEncode`: percent-encodes every byte but `A-Z a-z 0-9 - _ . ~`, with uppercase hex.
fn uri_encode(input: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// `parseURL`: an http(s) URL without a query, as `{scheme, authority, path, normalizedPath,
/// isIp}`; `path` is as written (`""` when the URL has none), `normalizedPath` starts and ends
/// with `/`.
fn parse_url(url: &str) -> Option<Value> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if (scheme != "http" && scheme != "https") || url.contains('?') {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(rest, _fragment)| rest);
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at_checked(slash)?,
        None => (rest, ""),
    };
    let authority_char = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@[]%".contains(c);
    if authority.is_empty()
        || !authority.chars().all(authority_char)
        || path.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let host_port = authority.rsplit_once('@').map_or(authority, |(_userinfo, host)| host);
    let (host, port) = if host_port.starts_with('[') {
        let (host, port) = host_port.split_at_checked(host_port.find(']')? + 1)?;
        (host, if port.is_empty() { None } else { Some(port.strip_prefix(':')?) })
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    let port_ok = port.is_none_or(|port| {
        port.is_empty() || port.parse::<u16>().is_ok_and(|_| port.bytes().all(|b| b.is_ascii_digit()))
    });
    if host.is_empty() || !port_ok || (host.contains(['[', ']']) && !host.starts_with('[')) {
        return None;
    }
    let is_ip = host.starts_with('[') || is_ipv4(host);
    let mut normalized = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(path);
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Some(Value::object([
        ("scheme", Value::String(scheme)),
        ("authority", Value::String(authority.to_owned())),
        ("path", Value::String(path.to_owned())),
        ("normalizedPath", Value::String(normalized)),
        ("isIp", Value::Bool(is_ip)),
    ]))
}

/// A dotted-quad IPv4 address (four decimal numbers 0–255).
fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.parse::<u8>().is_ok()
        })
}

/// `isValidHostLabel`: 1–63 of `[A-Za-z0-9-]`, not starting with `-`; with `allow_dots`, every
/// `.`-separated part.
fn is_valid_host_label(label: &str, allow_dots: bool) -> bool {
    if allow_dots {
        label.split('.').all(|part| is_valid_host_label(part, false))
    } else {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }
}

/// `aws.parseArn`: `arn:partition:service:region:account-id:resource`, the resource split on
/// `:` and `/`. Partition, service and resource must not be empty.
fn parse_arn(arn: &str) -> Option<Value> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition, service, region, account_id, resource) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(|part| Value::String(part.to_owned())).collect();
    Some(Value::object([
        ("partition", Value::String(partition.to_owned())),
        ("service", Value::String(service.to_owned())),
        ("region", Value::String(region.to_owned())),
        ("accountId", Value::String(account_id.to_owned())),
        ("resourceId", Value::Array(resource_id)),
    ]))
}

/// `aws.isVirtualHostableS3Bucket`: a valid host label (dotted with `allow_dots`) of 3–63
/// lowercase letters, digits, `-` and `.`, a letter or digit at both ends, no `.-` or `-.`, and
/// not shaped like an IPv4 address.
fn is_virtual_hostable_s3_bucket(bucket: &str, allow_dots: bool) -> bool {
    let end_ok = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let looks_like_ipv4 = {
        let parts: Vec<&str> = bucket.split('.').collect();
        parts.len() == 4 && parts.iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    };
    is_valid_host_label(bucket, allow_dots)
        && (3..=63).contains(&bucket.len())
        && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        && end_ok(bucket.bytes().next())
        && end_ok(bucket.bytes().last())
        && !bucket.contains(".-")
        && !bucket.contains("-.")
        && !looks_like_ipv4
}

/// `split`: all parts for `limit` 0, else at most `limit` parts; `None` for an empty delimiter
/// or a negative limit.
fn split<'s>(value: &'s str, delimiter: &str, limit: i64) -> Option<Vec<&'s str>> {
    if delimiter.is_empty() {
        return None;
    }
    match usize::try_from(limit).ok()? {
        0 => Some(value.split(delimiter).collect()),
        limit => Some(value.splitn(limit, delimiter).collect()),
    }
}

// ---------------------------------------------------------------------------------------------
// Regular expressions for `regionRegex`: literals, `.`, classes `[...]` with ranges, `\d \w \s`
// (ASCII) and their negations, escaped punctuation, groups `(...)`/`(?:...)`, `|`, `^`, `$`,
// and the repetitions `* + ? {n} {n,} {n,m}` (lazy forms accepted). Matching is unanchored and
// linear (a Pike VM without captures); unsupported syntax is an error when the table is read.

const MAX_GROUP_DEPTH: usize = 32;
const MAX_PROGRAM: usize = 10_000;
const MAX_REPEAT: u32 = 1_000;

#[derive(Debug, Clone)]
struct Regex {
    program: Vec<Inst>,
}

#[derive(Debug, Clone)]
enum Inst {
    Char(Class),
    Split(usize, usize),
    Jump(usize),
    Start,
    End,
    Match,
}

#[derive(Debug, Clone)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

#[derive(Debug, Clone, Copy)]
enum ClassItem {
    Range(char, char),
    Word(bool),
    Digit(bool),
    Space(bool),
}

impl ClassItem {
    fn matches(self, c: char) -> bool {
        match self {
            ClassItem::Range(lo, hi) => (lo..=hi).contains(&c),
            ClassItem::Word(negated) => (c.is_ascii_alphanumeric() || c == '_') != negated,
            ClassItem::Digit(negated) => c.is_ascii_digit() != negated,
            ClassItem::Space(negated) => c.is_ascii_whitespace() != negated,
        }
    }
}

impl Class {
    fn matches(&self, c: char) -> bool {
        self.items.iter().any(|item| item.matches(c)) != self.negated
    }
}

#[derive(Debug)]
enum Node {
    Class(Class),
    Start,
    End,
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat { node: Box<Node>, min: u32, max: Option<u32> },
}

impl Regex {
    fn new(pattern: &str) -> Result<Regex, String> {
        let mut parser = RegexParser { chars: pattern.chars().collect(), pos: 0, depth: 0 };
        let node = parser.alternation()?;
        if parser.pos < parser.chars.len() {
            return Err("unbalanced `)`".to_owned());
        }
        let mut program = Vec::new();
        compile(&node, &mut program)?;
        emit(&mut program, Inst::Match)?;
        Ok(Regex { program })
    }

    /// Whether the pattern matches anywhere in `text`.
    fn is_match(&self, text: &str) -> bool {
        let total = text.chars().count();
        let mut seen = vec![usize::MAX; self.program.len()];
        let mut current = Vec::new();
        let mut next = Vec::new();
        let mut stack = Vec::new();
        let mut chars = text.chars();
        for pos in 0..=total {
            if self.add(0, pos, total, &mut current, &mut seen, &mut stack) {
                return true;
            }
            let Some(c) = chars.next() else { break };
            next.clear();
            for &pc in &current {
                if let Some(Inst::Char(class)) = self.program.get(pc) {
                    if class.matches(c) && self.add(pc + 1, pos + 1, total, &mut next, &mut seen, &mut stack) {
                        return true;
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        false
    }

    /// Adds the thread at `pc` and everything reachable from it without consuming a character;
    /// true if that reaches `Match`.
    fn add(
        &self,
        pc: usize,
        pos: usize,
        total: usize,
        list: &mut Vec<usize>,
        seen: &mut [usize],
        stack: &mut Vec<usize>,
    ) -> bool {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            let Some(mark) = seen.get_mut(pc) else { continue };
            if *mark == pos {
                continue;
            }
            *mark = pos;
            match self.program.get(pc) {
                Some(Inst::Match) => return true,
                Some(Inst::Char(_)) => list.push(pc),
                Some(Inst::Split(first, second)) => {
                    stack.push(*second);
                    stack.push(*first);
                }
                Some(Inst::Jump(target)) => stack.push(*target),
                Some(Inst::Start) if pos == 0 => stack.push(pc + 1),
                Some(Inst::End) if pos == total => stack.push(pc + 1),
                Some(Inst::Start | Inst::End) | None => {}
            }
        }
        false
    }
}

fn emit(program: &mut Vec<Inst>, inst: Inst) -> Result<usize, String> {
    if program.len() >= MAX_PROGRAM {
        return Err("pattern too large".to_owned());
    }
    program.push(inst);
    Ok(program.len() - 1)
}

fn patch(program: &mut [Inst], at: usize, inst: Inst) {
    if let Some(slot) = program.get_mut(at) {
        *slot = inst;
    }
}

fn compile(node: &Node, program: &mut Vec<Inst>) -> Result<(), String> {
    match node {
        Node::Class(class) => {
            emit(program, Inst::Char(class.clone()))?;
        }
        Node::Start => {
            emit(program, Inst::Start)?;
        }
        Node::End => {
            emit(program, Inst::End)?;
        }
        Node::Concat(items) => {
            for item in items {
                compile(item, program)?;
            }
        }
        Node::Alternate(branches) => {
            let mut jumps = Vec::new();
            let last = branches.len().saturating_sub(1);
            for (i, branch) in branches.iter().enumerate() {
                if i < last {
                    let split = emit(program, Inst::Split(0, 0))?;
                    compile(branch, program)?;
                    jumps.push(emit(program, Inst::Jump(0))?);
                    let next = program.len();
                    patch(program, split, Inst::Split(split + 1, next));
                } else {
                    compile(branch, program)?;
                }
            }
            let end = program.len();
            for jump in jumps {
                patch(program, jump, Inst::Jump(end));
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                compile(node, program)?;
            }
            match max {
                None => {
                    let split = emit(program, Inst::Split(0, 0))?;
                    compile(node, program)?;
                    emit(program, Inst::Jump(split))?;
                    let end = program.len();
                    patch(program, split, Inst::Split(split + 1, end));
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(emit(program, Inst::Split(0, 0))?);
                        compile(node, program)?;
                    }
                    let end = program.len();
                    for split in splits {
                        patch(program, split, Inst::Split(split + 1, end));
                    }
                }
            }
        }
    }
    Ok(())
}

struct RegexParser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl RegexParser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Result<Node, String> {
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alternate(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.repetitions(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn atom(&mut self) -> Result<Node, String> {
        match self.next() {
            None => Err("unexpected end of pattern".to_owned()),
            Some('(') => {
                if self.depth >= MAX_GROUP_DEPTH {
                    return Err("groups nested too deeply".to_owned());
                }
                if self.eat('?') && !self.eat(':') {
                    return Err("unsupported group syntax `(?`".to_owned());
                }
                self.depth += 1;
                let node = self.alternation()?;
                self.depth -= 1;
                if !self.eat(')') {
                    return Err("unclosed group".to_owned());
                }
                Ok(node)
            }
            Some('[') => self.class(),
            Some('.') => Ok(Node::Class(Class { negated: true, items: vec![ClassItem::Range('\n', '\n')] })),
            Some('^') => Ok(Node::Start),
            Some('$') => Ok(Node::End),
            Some('\\') => Ok(Node::Class(Class { negated: false, items: vec![self.escape()?] })),
            Some(c @ ('*' | '+' | '?' | '{' | ')')) => Err(format!("unexpected `{c}`")),
            Some(c) => Ok(Node::Class(Class { negated: false, items: vec![ClassItem::Range(c, c)] })),
        }
    }

    fn escape(&mut self) -> Result<ClassItem, String> {
        match self.next() {
            None => Err("trailing backslash".to_owned()),
            Some('w') => Ok(ClassItem::Word(false)),
            Some('W') => Ok(ClassItem::Word(true)),
            Some('d') => Ok(ClassItem::Digit(false)),
            Some('D') => Ok(ClassItem::Digit(true)),
            Some('s') => Ok(ClassItem::Space(false)),
            Some('S') => Ok(ClassItem::Space(true)),
            Some('n') => Ok(ClassItem::Range('\n', '\n')),
            Some('r') => Ok(ClassItem::Range('\r', '\r')),
            Some('t') => Ok(ClassItem::Range('\t', '\t')),
            Some(c) if c.is_ascii_punctuation() || c == ' ' => Ok(ClassItem::Range(c, c)),
            Some(c) => Err(format!("unsupported escape `\\{c}`")),
        }
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let item = match self.next() {
                None => return Err("unclosed `[`".to_owned()),
                Some(']') if !first => break,
                Some('[') => return Err("nested classes are not supported".to_owned()),
                Some('\\') => self.escape()?,
                Some(c) => ClassItem::Range(c, c),
            };
            first = false;
            let range_follows = self.peek() == Some('-') && !matches!(self.chars.get(self.pos + 1), None | Some(']'));
            match item {
                ClassItem::Range(lo, _) if range_follows => {
                    self.pos += 1;
                    let hi = match self.next() {
                        Some('\\') => match self.escape()? {
                            ClassItem::Range(hi, _) => hi,
                            _ => return Err("invalid class range".to_owned()),
                        },
                        Some(hi) => hi,
                        None => return Err("unclosed `[`".to_owned()),
                    };
                    if hi < lo {
                        return Err("invalid class range".to_owned());
                    }
                    items.push(ClassItem::Range(lo, hi));
                }
                item => items.push(item),
            }
        }
        Ok(Node::Class(Class { negated, items }))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.chars.get(start..self.pos)?.iter().collect::<String>().parse().ok()
    }

    fn repetitions(&mut self, node: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.pos += 1;
                let min = self.number().ok_or("invalid repetition")?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number().ok_or("invalid repetition")?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}')
                    || max.is_some_and(|max| max < min)
                    || min.max(max.unwrap_or(0)) > MAX_REPEAT
                {
                    return Err("invalid repetition".to_owned());
                }
                (min, max)
            }
            _ => return Ok(node),
        };
        self.pos += 1;
        self.eat('?'); // lazy: the same language
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err("nested repetition".to_owned());
        }
        Ok(Node::Repeat { node: Box::new(node), min, max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PARTITIONS: &str = r#"{
        "version": "1.1",
        "partitions": [
            {
                "id": "aws",
                "regionRegex": "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$",
                "regions": { "us-east-1": { "description": "US East" }, "aws-global": {} },
                "outputs": {
                    "name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                    "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-east-1"
                }
            },
            {
                "id": "aws-us-gov",
                "regionRegex": "^us\\-gov\\-\\w+\\-\\d+$",
                "regions": { "us-gov-west-1": {}, "aws-us-gov-global": { "dnsSuffix": "override.example" } },
                "outputs": {
                    "name": "aws-us-gov", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws",
                    "supportsFIPS": true, "supportsDualStack": true, "implicitGlobalRegion": "us-gov-west-1"
                }
            },
            {
                "id": "aws-cn",
                "regionRegex": "^cn\\-\\w+\\-\\d+$",
                "regions": { "cn-north-1": {} },
                "outputs": {
                    "name": "aws-cn", "dnsSuffix": "amazonaws.com.cn",
                    "dualStackDnsSuffix": "api.amazonwebservices.com.cn",
                    "supportsFIPS": true, "supportsDualStack": false, "implicitGlobalRegion": "cn-northwest-1"
                }
            }
        ]
    }"#;

    fn partitions() -> Partitions {
        Partitions::parse(PARTITIONS).expect("valid partition table")
    }

    fn call(name: &str, argv: Vec<Value>) -> Value {
        function(name, argv, &partitions()).expect("function call")
    }

    fn s(value: &str) -> Value {
        Value::String(value.to_owned())
    }

    fn params(pairs: &[(&str, ParamValue)]) -> BTreeMap<String, ParamValue> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), value.clone())).collect()
    }

    fn run(ruleset: &Json, pairs: &[(&str, ParamValue)]) -> Result<Endpoint, EndpointError> {
        resolve_value(ruleset, &partitions(), &params(pairs))
    }

    fn url(ruleset: &Json, pairs: &[(&str, ParamValue)]) -> String {
        run(ruleset, pairs).expect("resolves").url().to_owned()
    }

    fn error(ruleset: &Json, pairs: &[(&str, ParamValue)]) -> String {
        run(ruleset, pairs).expect_err("fails").to_string()
    }

    /// A rule set with a `Region` string parameter, `UseFIPS` boolean (default false) and the
    /// given rules.
    fn ruleset(rules: Json) -> Json {
        json!({
            "version": "1.0",
            "parameters": {
                "Region": { "type": "String", "required": false },
                "UseFIPS": { "type": "Boolean", "required": true, "default": false },
                "Endpoint": { "type": "string" },
                "Names": { "type": "stringArray", "required": true, "default": ["a", "b"] }
            },
            "rules": rules
        })
    }

    #[test]
    fn standard_aws_rule_set() {
        let rules = ruleset(json!([
            {
                "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Endpoint" }] }],
                "rules": [
                    {
                        "conditions": [{ "fn": "booleanEquals", "argv": [{ "ref": "UseFIPS" }, true] }],
                        "error": "Invalid Configuration: FIPS and custom endpoint are not supported",
                        "type": "error"
                    },
                    { "conditions": [], "endpoint": { "url": { "ref": "Endpoint" }, "properties": {}, "headers": {} }, "type": "endpoint" }
                ],
                "type": "tree"
            },
            {
                "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Region" }] }],
                "rules": [{
                    "conditions": [{ "fn": "aws.partition", "argv": [{ "ref": "Region" }], "assign": "PartitionResult" }],
                    "rules": [
                        {
                            "conditions": [
                                { "fn": "booleanEquals", "argv": [{ "ref": "UseFIPS" }, true] },
                                { "fn": "booleanEquals", "argv": [true, { "fn": "getAttr", "argv": [{ "ref": "PartitionResult" }, "supportsFIPS"] }] }
                            ],
                            "endpoint": { "url": "https://svc-fips.{Region}.{PartitionResult#dnsSuffix}", "properties": {}, "headers": {} },
                            "type": "endpoint"
                        },
                        {
                            "conditions": [],
                            "endpoint": {
                                "url": "https://svc.{Region}.{PartitionResult#dnsSuffix}",
                                "properties": { "authSchemes": [{ "name": "sigv4", "signingName": "svc", "signingRegion": "{Region}", "n": 1, "b": true }] },
                                "headers": { "x-partition": ["{PartitionResult#name}", "literal"] }
                            },
                            "type": "endpoint"
                        }
                    ],
                    "type": "tree"
                }],
                "type": "tree"
            },
            { "conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error" }
        ]));
        let endpoint = run(&rules, &[("Region", "us-west-2".into())]).expect("resolves");
        assert_eq!(endpoint.url(), "https://svc.us-west-2.amazonaws.com");
        assert_eq!(
            Json::Object(endpoint.properties().clone()),
            json!({ "authSchemes": [{ "name": "sigv4", "signingName": "svc", "signingRegion": "us-west-2", "n": 1, "b": true }] })
        );
        assert_eq!(endpoint.headers().get("x-partition"), Some(&vec!["aws".to_owned(), "literal".to_owned()]));
        assert_eq!(
            url(&rules, &[("Region", "cn-north-1".into()), ("UseFIPS", true.into())]),
            "https://svc-fips.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(url(&rules, &[("Endpoint", "https://example.com".into())]), "https://example.com");
        assert_eq!(
            error(&rules, &[("Endpoint", "https://example.com".into()), ("UseFIPS", true.into())]),
            "Invalid Configuration: FIPS and custom endpoint are not supported"
        );
        assert_eq!(error(&rules, &[]), "Invalid Configuration: Missing Region");
        // Parameters the rule set does not declare are ignored.
        assert_eq!(
            url(&rules, &[("Region", "us-east-1".into()), ("Bogus", true.into())]),
            "https://svc.us-east-1.amazonaws.com"
        );
        // The text entry point parses both documents.
        let text = serde_json::to_string(&rules).expect("serializes");
        let endpoint = resolve(&text, PARTITIONS, &params(&[("Region", "eu-west-1".into())])).expect("resolves");
        assert_eq!(endpoint.url(), "https://svc.eu-west-1.amazonaws.com");
        assert!(resolve("{", PARTITIONS, &BTreeMap::new()).is_err());
        assert!(resolve(&text, "[]", &BTreeMap::new()).is_err());
    }

    #[test]
    fn trees_are_terminal_and_running_out_of_rules_is_an_error() {
        let rules = ruleset(json!([
            {
                "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Region" }] }],
                "rules": [{ "conditions": [{ "fn": "stringEquals", "argv": [{ "ref": "Region" }, "a"] }], "endpoint": { "url": "https://a" }, "type": "endpoint" }],
                "type": "tree"
            },
            { "conditions": [], "endpoint": { "url": "https://fallback" }, "type": "endpoint" }
        ]));
        assert_eq!(url(&rules, &[("Region", "a".into())]), "https://a");
        assert_eq!(error(&rules, &[("Region", "b".into())]), NO_RULE_MATCHED);
        assert_eq!(url(&rules, &[]), "https://fallback");
        let rules = ruleset(
            json!([{ "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Region" }] }], "endpoint": { "url": "https://a" }, "type": "endpoint" }]),
        );
        assert_eq!(error(&rules, &[]), NO_RULE_MATCHED);
        // A missing `conditions` list means none.
        let rules = ruleset(json!([{ "endpoint": { "url": "https://x" }, "type": "endpoint" }]));
        assert_eq!(url(&rules, &[]), "https://x");
    }

    #[test]
    fn conditions_fail_on_false_or_empty_and_assign_binds_for_the_rest_of_the_rule() {
        let rules = ruleset(json!([
            {
                "conditions": [
                    { "fn": "substring", "argv": [{ "ref": "Region" }, 0, 2, false], "assign": "Prefix" },
                    { "fn": "stringEquals", "argv": [{ "ref": "Prefix" }, "us"] }
                ],
                "rules": [
                    { "conditions": [{ "fn": "booleanEquals", "argv": [{ "ref": "UseFIPS" }, true] }], "endpoint": { "url": "https://fips.{Prefix}" }, "type": "endpoint" },
                    { "conditions": [], "endpoint": { "url": "https://{Prefix}" }, "type": "endpoint" }
                ],
                "type": "tree"
            },
            // `Prefix` is not visible to a sibling rule.
            { "conditions": [{ "fn": "isSet", "argv": [{ "ref": "Region" }] }], "endpoint": { "url": "https://other/{Region}" }, "type": "endpoint" },
            { "conditions": [], "error": "no region", "type": "error" }
        ]));
        assert_eq!(url(&rules, &[("Region", "us-west-2".into())]), "https://us");
        assert_eq!(url(&rules, &[("Region", "us-west-2".into()), ("UseFIPS", true.into())]), "https://fips.us");
        assert_eq!(url(&rules, &[("Region", "eu-west-1".into())]), "https://other/eu-west-1");
        // Too short: substring is empty, the condition fails.
        assert_eq!(url(&rules, &[("Region", "u".into())]), "https://other/u");
        assert_eq!(error(&rules, &[]), "no region");
        let sibling = ruleset(json!([
            { "conditions": [{ "fn": "substring", "argv": [{ "ref": "Region" }, 0, 2, false], "assign": "Prefix" }, { "fn": "isSet", "argv": [{ "ref": "Endpoint" }] }], "endpoint": { "url": "x" }, "type": "endpoint" },
            { "conditions": [], "endpoint": { "url": "{Prefix}" }, "type": "endpoint" }
        ]));
        assert_eq!(
            error(&sibling, &[("Region", "us".into())]),
            "invalid endpoint rule set: unknown reference `Prefix`"
        );
    }

    #[test]
    fn parameters_defaults_required_and_types() {
        let rules = ruleset(json!([
            { "conditions": [{ "fn": "booleanEquals", "argv": [{ "ref": "UseFIPS" }, false] }, { "fn": "getAttr", "argv": [{ "ref": "Names" }, "[1]"], "assign": "Second" }], "endpoint": { "url": "https://{Second}" }, "type": "endpoint" },
            { "conditions": [{ "fn": "getAttr", "argv": [{ "ref": "Names" }, "[-1]"], "assign": "Last" }], "endpoint": { "url": "https://fips-{Last}" }, "type": "endpoint" }
        ]));
        assert_eq!(url(&rules, &[]), "https://b");
        assert_eq!(url(&rules, &[("Names", vec!["x".to_owned(), "y".to_owned(), "z".to_owned()].into())]), "https://y");
        assert_eq!(url(&rules, &[("UseFIPS", true.into())]), "https://fips-b");
        assert_eq!(error(&rules, &[("UseFIPS", "yes".into())]), "endpoint parameter `UseFIPS` must be of type Boolean");
        let required = json!({
            "parameters": { "Region": { "type": "string", "required": true } },
            "rules": [{ "conditions": [], "endpoint": { "url": "https://{Region}" }, "type": "endpoint" }]
        });
        assert_eq!(error(&required, &[]), "a required endpoint parameter is missing: `Region`");
        assert_eq!(url(&required, &[("Region", "r".into())]), "https://r");
        let bad_type = json!({ "parameters": { "P": { "type": "integer" } }, "rules": [] });
        assert!(error(&bad_type, &[("P", "x".into())]).starts_with("invalid endpoint rule set"));
    }

    #[test]
    fn templates() {
        let rules = ruleset(json!([{
            "conditions": [{ "fn": "aws.partition", "argv": ["{Region}"], "assign": "P" }],
            "endpoint": { "url": "https://{{literal}}.{Region}.{P#dnsSuffix}/}}{{", "properties": { "nested": { "list": ["{P#name}", 3, null] } } },
            "type": "endpoint"
        }]));
        let endpoint = run(&rules, &[("Region", "us-gov-west-1".into())]).expect("resolves");
        assert_eq!(endpoint.url(), "https://{literal}.us-gov-west-1.amazonaws.com/}{");
        assert_eq!(endpoint.properties().get("nested"), Some(&json!({ "list": ["aws-us-gov", 3, null] })));
        let unclosed =
            ruleset(json!([{ "conditions": [], "endpoint": { "url": "https://{Region" }, "type": "endpoint" }]));
        assert!(error(&unclosed, &[("Region", "r".into())]).starts_with("invalid endpoint rule set: unclosed"));
        let not_string =
            ruleset(json!([{ "conditions": [], "endpoint": { "url": "https://{UseFIPS}" }, "type": "endpoint" }]));
        assert!(error(&not_string, &[]).contains("is not a string"));
        let error_template = ruleset(json!([{ "conditions": [], "error": "bad region {Region}", "type": "error" }]));
        assert_eq!(error(&error_template, &[("Region", "x y".into())]), "bad region x y");
    }

    #[test]
    fn boolean_and_string_functions() {
        assert_eq!(call("isSet", vec![Value::None]), Value::Bool(false));
        assert_eq!(call("isSet", vec![Value::Bool(false)]), Value::Bool(true));
        assert_eq!(call("not", vec![Value::Bool(false)]), Value::Bool(true));
        assert_eq!(call("not", vec![Value::None]), Value::None);
        assert_eq!(call("booleanEquals", vec![Value::Bool(true), Value::Bool(true)]), Value::Bool(true));
        assert_eq!(call("booleanEquals", vec![Value::Bool(true), Value::Bool(false)]), Value::Bool(false));
        assert_eq!(call("booleanEquals", vec![Value::None, Value::None]), Value::Bool(false));
        assert_eq!(call("stringEquals", vec![s("a"), s("a")]), Value::Bool(true));
        assert_eq!(call("stringEquals", vec![s("a"), s("A")]), Value::Bool(false));
        assert_eq!(call("stringEquals", vec![Value::None, s("a")]), Value::Bool(false));
        assert!(function("stringEquals", vec![s("a"), Value::Bool(true)], &partitions()).is_err());
        assert!(function("isSet", vec![], &partitions()).is_err());
        assert!(function("noSuchFunction", vec![], &partitions()).is_err());
        assert_eq!(call("coalesce", vec![Value::None, s("x"), s("y")]), s("x"));
        assert_eq!(call("coalesce", vec![Value::None]), Value::None);
        assert_eq!(call("ite", vec![Value::Bool(true), s("a"), s("b")]), s("a"));
        assert_eq!(call("ite", vec![Value::Bool(false), s("a"), s("b")]), s("b"));
        let parts = |items: &[&str]| Value::Array(items.iter().map(|item| s(item)).collect());
        assert_eq!(call("split", vec![s("a--b--c"), s("--"), Value::Int(0)]), parts(&["a", "b", "c"]));
        assert_eq!(call("split", vec![s("a--b--c"), s("--"), Value::Int(2)]), parts(&["a", "b--c"]));
        assert_eq!(call("split", vec![s("a--b--c"), s("--"), Value::Int(1)]), parts(&["a--b--c"]));
        assert_eq!(call("split", vec![s("--b--"), s("--"), Value::Int(0)]), parts(&["", "b", ""]));
        assert_eq!(call("split", vec![s(""), s("--"), Value::Int(0)]), parts(&[""]));
        assert_eq!(call("split", vec![s("abc"), s(""), Value::Int(0)]), Value::None);
    }

    #[test]
    fn get_attr_paths() {
        let value = Value::object([
            ("name", s("aws")),
            ("nested", Value::object([("list", Value::Array(vec![s("x"), s("y")]))])),
            ("resourceId", Value::Array(vec![s("a"), s("b"), s("c")])),
        ]);
        assert_eq!(get_attr(&value, "name"), Ok(s("aws")));
        assert_eq!(get_attr(&value, "resourceId[0]"), Ok(s("a")));
        assert_eq!(get_attr(&value, "resourceId[2]"), Ok(s("c")));
        assert_eq!(get_attr(&value, "resourceId[3]"), Ok(Value::None));
        assert_eq!(get_attr(&value, "resourceId[-1]"), Ok(s("c")));
        assert_eq!(get_attr(&value, "resourceId[-4]"), Ok(Value::None));
        assert_eq!(get_attr(&value, "nested.list[1]"), Ok(s("y")));
        assert_eq!(get_attr(&value, "missing"), Ok(Value::None));
        assert_eq!(get_attr(&value, "name.deeper"), Ok(Value::None));
        assert_eq!(get_attr(&Value::Array(vec![s("first")]), "[0]"), Ok(s("first")));
        assert_eq!(get_attr(&Value::None, "a"), Ok(Value::None));
        assert!(get_attr(&value, "a..b").is_err());
        assert!(get_attr(&value, "a[x]").is_err());
        assert!(get_attr(&value, "a[1").is_err());
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdefg", 0, 3, false), Some("abc"));
        assert_eq!(substring("abcdefg", 1, 3, false), Some("bc"));
        assert_eq!(substring("abcdefg", 0, 3, true), Some("efg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abc", 0, 3, false), Some("abc"));
        assert_eq!(substring("ab", 0, 3, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abc", 2, 1, false), None);
        assert_eq!(substring("abc", -1, 1, false), None);
        assert_eq!(substring("a\u{e9}cdef", 0, 2, false), None);
        assert_eq!(call("substring", vec![s("abcdef"), Value::Int(0), Value::Int(4), Value::Bool(false)]), s("abcd"));
        assert_eq!(call("substring", vec![Value::None, Value::Int(0), Value::Int(4), Value::Bool(false)]), Value::None);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("abc-_.~XYZ019"), "abc-_.~XYZ019");
        assert_eq!(uri_encode("a b/c?d=e&f*g+h%"), "a%20b%2Fc%3Fd%3De%26f%2Ag%2Bh%25");
        assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
        assert_eq!(call("uriEncode", vec![s(":/")]), s("%3A%2F"));
    }

    #[test]
    fn urls() {
        let expect = |url: &str, scheme: &str, authority: &str, path: &str, normalized: &str, is_ip: bool| {
            assert_eq!(
                parse_url(url),
                Some(Value::object([
                    ("scheme", s(scheme)),
                    ("authority", s(authority)),
                    ("path", s(path)),
                    ("normalizedPath", s(normalized)),
                    ("isIp", Value::Bool(is_ip)),
                ])),
                "{url}"
            );
        };
        expect("https://example.com", "https", "example.com", "", "/", false);
        expect("https://example.com/", "https", "example.com", "/", "/", false);
        expect("http://localhost:8000/path", "http", "localhost:8000", "/path", "/path/", false);
        expect("https://example.com/a/b/", "https", "example.com", "/a/b/", "/a/b/", false);
        expect("HTTPS://example.com", "https", "example.com", "", "/", false);
        expect("http://127.0.0.1:8080/foo", "http", "127.0.0.1:8080", "/foo", "/foo/", true);
        expect("https://[fe80::1]:443", "https", "[fe80::1]:443", "", "/", true);
        expect("https://[::1]", "https", "[::1]", "", "/", true);
        expect("https://256.0.0.1", "https", "256.0.0.1", "", "/", false);
        assert_eq!(parse_url("https://example.com/?query=1"), None);
        assert_eq!(parse_url("https://example.com?"), None);
        assert_eq!(parse_url("wss://example.com"), None);
        assert_eq!(parse_url("example.com"), None);
        assert_eq!(parse_url("https://"), None);
        assert_eq!(parse_url("https://exa mple.com"), None);
        assert_eq!(parse_url("https://example.com:port"), None);
        assert_eq!(parse_url("https://example.com:99999"), None);
        assert!(!call("parseURL", vec![s("https://a.b")]).is_none());
        assert_eq!(call("parseURL", vec![Value::None]), Value::None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("abc", false));
        assert!(is_valid_host_label("a-b-1", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a.b.", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("a.-b", true));
        assert!(!is_valid_host_label("\u{e9}", false));
        assert_eq!(call("isValidHostLabel", vec![s("us-east-1"), Value::Bool(false)]), Value::Bool(true));
    }

    #[test]
    fn arns() {
        let arn = call("aws.parseArn", vec![s("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap:extra")]);
        assert_eq!(
            arn,
            Value::object([
                ("partition", s("aws")),
                ("service", s("s3")),
                ("region", s("us-west-2")),
                ("accountId", s("123456789012")),
                ("resourceId", Value::Array(vec![s("accesspoint"), s("my-ap"), s("extra")])),
            ])
        );
        let no_region = parse_arn("arn:aws:iam::123456789012:user/name").expect("valid");
        assert_eq!(get_attr(&no_region, "region"), Ok(s("")));
        assert_eq!(get_attr(&no_region, "resourceId[1]"), Ok(s("name")));
        let empty_account = parse_arn("arn:aws:s3:::bucket").expect("valid");
        assert_eq!(get_attr(&empty_account, "accountId"), Ok(s("")));
        assert_eq!(get_attr(&empty_account, "resourceId"), Ok(Value::Array(vec![s("bucket")])));
        assert_eq!(parse_arn("arn:aws:s3:us-west-2:123"), None);
        assert_eq!(parse_arn("arn::s3:us-west-2:123:r"), None);
        assert_eq!(parse_arn("arn:aws::us-west-2:123:r"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-west-2:123:"), None);
        assert_eq!(parse_arn("urn:aws:s3:us-west-2:123:r"), None);
        assert_eq!(parse_arn("not an arn"), None);
    }

    #[test]
    fn s3_buckets() {
        assert!(is_virtual_hostable_s3_bucket("bucket-name", false));
        assert!(is_virtual_hostable_s3_bucket("a--b--x-s3", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("a-.b-.c", true));
        assert!(!is_virtual_hostable_s3_bucket("a.-b", true));
        assert!(!is_virtual_hostable_s3_bucket("a..b", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
        assert!(!is_virtual_hostable_s3_bucket("bucket_name", true));
    }

    #[test]
    fn partition_resolution() {
        let partitions = partitions();
        let get = |region: &str, field: &str| get_attr(&partitions.resolve(region).expect("some partition"), field);
        assert_eq!(get("us-east-1", "name"), Ok(s("aws")));
        assert_eq!(get("us-east-1", "description"), Ok(s("US East")));
        // By regex, not listed.
        assert_eq!(get("eu-central-9", "name"), Ok(s("aws")));
        assert_eq!(get("us-gov-east-1", "name"), Ok(s("aws-us-gov")));
        assert_eq!(get("cn-northwest-1", "dnsSuffix"), Ok(s("amazonaws.com.cn")));
        assert_eq!(get("cn-northwest-1", "supportsDualStack"), Ok(Value::Bool(false)));
        assert_eq!(get("cn-northwest-1", "implicitGlobalRegion"), Ok(s("cn-northwest-1")));
        // Region-level fields win over `outputs`.
        assert_eq!(get("aws-us-gov-global", "dnsSuffix"), Ok(s("override.example")));
        assert_eq!(get("aws-us-gov-global", "name"), Ok(s("aws-us-gov")));
        // Anything else falls back to `aws`.
        assert_eq!(get("mars-east-1", "name"), Ok(s("aws")));
        assert_eq!(get("", "name"), Ok(s("aws")));
        let without_aws = Partitions::from_value(&json!({ "partitions": [] })).expect("valid");
        assert_eq!(without_aws.resolve("us-east-1"), None);
        assert!(Partitions::parse(r#"{"partitions":[{"id":"x","regionRegex":"(","outputs":{}}]}"#).is_err());
        assert!(Partitions::parse(r#"{"partitions":[{"id":"x"}]}"#).is_err());
        assert!(Partitions::parse("{}").is_err());
    }

    #[test]
    fn regular_expressions() {
        let matches = |pattern: &str, text: &str| Regex::new(pattern).expect(pattern).is_match(text);
        let aws = "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$";
        assert!(matches(aws, "us-east-1"));
        assert!(matches(aws, "mx-central-12"));
        assert!(!matches(aws, "us-east-"));
        assert!(!matches(aws, "xus-east-1"));
        assert!(!matches(aws, "us-east-1x"));
        assert!(!matches(aws, "cn-north-1"));
        assert!(matches("^eusc\\-(de)\\-\\w+\\-\\d+$", "eusc-de-east-1"));
        assert!(!matches("^eusc\\-(de)\\-\\w+\\-\\d+$", "eusc-fr-east-1"));
        assert!(matches("b+", "aaabbb"));
        assert!(!matches("^b+$", "aaabbb"));
        assert!(matches("^a*$", ""));
        assert!(matches("^[a-c]{2,3}$", "abc"));
        assert!(!matches("^[a-c]{2,3}$", "abcd"));
        assert!(!matches("^[a-c]{2,3}$", "a"));
        assert!(matches("^[a-c]{2}$", "ab"));
        assert!(matches("^[^0-9]+$", "abc"));
        assert!(!matches("^[^0-9]+$", "a1c"));
        assert!(matches("^(?:ab|cd)+?$", "abcdab"));
        assert!(matches("^a.c$", "abc"));
        assert!(matches("^[-\\w.]+$", "a-b.c_d"));
        assert!(matches("^\\d{1,}\\s\\D$", "12 x"));
        assert!(matches("^(a*)*$", "aaaa"));
        assert!(matches("^(a|)+$", ""));
        assert!(!matches(&format!("^{}$", "a?".repeat(30) + &"a".repeat(30)), &"a".repeat(29)));
        assert!(matches("x|", "anything"));
        for bad in ["(", ")", "a)", "[a", "*", "a**", "\\p{L}", "(?i)a", "a{2,1}", "a{99999}", "[b-a]", "\\"] {
            assert!(Regex::new(bad).is_err(), "{bad}");
        }
        assert!(Regex::new(&"(".repeat(100)).is_err());
        assert!(Regex::new("(a{1000}){1000}").is_err());
    }

    #[test]
    fn malformed_rule_sets_are_errors_not_panics() {
        let broken = [
            json!(null),
            json!({}),
            json!({ "rules": {} }),
            json!({ "rules": [1] }),
            json!({ "rules": [{ "conditions": [{ "fn": "isSet" }], "type": "endpoint" }] }),
            json!({ "rules": [{ "conditions": 3, "type": "endpoint" }] }),
            json!({ "rules": [{ "conditions": [], "type": "endpoint" }] }),
            json!({ "rules": [{ "conditions": [], "type": "endpoint", "endpoint": { "url": true } }] }),
            json!({ "rules": [{ "conditions": [], "type": "endpoint", "endpoint": { "url": "x", "headers": { "h": "v" } } }] }),
            json!({ "rules": [{ "conditions": [], "type": "endpoint", "endpoint": { "url": "x", "properties": [] } }] }),
            json!({ "rules": [{ "conditions": [], "type": "error", "error": 1 }] }),
            json!({ "rules": [{ "conditions": [], "type": "tree" }] }),
            json!({ "rules": [{ "conditions": [], "type": "bogus" }] }),
            json!({ "rules": [{ "conditions": [] }] }),
            json!({ "rules": [{ "conditions": [{ "fn": "getAttr", "argv": [{ "ref": "Nope" }, "a"] }], "type": "tree", "rules": [] }] }),
            json!({ "rules": [{ "conditions": [{ "fn": "isSet", "argv": [1.5] }], "type": "tree", "rules": [] }] }),
            json!({ "rules": [{ "conditions": [{ "fn": "isSet", "argv": [{}], "assign": 3 }], "type": "tree", "rules": [] }] }),
            json!({ "parameters": [], "rules": [] }),
            json!({ "parameters": { "A": { "type": "string", "default": true } }, "rules": [] }),
        ];
        for ruleset in &broken {
            let error = resolve_value(ruleset, &partitions(), &BTreeMap::new()).expect_err("malformed");
            assert!(!error.message().is_empty());
        }
        // Deep nesting is refused, not a stack overflow.
        let mut deep = json!({ "conditions": [], "endpoint": { "url": "x" }, "type": "endpoint" });
        for _ in 0..300 {
            deep = json!({ "conditions": [], "rules": [deep], "type": "tree" });
        }
        let error = resolve_value(&json!({ "rules": [deep] }), &partitions(), &BTreeMap::new()).expect_err("too deep");
        assert_eq!(error.message(), "invalid endpoint rule set: nested too deeply");
    }

    #[test]
    fn errors_display_the_message_exactly() {
        let error = EndpointError::new("Invalid Configuration: Missing Region");
        assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
        assert_eq!(error.message(), "Invalid Configuration: Missing Region");
        let boxed: Box<dyn std::error::Error> = Box::new(error);
        assert_eq!(boxed.to_string(), "Invalid Configuration: Missing Region");
    }
}
