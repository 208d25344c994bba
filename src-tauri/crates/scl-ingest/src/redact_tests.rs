use super::*;

fn r(text: &str) -> (String, u32) {
    redact(text)
}

fn untouched(text: &str) {
    assert_eq!(
        r(text),
        (text.to_string(), 0),
        "{text:?} must not be redacted"
    );
}

#[test]
fn written_card_numbers_in_any_grouping() {
    assert_eq!(
        r("my card is 4111 1111 1111 1111, exp 12/28"),
        ("my card is [card number redacted], exp 12/28".into(), 1)
    );
    assert_eq!(r("4111-1111-1111-1111").0, CARD_MARK);
    assert_eq!(
        r("card:4111111111111111.").0,
        "card:[card number redacted]."
    );
    assert_eq!(
        r("amex 3782 822463 10005 ok"),
        ("amex [card number redacted] ok".into(), 1),
        "15-digit Amex grouping"
    );
    assert_eq!(r("6011 0009 9013 9424 and 5555 5555 5555 4444").1, 2);
}

#[test]
fn spoken_card_numbers() {
    let spoken = "sure it's four one one one one one one one one one one one one one one one okay";
    assert_eq!(
        r(spoken),
        ("sure it's [card number redacted] okay".into(), 1)
    );
    let grouped = "Four one one one, one one one one, one one one one, one one one one.";
    assert_eq!(r(grouped), ("[card number redacted].".into(), 1));
    let mixed = "it's 4111 one one one one 1111 1111";
    assert_eq!(r(mixed).1, 1, "digits and words mix");
    let mastercard =
        "five five five five, five five five five, five five five five, four four four four";
    assert_eq!(r(mastercard).1, 1);
    let with_oh = "six oh one one, oh oh oh nine, nine oh one three, nine four two four";
    assert_eq!(r(with_oh).1, 1, "oh is zero");
}

#[test]
fn a_card_followed_by_more_digits_keeps_the_rest() {
    // 16 card digits then the 3 of a security code: the 16 go, the code stays readable
    // because the preferred length wins.
    let (out, n) = r("4111 1111 1111 1111 123");
    assert_eq!(n, 1);
    assert_eq!(out, "[card number redacted] 123");
}

#[test]
fn numbers_that_are_not_cards_stay() {
    untouched("my number is 303 555 0123");
    untouched("call me at (303) 555-0123 or +1 720 555 0199");
    untouched("it's $1,400 for the unit");
    untouched("$1,400,000,000,000,000 is a lot");
    untouched("order 4111 1111 1111 1112 failed Luhn");
    untouched("order number 1234567890123456");
    untouched("the model is 12345 67890 123");
    untouched("we'll be there one two three four five six seven eight nine ten times");
    untouched("");
    untouched("no digits at all, someone said; phone's ringing");
}

#[test]
fn ssns_written_with_separators() {
    assert_eq!(r("SSN 123-45-6789."), ("SSN [SSN redacted].".into(), 1));
    assert_eq!(r("it is 123 45 6789 ok").0, "it is [SSN redacted] ok");
    assert_eq!(
        r("ref 123-45-6789").1,
        1,
        "the dashed form needs no context"
    );
}

#[test]
fn impossible_ssns_stay() {
    untouched("000-12-3456");
    untouched("666-12-3456");
    untouched("900-12-3456");
    untouched("987-65-4321");
    untouched("123-00-6789");
    untouched("123-45-0000");
    untouched("my social is 000123456");
}

#[test]
fn bare_and_spoken_ssns_need_a_word_nearby() {
    assert_eq!(
        r("my social is 123456789"),
        ("my social is [SSN redacted]".into(), 1)
    );
    untouched("tracking 123456789");
    assert_eq!(
        r("Social security number is one two three four five six seven eight nine."),
        ("Social security number is [SSN redacted].".into(), 1)
    );
    assert_eq!(
        r("SSN: one two three, four five, six seven eight nine").1,
        1
    );
    assert_eq!(
        r("it's 123 456 789, that's my SSN").0,
        "it's [SSN redacted], that's my SSN"
    );
    untouched("one two three four five six seven eight nine");
}

#[test]
fn counts_everything_and_keeps_the_text_around() {
    let (out, n) = r("café 4111 1111 1111 1111 — ssn 123-45-6789 ñ");
    assert_eq!(out, "café [card number redacted] — ssn [SSN redacted] ñ");
    assert_eq!(n, 2);
}

#[test]
fn long_inputs_stay_linear() {
    let digits = "4 1 1 1 ".repeat(50_000);
    let started = std::time::Instant::now();
    let (out, n) = r(&digits);
    assert_eq!(n, 12_500, "every sixteen digits are one card");
    assert!(out.len() < digits.len());
    let words = "one ".repeat(100_000);
    let (_, _) = r(&words);
    let text = "lorem ipsum dolor sit amet 303 555 0123 ".repeat(25_000);
    assert_eq!(r(&text).1, 0);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn optional_fields_add_to_the_count() {
    let mut count = 1;
    assert_eq!(redact_opt(None, &mut count), None);
    assert_eq!(
        redact_opt(Some("card 4111111111111111".into()), &mut count).as_deref(),
        Some("card [card number redacted]")
    );
    assert_eq!(count, 2);
}
