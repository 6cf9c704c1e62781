//! Moments in China Standard Time (counting rule 5: times are CST unless the case gives an
//! offset). Cases may carry any offset; the runtime converts to CST once, on decoding.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::calendar::{date_of, day_number, DayNumber};

/// Seconds east of UTC for China Standard Time.
const CST_OFFSET_SECONDS: i32 = 8 * 3600;

/// A moment, as CST wall-clock time.
pub type Moment = NaiveDateTime;

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError(pub String);

/// Reads `YYYY-MM-DDTHH:MM[:SS][offset]`; no offset means CST.
pub fn parse_moment(text: &str) -> Result<Moment, TimeError> {
    check_calendar_date(text)?;
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        let utc = with_offset.naive_utc();
        return Ok(utc + Duration::seconds(i64::from(CST_OFFSET_SECONDS)));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(naive);
        }
    }
    Err(TimeError(format!(
        "`{text}` is not a date-time; expected for example `2026-05-06T09:30:00+08:00`"
    )))
}

/// Reads `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeError> {
    check_calendar_date(text)?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| TimeError(format!("`{text}` is not a date; expected for example `2026-05-06`")))
}

/// Reads an as-of time: a date-time, or a bare date meaning 24:00 of that day.
pub fn parse_as_of(text: &str) -> Result<Moment, TimeError> {
    if text.len() == 10 {
        let date = parse_date(text)?;
        return Ok(end_of_day(day_number(date)));
    }
    parse_moment(text)
}

/// Names a nonexistent day (2026-02-30) plainly instead of a generic parse failure.
fn check_calendar_date(text: &str) -> Result<(), TimeError> {
    let head = text.get(..10).unwrap_or(text);
    let parts: Vec<&str> = head.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            if y.to_string().len() == 4 && NaiveDate::from_ymd_opt(y, m, d).is_none() {
                return Err(TimeError(format!("`{head}` is not a day of the calendar")));
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

/// Formats a moment as RFC 3339 in CST.
pub fn format_moment(moment: Moment) -> String {
    format!("{}+08:00", moment.format("%Y-%m-%dT%H:%M:%S"))
}

/// Formats a moment for people: `2026-05-20 15:00`, and midnight as `24:00` of the day before,
/// the way the regulations count a limit's end.
pub fn describe_moment(moment: Moment) -> String {
    if moment.time() == NaiveTime::MIN {
        format!("{} 24:00", (moment.date() - Duration::days(1)).format("%Y-%m-%d"))
    } else {
        moment.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// Formats a day as `YYYY-MM-DD`.
pub fn format_day(day: DayNumber) -> String {
    date_of(day).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_to_cst() {
        let m = parse_moment("2026-05-06T01:30:00Z").unwrap();
        assert_eq!(format_moment(m), "2026-05-06T09:30:00+08:00");
        let m = parse_moment("2026-05-06T09:30").unwrap();
        assert_eq!(format_moment(m), "2026-05-06T09:30:00+08:00");
    }

    #[test]
    fn impossible_day_is_named() {
        let e = parse_moment("2026-02-30T10:00:00+08:00").unwrap_err();
        assert_eq!(e.0, "`2026-02-30` is not a day of the calendar");
    }

    #[test]
    fn bare_as_of_date_means_end_of_day() {
        let m = parse_as_of("2026-05-20").unwrap();
        assert_eq!(format_moment(m), "2026-05-21T00:00:00+08:00");
    }
}
