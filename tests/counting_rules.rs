//! The counting rules on the real calendar table: unit tests at its edges, and a property test
//! of prefix-count arithmetic against a naive day-by-day count.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use chrono::NaiveDate;
use hallpolicy_compiler::calendar_data::shipped_calendar;
use hallpolicy_runtime::calendar::time::parse_moment;
use hallpolicy_runtime::calendar::{date_of, day_number, DayNumber, WorkCalendar};
use hallpolicy_runtime::evaluate::clock::{Clock, Count, Stop};
use hallpolicy_runtime::ir::{BusinessHours, Limit, Unit};
use proptest::prelude::*;

fn calendar() -> WorkCalendar {
    WorkCalendar::new(&shipped_calendar("cn-mainland").unwrap())
}

fn day(s: &str) -> DayNumber {
    day_number(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn last_day(clock: &Clock<'_>, start: &str, amount: u32, unit: Unit, stops: &[Stop]) -> String {
    match clock.count(parse_moment(start).unwrap(), Limit { amount, unit }, stops) {
        Count::Ends(d) => date_of(d.last_day.unwrap()).to_string(),
        Count::Suspended { .. } => "suspended".to_string(),
    }
}

#[test]
fn working_days_skip_spring_festival_and_count_make_up_saturdays() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: None,
    };
    // 2026-02-14 (Sat) and 2026-02-28 (Sat) are make-up working days; 02-15..02-23 are rest.
    assert!(cal.is_working(day("2026-02-14")));
    assert!(!cal.is_working(day("2026-02-16")));
    assert_eq!(
        last_day(&clock, "2026-02-13T10:00", 1, Unit::WorkingDays, &[]),
        "2026-02-14"
    );
    assert_eq!(
        last_day(&clock, "2026-02-13T10:00", 2, Unit::WorkingDays, &[]),
        "2026-02-24"
    );
    assert_eq!(
        last_day(&clock, "2026-02-26T10:00", 2, Unit::WorkingDays, &[]),
        "2026-02-28"
    );
    assert_eq!(cal.festival(day("2026-02-17")), Some("春节"));
}

#[test]
fn mid_autumn_running_into_national_day() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: None,
    };
    // 2026: 09-25..27 Mid-Autumn, 10-01..07 National Day, 10-10 (Sat) a make-up working day.
    assert_eq!(
        last_day(&clock, "2026-09-24T09:00", 5, Unit::WorkingDays, &[]),
        "2026-10-09"
    );
    assert_eq!(
        last_day(&clock, "2026-09-24T09:00", 6, Unit::WorkingDays, &[]),
        "2026-10-10"
    );
    // 2020: Mid-Autumn fell on 10-01 itself; 10-01..08 rest, 09-27 and 10-10 worked.
    assert_eq!(
        last_day(&clock, "2020-09-30T09:00", 1, Unit::WorkingDays, &[]),
        "2020-10-09"
    );
}

#[test]
fn a_stop_across_a_holiday_excludes_both_ends() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: None,
    };
    let stop = [Stop {
        from: day("2026-04-30"),
        to: Some(day("2026-05-06")),
    }];
    // 04-29 counts (1); 04-30..05-06 excluded; 05-07 (2), 05-08 (3), 05-09 make-up Sat (4), 05-11 (5).
    assert_eq!(
        last_day(&clock, "2026-04-28T09:00", 5, Unit::WorkingDays, &stop),
        "2026-05-11"
    );
    let open = [Stop {
        from: day("2026-04-30"),
        to: None,
    }];
    assert_eq!(
        last_day(&clock, "2026-04-28T09:00", 5, Unit::WorkingDays, &open),
        "suspended"
    );
}

#[test]
fn calendar_days_ending_on_a_rest_day_roll_to_the_next_working_day() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: None,
    };
    // 2026-10-01 + 3 = 10-04, inside the National Day holiday: the next working day is 10-08.
    assert_eq!(
        last_day(&clock, "2026-10-01T09:00", 3, Unit::CalendarDays, &[]),
        "2026-10-08"
    );
    // A Saturday that is a make-up working day is not a rest day.
    assert_eq!(
        last_day(&clock, "2026-10-07T09:00", 3, Unit::CalendarDays, &[]),
        "2026-10-10"
    );
}

#[test]
fn months_end_on_the_same_day_or_the_month_end() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: None,
    };
    assert_eq!(last_day(&clock, "2024-01-31T09:00", 1, Unit::Months, &[]), "2024-02-29");
    assert_eq!(last_day(&clock, "2026-03-31T09:00", 1, Unit::Months, &[]), "2026-04-30");
    // 2025-01-31 + 1 month = 02-28 (Fri, a working day).
    assert_eq!(last_day(&clock, "2025-01-31T09:00", 1, Unit::Months, &[]), "2025-02-28");
}

#[test]
fn overlapping_stops_push_a_month_limit_back_once_per_day() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: None,
    };
    // 01-26 + 1 month = 02-26; 02-10..02-28 (19 days, 02-12 in both stops) push it to 03-16.
    let stops = [
        Stop {
            from: day("2004-02-10"),
            to: Some(day("2004-02-12")),
        },
        Stop {
            from: day("2004-02-12"),
            to: Some(day("2004-02-28")),
        },
    ];
    assert_eq!(
        last_day(&clock, "2004-01-26T09:00", 1, Unit::Months, &stops),
        "2004-03-16"
    );
}

#[test]
fn business_hours_end_the_last_day_at_closing() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: Some(BusinessHours {
            open_minute: 510,
            close_minute: 1050,
        }),
    };
    let Count::Ends(d) = clock.count(
        parse_moment("2026-03-05T10:00").unwrap(),
        Limit {
            amount: 1,
            unit: Unit::WorkingDays,
        },
        &[],
    ) else {
        panic!("suspended")
    };
    assert_eq!(d.due.to_string(), "2026-03-06 17:30:00");
}

#[test]
fn past_the_table_counts_weekdays_and_says_so() {
    let cal = calendar();
    let clock = Clock {
        calendar: &cal,
        hours: None,
    };
    assert_eq!(
        last_day(&clock, "2026-12-30T09:00", 2, Unit::WorkingDays, &[]),
        "2027-01-01"
    );
    let reason = clock.provisional_reason(&[day("2027-01-01")]).unwrap();
    let args: Vec<String> = reason.args.0.iter().map(|(n, v)| format!("{n}={v:?}")).collect();
    assert_eq!(
        args,
        [
            "year=Number(2027)",
            "calendar=Name(\"cn-mainland\")",
            "first=Number(2004)",
            "last=Number(2026)"
        ]
    );
    assert!(clock.provisional_reason(&[day("2026-12-31")]).is_none());
}

#[test]
fn two_thousand_working_days_is_one_lookup() {
    let cal = calendar();
    // 2,000 working days from 2010-01-04 lands in 2018; spot-check against the naive count.
    let start = day("2010-01-04");
    let end = cal.nth_working_day_after(start, 2000);
    assert_eq!(naive_nth(&cal, start, 2000), end);
}

/// The reference: walk day by day.
fn naive_nth(cal: &WorkCalendar, start: DayNumber, n: u32) -> DayNumber {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d += 1;
        if naive_is_working(d) {
            left -= 1;
        }
    }
    let _ = cal;
    d
}

/// Working-day status straight from the CSV rows, independent of the prefix table.
fn naive_is_working(d: DayNumber) -> bool {
    use chrono::Datelike;
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static ROWS: OnceLock<HashMap<DayNumber, bool>> = OnceLock::new();
    let rows = ROWS.get_or_init(|| {
        let data = shipped_calendar("cn-mainland").unwrap();
        data.days
            .iter()
            .map(|x| (x.day, x.kind == hallpolicy_runtime::ir::DayKind::Work))
            .collect()
    });
    match rows.get(&d) {
        Some(work) => *work,
        None => date_of(d).weekday().number_from_monday() <= 5,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn prefix_counts_agree_with_a_day_by_day_walk(offset in -400i32..8800, n in 0u32..60) {
        let cal = calendar();
        let start = day("2004-01-01") + offset;
        prop_assert_eq!(cal.nth_working_day_after(start, n), naive_nth(&cal, start, n));
        let end = start + i32::try_from(n).unwrap() * 2;
        let naive = (start + 1..=end).filter(|d| naive_is_working(*d)).count();
        prop_assert_eq!(cal.working_days_between(start, end), i64::try_from(naive).unwrap());
    }
}

// ── The counting rules against a naive day-by-day reference, 2004–2026 ──────────────────────
//
// The reference walks the calendar one day at a time, straight from the CSV rows, and applies
// DOMAIN.md's counting rules as the text states them; the engine uses prefix counts and jumps.

/// Whether `d` is a stopped day: inside a closed stop (both ends inclusive, counting rule 6).
fn naive_stopped(stops: &[Stop], d: DayNumber) -> bool {
    stops.iter().any(|s| s.to.is_some_and(|to| s.from <= d && d <= to))
}

/// The first day an open stop (one not restarted) takes hold, if any.
fn naive_open_from(stops: &[Stop]) -> Option<DayNumber> {
    stops.iter().filter(|s| s.to.is_none()).map(|s| s.from).min()
}

/// Counting rule 4: a rest day rolls forward to the next working day.
fn naive_roll(mut d: DayNumber) -> DayNumber {
    while !naive_is_working(d) {
        d += 1;
    }
    d
}

/// Days in a month, counted the way a calendar on the wall shows them.
fn naive_month_length(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The last day of a limit counted by walking the calendar: `None` while an open stop holds it.
fn naive_last_day(start: DayNumber, amount: u32, unit: Unit, stops: &[Stop]) -> Option<DayNumber> {
    use chrono::Datelike;
    let open = naive_open_from(stops);
    // How many counted days the limit needs, and which days count.
    let (needed, counts): (u32, fn(DayNumber) -> bool) = match unit {
        Unit::WorkingDays => (amount, naive_is_working),
        Unit::CalendarDays => (amount, |_| true),
        Unit::Months => {
            // Counting rule 4 (Civil Code art. 202): the same day of the month, or its last day.
            let date = date_of(start);
            let months = date.month0() + amount;
            let year = date.year() + i32::try_from(months / 12).unwrap();
            let month = months % 12 + 1;
            let dom = date.day().min(naive_month_length(year, month));
            let end = day_number(NaiveDate::from_ymd_opt(year, month, dom).unwrap());
            (u32::try_from(end - start).unwrap(), |_| true)
        }
        _ => unreachable!("day-counted units only"),
    };
    // Counting rule 1: the start day is not counted.
    let mut d = start;
    let mut counted = 0;
    while counted < needed {
        d += 1;
        if open.is_some_and(|from| d >= from) {
            return None;
        }
        if !naive_stopped(stops, d) && counts(d) {
            counted += 1;
        }
    }
    Some(if unit == Unit::WorkingDays { d } else { naive_roll(d) })
}

/// Random stops after `start`: closed ones that may overlap, and perhaps one still open.
fn stops_strategy() -> impl Strategy<Value = Vec<(i32, i32, bool)>> {
    prop::collection::vec((0i32..40, 0i32..20, prop::bool::weighted(0.15)), 0..3)
}

fn to_stops(start: DayNumber, raw: &[(i32, i32, bool)]) -> Vec<Stop> {
    let mut stops: Vec<Stop> = raw
        .iter()
        .map(|(gap, len, open)| Stop {
            from: start + gap,
            to: if *open { None } else { Some(start + gap + len) },
        })
        .collect();
    stops.sort_by_key(|s| s.from);
    stops
}

fn unit_strategy() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::WorkingDays), Just(Unit::CalendarDays), Just(Unit::Months)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Counting rules 1, 3, 4 and 6 together: where a limit ends, from any day of 2004–2026,
    /// in any unit, across overlapping and open stops.
    #[test]
    fn limits_end_where_a_day_by_day_walk_ends(
        offset in 0i32..8401,
        amount in 1u32..40,
        unit in unit_strategy(),
        raw_stops in stops_strategy(),
    ) {
        let cal = calendar();
        let clock = Clock { calendar: &cal, hours: None };
        let start = day("2004-01-01") + offset;
        let amount = if unit == Unit::Months { amount % 12 + 1 } else { amount };
        let stops = to_stops(start, &raw_stops);
        let engine = match clock.count(at(start), Limit { amount, unit }, &stops) {
            Count::Ends(d) => d.last_day,
            Count::Suspended { .. } => None,
        };
        prop_assert_eq!(
            engine.map(date_of),
            naive_last_day(start, amount, unit, &stops).map(date_of),
            "{:?} {} from {} with stops {:?}", unit, amount, date_of(start), stops
        );
    }

    /// The yellow warning's day: the `n`th working day counting back from the last day, and
    /// the first working day on or after any day.
    #[test]
    fn counting_back_and_rolling_forward_agree_with_a_walk(offset in 0i32..8401, n in 1u32..15) {
        let cal = calendar();
        let d = day("2004-01-01") + offset;
        let mut back = d + 1;
        let mut found = 0;
        while found < n {
            back -= 1;
            if naive_is_working(back) {
                found += 1;
            }
        }
        prop_assert_eq!(date_of(cal.nth_working_day_back(d, n)), date_of(back));
        prop_assert_eq!(date_of(cal.working_day_on_or_after(d)), date_of(naive_roll(d)));
    }
}

/// 09:00 on `day`.
fn at(day: DayNumber) -> hallpolicy_runtime::calendar::time::Moment {
    hallpolicy_runtime::calendar::time::at_minute(day, 540)
}
