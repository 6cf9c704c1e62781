//! Deadlines: where a limit ends, given its start, unit, stops and the calendar. This is where
//! DOMAIN.md's counting rules 1, 3, 4, 5 and 6 are applied; rules 2, 7 and 8 are decided by the
//! evaluator, which feeds this module the resulting start, stops and last day.

use chrono::{Datelike, Duration, Months};

use crate::calendar::time::{at_minute, day_of, end_of_day, Moment};
use crate::calendar::{date_of, day_number, DayNumber, WorkCalendar};
use crate::ir::{BusinessHours, Limit, Unit};
use crate::message::Message;

/// A stretch of days the clock does not count, both ends inclusive; `to` is `None` while the
/// clock has not restarted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    pub from: DayNumber,
    pub to: Option<DayNumber>,
}

/// Where a limit ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The moment the limit ends (exclusive).
    pub due: Moment,
    /// The last day, for day-counted limits.
    pub last_day: Option<DayNumber>,
    /// Days excluded by each stop, in the stops' order.
    pub excluded: Vec<i64>,
}

/// The outcome of counting a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    Ends(Deadline),
    /// The clock is stopped and has not restarted, so the end is not known yet.
    Suspended {
        excluded: Vec<i64>,
    },
}

/// Counts limits against one calendar and one hall's business hours.
#[derive(Debug, Clone, Copy)]
pub struct Clock<'a> {
    pub calendar: &'a WorkCalendar,
    pub hours: Option<BusinessHours>,
}

impl Clock<'_> {
    /// When a limit whose last day is `day` ends: at 24:00, or at closing time where the hall
    /// declares business hours (counting rule 5, Civil Code art. 203).
    pub fn end_of(&self, day: DayNumber) -> Moment {
        match self.hours {
            Some(hours) => at_minute(day, hours.close_minute),
            None => end_of_day(day),
        }
    }

    /// The end of the visit an event happens on: closing time that day, or 24:00 when the event
    /// is after closing (extended service, 延时服务) or the hall declares no hours.
    pub fn end_of_visit(&self, at: Moment) -> Moment {
        let closing = self.end_of(day_of(at));
        if at < closing {
            closing
        } else {
            end_of_day(day_of(at))
        }
    }

    /// Where `limit` ends when counted from the event at `start`, skipping `stops`.
    pub fn count(&self, start: Moment, limit: Limit, stops: &[Stop]) -> Count {
        let start_day = day_of(start);
        match limit.unit {
            Unit::WorkingDays | Unit::CalendarDays => self.count_days(start_day, limit, stops),
            Unit::Months => self.count_months(start_day, limit.amount, stops),
            // Sub-day limits run on the wall clock from the event itself; stops do not apply.
            Unit::Hours => Count::Ends(Deadline {
                due: start + Duration::hours(i64::from(limit.amount)),
                last_day: None,
                excluded: vec![0; stops.len()],
            }),
            Unit::Minutes => Count::Ends(Deadline {
                due: start + Duration::minutes(i64::from(limit.amount)),
                last_day: None,
                excluded: vec![0; stops.len()],
            }),
        }
    }

    /// Counting units available in `(after, through]`.
    fn units_between(&self, unit: Unit, after: DayNumber, through: DayNumber) -> i64 {
        match unit {
            Unit::WorkingDays => self.calendar.working_days_between(after, through),
            _ => i64::from((through - after).max(0)),
        }
    }

    fn nth_after(&self, unit: Unit, day: DayNumber, n: u32) -> DayNumber {
        match unit {
            Unit::WorkingDays => self.calendar.nth_working_day_after(day, n),
            _ => day.saturating_add(i32::try_from(n).unwrap_or(i32::MAX / 2)),
        }
    }

    fn count_days(&self, start_day: DayNumber, limit: Limit, stops: &[Stop]) -> Count {
        // Counting rule 1: the start day is not counted; counting starts the next day.
        let mut cursor = start_day;
        let mut remaining = limit.amount;
        let mut excluded = vec![0; stops.len()];
        let mut last = None;
        for (slot, stop) in excluded.iter_mut().zip(stops) {
            if stop.to.is_some_and(|to| to <= cursor) {
                continue;
            }
            if stop.from > cursor {
                let available = self.units_between(limit.unit, cursor, stop.from - 1);
                if available >= i64::from(remaining) {
                    last = Some(self.nth_after(limit.unit, cursor, remaining));
                    break;
                }
                remaining -= u32::try_from(available).unwrap_or(0);
            }
            // Counting rule 6: every day from the stop through the restart, both inclusive,
            // is excluded.
            let from = stop.from.max(cursor + 1);
            match stop.to {
                Some(to) => {
                    *slot = self.units_between(limit.unit, from - 1, to);
                    cursor = to;
                }
                None => return Count::Suspended { excluded },
            }
        }
        let mut last_day = last.unwrap_or_else(|| self.nth_after(limit.unit, cursor, remaining));
        if limit.unit == Unit::CalendarDays {
            // Counting rule 4: a calendar-day limit ending on a rest day runs to the end of the
            // next working day (Civil Code art. 203).
            last_day = self.calendar.working_day_on_or_after(last_day);
        }
        Count::Ends(Deadline {
            due: self.end_of(last_day),
            last_day: Some(last_day),
            excluded,
        })
    }

    fn count_months(&self, start_day: DayNumber, months: u32, stops: &[Stop]) -> Count {
        // Counting rule 4: the same day-of-month, or the month's last day where it does not
        // exist (Civil Code art. 202); chrono clamps to the month's end exactly so.
        let start = date_of(start_day);
        let mut last_day = start
            .checked_add_months(Months::new(months))
            .map_or(start_day, day_number);
        let mut excluded = vec![0; stops.len()];
        // Days up to here are already counted or excluded, so overlapping stops exclude a day once.
        let mut covered = start_day;
        for (slot, stop) in excluded.iter_mut().zip(stops) {
            let from = stop.from.max(covered + 1);
            if from > last_day || stop.to.is_some_and(|to| to <= covered) {
                continue;
            }
            match stop.to {
                // Counting rule 6: stopped days push the end back day for day.
                Some(to) => {
                    *slot = i64::from(to - from + 1);
                    last_day += to - from + 1;
                    covered = to;
                }
                None => return Count::Suspended { excluded },
            }
        }
        // Counting rule 4 (Civil Code art. 203): a last day on a rest day moves to the next
        // working day.
        last_day = self.calendar.working_day_on_or_after(last_day);
        Count::Ends(Deadline {
            due: self.end_of(last_day),
            last_day: Some(last_day),
            excluded,
        })
    }

    /// Units left after `as_of`'s day to the end: counting units in `(as_of's day, last_day]`
    /// for day limits, minutes for sub-day limits. Negative when overdue.
    pub fn left(&self, as_of: Moment, deadline: &Deadline, unit: Unit) -> i64 {
        match (unit, deadline.last_day) {
            (Unit::Hours | Unit::Minutes, _) | (_, None) => (deadline.due - as_of).num_minutes(),
            (Unit::WorkingDays, Some(last)) => {
                let today = day_of(as_of);
                if today <= last {
                    self.calendar.working_days_between(today, last)
                } else {
                    -self.calendar.working_days_between(last, today)
                }
            }
            (_, Some(last)) => {
                let today = day_of(as_of);
                if today <= last {
                    i64::from(last - today)
                } else {
                    -i64::from(today - last)
                }
            }
        }
    }

    /// How far past the end `at` is, in `unit` (0 when not late).
    pub fn overdue(&self, deadline: &Deadline, at: Moment, unit: Unit) -> i64 {
        if at <= deadline.due {
            return 0;
        }
        let last = deadline.last_day.unwrap_or_else(|| day_of(deadline.due));
        match unit {
            Unit::WorkingDays => self.calendar.working_days_between(last, day_of(at)).max(1),
            Unit::CalendarDays => i64::from(day_of(at) - last).max(1),
            Unit::Months => {
                let (a, b) = (date_of(last), at.date());
                i64::from(
                    (b.year() - a.year()) * 12 + i32::try_from(b.month()).unwrap_or(0)
                        - i32::try_from(a.month()).unwrap_or(0),
                )
                .max(1)
            }
            Unit::Hours => (at - deadline.due).num_hours().max(1),
            Unit::Minutes => (at - deadline.due).num_minutes().max(1),
        }
    }

    /// When a pending duty turns yellow: `warn` before its end.
    pub fn yellow_from(&self, deadline: &Deadline, warn: Limit) -> Moment {
        match (warn.unit, deadline.last_day) {
            (Unit::WorkingDays, Some(last)) => {
                end_of_day(self.calendar.nth_working_day_back(last, warn.amount.max(1)) - 1)
            }
            (Unit::CalendarDays, Some(last)) => end_of_day(last - i32::try_from(warn.amount.max(1)).unwrap_or(0)),
            (Unit::Months, _) => {
                let due_date = deadline.due.date();
                let back = due_date
                    .checked_sub_months(Months::new(warn.amount))
                    .unwrap_or(due_date);
                back.and_time(deadline.due.time())
            }
            (Unit::Hours, _) => deadline.due - Duration::hours(i64::from(warn.amount)),
            (Unit::Minutes, _) | (_, None) => deadline.due - Duration::minutes(i64::from(warn.amount)),
        }
    }

    /// Whether an act on `day` comes at least `lead` before the limit's last day (counting
    /// rule 7's lead time: "at least 3 days before the limit ends").
    pub fn leaves_lead(&self, day: DayNumber, deadline: &Deadline, lead: Limit) -> bool {
        let last = deadline.last_day.unwrap_or_else(|| day_of(deadline.due));
        self.units_between(lead.unit, day, last) >= i64::from(lead.amount)
    }

    /// Why a count touching these days is provisional, if it is.
    pub fn provisional_reason(&self, days: &[DayNumber]) -> Option<Message> {
        let outside = days.iter().find(|d| !self.calendar.covers(**d))?;
        let (first, last) = self.calendar.years();
        Some(
            Message::new("clock-provisional")
                .arg("year", i64::from(date_of(*outside).year()))
                .arg("calendar", self.calendar.name())
                .arg("first", i64::from(first))
                .arg("last", i64::from(last)),
        )
    }
}
