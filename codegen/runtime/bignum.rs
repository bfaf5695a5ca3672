//! [`BigInteger`] and [`BigDecimal`]: arbitrary-precision numbers kept as their
//! decimal text, so that no digit is lost on the way in or out (a JSON
//! number is read and written as it is, never through `f64`).
#![allow(dead_code)]

use serde_json::value::RawValue;

macro_rules! big_number {
    ($name:ident, $what:literal, $valid:expr) => {
        #[doc = concat!("An arbitrary-precision ", $what, ", kept as its decimal text.")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("The ", $what, " from its decimal text; `None` if the text is not one.")]
            pub fn new(text: impl Into<String>) -> Option<Self> {
                let text = text.into();
                let valid: fn(&str) -> bool = $valid;
                valid(&text).then_some(Self(text))
            }

            /// The decimal text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                Self::new(text).ok_or_else(|| format!("`{text}` is not a {}", $what))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
                raw.serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <Box<RawValue> as serde::Deserialize>::deserialize(deserializer)?;
                let text = raw.get().trim();
                Self::new(text)
                    .ok_or_else(|| serde::de::Error::custom(format_args!("expected a {}, found `{text}`", $what)))
            }
        }
    };
}

big_number!(BigInteger, "integer", is_integer);
big_number!(BigDecimal, "decimal number", is_decimal);

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A JSON number: `-?digits(.digits)?([eE][+-]?digits)?`.
fn is_decimal(text: &str) -> bool {
    let rest = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(index) => (&rest[..index], Some(&rest[index + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole)
        && fraction.is_none_or(digits)
        && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_keep_every_digit() {
        let json = "123456789012345678901234567890.000000000000000000001";
        let value: BigDecimal = serde_json::from_str(json).expect("parses");
        assert_eq!(value.as_str(), json);
        assert_eq!(serde_json::to_string(&value).expect("serializes"), json);
        let int: BigInteger = serde_json::from_str("-98765432109876543210987654321").expect("parses");
        assert_eq!(serde_json::to_string(&int).expect("serializes"), "-98765432109876543210987654321");
        assert!(serde_json::from_str::<BigInteger>("1.5").is_err());
        assert!(serde_json::from_str::<BigInteger>("\"12\"").is_err());
        assert!(BigDecimal::new("1e").is_none());
        assert!(BigDecimal::new("-1.5E+10").is_some());
        #[derive(serde::Deserialize)]
        struct Wrapper {
            n: BigInteger,
        }
        let mut de = serde_json::Deserializer::from_str(r#"{"n": 100000000000000000000000000001}"#);
        let wrapper: Wrapper = serde_path_to_error::deserialize(&mut de).expect("through the path tracker too");
        assert_eq!(wrapper.n.as_str(), "100000000000000000000000000001");
    }
}
