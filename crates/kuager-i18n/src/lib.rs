//! Kuager's user-interface languages: Russian (the default), Kazakh and English.
//!
//! * [`Locale`] and [`negotiate`] pick the language of a request;
//! * [`tr`] / [`tr_args`] translate Fluent messages (the files under `locales/`
//!   are compiled into the crate);
//! * [`format_day`], [`format_month`], [`format_year`], [`format_number`] and
//!   [`format_timestamp`] write dates and numbers the way each language does.
//!
//! Nothing here panics on bad input: a missing message gives back its id, an
//! impossible date or an unparseable timestamp is shown as it was given.
//!
//! ```
//! use kuager_i18n::{format_day, negotiate, tr, tr_args, ArgValue, Locale};
//!
//! let locale = negotiate(Some("kk-KZ,kk;q=0.9,ru;q=0.8"));
//! assert_eq!(locale, Locale::Kk);
//! assert_eq!(tr(locale, "role-witness"), "Куәгер");
//! assert_eq!(format_day(locale, 2022, 1, 12), "2022 жылғы 12 қаңтар");
//! let count = [("count", ArgValue::Num(3))];
//! assert_eq!(tr_args(Locale::Ru, "people-count", &count), "3 человека");
//! ```

mod catalog;
mod format;
mod locale;

pub use catalog::{message_ids, resource_problems, tr, tr_args, ArgValue};
pub use format::{
    format_day, format_month, format_number, format_timestamp, format_year, month_name,
};
pub use locale::{negotiate, Locale};
