//! The interface's words in Dutch (the default) and English: one Fluent catalogue per language
//! (`locales/*.ftl`), read once; `t`/`t_with` give a message, `current` the request's language.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Nl,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Nl, Locale::En];

    /// The code in `lang`, the database and the switch's form.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code.trim())
    }

    /// The language the switch in the header offers.
    pub fn other(self) -> Locale {
        match self {
            Locale::Nl => Locale::En,
            Locale::En => Locale::Nl,
        }
    }

    /// The `lang` of text stored in Dutch (a record) on a page in this language: none when the
    /// page is Dutch itself.
    pub fn of_stored_dutch(self) -> Option<&'static str> {
        (self != Locale::Nl).then_some("nl")
    }

    fn source(self) -> &'static str {
        match self {
            Locale::Nl => include_str!("../locales/nl.ftl"),
            Locale::En => include_str!("../locales/en.ftl"),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn load(locale: Locale) -> Bundle {
    let tag = locale.code().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![tag]);
    // Plain text: no invisible isolation marks around the values put in.
    bundle.set_use_isolating(false);
    // A broken line is left out (the catalogue tests find it); the rest still works.
    let resource = FluentResource::try_new(locale.source().to_owned()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    bundle
}

static DUTCH: LazyLock<Bundle> = LazyLock::new(|| load(Locale::Nl));
static ENGLISH: LazyLock<Bundle> = LazyLock::new(|| load(Locale::En));

fn bundle(locale: Locale) -> &'static Bundle {
    match locale {
        Locale::Nl => &DUTCH,
        Locale::En => &ENGLISH,
    }
}

/// Message `key` in `locale`.
pub fn t(locale: Locale, key: &str) -> String {
    t_with(locale, key, &[])
}

/// Message `key` in `locale` with its variables; a key the catalogue lacks comes back as itself.
pub fn t_with(locale: Locale, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle(locale);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else { return key.to_owned() };
    let mut values = FluentArgs::new();
    for (name, value) in args {
        values.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, (!args.is_empty()).then_some(&values), &mut errors).into_owned()
}

/// Message `key` for `count` things, given as `$count`: `{key}-one` when there is one (one
/// message per line, so the singular is a message of its own).
pub fn t_count(locale: Locale, key: &str, count: u64, args: &[(&str, FluentValue<'_>)]) -> String {
    let key = if count == 1 { format!("{key}-one") } else { key.to_owned() };
    let mut args = args.to_vec();
    args.push(("count", count.into()));
    t_with(locale, &key, &args)
}

/// The language of the page being rendered (Dutch outside a page).
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The language of the request being answered (the user's, else the visitor's): set by the gate.
    static REQUEST_LOCALE: Locale;
}

/// Runs `work` (the rest of a request) with `locale` as the language of its messages.
#[cfg(feature = "ssr")]
pub async fn with_locale<F: std::future::Future>(locale: Locale, work: F) -> F::Output {
    REQUEST_LOCALE.scope(locale, work).await
}

/// The language of a message to the user now: the page's while one renders, else the
/// request's (the gate's: the user's or the visitor's), else Dutch.
pub fn current() -> Locale {
    if let Some(locale) = leptos::prelude::use_context::<Locale>() {
        return locale;
    }
    #[cfg(feature = "ssr")]
    if let Ok(locale) = REQUEST_LOCALE.try_with(|locale| *locale) {
        return locale;
    }
    Locale::Nl
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message id of a catalogue (one line each) with the variables its text uses.
    fn messages(locale: Locale) -> Vec<(String, Vec<String>)> {
        if let Err((_, errors)) = FluentResource::try_new(locale.source().to_owned()) {
            panic!("{}: {errors:?}", locale.code());
        }
        let mut out: Vec<(String, Vec<String>)> = locale
            .source()
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| {
                let (id, text) = line.split_once(" = ").unwrap_or_else(|| panic!("not `id = text`: {line}"));
                let mut vars: Vec<String> = text
                    .split('$')
                    .skip(1)
                    .map(|v| v.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
                    .collect();
                vars.sort();
                (id.to_owned(), vars)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn both_catalogues_parse_and_hold_the_same_messages_with_the_same_variables() {
        let (dutch, english) = (messages(Locale::Nl), messages(Locale::En));
        assert!(dutch.len() > 10);
        assert_eq!(dutch, english);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_message_now_is_in_the_request_s_language_else_dutch() {
        assert_eq!(current(), Locale::Nl, "outside a request");
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let inside = runtime.block_on(with_locale(Locale::En, async { current() }));
        assert_eq!(inside, Locale::En);
        let owner = leptos::prelude::Owner::new();
        let page = owner.with(|| {
            leptos::prelude::provide_context(Locale::Nl);
            runtime.block_on(with_locale(Locale::En, async { current() }))
        });
        assert_eq!(page, Locale::Nl, "a page's own language comes first");
    }

    #[test]
    fn a_message_comes_in_the_language_asked_with_its_values_and_no_marks() {
        assert_eq!(t(Locale::Nl, "nav-overview"), "Overzicht");
        assert_eq!(t(Locale::En, "nav-overview"), "Overview");
        let who =
            t_with(Locale::En, "signed-in-as", &[("email", "a@b.nl".into()), ("role", "Team lead".into())]);
        assert_eq!(who, "a@b.nl · Team lead");
        assert_eq!(t(Locale::En, "no-such-key"), "no-such-key");
        assert_eq!(Locale::from_code(" en "), Some(Locale::En));
        assert_eq!(Locale::from_code("fr"), None);
        assert_eq!(Locale::default().other(), Locale::En);
    }
}
