//! Moments in China Standard Time (counting rule 5: times are CST unless the case gives an
//! offset). Cases may carry any offset; the runtime converts to CST once, on decoding.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::calendar::{date_of, day_number, DayNumber};
use crate::message::Message;

/// Seconds east of UTC for China Standard Time.
const CST_OFFSET_SECONDS: i32 = 8 * 3600;

/// A moment, as CST wall-clock time.
pub type Moment = NaiveDateTime;

/// Why a timestamp could not be read, as a message (code and arguments).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeError(pub Message);

/// Reads `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (a space may stand for `T`); no offset means
/// CST. Hand-written rather than chrono's format parser to keep the wasm evaluator small.
pub fn parse_moment(text: &str) -> Result<Moment, TimeError> {
    parse_rfc3339(text).ok_or_else(|| {
        check_calendar_date(text)
            .err()
            .unwrap_or_else(|| TimeError(Message::new("case-not-datetime").arg("text", text)))
    })
}

fn parse_rfc3339(text: &str) -> Option<Moment> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let date = r.date()?;
    if !matches!(r.next()?, b'T' | b't' | b' ') {
        return None;
    }
    let hour = r.number(2)?;
    r.expect(b':')?;
    let minute = r.number(2)?;
    let mut second = 0;
    let mut nanos = 0;
    if r.peek() == Some(b':') {
        r.at += 1;
        second = r.number(2)?;
        if r.peek() == Some(b'.') {
            r.at += 1;
            let start = r.at;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.at += 1;
            }
            let digits = text.get(start..r.at)?;
            let padded = format!("{:0<9}", digits.get(..digits.len().min(9))?);
            nanos = padded.parse::<u32>().ok()?;
            if digits.is_empty() {
                return None;
            }
        }
    }
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    let offset_minutes = match r.next() {
        None => return Some(local),
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let h = r.number(2)?;
            r.expect(b':')?;
            let m = r.number(2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i64::from(h * 60 + m);
            if sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        Some(_) => return None,
    };
    if r.peek().is_some() {
        return None;
    }
    // One shift to CST; none at all for times given in CST, as most cases' are.
    match i64::from(CST_OFFSET_SECONDS) - offset_minutes * 60 {
        0 => Some(local),
        shift => local.checked_add_signed(Duration::seconds(shift)),
    }
}

/// A byte cursor for the date-time grammar.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn expect(&mut self, want: u8) -> Option<()> {
        (self.next()? == want).then_some(())
    }

    fn number(&mut self, width: usize) -> Option<u32> {
        let mut n = 0u32;
        for _ in 0..width {
            let b = self.next()?;
            if !b.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(b - b'0');
        }
        Some(n)
    }

    fn date(&mut self) -> Option<NaiveDate> {
        let year = self.number(4)?;
        self.expect(b'-')?;
        let month = self.number(2)?;
        self.expect(b'-')?;
        let day = self.number(2)?;
        // Year 0000 (1 BC) is no year a hall worked in, though RFC 3339 spells it.
        if year == 0 {
            return None;
        }
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
    }
}

/// Reads `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeError> {
    let mut r = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    r.date().filter(|_| r.peek().is_none()).ok_or_else(|| {
        check_calendar_date(text)
            .err()
            .unwrap_or_else(|| TimeError(Message::new("case-not-date").arg("text", text)))
    })
}

/// Reads an as-of time: a date-time, or a bare date meaning 24:00 of that day.
pub fn parse_as_of(text: &str) -> Result<Moment, TimeError> {
    if text.len() == 10 {
        let date = parse_date(text)?;
        return Ok(end_of_day(day_number(date)));
    }
    parse_moment(text)
}

/// Names a nonexistent day (2026-02-30) plainly instead of a generic parse failure. Run only
/// once parsing has failed: a day that parses exists.
fn check_calendar_date(text: &str) -> Result<(), TimeError> {
    let head = text.get(..10).unwrap_or(text);
    let parts: Vec<&str> = head.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if *y == "0000" {
            return Err(TimeError(Message::new("case-year-zero").arg("day", head)));
        }
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            if y.to_string().len() == 4 && NaiveDate::from_ymd_opt(y, m, d).is_none() {
                return Err(TimeError(Message::new("case-no-such-day").arg("day", head)));
            }
        }
    }
    Ok(())
}

/// The day a moment falls on.
pub fn day_of(moment: Moment) -> DayNumber {
    day_number(moment.date())
}

/// 24:00 of a day, i.e. 00:00 of the next.
pub fn end_of_day(day: DayNumber) -> Moment {
    date_of(day + 1).and_time(NaiveTime::MIN)
}

/// A given minute of a day.
pub fn at_minute(day: DayNumber, minute: u16) -> Moment {
    date_of(day).and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

/// Appends `value` as at least `width` zero-padded digits: years past 9999.
fn push_padded(out: &mut String, value: u32, width: u32) {
    let mut divisor = 10u32.pow(width.saturating_sub(1));
    while divisor > 1 && value / divisor >= 10 {
        divisor *= 10;
    }
    while divisor > 0 {
        out.push(char::from(b'0' + ((value / divisor) % 10) as u8));
        divisor /= 10;
    }
}

/// The hundred two-digit numbers, `00` to `99`, end to end: a two-digit field of a date is a
/// slice of this, with no conversion and no UTF-8 check on the way into a string.
const DIGIT_PAIRS: &str = concat!(
    "0001020304050607080910111213141516171819",
    "2021222324252627282930313233343536373839",
    "4041424344454647484950515253545556575859",
    "6061626364656667686970717273747576777879",
    "8081828384858687888990919293949596979899",
);

/// The last two decimal digits of `value`.
fn two_digits(value: u32) -> &'static str {
    let at = (value % 100) as usize * 2;
    DIGIT_PAIRS.get(at..at + 2).unwrap_or("00")
}

fn push_ymd(out: &mut String, date: NaiveDate) {
    match u32::try_from(date.year()) {
        Ok(year) if year < 10_000 => {
            out.push_str(two_digits(year / 100));
            out.push_str(two_digits(year));
        }
        Ok(year) => push_padded(out, year, 4),
        Err(_) => out.push_str(&format!("{:05}", date.year())),
    }
    out.push('-');
    out.push_str(two_digits(date.month()));
    out.push('-');
    out.push_str(two_digits(date.day()));
}

fn push_hm(out: &mut String, hour: u32, minute: u32) {
    out.push_str(two_digits(hour));
    out.push(':');
    out.push_str(two_digits(minute));
}

/// Formats a moment as RFC 3339 in CST.
pub fn format_moment(moment: Moment) -> String {
    let mut out = String::with_capacity(25);
    push_ymd(&mut out, moment.date());
    out.push('T');
    push_hm(&mut out, moment.hour(), moment.minute());
    out.push(':');
    out.push_str(two_digits(moment.second()));
    out.push_str("+08:00");
    out
}

/// Formats a moment for people: `2026-05-20 15:00`, and midnight as `24:00` of the day before,
/// the way the regulations count a limit's end.
pub fn describe_moment(moment: Moment) -> String {
    let mut out = String::with_capacity(16);
    if moment.time() == NaiveTime::MIN {
        push_ymd(&mut out, moment.date() - Duration::days(1));
        out.push_str(" 24:00");
    } else {
        push_ymd(&mut out, moment.date());
        out.push(' ');
        push_hm(&mut out, moment.hour(), moment.minute());
    }
    out
}

/// Formats a day as `YYYY-MM-DD`.
pub fn format_day(day: DayNumber) -> String {
    let mut out = String::with_capacity(10);
    push_ymd(&mut out, date_of(day));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_pad_every_field() {
        let m = parse_moment("0987-01-02T03:04:05+08:00").unwrap();
        assert_eq!(format_moment(m), "0987-01-02T03:04:05+08:00");
        let m = parse_moment("2026-12-31T23:59:00+08:00").unwrap();
        assert_eq!(format_moment(m), "2026-12-31T23:59:00+08:00");
        assert_eq!(describe_moment(m), "2026-12-31 23:59");
        let midnight = parse_moment("2026-03-01T00:00:00+08:00").unwrap();
        assert_eq!(describe_moment(midnight), "2026-02-28 24:00");
        let far = date_of(day_number(NaiveDate::from_ymd_opt(12026, 5, 6).unwrap()));
        let mut out = String::new();
        push_ymd(&mut out, far);
        assert_eq!(out, "12026-05-06");
    }

    #[test]
    fn every_two_digit_field_is_its_number() {
        for n in 0..250 {
            assert_eq!(two_digits(n), format!("{:02}", n % 100));
        }
    }

    #[test]
    fn offsets_convert_to_cst() {
        let m = parse_moment("2026-05-06T01:30:00Z").unwrap();
        assert_eq!(format_moment(m), "2026-05-06T09:30:00+08:00");
        let m = parse_moment("2026-05-06T09:30").unwrap();
        assert_eq!(format_moment(m), "2026-05-06T09:30:00+08:00");
        let m = parse_moment("2026-05-06T09:30:00+08:00").unwrap();
        assert_eq!(format_moment(m), "2026-05-06T09:30:00+08:00");
        let m = parse_moment("2026-05-06T00:30:00+09:00").unwrap();
        assert_eq!(format_moment(m), "2026-05-05T23:30:00+08:00");
    }

    #[test]
    fn year_zero_is_refused_as_a_date_and_as_a_moment() {
        let reason = Message::new("case-year-zero").arg("day", "0000-01-01");
        assert_eq!(parse_date("0000-01-01").unwrap_err().0, reason);
        assert_eq!(parse_moment("0000-01-01T10:00:00+08:00").unwrap_err().0, reason);
        assert_eq!(parse_as_of("0000-01-01").unwrap_err().0, reason);
        assert!(parse_date("0001-01-01").is_ok());
    }

    #[test]
    fn impossible_day_is_named() {
        let e = parse_moment("2026-02-30T10:00:00+08:00").unwrap_err();
        assert_eq!(e.0, Message::new("case-no-such-day").arg("day", "2026-02-30"));
    }

    #[test]
    fn the_grammar_is_strict() {
        assert_eq!(
            format_moment(parse_moment("2026-05-06 09:30:15.5-05:00").unwrap()),
            "2026-05-06T22:30:15+08:00"
        );
        for bad in [
            "2026-05-06",
            "2026-05-06T9:30",
            "2026-05-06T09:30+8",
            "2026-05-06T09:30Zx",
            "2026-05-06T24:00",
            "x",
        ] {
            assert!(parse_moment(bad).is_err(), "{bad}");
        }
        assert!(parse_date("2026-05-06x").is_err());
    }

    #[test]
    fn bare_as_of_date_means_end_of_day() {
        let m = parse_as_of("2026-05-20").unwrap();
        assert_eq!(format_moment(m), "2026-05-21T00:00:00+08:00");
    }
}
