//! The small pieces of wording the text report and the explanation share, from the catalogues.

use crate::calendar::day_number;
use crate::calendar::time::{parse_date, parse_moment};
use crate::message::{day, moment, Lang};

pub use crate::message::say;

/// An RFC 3339 moment the way the regulations count (`24:00` for midnight).
pub fn when(lang: Lang, text: &str) -> String {
    parse_moment(text).map_or_else(|_| text.to_string(), |m| moment(lang, m))
}

/// A day `YYYY-MM-DD` in `lang`'s words.
pub fn on(lang: Lang, text: &str) -> String {
    parse_date(text).map_or_else(|_| text.to_string(), |d| day(lang, day_number(d)))
}

pub use crate::message::amount;
