//! The calendars the compiler ships, compiled into every policy that names one. The table is
//! the project's copy in `policy/calendars/`, from the State Council's yearly holiday notices.

use chrono::{Datelike, NaiveDate};
use hallpolicy_runtime::ir::{CalendarData, CalendarDay, DayKind};

const CN_MAINLAND_CSV: &str = include_str!("../../../policy/calendars/cn-mainland.csv");

/// Why a calendar table could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    pub line: usize,
    pub reason: String,
}

/// Reads a table of `date,kind,festival` rows (kind `rest` or `work`).
pub fn parse_calendar_csv(name: &str, csv: &str) -> Result<CalendarData, CalendarError> {
    let mut days = Vec::new();
    let mut festivals: Vec<String> = Vec::new();
    let (mut first_year, mut last_year) = (i32::MAX, i32::MIN);
    for (i, line) in csv.lines().enumerate().skip(1) {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: &str| CalendarError {
            line: line_no,
            reason: reason.to_string(),
        };
        let mut cols = line.split(',');
        let (Some(date), Some(kind), Some(festival)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(err("expected `date,kind,festival`"));
        };
        let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| err("bad date"))?;
        let kind = match kind.trim() {
            "rest" => DayKind::Rest,
            "work" => DayKind::Work,
            _ => return Err(err("kind must be `rest` or `work`")),
        };
        first_year = first_year.min(date.year());
        last_year = last_year.max(date.year());
        let name = festival.trim();
        let index = match festivals.iter().position(|f| f == name) {
            Some(i) => i,
            None => {
                festivals.push(name.to_string());
                festivals.len() - 1
            }
        };
        let festival = u16::try_from(index).map_err(|_| err("more than 65,535 festival names"))?;
        days.push(CalendarDay {
            day: date.num_days_from_ce(),
            kind,
            festival,
        });
    }
    if days.is_empty() {
        return Err(CalendarError {
            line: 1,
            reason: "the table is empty".to_string(),
        });
    }
    days.sort_by_key(|d| d.day);
    Ok(CalendarData {
        name: name.to_string(),
        first_year,
        last_year,
        festivals,
        days,
    })
}

/// A shipped calendar by name.
pub fn shipped_calendar(name: &str) -> Option<CalendarData> {
    match name {
        "cn-mainland" => parse_calendar_csv(name, CN_MAINLAND_CSV).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_covers_2004_to_2026() {
        let cal = shipped_calendar("cn-mainland").unwrap();
        assert_eq!((cal.first_year, cal.last_year), (2004, 2026));
        assert_eq!(cal.days.len(), 771);
    }
}
