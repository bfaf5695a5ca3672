//! Lenient readers for `#[serde(deserialize_with = ...)]` on response members.
#![allow(dead_code)]

use serde::{Deserialize, Deserializer};
use std::collections::HashMap;
use std::hash::Hash;

/// Reads `null` as `T::default()` (client error correction for members that are not `Option`).
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Reads a dense list, dropping `null` elements; a `null` list reads as empty.
pub(crate) fn skip_nulls<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(skip_nulls_opt(d)?.unwrap_or_default())
}

/// Like [`skip_nulls`] for an `Option<Vec<T>>` member: a `null` list reads as `None`.
pub(crate) fn skip_nulls_opt<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let list = Option::<Vec<Option<T>>>::deserialize(d)?;
    Ok(list.map(|list| list.into_iter().flatten().collect()))
}

/// Reads a dense map, dropping entries whose value is `null`; a `null` map reads as empty.
pub(crate) fn skip_null_values<'de, D, K, V>(d: D) -> Result<HashMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
{
    Ok(skip_null_values_opt(d)?.unwrap_or_default())
}

/// Like [`skip_null_values`] for an `Option<HashMap<K, V>>` member: `null` reads as `None`.
pub(crate) fn skip_null_values_opt<'de, D, K, V>(d: D) -> Result<Option<HashMap<K, V>>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
{
    let map = Option::<HashMap<K, Option<V>>>::deserialize(d)?;
    Ok(map.map(|map| map.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Out {
        #[serde(deserialize_with = "null_as_default")]
        n: i32,
        #[serde(deserialize_with = "skip_nulls")]
        list: Vec<String>,
        #[serde(deserialize_with = "skip_nulls_opt")]
        opt_list: Option<Vec<i32>>,
        #[serde(deserialize_with = "skip_null_values")]
        map: HashMap<String, i32>,
        #[serde(deserialize_with = "skip_null_values_opt")]
        opt_map: Option<HashMap<String, i32>>,
    }

    fn parse(json: &str) -> Result<Out, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn nulls() {
        assert_eq!(parse("{}"), Ok(Out::default()));
        let all_null = r#"{"n":null,"list":null,"opt_list":null,"map":null,"opt_map":null}"#;
        assert_eq!(parse(all_null), Ok(Out::default()));
        let json = r#"{"n":3,"list":["a",null,"b"],"opt_list":[null,1],"map":{"a":1,"b":null},"opt_map":{"c":null}}"#;
        let expected = Out {
            n: 3,
            list: vec!["a".into(), "b".into()],
            opt_list: Some(vec![1]),
            map: HashMap::from([("a".into(), 1)]),
            opt_map: Some(HashMap::new()),
        };
        assert_eq!(parse(json), Ok(expected));
        assert!(parse(r#"{"n":"x"}"#).is_err());
        assert!(parse(r#"{"list":[1]}"#).is_err());
    }
}
