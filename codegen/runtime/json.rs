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

/// Floats in JSON: finite values are numbers; NaN and the infinities are the
/// strings `"NaN"`, `"Infinity"` and `"-Infinity"` (serde_json would write
/// `null`). For `#[serde(with = "crate::rt::json::float")]`.
pub(crate) mod float {
    use serde::{Deserialize, Deserializer, Serializer};

    /// A float type: `f32` or `f64`.
    pub(crate) trait Float: Copy {
        fn to_f64(self) -> f64;
        fn from_f64(value: f64) -> Self;
    }

    impl Float for f32 {
        fn to_f64(self) -> f64 {
            f64::from(self)
        }
        fn from_f64(value: f64) -> Self {
            value as f32
        }
    }

    impl Float for f64 {
        fn to_f64(self) -> f64 {
            self
        }
        fn from_f64(value: f64) -> Self {
            value
        }
    }

    /// The wire text of a non-finite float, or `None` for a finite one.
    pub(crate) fn non_finite(value: f64) -> Option<&'static str> {
        if value.is_nan() {
            Some("NaN")
        } else if value == f64::INFINITY {
            Some("Infinity")
        } else if value == f64::NEG_INFINITY {
            Some("-Infinity")
        } else {
            None
        }
    }

    pub(crate) fn serialize<S: Serializer, F: Float>(value: &F, serializer: S) -> Result<S::Ok, S::Error> {
        let value = value.to_f64();
        match non_finite(value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(value),
        }
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Number(f64),
        Text(String),
    }

    fn from_wire<E: serde::de::Error>(wire: Wire) -> Result<f64, E> {
        match wire {
            Wire::Number(n) => Ok(n),
            Wire::Text(text) => match text.as_str() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => Err(E::custom(format_args!("expected a number, found the string `{other}`"))),
            },
        }
    }

    /// Reads a number or one of the three strings; `null` reads as zero
    /// (client error correction for required members).
    pub(crate) fn deserialize<'de, D: Deserializer<'de>, F: Float>(deserializer: D) -> Result<F, D::Error> {
        let wire = Option::<Wire>::deserialize(deserializer)?;
        Ok(F::from_f64(wire.map(from_wire).transpose()?.unwrap_or_default()))
    }

    /// The same for `Option<f32>` / `Option<f64>`.
    pub(crate) mod option {
        use super::{from_wire, Float, Wire};
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer, F: Float>(value: &Option<F>, serializer: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => super::serialize(value, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>, F: Float>(deserializer: D) -> Result<Option<F>, D::Error> {
            let wire = Option::<Wire>::deserialize(deserializer)?;
            Ok(wire.map(from_wire).transpose()?.map(F::from_f64))
        }
    }
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

    #[test]
    fn non_finite_floats() {
        #[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
        struct F {
            #[serde(with = "float")]
            a: f64,
            #[serde(with = "float::option", default)]
            b: Option<f32>,
        }
        let json = serde_json::to_string(&F { a: f64::NEG_INFINITY, b: Some(f32::INFINITY) }).expect("serializes");
        assert_eq!(json, r#"{"a":"-Infinity","b":"Infinity"}"#);
        let back: F = serde_json::from_str(r#"{"a":"NaN","b":1.5}"#).expect("parses");
        assert!(back.a.is_nan());
        assert_eq!(back.b, Some(1.5));
        let back: F = serde_json::from_str(r#"{"a":2}"#).expect("parses");
        assert_eq!(back, F { a: 2.0, b: None });
        assert!(serde_json::from_str::<F>(r#"{"a":"nope"}"#).is_err());
        assert_eq!(serde_json::to_string(&F { a: 1.0, b: None }).expect("serializes"), r#"{"a":1.0,"b":null}"#);
    }
}
