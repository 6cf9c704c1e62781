//! Working-day arithmetic over the compiled calendar table (counting rule 3). Working days up to
//! a day are the Mondays–Fridays up to it (a formula) plus a running correction over the table's
//! listed days (a binary search), so 2,000 working days cost what 2 do and loading a calendar
//! touches only its ~800 listed days. Days are numbered as chrono's `num_days_from_ce`
//! (0001-01-01 is day 1, a Monday).

pub mod packed_days;
pub mod time;

use chrono::{Datelike, NaiveDate};

use crate::ir::{CalendarData, DayKind};

/// A day, numbered from 0001-01-01 = 1.
pub type DayNumber = i32;

/// The calendar table turned into prefix counts of working days.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    name: String,
    first_day: DayNumber,
    last_day: DayNumber,
    /// The table's listed days, sorted and distinct, each with the running correction through
    /// it: +1 for a make-up working day on a weekend, −1 for a rest day on a weekday.
    corrections: Vec<(DayNumber, i64)>,
    /// The listed days' holiday names, parallel to `corrections`.
    names: Vec<u16>,
    festivals: Vec<String>,
}

/// Converts a date to its day number.
pub fn day_number(date: NaiveDate) -> DayNumber {
    date.num_days_from_ce()
}

/// Converts a day number back to a date (saturating at chrono's range).
pub fn date_of(day: DayNumber) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(if day < 1 { NaiveDate::MIN } else { NaiveDate::MAX })
}

/// Mondays to Fridays in `[1, day]` (negative below day 1), as a prefix function.
fn weekdays_through(day: DayNumber) -> i64 {
    let d = i64::from(day);
    5 * d.div_euclid(7) + d.rem_euclid(7).min(5)
}

/// Whether a day falls Monday to Friday (day 1 is a Monday).
fn is_weekday(day: DayNumber) -> bool {
    (1..=5).contains(&day.rem_euclid(7))
}

impl WorkCalendar {
    /// Builds prefix counts from the table. Years outside `first_year..=last_year` fall back to
    /// Monday–Friday and every answer touching them is flagged provisional.
    pub fn new(data: &CalendarData) -> WorkCalendar {
        let first_day = NaiveDate::from_ymd_opt(data.first_year, 1, 1).map_or(1, day_number);
        let last_day = NaiveDate::from_ymd_opt(data.last_year, 12, 31).map_or(first_day, day_number);
        let in_range = |d: &&crate::ir::CalendarDay| (first_day..=last_day).contains(&d.day);
        let mut listed: Vec<&crate::ir::CalendarDay> = data.days.iter().filter(in_range).collect();
        // The compiler writes the table sorted and distinct; other IR is put in order here.
        if !listed.is_sorted_by(|a, b| a.day < b.day) {
            listed.sort_by_key(|d| d.day);
            // A day listed twice keeps its last entry.
            listed.reverse();
            listed.dedup_by_key(|d| d.day);
            listed.reverse();
        }
        let mut corrections = Vec::with_capacity(listed.len());
        let mut names = Vec::with_capacity(listed.len());
        let mut running = 0i64;
        for d in &listed {
            running += match (d.kind, is_weekday(d.day)) {
                (DayKind::Work, false) => 1,
                (DayKind::Rest, true) => -1,
                _ => 0,
            };
            corrections.push((d.day, running));
            names.push(d.festival);
        }
        WorkCalendar {
            name: data.name.clone(),
            first_day,
            last_day,
            corrections,
            names,
            festivals: data.festivals.clone(),
        }
    }

    /// The table's name, as the policy declares it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// First and last year the table covers.
    pub fn years(&self) -> (i32, i32) {
        (date_of(self.first_day).year(), date_of(self.last_day).year())
    }

    /// Whether the table covers this day; outside it only weekends are known.
    pub fn covers(&self, day: DayNumber) -> bool {
        (self.first_day..=self.last_day).contains(&day)
    }

    /// Working days up to `day`, counted from an arbitrary origin. Monotone in `day`.
    fn working_through(&self, day: DayNumber) -> i64 {
        let listed = self.corrections.partition_point(|(d, _)| *d <= day);
        let correction = listed
            .checked_sub(1)
            .and_then(|i| self.corrections.get(i))
            .map_or(0, |(_, c)| *c);
        weekdays_through(day) + correction
    }

    /// Whether `day` is a working day (工作日): listed `work`, or Monday–Friday not listed `rest`.
    pub fn is_working(&self, day: DayNumber) -> bool {
        self.working_through(day) - self.working_through(day - 1) == 1
    }

    /// Working days in the half-open range `(after, through]`.
    pub fn working_days_between(&self, after: DayNumber, through: DayNumber) -> i64 {
        if through <= after {
            0
        } else {
            self.working_through(through) - self.working_through(after)
        }
    }

    /// The `n`-th working day after `day` (the day itself not counted, counting rule 1).
    /// `n = 0` gives `day` itself.
    pub fn nth_working_day_after(&self, day: DayNumber, n: u32) -> DayNumber {
        if n == 0 {
            return day;
        }
        let target = self.working_through(day) + i64::from(n);
        // No holiday block in the table is longer than a fortnight, so the answer lies below `hi`.
        let hi = day
            .saturating_add(i32::try_from(n).unwrap_or(i32::MAX / 4).saturating_mul(2))
            .saturating_add(60);
        self.first_reaching(target, day + 1, hi)
    }

    /// The first day in `[lo, hi]` through which `target` working days have passed.
    fn first_reaching(&self, target: i64, mut lo: DayNumber, mut hi: DayNumber) -> DayNumber {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.working_through(mid) >= target {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }

    /// The `n`-th working day counting back from `day` inclusive (`n = 1` is `day` itself when
    /// it is a working day, else the working day before it).
    pub fn nth_working_day_back(&self, day: DayNumber, n: u32) -> DayNumber {
        let target = self.working_through(day) - i64::from(n) + 1;
        let lo = day
            .saturating_sub(i32::try_from(n).unwrap_or(i32::MAX / 4).saturating_mul(2))
            .saturating_sub(60);
        self.first_reaching(target, lo, day)
    }

    /// The first working day on or after `day`.
    pub fn working_day_on_or_after(&self, day: DayNumber) -> DayNumber {
        self.nth_working_day_after(day - 1, 1)
    }

    /// The holiday a rest day belongs to, or the festival a make-up working day serves.
    pub fn festival(&self, day: DayNumber) -> Option<&str> {
        let at = self.corrections.binary_search_by_key(&day, |(d, _)| *d).ok()?;
        let index = self.names.get(at)?;
        self.festivals.get(usize::from(*index)).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::CalendarDay;

    fn d(s: &str) -> DayNumber {
        day_number(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    fn tiny() -> WorkCalendar {
        WorkCalendar::new(&CalendarData {
            name: "t".into(),
            first_year: 2026,
            last_year: 2026,
            festivals: vec!["春节".into()],
            days: vec![
                CalendarDay {
                    day: d("2026-02-14"),
                    kind: DayKind::Work,
                    festival: 0,
                },
                CalendarDay {
                    day: d("2026-02-16"),
                    kind: DayKind::Rest,
                    festival: 0,
                },
            ],
        })
    }

    #[test]
    fn day_one_is_a_monday() {
        assert_eq!(date_of(1).weekday(), chrono::Weekday::Mon);
    }

    #[test]
    fn weekdays_agree_with_chrono_and_the_prefix_count() {
        for day in -800..800 {
            let chrono_weekday = date_of(day).weekday().number_from_monday() <= 5;
            assert_eq!(is_weekday(day), chrono_weekday, "day {day}");
            assert_eq!(
                is_weekday(day),
                weekdays_through(day) - weekdays_through(day - 1) == 1,
                "day {day}"
            );
        }
    }

    #[test]
    fn make_up_saturday_counts_and_listed_rest_does_not() {
        let cal = tiny();
        assert!(cal.is_working(d("2026-02-14")));
        assert!(!cal.is_working(d("2026-02-15")));
        assert!(!cal.is_working(d("2026-02-16")));
        assert!(cal.is_working(d("2026-02-17")));
        // Friday 13th: next working day is the make-up Saturday.
        assert_eq!(cal.nth_working_day_after(d("2026-02-13"), 1), d("2026-02-14"));
        assert_eq!(cal.nth_working_day_after(d("2026-02-13"), 2), d("2026-02-17"));
        assert_eq!(cal.nth_working_day_back(d("2026-02-17"), 2), d("2026-02-14"));
    }

    #[test]
    fn beyond_the_table_falls_back_to_weekdays() {
        let cal = tiny();
        assert!(!cal.covers(d("2027-01-01")));
        assert!(cal.is_working(d("2027-01-01")));
        assert!(!cal.is_working(d("2027-01-02")));
        assert_eq!(cal.nth_working_day_after(d("2026-12-31"), 1), d("2027-01-01"));
        assert_eq!(cal.nth_working_day_after(d("2025-12-31"), 1), d("2026-01-01"));
    }
}
