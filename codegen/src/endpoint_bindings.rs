//! How operations bind endpoint rule-set parameters, as the generator decides it
//! (`ir::lower`): `smithy.rules#staticContextParams`, `#contextParam`,
//! `#operationContextParams` per operation, and `#clientContextParams` on the service.
//!
//! Public so that tests can check the generator's decisions against the models' own endpoint
//! test cases (`operationInputs`) without compiling a crate: [`InputPath::evaluate`] reads an
//! input in its JSON form (member names as keys) the way the generated Rust reads the input
//! structure.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// The endpoint-parameter bindings of a service's operations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointBindings {
    /// Per operation (shape name), its bindings in the order they apply: a later binding
    /// replaces an earlier one's value when it yields a value (so the most specific wins:
    /// `operationContextParams`, then `contextParam`, then `staticContextParams`).
    pub operations: BTreeMap<String, Vec<ParamBinding>>,
    /// `smithy.rules#clientContextParams`: the parameters the client's configuration sets.
    pub client_params: Vec<String>,
    /// Bindings the generator could not serve, with the reason (also generation warnings).
    pub ignored: Vec<String>,
}

/// One operation's binding of one rule-set parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamBinding {
    /// The rule-set parameter (`ResourceArnList`).
    pub param: String,
    /// Where the value comes from.
    pub source: BindingSource,
}

/// Where a bound value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum BindingSource {
    /// `staticContextParams`: a fixed value (a string, a boolean or a list of strings).
    Static(Value),
    /// `contextParam` on this top-level input member.
    Member(String),
    /// `operationContextParams`: a path into the input.
    Path(InputPath),
}

impl BindingSource {
    /// The value this binding gives for an input in its JSON form; `None` leaves the
    /// parameter as it was.
    pub fn evaluate(&self, input: &Value) -> Option<Value> {
        match self {
            BindingSource::Static(value) => Some(value.clone()),
            BindingSource::Member(member) => InputPath::Value(vec![member.clone()]).evaluate(input),
            BindingSource::Path(path) => path.evaluate(input),
        }
    }
}

/// The JMESPath subset that `operationContextParams` paths use in the AWS models:
///
/// ```text
/// path   = "keys(" fields ")" | fields [ "[*]" [ "." fields | ".[" fields { "," fields } "][]" ] ]
/// fields = identifier { "." identifier }
/// ```
///
/// (`Bucket`, `Nested.Field`, `ListOfObjects[*].Key`, `Items[*].[A.Name, B.Name][]`,
/// `keys(Map)`). As in JMESPath, a missing member makes the whole path `null` (unbound), and a
/// projection leaves out the elements where its path is `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputPath {
    /// `A.B.C`: the member at the end of a chain of structure members.
    Value(Vec<String>),
    /// `keys(A.B)`: the keys of a map member, sorted (so that a map with several keys always
    /// resolves to the same endpoint).
    Keys(Vec<String>),
    /// `List[*]` (the elements), `List[*].A.B` (one path per element) or
    /// `List[*].[A.B, C.D][]` (several paths per element, flattened).
    Project {
        /// The list member.
        list: Vec<String>,
        /// The paths read from each element; none for the elements themselves.
        each: Vec<Vec<String>>,
    },
}

impl InputPath {
    /// Parses a path of the supported subset.
    ///
    /// # Errors
    ///
    /// Anything outside the subset, with what was found where.
    pub fn parse(text: &str) -> Result<InputPath, String> {
        let mut parser = Parser { text, at: 0 };
        let path = parser.path()?;
        if parser.at < text.len() {
            return Err(parser.error("the end of the path"));
        }
        Ok(path)
    }

    /// The value of the path in an input's JSON form: a string or boolean for
    /// [`InputPath::Value`], a list of strings otherwise; `None` where JMESPath gives `null`.
    pub fn evaluate(&self, input: &Value) -> Option<Value> {
        match self {
            InputPath::Value(fields) => walk(input, fields).cloned(),
            InputPath::Keys(fields) => {
                let mut keys: Vec<&String> = walk(input, fields)?.as_object()?.keys().collect();
                keys.sort();
                Some(Value::Array(keys.into_iter().map(|k| Value::String(k.clone())).collect()))
            }
            InputPath::Project { list, each } => {
                let items = walk(input, list)?.as_array()?;
                let mut values = Vec::new();
                for item in items {
                    if each.is_empty() {
                        values.extend(Some(item).filter(|v| !v.is_null()).cloned());
                    }
                    for path in each {
                        values.extend(walk(item, path).cloned());
                    }
                }
                Some(Value::Array(values))
            }
        }
    }
}

/// The member at the end of `fields`, unless something on the way is missing or `null`.
fn walk<'v>(value: &'v Value, fields: &[String]) -> Option<&'v Value> {
    let mut value = value;
    for field in fields {
        value = value.as_object()?.get(field)?;
    }
    Some(value).filter(|v| !v.is_null())
}

impl fmt::Display for InputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputPath::Value(fields) => write!(f, "{}", fields.join(".")),
            InputPath::Keys(fields) => write!(f, "keys({})", fields.join(".")),
            InputPath::Project { list, each } => {
                write!(f, "{}[*]", list.join("."))?;
                match each.as_slice() {
                    [] => Ok(()),
                    [one] => write!(f, ".{}", one.join(".")),
                    many => {
                        let paths: Vec<String> = many.iter().map(|p| p.join(".")).collect();
                        write!(f, ".[{}][]", paths.join(", "))
                    }
                }
            }
        }
    }
}

struct Parser<'t> {
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &str) -> String {
        let rest = &self.text[self.at..];
        let found = if rest.is_empty() { "the end".to_owned() } else { format!("`{rest}`") };
        format!("`{}`: expected {expected} at {found} (only sub-expressions, `[*]` projections, multi-select lists flattened with `[]` and `keys()` are supported)", self.text)
    }

    fn eat(&mut self, token: &str) -> bool {
        let rest = self.text[self.at..].trim_start();
        if rest.starts_with(token) {
            self.at = self.text.len() - rest.len() + token.len();
            true
        } else {
            false
        }
    }

    fn identifier(&mut self) -> Result<String, String> {
        let rest = &self.text[self.at..];
        let skipped = rest.len() - rest.trim_start().len();
        let rest = rest.trim_start();
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if len == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(self.error("a member name"));
        }
        self.at += skipped + len;
        Ok(rest[..len].to_owned())
    }

    fn fields(&mut self) -> Result<Vec<String>, String> {
        let mut fields = vec![self.identifier()?];
        while self.text[self.at..].trim_start().starts_with('.') && !self.text[self.at..].trim_start().starts_with(".[")
        {
            self.eat(".");
            fields.push(self.identifier()?);
        }
        Ok(fields)
    }

    fn path(&mut self) -> Result<InputPath, String> {
        if self.eat("keys(") {
            let fields = self.fields()?;
            if !self.eat(")") {
                return Err(self.error("`)`"));
            }
            return Ok(InputPath::Keys(fields));
        }
        let list = self.fields()?;
        if !self.eat("[*]") {
            return Ok(InputPath::Value(list));
        }
        if self.eat(".[") {
            let mut each = vec![self.fields()?];
            while self.eat(",") {
                each.push(self.fields()?);
            }
            if !self.eat("]") {
                return Err(self.error("`,` or `]`"));
            }
            if !self.eat("[]") {
                return Err(self.error("`[]` (a multi-select list gives a list per element: it must be flattened)"));
            }
            return Ok(InputPath::Project { list, each });
        }
        let each = if self.eat(".") { vec![self.fields()?] } else { Vec::new() };
        Ok(InputPath::Project { list, each })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_the_corpus_paths_and_prints_them_back() {
        let cases = [
            ("TableCreationParameters.TableName", InputPath::Value(strings(&["TableCreationParameters", "TableName"]))),
            ("Bucket", InputPath::Value(strings(&["Bucket"]))),
            ("keys(RequestItems)", InputPath::Keys(strings(&["RequestItems"]))),
            (
                "TransactItems[*].Get.TableName",
                InputPath::Project { list: strings(&["TransactItems"]), each: vec![strings(&["Get", "TableName"])] },
            ),
            (
                "TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]",
                InputPath::Project {
                    list: strings(&["TransactItems"]),
                    each: ["ConditionCheck", "Put", "Delete", "Update"]
                        .iter()
                        .map(|m| strings(&[m, "TableName"]))
                        .collect(),
                },
            ),
            ("Names[*]", InputPath::Project { list: strings(&["Names"]), each: Vec::new() }),
        ];
        for (text, expected) in cases {
            let parsed = InputPath::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed, expected, "{text}");
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn refuses_what_is_outside_the_subset() {
        for text in
            ["", "A.", "A[0]", "A[*].[B, C]", "keys(A", "length(A)", "A | B", "A[?B]", "A.*.B", "1A", "A[*].B[]"]
        {
            let error = InputPath::parse(text).expect_err(text);
            assert!(error.contains("expected"), "{text}: {error}");
        }
    }

    #[test]
    fn evaluates_like_jmespath() {
        let input = json!({
            "Name": "n",
            "Flag": false,
            "Nested": {"Inner": {"Name": "deep"}, "Gone": null},
            "Map": {"b": 1, "a": 2},
            "Items": [
                {"Get": {"TableName": "t1"}},
                {"Put": {"TableName": "t2"}, "Delete": {"TableName": "t3"}},
                {"Other": {}}
            ],
            "Names": ["x", null, "y"]
        });
        let eval = |text: &str| InputPath::parse(text).map(|p| p.evaluate(&input)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(eval("Name"), Some(json!("n")));
        assert_eq!(eval("Flag"), Some(json!(false)));
        assert_eq!(eval("Nested.Inner.Name"), Some(json!("deep")));
        assert_eq!(eval("Nested.Gone"), None);
        assert_eq!(eval("Nested.Gone.Name"), None);
        assert_eq!(eval("Missing.Name"), None);
        assert_eq!(eval("keys(Map)"), Some(json!(["a", "b"])));
        assert_eq!(eval("keys(Missing)"), None);
        assert_eq!(eval("Items[*].Get.TableName"), Some(json!(["t1"])));
        assert_eq!(
            eval("Items[*].[Get.TableName, Put.TableName, Delete.TableName][]"),
            Some(json!(["t1", "t2", "t3"]))
        );
        assert_eq!(eval("Missing[*].Get.TableName"), None);
        assert_eq!(eval("Names[*]"), Some(json!(["x", "y"])));
        assert_eq!(BindingSource::Member("Name".into()).evaluate(&input), Some(json!("n")));
        assert_eq!(BindingSource::Static(json!(true)).evaluate(&input), Some(json!(true)));
    }
}
