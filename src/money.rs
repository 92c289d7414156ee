//! Exact amounts of money: parsed from strings or integers, never from floats, and rendered twice —
//! exactly for machines (JSON), rounded once to cents for people.
//!
//! TOML floats go through `f64`, which cannot hold `0.1`; a scenario therefore writes money as a
//! quoted decimal string (`"1500.00"`) or an integer, and a float is refused with that advice.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// A non-negative-or-not decimal read exactly from TOML; callers check the sign they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Amount(pub Decimal);

impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// In the JSON Schema of a scenario: a decimal string (the pattern [`parse_decimal`] reads) or an
/// integer. A float is not an amount.
impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact decimal amount: a quoted string (\"1500.00\") or an integer; never a float.",
            "anyOf": [
                { "type": "string", "pattern": AMOUNT_PATTERN },
                { "type": "integer" }
            ]
        })
    }
}

/// What [`parse_decimal`] reads, as a regular expression (the limits of scale and size aside).
const AMOUNT_PATTERN: &str = "^-?[0-9](_?[0-9])*(\\.[0-9](_?[0-9])*)?$";

struct AmountVisitor;

impl Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal amount as a quoted string (\"1500.00\") or an integer")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        parse_decimal(v).map(Amount).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Amount, E> {
        Err(E::custom(
            "a float cannot hold an exact amount: quote decimal amounts, e.g. \"0.35\"",
        ))
    }
}

/// Parses a plain decimal string such as `"1500.00"` or `"-0.5"`: an optional `-`, digits, and
/// optionally a `.` followed by digits; an underscore may stand between two digits (`"1_500.00"`),
/// as in a TOML integer. No exponent, no spaces, no `"1."`, `".5"`, `"_1"` or `"1__0"`. At most 28
/// decimal places (`Decimal`'s scale): a 29th is refused as too precise, never rounded.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let not_decimal = || format!("`{text}` is not a decimal amount (write e.g. \"1500.00\")");
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    if !digit_groups(whole) || fraction.is_some_and(|f| !digit_groups(f)) {
        return Err(not_decimal());
    }
    let places = fraction.map_or(0, |f| f.bytes().filter(u8::is_ascii_digit).count());
    if places > 28 {
        return Err(format!(
            "`{text}` is too precise: an amount has at most 28 decimal places"
        ));
    }
    Decimal::from_str_exact(&text.replace('_', "")).map_err(|_| {
        format!("`{text}` is too large: an amount is at most 79228162514264337593543950335")
    })
}

/// Digits, with single underscores only between two of them.
fn digit_groups(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('_')
            .all(|group| !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit()))
}

/// [`exact`] as a `Display`, for writers that should not allocate a string per amount.
#[derive(Debug, Clone, Copy)]
pub struct Exact(pub Decimal);

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_none() && f.precision().is_none() {
            return write_exact(f, self.0);
        }
        fmt::Display::fmt(&exact_decimal(self.0), f)
    }
}

/// The value [`Exact`] shows: normalized, with at least two decimal places.
fn exact_decimal(value: Decimal) -> Decimal {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    v
}

/// The mantissa and places of what `exact_decimal(value)` displays, found without `Decimal`'s
/// own `normalize` and `Display`: a JSON report writes millions of amounts. `None` when the value
/// would not fit in 96 bits at two places (then `rescale` cannot keep it exact, and `Decimal`
/// decides).
fn exact_parts(value: Decimal) -> Option<(u128, usize)> {
    let mantissa = value.mantissa().unsigned_abs();
    let scale = value.scale();
    if mantissa == 0 {
        // `normalize` turns -0 into 0.
        return Some((0, 2));
    }
    let (mantissa, scale) = match u64::try_from(mantissa) {
        // Most amounts: 64 bits and at least two places, so only divisions by ten, which are
        // multiplications there; on 128 bits each is a call.
        Ok(small) if scale >= 2 => {
            let (small, scale) = trimmed(small, scale);
            (u128::from(small), scale)
        }
        _ => trimmed(mantissa, scale),
    };
    (mantissa < 1 << 96).then_some((mantissa, scale as usize))
}

/// A mantissa and scale with the zeros past two places dropped, and places added up to two.
fn trimmed<M>(mut mantissa: M, mut scale: u32) -> (M, u32)
where
    M: Copy + PartialEq + From<u8> + std::ops::Rem<Output = M> + std::ops::Div<Output = M>,
    M: std::ops::Mul<Output = M> + std::ops::Add<Output = M>,
{
    let (zero, ten) = (M::from(0), M::from(10));
    while scale > 2 && mantissa % ten == zero {
        mantissa = mantissa / ten;
        scale -= 1;
    }
    while scale < 2 {
        mantissa = mantissa * ten;
        scale += 1;
    }
    (mantissa, scale)
}

/// Writes what [`exact`] returns: the digits of the mantissa with the point put in.
fn write_exact(out: &mut impl fmt::Write, value: Decimal) -> fmt::Result {
    let Some((mantissa, scale)) = exact_parts(value) else {
        return write!(out, "{}", exact_decimal(value));
    };
    let mut buffer = itoa::Buffer::new();
    let digits = match u64::try_from(mantissa) {
        Ok(small) => buffer.format(small),
        Err(_) => buffer.format(mantissa),
    };
    if value.is_sign_negative() && mantissa != 0 {
        out.write_char('-')?;
    }
    if let Some(whole) = digits.len().checked_sub(scale).filter(|&w| w > 0) {
        let (whole, fraction) = digits.split_at(whole);
        out.write_str(whole)?;
        out.write_char('.')?;
        out.write_str(fraction)
    } else {
        out.write_str("0.")?;
        for _ in digits.len()..scale {
            out.write_char('0')?;
        }
        out.write_str(digits)
    }
}

/// [`exact`] appended to `out`, with no allocation of its own: for writers of many amounts.
pub fn push_exact(out: &mut String, value: Decimal) {
    // Writing into a `String` cannot fail.
    let _ = write_exact(out, value);
}

impl serde::Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Formatted on the stack: a JSON report of a large organisation writes millions of these.
        let mut text = StackText::default();
        match fmt::Write::write_fmt(&mut text, format_args!("{self}")) {
            Ok(()) => serializer.serialize_str(text.as_str()),
            Err(_) => serializer.collect_str(self),
        }
    }
}

/// A short string on the stack; a decimal needs at most 31 characters.
struct StackText {
    bytes: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The exact value with at least two decimal places and no needless trailing zeros:
/// `30.4` → `"30.40"`, `18.3035` → `"18.3035"`, `0` → `"0.00"`. Used in JSON.
pub fn exact(value: Decimal) -> String {
    Exact(value).to_string()
}

/// Rounded half away from zero to cents, for people: `2.665` → `"2.67"`. Used once per shown amount.
pub(crate) fn cents(value: Decimal) -> String {
    let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v.to_string()
}

/// `cents` for people: a dollar sign, thousands grouped, and a minus in front where needed:
/// `1931994.755` → `"$1,931,994.76"`, `-3` → `"-$3.00"`.
pub fn dollars(value: Decimal) -> String {
    let rounded = cents(value);
    match rounded.strip_prefix('-') {
        Some(positive) if rounded != "-0.00" => format!("-${}", group_thousands(positive)),
        Some(positive) => format!("${}", group_thousands(positive)),
        None => format!("${}", group_thousands(&rounded)),
    }
}

/// The sign people know a currency by: `$` for `USD`, `¥` for `CNY` (China's regions are priced
/// in yuan), `€`, `£` and `¥` for `EUR`, `GBP` and `JPY`; empty for any other ISO 4217 code, which
/// [`amount`] then writes before the number.
pub(crate) fn symbol(currency: &str) -> &'static str {
    match currency {
        "USD" => "$",
        "CNY" | "JPY" => "¥",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    }
}

/// [`dollars`] in any currency: its sign in front (`¥1,234.50`, `-$3.00`), or, for a currency
/// without one, its code and a space (`CHF 1,234.50`).
pub(crate) fn amount(value: Decimal, currency: &str) -> String {
    let rounded = cents(value);
    let (minus, positive) = match rounded.strip_prefix('-') {
        Some(positive) if rounded != "-0.00" => ("-", positive),
        Some(positive) => ("", positive),
        None => ("", rounded.as_str()),
    };
    match symbol(currency) {
        "" => format!("{minus}{currency} {}", group_thousands(positive)),
        sign => format!("{minus}{sign}{}", group_thousands(positive)),
    }
}

/// The exact value (as [`exact`]) with its currency's sign in front (`$0.10`, `¥14.00`), or its code
/// before it (`CHF 0.10`): for messages that quote exact amounts.
pub(crate) fn exact_amount(value: Decimal, currency: &str) -> String {
    let (minus, v) = if value.is_sign_negative() && !value.is_zero() {
        ("-", -value)
    } else {
        ("", value)
    };
    match symbol(currency) {
        "" => format!("{minus}{currency} {}", Exact(v)),
        sign => format!("{minus}{sign}{}", Exact(v)),
    }
}

/// [`amount`] appended to `out`, with no allocation of its own: for writers of many rows.
pub(crate) fn push_amount(out: &mut String, value: Decimal, currency: &str) {
    let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    let mut digits = StackText::default();
    if fmt::Write::write_fmt(&mut digits, format_args!("{}", v.abs())).is_err() {
        out.push_str(&amount(value, currency));
        return;
    }
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    match symbol(currency) {
        "" => {
            out.push_str(currency);
            out.push(' ');
        }
        sign => out.push_str(sign),
    }
    push_grouped(out, digits.as_str());
}

pub(crate) use crate::text::{group_digits as count, push_grouped};

/// `"1234567.5"` → `"1,234,567.5"`: [`push_grouped`] into a new string.
fn group_thousands(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() + plain.len() / 3);
    push_grouped(&mut out, plain);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn exact_keeps_every_digit_and_at_least_cents() {
        assert_eq!(exact(d("30.4")), "30.40");
        assert_eq!(exact(d("18.30350")), "18.3035");
        assert_eq!(exact(Decimal::ZERO), "0.00");
        assert_eq!(exact(d("3.115")), "3.115");
        assert_eq!(exact(d("800000.00")), "800000.00");
    }

    #[test]
    fn exact_writes_what_decimal_shows() {
        let mut values = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(0, 5),
            Decimal::new(-0, 28),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_i128_with_scale((1 << 96) - 1, 28),
            Decimal::from_i128_with_scale(-((1 << 96) - 1), 1),
            Decimal::from_i128_with_scale(1 << 94, 0),
            Decimal::new(1, 28),
            Decimal::new(-5, 2),
            Decimal::new(1000, 3),
            // Either side of the 64-bit fast path.
            Decimal::from_i128_with_scale(i128::from(u64::MAX), 2),
            Decimal::from_i128_with_scale(i128::from(u64::MAX) + 1, 2),
            Decimal::from_i128_with_scale(-i128::from(u64::MAX) - 1, 5),
            Decimal::from_i128_with_scale(i128::from(u64::MAX) / 10 + 1, 1),
        ];
        for scale in 0..=28 {
            for m in [
                1i64,
                7,
                10,
                100,
                12_345,
                -4_200,
                999_999_999,
                i64::MAX,
                i64::MIN + 1,
            ] {
                values.push(Decimal::new(m, scale));
            }
        }
        for v in values {
            let expected = exact_decimal(v).to_string();
            if exact_parts(v).is_none() {
                assert!(v.mantissa().unsigned_abs() >= 1 << 94, "{v:?}");
            }
            assert_eq!(Exact(v).to_string(), expected, "{v:?}");
            let mut pushed = String::from("x");
            push_exact(&mut pushed, v);
            assert_eq!(pushed, format!("x{expected}"), "{v:?}");
        }
        assert_eq!(format!("{:>8}", Exact(d("1.5"))), "    1.50");
    }

    #[test]
    fn cents_round_half_away_from_zero_not_to_even() {
        assert_eq!(cents(d("2.665")), "2.67");
        assert_eq!(cents(d("2.675")), "2.68");
        assert_eq!(cents(d("-2.665")), "-2.67");
        assert_eq!(cents(d("3")), "3.00");
        assert_eq!(dollars(d("-3")), "-$3.00");
    }

    #[test]
    fn people_read_thousands_grouped() {
        assert_eq!(dollars(d("1931994.755")), "$1,931,994.76");
        assert_eq!(dollars(d("999.995")), "$1,000.00");
        assert_eq!(dollars(d("-1234.5")), "-$1,234.50");
        assert_eq!(dollars(d("-0.001")), "$0.00");
        assert_eq!(dollars(d("100")), "$100.00");
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_500_000), "1,500,000");
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn amounts_carry_their_currency() {
        assert_eq!(symbol("USD"), "$");
        assert_eq!(symbol("CNY"), "¥");
        assert_eq!(symbol("XYZ"), "");
        assert_eq!(amount(d("1931994.755"), "USD"), dollars(d("1931994.755")));
        assert_eq!(amount(d("-3"), "USD"), "-$3.00");
        assert_eq!(amount(d("1234.5"), "CNY"), "¥1,234.50");
        assert_eq!(amount(d("-1234.5"), "CNY"), "-¥1,234.50");
        assert_eq!(amount(d("-0.001"), "CNY"), "¥0.00");
        assert_eq!(amount(d("1234.5"), "CHF"), "CHF 1,234.50");
        let mut pushed = String::new();
        push_amount(&mut pushed, d("123456"), "EUR");
        assert_eq!(pushed, "€123,456.00");
        assert_eq!(exact_amount(d("0.1"), "USD"), "$0.10");
        assert_eq!(exact_amount(d("172839.375"), "CNY"), "¥172839.375");
        assert_eq!(exact_amount(d("0.1"), "CHF"), "CHF 0.10");
        for (v, c) in [
            ("-1234.5", "CNY"),
            ("-0.001", "USD"),
            ("1931994.755", "CHF"),
            ("0", "USD"),
            ("123456", "EUR"),
            ("100", "USD"),
        ] {
            let mut pushed = String::from("x");
            push_amount(&mut pushed, d(v), c);
            assert_eq!(pushed, format!("x{}", amount(d(v), c)), "{v} {c}");
        }
    }

    #[test]
    fn parse_refuses_what_is_not_a_plain_decimal() {
        assert_eq!(parse_decimal("1_500.00"), Ok(d("1500.00")));
        assert!(parse_decimal("1e3").is_err());
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal(" 1").is_err());
        assert!(parse_decimal("NaN").is_err());
        assert!(parse_decimal("1.2.3").is_err());
        assert_eq!(parse_decimal("-0.5"), Ok(d("-0.5")));
        assert_eq!(parse_decimal("0.000_001"), Ok(d("0.000001")));
    }

    #[test]
    fn loose_amounts_are_refused() {
        // "1__0" used to read as 10; "_1", "1." and ".5" were accepted.
        for loose in [
            "1__0", "_1", "1_", "1.", ".5", "-", "-.5", "1._5", "+1", "--1",
        ] {
            assert_eq!(
                parse_decimal(loose),
                Err(format!(
                    "`{loose}` is not a decimal amount (write e.g. \"1500.00\")"
                )),
                "{loose}"
            );
        }
    }

    #[test]
    fn a_29th_decimal_place_is_too_precise_and_28_are_kept() {
        let places_28 = format!("0.{}1", "0".repeat(27));
        assert_eq!(parse_decimal(&places_28).map(|v| v.scale()), Ok(28));
        let places_29 = format!("0.{}1", "0".repeat(28));
        assert_eq!(
            parse_decimal(&places_29),
            Err(format!(
                "`{places_29}` is too precise: an amount has at most 28 decimal places"
            ))
        );
        assert_eq!(
            parse_decimal("79228162514264337593543950336"),
            Err(
                "`79228162514264337593543950336` is too large: an amount is at most \
                 79228162514264337593543950335"
                    .to_owned()
            )
        );
    }

    #[test]
    fn toml_floats_are_refused_with_advice() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            a: Amount,
        }
        let err = toml::from_str::<T>("a = 0.35").unwrap_err();
        assert!(err.message().contains("quote decimal amounts"), "{err}");
        let ok: T = toml::from_str("a = \"0.35\"").unwrap();
        assert_eq!(ok.a, Amount(d("0.35")));
    }

    #[test]
    fn every_named_currency_has_its_sign_and_a_negative_exact_amount_has_one_minus() {
        assert_eq!(symbol("JPY"), "¥");
        assert_eq!(symbol("EUR"), "€");
        assert_eq!(symbol("GBP"), "£");
        assert_eq!(amount(d("1234.5"), "EUR"), "€1,234.50");
        assert_eq!(amount(d("-0.5"), "GBP"), "-£0.50");
        assert_eq!(exact_amount(d("-0.1"), "USD"), "-$0.10");
        assert_eq!(exact_amount(d("-172839.375"), "CHF"), "-CHF 172839.375");
        assert_eq!(exact_amount(-Decimal::ZERO, "USD"), "$0.00");
        // A negative zero is shown without its sign.
        assert_eq!(dollars(-Decimal::new(0, 2)), "$0.00");
        assert_eq!(amount(-Decimal::new(0, 2), "EUR"), "€0.00");
    }

    #[test]
    fn integers_of_either_sign_are_amounts_and_other_types_say_what_is_expected() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            a: Amount,
        }
        // TOML hands every integer to `visit_i64`; JSON a non-negative one to `visit_u64`.
        let ok: T = toml::from_str("a = -3").unwrap();
        assert_eq!(ok.a, Amount(Decimal::from(-3)));
        let json: Amount = serde_json::from_str("18446744073709551615").unwrap();
        assert_eq!(json, Amount(Decimal::from(u64::MAX)));
        let json: Amount = serde_json::from_str("-7").unwrap();
        assert_eq!(json, Amount(Decimal::from(-7)));
        let err = toml::from_str::<T>("a = true").unwrap_err();
        assert_eq!(
            err.message(),
            "invalid type: boolean `true`, expected a decimal amount as a quoted string \
             (\"1500.00\") or an integer"
        );
    }

    /// The fast path writes every amount that fits in 96 bits at two places; only the others are
    /// left to `Decimal`.
    #[test]
    fn exact_digits_write_every_amount_that_fits_at_two_places() {
        let max_at_cents = Decimal::from_i128_with_scale((1 << 96) - 1, 2);
        for v in [
            Decimal::ZERO,
            d("1.5"),
            d("-2.665"),
            d("800000.00"),
            d("0.0000001"),
            max_at_cents,
            -max_at_cents,
        ] {
            assert!(exact_parts(v).is_some(), "{v:?}");
            let mut text = String::new();
            assert!(write_exact(&mut text, v).is_ok());
            assert_eq!(text, exact_decimal(v).to_string(), "{v:?}");
        }
        assert_eq!(exact_parts(Decimal::MAX), None);
    }
}
