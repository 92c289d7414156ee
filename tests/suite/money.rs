//! The library's exact money types through serde, beyond the TOML the scenarios use: an
//! [`Amount`] from any deserializer that hands over an integer (JSON does, as an unsigned one), and
//! an [`Exact`] amount serialized as the exact string of SPEC §4.

use rust_decimal::Decimal;
use trailplan::money::{Amount, Exact};

use crate::support::dec;

#[test]
fn an_amount_is_read_from_json_integers_and_strings_exactly() {
    let read = |json: &str| serde_json::from_str::<Amount>(json).map(|a| a.0);
    // serde_json hands non-negative integers over as u64, negative ones as i64.
    assert_eq!(read("1500").ok(), Some(Decimal::from(1500)));
    assert_eq!(
        read("18446744073709551615").ok(),
        Some(Decimal::from(u64::MAX))
    );
    assert_eq!(read("-3").ok(), Some(Decimal::from(-3)));
    assert_eq!(read("\"0.35\"").ok(), Some(dec("0.35")));
    let float = read("0.35").expect_err("a float is refused");
    assert!(
        float.to_string().contains("quote decimal amounts"),
        "{float}"
    );
    let other = read("true").expect_err("a boolean is refused");
    assert!(
        other
            .to_string()
            .contains("expected a decimal amount as a quoted string (\"1500.00\") or an integer"),
        "{other}"
    );
}

#[test]
fn an_exact_amount_serializes_as_its_exact_string() {
    let json = |s: &str| serde_json::to_string(&Exact(dec(s))).expect("serializes");
    assert_eq!(json("30.4"), "\"30.40\"");
    assert_eq!(json("18.30350"), "\"18.3035\"");
    assert_eq!(json("0"), "\"0.00\"");
    assert_eq!(json("-3"), "\"-3.00\"");
    // Long amounts come out whole (the text is formatted in a buffer on the stack).
    assert_eq!(
        json("1234567890123456789012345.5"),
        "\"1234567890123456789012345.50\""
    );
    assert_eq!(
        serde_json::to_string(&Exact(dec("0.0000000000000000000000000001"))).expect("serializes"),
        "\"0.0000000000000000000000000001\""
    );
}

/// For people, a zero is never negative, however the arithmetic arrived at it: a decimal zero keeps
/// the sign it was computed with (`-0`, or a negative amount that rounds to no cents).
#[test]
fn a_zero_shown_to_people_has_no_minus_sign() {
    use trailplan::money::dollars;
    for zero in ["-0", "-0.00", "-0.001", "-0.004999", "0"] {
        assert_eq!(dollars(dec(zero)), "$0.00", "{zero}");
    }
    assert_eq!(dollars(-Decimal::ZERO), "$0.00");
    assert_eq!(dollars(dec("-0.005")), "-$0.01");
}
