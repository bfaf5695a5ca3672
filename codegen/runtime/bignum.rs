//! [`BigInteger`] and [`BigDecimal`]: arbitrary-precision numbers kept as their
//! decimal text, so that no digit is lost on the way in or out (a JSON
//! number is read and written as it is, never through `f64`).
#![allow(dead_code)]

use super::json::{self, FromJson, Reader, ToJson, Writer};
use std::borrow::Cow;

macro_rules! big_number {
    ($name:ident, $what:literal, $a_what:literal, $valid:expr) => {
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

        /// The number as it is (redundant leading zeros dropped, as JSON wants).
        impl ToJson for $name {
            fn write(&self, writer: &mut Writer) {
                writer.raw_number(&json_number(&self.0));
            }
        }

        /// A JSON number, every digit kept.
        impl FromJson for $name {
            fn read(reader: &mut Reader<'_>) -> json::Result<Self> {
                let at = reader.position();
                let text = reader.number_text()?;
                Self::new(text)
                    .ok_or_else(|| reader.error_at(at, format_args!("expected {}, found the number {text}", $a_what)))
            }
        }

        /// The decimal text, as a string (no digit is lost to a float on the way).
        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// The decimal text, from a string (or a number, which may have lost digits already).
        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Text;
                impl serde::de::Visitor<'_> for Text {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($a_what)
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        $name::new(text).ok_or_else(|| E::custom(format!("expected {}, found {text}", $a_what)))
                    }
                    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<$name, E> {
                        self.visit_str(&value.to_string())
                    }
                    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<$name, E> {
                        self.visit_str(&value.to_string())
                    }
                    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<$name, E> {
                        self.visit_str(&value.to_string())
                    }
                }
                deserializer.deserialize_any(Text)
            }
        }
    };
}

big_number!(BigInteger, "integer", "an integer", is_integer);
big_number!(BigDecimal, "decimal number", "a decimal number", is_decimal);

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `text` (a valid integer or decimal) as a JSON number: `new` accepts leading zeros (`007`),
/// which JSON does not.
fn json_number(text: &str) -> Cow<'_, str> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let digits = rest.trim_start_matches('0');
    let zeros = rest.len() - digits.len();
    // Keep one zero before a fraction, an exponent or the end (`0.5`, `0e1`, `0`).
    let keep = usize::from(!digits.starts_with(|c: char| c.is_ascii_digit()));
    if zeros <= keep {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("{sign}{}", rest.get(zeros - keep..).unwrap_or_default()))
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
        let value: BigDecimal = json::from_slice(json.as_bytes()).expect("parses");
        assert_eq!(value.as_str(), json);
        assert_eq!(json::to_string(&value), json);
        let int: BigInteger = json::from_slice(b" -98765432109876543210987654321 ").expect("parses");
        assert_eq!(json::to_string(&int), "-98765432109876543210987654321");
        let e = json::from_slice::<BigInteger>(b"1.5").expect_err("not an integer");
        assert_eq!(e.message(), "expected an integer, found the number 1.5 at byte 0");
        assert!(json::from_slice::<BigInteger>(b"1e5").is_err());
        let e = json::from_slice::<BigInteger>(b"\"12\"").expect_err("a string");
        assert_eq!(e.message(), "expected a number, found a string at byte 0");
        assert!(json::from_slice::<BigDecimal>(b"01").is_err());
        assert!(json::from_slice::<BigDecimal>(b"1.").is_err());
        assert_eq!(json::from_slice::<BigDecimal>(b"-1.5E+10").map(|v| json::to_string(&v)), Ok("-1.5E+10".into()));
        assert!(BigDecimal::new("1e").is_none());
        assert!(BigDecimal::new("-1.5E+10").is_some());
        let mut r = Reader::new(br#"{"n": 100000000000000000000000000001}"#);
        let mut n = None;
        r.object(|r, _| {
            n = Some(r.read::<BigInteger>()?);
            Ok(())
        })
        .expect("inside an object too");
        assert_eq!(n.map(|n| n.0), Some("100000000000000000000000000001".to_owned()));
    }

    #[test]
    fn leading_zeros_are_dropped_on_the_wire() {
        for (text, wire) in [
            ("007", "7"),
            ("-007", "-7"),
            ("000", "0"),
            ("-0", "-0"),
            ("0", "0"),
            ("00.5", "0.5"),
            ("-00e3", "-0e3"),
            ("0012.50", "12.50"),
            ("1.5", "1.5"),
        ] {
            let value = BigDecimal::new(text).expect("valid");
            assert_eq!(json::to_string(&value), wire, "{text}");
            assert_eq!(json::from_slice::<BigDecimal>(wire.as_bytes()).map(|v| v.0), Ok(wire.to_owned()));
        }
        let int = BigInteger::new("-0042").expect("valid");
        assert_eq!(json::to_string(&int), "-42");
        assert_eq!(int.as_str(), "-0042");
    }
}
