//! Dates and months as the interface writes them in the reader's language: 26-06-2025 and
//! maart 2025 in Dutch, 26 Jun 2025 and March 2025 in English.

use crate::i18n::Locale;

/// `2025-06-26` → `26-06-2025`, the way dates are shown; anything else is returned as is.
pub fn dutch_date(iso: &str) -> String {
    match iso.get(..10).map(|d| d.split('-').collect::<Vec<_>>()).as_deref() {
        Some([y, m, d]) if y.len() == 4 => format!("{d}-{m}-{y}"),
        _ => iso.to_owned(),
    }
}

/// `2025-03` → `maart 2025`, for what is still written in Dutch only (Import, mails, the CLI).
pub fn month_name(month: &str) -> String {
    local_month(month, Locale::Nl)
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A number of days: `1 dag`, `12 dagen`, `1 day`, `12 days`.
pub fn days_text(days: i64, locale: Locale) -> String {
    let key = if days == 1 { "status-day" } else { "status-days" };
    crate::i18n::t_with(locale, key, &[("days", days.into())])
}

const SHORT_ENGLISH: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `2025-03` → `mrt 25` or `Mar 25`, under a chart's axis; anything else is returned as is.
pub fn short_month(month: &str, locale: Locale) -> String {
    const SHORT_DUTCH: [&str; 12] =
        ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    let names = if locale == Locale::En { &SHORT_ENGLISH } else { &SHORT_DUTCH };
    let name = month.split_once('-').and_then(|(y, m)| {
        Some(format!("{} {}", names.get(m.parse::<usize>().ok()?.checked_sub(1)?)?, y.get(2..)?))
    });
    name.unwrap_or_else(|| month.to_owned())
}

/// A date as the interface writes it: `26-06-2025` in Dutch, `26 Jun 2025` in English;
/// anything that is no ISO date is returned as is.
pub fn local_date(iso: &str, locale: Locale) -> String {
    match locale {
        Locale::Nl => dutch_date(iso),
        Locale::En => match iso.get(..10).map(|d| d.split('-').collect::<Vec<_>>()).as_deref() {
            Some([y, m, d]) if y.len() == 4 => {
                let month = m.parse::<usize>().ok().and_then(|m| SHORT_ENGLISH.get(m.checked_sub(1)?));
                match (month, d.parse::<u32>()) {
                    (Some(month), Ok(day)) => format!("{day} {month} {y}"),
                    _ => iso.to_owned(),
                }
            }
            _ => iso.to_owned(),
        },
    }
}

/// A date without its year, under a chart's axis: `26-06` or `26 Jun`.
pub fn short_date(iso: &str, locale: Locale) -> String {
    let date = local_date(iso, locale);
    match locale {
        Locale::Nl => date.get(..5).unwrap_or_default().to_owned(),
        Locale::En => date.rsplit_once(' ').map_or(date.clone(), |(day_month, _)| day_month.to_owned()),
    }
}

/// `2025-03` → `maart 2025` or `March 2025`; anything else is returned as is.
pub fn local_month(month: &str, locale: Locale) -> String {
    const LONG: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = if locale == Locale::En { &LONG } else { &MONTHS };
    let name = month
        .split_once('-')
        .and_then(|(y, m)| Some((y, names.get(m.parse::<usize>().ok()?.checked_sub(1)?)?)));
    match name {
        Some((year, name)) if year.len() == 4 => format!("{name} {year}"),
        _ => month.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_months_are_written_in_the_readers_language() {
        use crate::i18n::Locale::{En, Nl};
        assert_eq!(local_date("2025-06-26", Nl), "26-06-2025");
        assert_eq!(local_date("2025-06-05T10:00:00Z", En), "5 Jun 2025");
        assert_eq!(local_date("morgen", En), "morgen");
        assert_eq!(short_date("2025-06-26", Nl), "26-06");
        assert_eq!(short_date("2025-06-26", En), "26 Jun");
        assert_eq!(local_month("2025-03", En), "March 2025");
        assert_eq!(local_month("2025-13", En), "2025-13");
    }
}
