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

use crate::jmespath::{self, Expr, ProjectKind};

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
        let expr = jmespath::parse(text).map_err(|e| format!("{e} {SUPPORTED}"))?;
        InputPath::from_expr(&expr)
            .map_err(|found| format!("`{text}`: expected a path of the supported subset, found {found} {SUPPORTED}"))
    }

    /// The path an expression is, if it is in the subset; otherwise what it has outside it.
    fn from_expr(expr: &Expr) -> Result<InputPath, String> {
        match expr {
            Expr::Call(name, args) if name == "keys" => match args.as_slice() {
                [arg] => Ok(InputPath::Keys(fields(arg)?)),
                _ => Err(format!("`keys()` with other than one argument in `{expr}`")),
            },
            Expr::Project { kind: ProjectKind::List, of, then } => {
                let list = fields(of)?;
                let each = match &**then {
                    Expr::Identity => Vec::new(),
                    Expr::MultiList(_) => {
                        return Err(format!(
                            "a multi-select list not flattened with `[]` (it gives a list per element) in `{expr}`"
                        ))
                    }
                    then => vec![fields(then)?],
                };
                Ok(InputPath::Project { list, each })
            }
            Expr::Project { kind: ProjectKind::Flatten, of, then } if **then == Expr::Identity => {
                if let Expr::Project { kind: ProjectKind::List, of, then } = &**of {
                    if let Expr::MultiList(items) = &**then {
                        let each = items.iter().map(fields).collect::<Result<_, _>>()?;
                        return Ok(InputPath::Project { list: fields(of)?, each });
                    }
                }
                Err(format!("a flatten (`[]`) of other than a projection's multi-select list in `{expr}`"))
            }
            _ => fields(expr).map(InputPath::Value),
        }
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

/// What the errors add: the subset.
const SUPPORTED: &str =
    "(only sub-expressions, `[*]` projections, multi-select lists flattened with `[]` and `keys()` are supported)";

/// The member names of `A.B.C`.
fn fields(expr: &Expr) -> Result<Vec<String>, String> {
    match expr {
        Expr::Field(name) if jmespath::is_identifier(name) => Ok(vec![name.clone()]),
        Expr::Subexpr(lhs, rhs) => {
            let mut names = fields(lhs)?;
            names.extend(fields(rhs)?);
            Ok(names)
        }
        other => Err(format!("{} `{other}`", what(other))),
    }
}

/// What an expression outside the subset is, for errors.
fn what(expr: &Expr) -> &'static str {
    match expr {
        Expr::Identity => "the current value",
        Expr::Field(_) => "a member name that is not an identifier",
        Expr::Subexpr(..) => "a sub-expression",
        Expr::Index(..) => "an index",
        Expr::Project { kind: ProjectKind::List, .. } => "a projection",
        Expr::Project { kind: ProjectKind::Flatten, .. } => "a flatten projection",
        Expr::Project { kind: ProjectKind::Values, .. } => "an object projection",
        Expr::Filter { .. } => "a filter",
        Expr::MultiList(_) => "a multi-select list",
        Expr::Compare(..) => "a comparison",
        Expr::And(..) | Expr::Or(..) | Expr::Not(_) => "a logical expression",
        Expr::Literal(_) => "a literal",
        Expr::Call(..) => "a function call",
        Expr::Pipe(..) => "a pipe",
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
