//! Timestamps: [`DateTime`] and its three wire formats (date-time, http-date, epoch-seconds).
#![allow(dead_code)]

use super::json::{self, FromJson, Reader, ToJson, Writer};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A point in time: whole seconds since the Unix epoch (UTC) plus nanoseconds.
///
/// `Default` is the epoch itself. `Display` and `Debug` print RFC 3339 (`2019-12-16T23:48:18Z`).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    seconds: i64,
    subsec_nanos: u32,
}

/// Why a timestamp string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    message: &'static str,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for DateTimeParseError {}

const fn err(message: &'static str) -> DateTimeParseError {
    DateTimeParseError { message }
}

impl DateTime {
    /// The time `seconds` after (or, if negative, before) the Unix epoch.
    pub const fn from_secs(seconds: i64) -> Self {
        Self { seconds, subsec_nanos: 0 }
    }

    /// Seconds plus nanoseconds; `nanos` of a second or more carry into the seconds
    /// (saturating at the end of the `i64` range).
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        Self { seconds: seconds.saturating_add(i64::from(nanos / NANOS_PER_SEC)), subsec_nanos: nanos % NANOS_PER_SEC }
    }

    /// Fractional epoch seconds, rounded to the microsecond. `None` if not finite or out of range.
    pub fn from_fractional_secs(secs: f64) -> Option<Self> {
        // `i64::MAX as f64` is 2^63, itself out of range.
        if !secs.is_finite() || secs < i64::MIN as f64 || secs >= i64::MAX as f64 {
            return None;
        }
        let whole = secs.floor();
        let micros = ((secs - whole) * 1e6).round() as u32;
        let mut seconds = whole as i64;
        let micros = if micros >= 1_000_000 {
            seconds = seconds.checked_add(1)?;
            0
        } else {
            micros
        };
        Some(Self { seconds, subsec_nanos: micros * 1000 })
    }

    /// Whole seconds since the epoch (rounded down, so negative times have positive nanos).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs), below 1,000,000,000.
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Seconds since the epoch as a float (may lose precision).
    pub fn as_fractional_secs(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsec_nanos) / 1e9
    }

    /// The equivalent [`SystemTime`], or `None` if the platform cannot represent it.
    pub fn to_system_time(self) -> Option<SystemTime> {
        let nanos = Duration::from_nanos(u64::from(self.subsec_nanos));
        if self.seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(self.seconds.unsigned_abs()) + nanos)
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_secs(self.seconds.unsigned_abs()))?.checked_add(nanos)
        }
    }

    /// RFC 3339 in UTC, such as `2019-12-16T23:48:18Z` or `2019-12-16T23:48:18.5Z`.
    pub fn fmt_date_time(&self) -> String {
        self.to_string()
    }

    /// IMF-fixdate, such as `Mon, 16 Dec 2019 23:48:18 GMT` (the fraction is dropped).
    pub fn fmt_http_date(&self) -> String {
        let (days, (y, mo, d), (h, mi, s)) = self.civil();
        let weekday = WEEKDAYS.get((days + 4).rem_euclid(7) as usize).unwrap_or(&"");
        let month = MONTHS.get((mo as usize).saturating_sub(1)).unwrap_or(&"");
        format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} GMT")
    }

    /// Epoch seconds as decimal text: `1576540098`, or `1576540098.5` with a fraction.
    pub fn fmt_epoch_seconds(&self) -> String {
        match (self.seconds, self.subsec_nanos) {
            (secs, 0) => secs.to_string(),
            (secs, nanos) if secs >= 0 => format!("{secs}.{}", Fraction(nanos)),
            // -1 s + 0.25 s = -0.75 s
            (secs, nanos) => format!("-{}.{}", (secs + 1).unsigned_abs(), Fraction(NANOS_PER_SEC - nanos)),
        }
    }

    /// Parses RFC 3339 (`2019-12-16T23:48:18Z`, `2019-12-17T00:48:18.123+01:00`); digits
    /// beyond nanoseconds are truncated.
    pub fn parse_date_time(s: &str) -> Result<Self, DateTimeParseError> {
        const SYNTAX: DateTimeParseError =
            err("invalid date-time: expected `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`");
        let mut c = Cursor(s.as_bytes());
        let date = (|| {
            let ymd = (c.num(4)?, c.lit(b"-")?.num(2)?, c.lit(b"-")?.num(2)?);
            c.eat(|b| b == b'T' || b == b't')?;
            let hms = c.time()?;
            let nanos = c.fraction()?;
            let offset = match c.eat(|_| true)? {
                b'Z' | b'z' => None,
                sign @ (b'+' | b'-') => Some((sign, c.num(2)?, c.lit(b":")?.num(2)?)),
                _ => return None,
            };
            c.0.is_empty().then_some((ymd, hms, nanos, offset))
        })();
        let (ymd, hms, nanos, offset) = date.ok_or(SYNTAX)?;
        let offset = match offset {
            None => 0,
            Some((_, h, m)) if h > 23 || m > 59 => return Err(err("invalid date-time: offset out of range")),
            Some((b'+', h, m)) => i64::from(h * 3600 + m * 60),
            Some((_, h, m)) => -i64::from(h * 3600 + m * 60),
        };
        let secs = to_epoch_secs(ymd, hms).ok_or(err("invalid date-time: a field is out of range"))?;
        Ok(Self { seconds: secs - offset, subsec_nanos: nanos })
    }

    /// Parses IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`), optionally with a fraction
    /// after the seconds. The weekday name is checked for syntax only.
    pub fn parse_http_date(s: &str) -> Result<Self, DateTimeParseError> {
        const SYNTAX: DateTimeParseError = err("invalid http-date: expected `Www, DD Mmm YYYY HH:MM:SS GMT`");
        let mut c = Cursor(s.as_bytes());
        let date = (|| {
            let weekday = c.take(3)?;
            WEEKDAYS.iter().any(|w| w.as_bytes() == weekday).then_some(())?;
            let d = c.lit(b", ")?.num(2)?;
            let month = c.lit(b" ")?.take(3)?;
            let mo = MONTHS.iter().position(|m| m.as_bytes() == month)? as u32 + 1;
            let y = c.lit(b" ")?.num(4)?;
            let hms = c.lit(b" ")?.time()?;
            let nanos = c.fraction()?;
            (c.0 == b" GMT").then_some(((y, mo, d), hms, nanos))
        })();
        let (ymd, hms, nanos) = date.ok_or(SYNTAX)?;
        let secs = to_epoch_secs(ymd, hms).ok_or(err("invalid http-date: a field is out of range"))?;
        Ok(Self { seconds: secs, subsec_nanos: nanos })
    }

    /// Parses epoch seconds written as an integer or a decimal (`1576540098`, `-1.5`);
    /// digits beyond nanoseconds are truncated.
    pub fn parse_epoch_seconds(s: &str) -> Result<Self, DateTimeParseError> {
        const SYNTAX: DateTimeParseError = err("invalid epoch-seconds: expected a decimal number");
        let (negative, rest) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match rest.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (rest, None),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SYNTAX);
        }
        let int: i64 = int.parse().map_err(|_| err("invalid epoch-seconds: out of range"))?;
        let nanos = match frac {
            Some(frac) => {
                let mut c = Cursor(frac.as_bytes());
                match c.digits() {
                    Some(nanos) if c.0.is_empty() => nanos,
                    _ => return Err(SYNTAX),
                }
            }
            None => 0,
        };
        Ok(match (negative, nanos) {
            (false, _) => Self { seconds: int, subsec_nanos: nanos },
            (true, 0) => Self::from_secs(-int),
            (true, _) => Self { seconds: -int - 1, subsec_nanos: NANOS_PER_SEC - nanos },
        })
    }

    /// (days since the epoch, (year, month, day), (hour, minute, second)).
    fn civil(&self) -> (i64, (i64, u32, u32), (i64, i64, i64)) {
        let days = self.seconds.div_euclid(SECS_PER_DAY);
        let sod = self.seconds.rem_euclid(SECS_PER_DAY);
        (days, civil_from_days(days), (sod / 3600, sod / 60 % 60, sod % 60))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (_, (y, mo, d), (h, mi, s)) = self.civil();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")?;
        if self.subsec_nanos != 0 {
            write!(f, ".{}", Fraction(self.subsec_nanos))?;
        }
        f.write_str("Z")
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        let secs = |d: Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => Self { seconds: secs(d), subsec_nanos: d.subsec_nanos() },
            Err(before) => {
                let d = before.duration();
                match d.subsec_nanos() {
                    0 => Self::from_secs(-secs(d)),
                    n => Self { seconds: -secs(d) - 1, subsec_nanos: NANOS_PER_SEC - n },
                }
            }
        }
    }
}

/// Nanoseconds (non-zero) as fraction digits without trailing zeros.
struct Fraction(u32);

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(format!("{:09}", self.0).trim_end_matches('0'))
    }
}

/// A parser over ASCII bytes; every step returns `None` on mismatch.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn eat(&mut self, pred: impl Fn(u8) -> bool) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        pred(b).then(|| {
            self.0 = rest;
            b
        })
    }

    fn lit(&mut self, s: &[u8]) -> Option<&mut Self> {
        self.0 = self.0.strip_prefix(s)?;
        Some(self)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    /// Exactly `n` (at most 9) decimal digits.
    fn num(&mut self, n: usize) -> Option<u32> {
        (0..n).try_fold(0, |v, _| Some(v * 10 + u32::from(self.eat(|b| b.is_ascii_digit())? - b'0')))
    }

    /// `HH:MM:SS`.
    fn time(&mut self) -> Option<(u32, u32, u32)> {
        Some((self.num(2)?, self.lit(b":")?.num(2)?, self.lit(b":")?.num(2)?))
    }

    /// One or more digits read as a fraction of a second, in nanoseconds (truncated).
    fn digits(&mut self) -> Option<u32> {
        let mut nanos = 0;
        let mut count = 0usize;
        while let Some(b) = self.eat(|b| b.is_ascii_digit()) {
            if count < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            count += 1;
        }
        for _ in count..9 {
            nanos *= 10;
        }
        (count > 0).then_some(nanos)
    }

    /// An optional `.fraction`, in nanoseconds; `None` if the dot has no digits.
    fn fraction(&mut self) -> Option<u32> {
        match self.eat(|b| b == b'.') {
            Some(_) => self.digits(),
            None => Some(0),
        }
    }
}

/// Seconds since the epoch of a validated civil date and time (leap seconds rejected).
fn to_epoch_secs((y, mo, d): (u32, u32, u32), (h, mi, s): (u32, u32, u32)) -> Option<i64> {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = match mo {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if d == 0 || d > month_days || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let days = days_from_civil(i64::from(y), mo, d);
    Some(days * SECS_PER_DAY + i64::from(h * 3600 + mi * 60 + s))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Epoch seconds from a JSON number: an integer exactly, a fraction (or exponent) through `f64`
/// to the microsecond.
impl FromJson for DateTime {
    fn read(reader: &mut Reader<'_>) -> json::Result<Self> {
        let at = reader.position();
        let text = reader.number_text()?;
        let time = if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            text.parse().ok().and_then(Self::from_fractional_secs)
        } else {
            text.parse().ok().map(Self::from_secs)
        };
        time.ok_or_else(|| reader.error_at(at, "epoch seconds out of range"))
    }
}

/// Epoch seconds as a JSON number: an integer when whole, else a float.
impl ToJson for DateTime {
    fn write(&self, writer: &mut Writer) {
        match self.subsec_nanos {
            0 => writer.i64(self.seconds),
            _ => writer.f64(self.as_fractional_secs()),
        }
    }
}

/// Reads a string with `parse`; an error names the byte where the string starts.
fn read_text(
    reader: &mut Reader<'_>,
    parse: fn(&str) -> Result<DateTime, DateTimeParseError>,
) -> json::Result<DateTime> {
    let at = reader.position();
    let text = reader.string()?;
    parse(&text).map_err(|e| reader.error_at(at, e))
}

/// Reads an RFC 3339 string (`@timestampFormat("date-time")`).
pub(crate) fn read_date_time(reader: &mut Reader<'_>) -> json::Result<DateTime> {
    read_text(reader, DateTime::parse_date_time)
}

/// Reads an IMF-fixdate string (`@timestampFormat("http-date")`).
pub(crate) fn read_http_date(reader: &mut Reader<'_>) -> json::Result<DateTime> {
    read_text(reader, DateTime::parse_http_date)
}

/// Writes an RFC 3339 string.
pub(crate) fn write_date_time(writer: &mut Writer, value: &DateTime) {
    writer.string(&value.fmt_date_time());
}

/// Writes an IMF-fixdate string.
pub(crate) fn write_http_date(writer: &mut Writer, value: &DateTime) {
    writer.string(&value.fmt_http_date());
}

/// RFC 3339 text, as in JSON's default timestamp form.
#[cfg(feature = "serde")]
mod serde_impls {
    use super::DateTime;
    use serde::de::{self, Deserializer, Visitor};
    use serde::{Deserialize, Serialize, Serializer};
    use std::fmt;

    impl Serialize for DateTime {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&self.fmt_date_time())
        }
    }

    impl<'de> Deserialize<'de> for DateTime {
        /// RFC 3339 text, as written; epoch seconds (a number) too, as other tools write them.
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Timestamp;
            impl Visitor<'_> for Timestamp {
                type Value = DateTime;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an RFC 3339 timestamp or epoch seconds")
                }
                fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                    DateTime::parse_date_time(text).map_err(E::custom)
                }
                fn visit_i64<E: de::Error>(self, secs: i64) -> Result<Self::Value, E> {
                    Ok(DateTime::from_secs_and_nanos(secs, 0))
                }
                fn visit_u64<E: de::Error>(self, secs: u64) -> Result<Self::Value, E> {
                    let secs = i64::try_from(secs).map_err(E::custom)?;
                    Ok(DateTime::from_secs_and_nanos(secs, 0))
                }
                fn visit_f64<E: de::Error>(self, secs: f64) -> Result<Self::Value, E> {
                    DateTime::from_fractional_secs(secs)
                        .ok_or_else(|| E::custom(format!("{secs} seconds is out of range")))
                }
            }
            deserializer.deserialize_any(Timestamp)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(secs: i64, nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(secs, nanos)
    }

    #[test]
    fn formats_date_time() {
        assert_eq!(dt(1576540098, 0).fmt_date_time(), "2019-12-16T23:48:18Z");
        assert_eq!(dt(1576540098, 500_000_000).fmt_date_time(), "2019-12-16T23:48:18.5Z");
        assert_eq!(dt(1576540098, 123_000_000).fmt_date_time(), "2019-12-16T23:48:18.123Z");
        assert_eq!(dt(1576540098, 1).fmt_date_time(), "2019-12-16T23:48:18.000000001Z");
        assert_eq!(dt(951782400, 0).fmt_date_time(), "2000-02-29T00:00:00Z");
        assert_eq!(dt(-1, 0).fmt_date_time(), "1969-12-31T23:59:59Z");
        assert_eq!(dt(-62135596800, 0).fmt_date_time(), "0001-01-01T00:00:00Z");
        assert_eq!(dt(253402300799, 0).fmt_date_time(), "9999-12-31T23:59:59Z");
        assert_eq!(format!("{:?}", dt(0, 0)), "1970-01-01T00:00:00Z");
        assert_eq!(DateTime::default(), dt(0, 0));
    }

    #[test]
    fn formats_http_date_and_epoch_seconds() {
        assert_eq!(dt(1576540098, 500).fmt_http_date(), "Mon, 16 Dec 2019 23:48:18 GMT");
        assert_eq!(dt(1398796238, 0).fmt_http_date(), "Tue, 29 Apr 2014 18:30:38 GMT");
        assert_eq!(dt(-1, 0).fmt_http_date(), "Wed, 31 Dec 1969 23:59:59 GMT");
        assert_eq!(dt(1576540098, 0).fmt_epoch_seconds(), "1576540098");
        assert_eq!(dt(1576540098, 500_000_000).fmt_epoch_seconds(), "1576540098.5");
        assert_eq!(dt(-1, 500_000_000).fmt_epoch_seconds(), "-0.5");
        assert_eq!(dt(-2, 250_000_000).fmt_epoch_seconds(), "-1.75");
        assert_eq!(dt(-5, 0).fmt_epoch_seconds(), "-5");
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for secs in [i64::MIN, i64::MIN + 1, i64::MAX] {
            for nanos in [0, 1, 999_999_999] {
                let t = dt(secs, nanos);
                let _ = (t.fmt_date_time(), t.fmt_http_date(), t.fmt_epoch_seconds());
                let _ = (t.to_system_time(), t.as_fractional_secs());
            }
        }
        assert_eq!(dt(i64::MAX, 2_000_000_000).secs(), i64::MAX);
    }

    #[test]
    fn constructors() {
        assert_eq!(dt(1, 2_500_000_000), dt(3, 500_000_000));
        assert_eq!(DateTime::from_fractional_secs(1.5), Some(dt(1, 500_000_000)));
        assert_eq!(DateTime::from_fractional_secs(-0.5), Some(dt(-1, 500_000_000)));
        assert_eq!(DateTime::from_fractional_secs(1398796238.123), Some(dt(1398796238, 123_000_000)));
        assert_eq!(DateTime::from_fractional_secs(0.9999999), Some(dt(1, 0)));
        assert_eq!(DateTime::from_fractional_secs(f64::NAN), None);
        assert_eq!(DateTime::from_fractional_secs(f64::INFINITY), None);
        assert_eq!(DateTime::from_fractional_secs(1e19), None);
        assert_eq!(DateTime::from_fractional_secs(-1e19), None);
        assert_eq!(dt(1, 500_000_000).as_fractional_secs(), 1.5);
        assert_eq!(DateTime::from_secs(7).secs(), 7);
        assert_eq!(dt(7, 8).subsec_nanos(), 8);
    }

    #[test]
    fn system_time_round_trip() {
        for t in [dt(0, 0), dt(1576540098, 123), dt(-1, 500_000_000), dt(-100, 0)] {
            let st = t.to_system_time();
            assert_eq!(st.map(DateTime::from), Some(t));
        }
        assert_eq!(DateTime::from(UNIX_EPOCH + Duration::from_millis(1500)), dt(1, 500_000_000));
    }

    #[test]
    fn parses_date_time() {
        let p = DateTime::parse_date_time;
        assert_eq!(p("2019-12-16T23:48:18Z"), Ok(dt(1576540098, 0)));
        assert_eq!(p("2019-12-16t23:48:18z"), Ok(dt(1576540098, 0)));
        assert_eq!(p("2019-12-17T00:48:18+01:00"), Ok(dt(1576540098, 0)));
        assert_eq!(p("2019-12-16T22:48:18-01:00"), Ok(dt(1576540098, 0)));
        assert_eq!(p("2000-01-02T20:34:56.123Z"), Ok(dt(946845296, 123_000_000)));
        assert_eq!(p("2000-01-02T20:34:56.5Z"), Ok(dt(946845296, 500_000_000)));
        assert_eq!(p("2000-01-02T20:34:56.1234567891Z"), Ok(dt(946845296, 123_456_789)));
        assert_eq!(p("2000-02-29T00:00:00Z"), Ok(dt(951782400, 0)));
        assert_eq!(p("1969-12-31T23:59:59Z"), Ok(dt(-1, 0)));
        assert_eq!(p("0001-01-01T00:00:00Z"), Ok(dt(-62135596800, 0)));
        assert_eq!(p("9999-12-31T23:59:59.999999999Z"), Ok(dt(253402300799, 999_999_999)));
        for bad in [
            "",
            "2019-12-16",
            "2019-12-16T23:48:18",
            "2019-12-16 23:48:18Z",
            "2019-12-16T23:48:18.Z",
            "2019-12-16T23:48:18ZZ",
            "2019-12-16T23:48:18+0100",
            "2019-13-16T23:48:18Z",
            "2019-00-16T23:48:18Z",
            "2019-12-00T23:48:18Z",
            "2019-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2019-04-31T00:00:00Z",
            "2019-12-16T24:00:00Z",
            "2019-12-16T23:60:00Z",
            "2019-12-16T23:59:60Z",
            "2019-12-16T23:48:18+24:00",
            "2019-12-16T23:48:18+01:60",
            "+2019-12-16T23:48:18Z",
            "２019-12-16T23:48:18Z",
            "2019-1２-16T23:48:18Z",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_http_date() {
        let p = DateTime::parse_http_date;
        assert_eq!(p("Tue, 29 Apr 2014 18:30:38 GMT"), Ok(dt(1398796238, 0)));
        assert_eq!(p("Sun, 02 Jan 2000 20:34:56.000 GMT"), Ok(dt(946845296, 0)));
        assert_eq!(p("Sun, 02 Jan 2000 20:34:56.123 GMT"), Ok(dt(946845296, 123_000_000)));
        assert_eq!(p("Wed, 31 Dec 1969 23:59:59 GMT"), Ok(dt(-1, 0)));
        for bad in [
            "",
            "Tue, 29 Apr 2014 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 apr 2014 18:30:38 GMT",
            "Tue, 9 Apr 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            "Tue 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38. GMT",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_epoch_seconds() {
        let p = DateTime::parse_epoch_seconds;
        assert_eq!(p("1398796238"), Ok(dt(1398796238, 0)));
        assert_eq!(p("1398796238.123"), Ok(dt(1398796238, 123_000_000)));
        assert_eq!(p("-1"), Ok(dt(-1, 0)));
        assert_eq!(p("-0.5"), Ok(dt(-1, 500_000_000)));
        assert_eq!(p("-1.75"), Ok(dt(-2, 250_000_000)));
        assert_eq!(p("0.0000000019"), Ok(dt(0, 1)));
        assert_eq!(p("9223372036854775807"), Ok(dt(i64::MAX, 0)));
        assert_eq!(p("-9223372036854775807.5"), Ok(dt(i64::MIN, 500_000_000)));
        for bad in ["", "-", ".5", "1.", "1.5.5", "+1", "1e9", " 1", "1 ", "--1", "NaN", "9223372036854775808", "1.-5"]
        {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn format_parse_round_trips() {
        for t in [dt(0, 0), dt(1576540098, 500_000_000), dt(-1, 1), dt(-62135596800, 0), dt(253402300799, 999_999_999)]
        {
            assert_eq!(DateTime::parse_date_time(&t.fmt_date_time()), Ok(t));
            assert_eq!(DateTime::parse_epoch_seconds(&t.fmt_epoch_seconds()), Ok(t));
            assert_eq!(DateTime::parse_http_date(&t.fmt_http_date()), Ok(dt(t.secs(), 0)));
        }
    }

    #[test]
    fn no_panic_on_any_input() {
        let inputs = [
            "2019-12-17T00:48:18.123456789123+01:00",
            "Tue, 29 Apr 2014 18:30:38.5 GMT",
            "-1398796238.123456789123",
            "99999999999999999999999999.9999999999",
            "😹😹😹😹-😹-😹T😹:😹:😹Z",
            "\u{0}\u{ff}\u{10ffff}",
        ];
        for input in inputs {
            for (i, _) in input.char_indices().chain([(input.len(), ' ')]) {
                for s in [&input[..i], &input[i..]] {
                    let _ = DateTime::parse_date_time(s);
                    let _ = DateTime::parse_http_date(s);
                    let _ = DateTime::parse_epoch_seconds(s);
                }
            }
        }
    }

    #[test]
    fn json_epoch_seconds() {
        let json = |t: DateTime| json::to_string(&t);
        assert_eq!(json(dt(1398796238, 0)), "1398796238");
        assert_eq!(json(dt(1398796238, 123_000_000)), "1398796238.123");
        assert_eq!(json(dt(-1, 500_000_000)), "-0.5");
        let parse = |s: &str| json::from_slice::<DateTime>(s.as_bytes()).map_err(|e| e.to_string());
        assert_eq!(parse("1398796238"), Ok(dt(1398796238, 0)));
        assert_eq!(parse(" -1 "), Ok(dt(-1, 0)));
        assert_eq!(parse("1398796238.123"), Ok(dt(1398796238, 123_000_000)));
        assert_eq!(parse("1.5e9"), Ok(dt(1_500_000_000, 0)));
        assert_eq!(parse("-0.5"), Ok(dt(-1, 500_000_000)));
        assert_eq!(parse("18446744073709551615"), Err("epoch seconds out of range at byte 0".into()));
        assert_eq!(parse("1e300"), Err("epoch seconds out of range at byte 0".into()));
        assert_eq!(parse("1e400"), Err("epoch seconds out of range at byte 0".into()));
        assert_eq!(parse("\"2019-12-16T23:48:18Z\""), Err("expected a number, found a string at byte 0".into()));
        assert!(parse("1.").is_err() && parse("null").is_err());
        for t in [dt(0, 0), dt(1576540098, 500_000_000), dt(-1, 250_000_000), dt(i64::MAX, 0), dt(i64::MIN, 0)] {
            assert_eq!(json::from_slice::<DateTime>(json(t).as_bytes()), Ok(t), "{t}");
        }
    }

    #[test]
    fn json_string_formats() {
        let read = |f: fn(&mut Reader<'_>) -> json::Result<DateTime>, s: &str| {
            let mut r = Reader::new(s.as_bytes());
            f(&mut r).and_then(|t| r.end().map(|()| t)).map_err(|e| e.to_string())
        };
        let t = dt(1398796238, 0);
        assert_eq!(read(read_date_time, r#""2014-04-29T18:30:38Z""#), Ok(t));
        assert_eq!(read(read_date_time, r#" "2014-04-29T18:30:38.5Z""#), Ok(dt(1398796238, 500_000_000)));
        assert_eq!(read(read_http_date, r#""Tue, 29 Apr 2014 18:30:38 GMT""#), Ok(t));
        let e = read(read_date_time, r#" "2014-04-29""#).expect_err("not a date-time");
        assert!(e.starts_with("invalid date-time") && e.ends_with("at byte 1"), "{e}");
        assert!(read(read_http_date, r#""2014-04-29T18:30:38Z""#).is_err());
        assert!(read(read_date_time, "1398796238").is_err());

        let mut w = Writer::new();
        let mut o = w.object();
        write_date_time(o.key("a"), &t);
        write_http_date(o.key("b"), &t);
        o.key("c").list(&[t, dt(1398796238, 500_000_000)], write_date_time);
        o.end();
        let json = r#"{"a":"2014-04-29T18:30:38Z","b":"Tue, 29 Apr 2014 18:30:38 GMT","c":["2014-04-29T18:30:38Z","2014-04-29T18:30:38.5Z"]}"#;
        assert_eq!(String::from_utf8(w.into_bytes()).ok().as_deref(), Some(json));
        let mut r = Reader::new(br#"["2014-04-29T18:30:38Z", null, "2014-04-29T18:30:38Z"]"#);
        assert_eq!(r.list_with(read_date_time), Ok(vec![t, t]));
        let mut r = Reader::new(br#"["2014-04-29T18:30:38Z", "x"]"#);
        assert_eq!(r.list_with(read_date_time).map_err(|e| e.path().to_owned()), Err("[1]".to_owned()));
    }
}
