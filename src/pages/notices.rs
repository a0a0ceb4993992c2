//! Meldingen: the digests and alerts a user may choose (by mail, or only here) with the alerts'
//! thresholds, a plain form post, and the list of the user's own notices, the newest first.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Loading, PageHeading};
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::dates::local_date;
use crate::domain::notice::{Channel, Choice, Kind, Line, Notice};
use crate::i18n::{t, t_with, use_locale};

/// How many notices the page lists.
pub const LISTED_NOTICES: i64 = 50;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticesView {
    /// The kinds this user's role may choose, with the current choice.
    pub offered: Vec<(Kind, Option<Choice>)>,
    pub notices: Vec<Notice>,
    /// Whether this installation sends mail at all.
    pub mail_on: bool,
}

#[server]
pub async fn fetch_notices() -> Result<NoticesView, ServerFnError> {
    let grant = super::require(crate::domain::access::Action::Notices).await?;
    let db = expect_context::<crate::store::Db>();
    let user_id = grant.user().user.id;
    let chosen = db.choices(user_id).await.map_err(super::store_error)?;
    let offered = Kind::ALL
        .into_iter()
        .filter(|kind| kind.offered_to(grant.role()))
        .map(|kind| (kind, chosen.iter().find(|c| c.choice.kind == kind).map(|c| c.choice.clone())))
        .collect();
    // Notices made for another role (before a change of role) are not this user's to see.
    let notices = db.notices_of(user_id, LISTED_NOTICES).await.map_err(super::store_error)?;
    let notices = notices.into_iter().filter(|n| n.kind.offered_to(grant.role())).collect();
    let mail_on = expect_context::<crate::state::Notifier>().config.mails();
    Ok(NoticesView { offered, notices, mail_on })
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let data = super::page_data(|| (), |_| fetch_notices(), false);
    view! {
        <PageHeading slug="meldingen" purpose=true/>
        <PostNotice/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <NoticeList notices=view.notices/> <ChoicesForm offered=view.offered mail_on=view.mail_on/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ChoicesForm(offered: Vec<(Kind, Option<Choice>)>, mail_on: bool) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{t(locale, "notices-choose")}</h2>
        {(!mail_on).then(|| view! {
            <div class="utrecht-alert utrecht-alert--warning" role="note" data-testid="mail-off">
                <p>{t(locale, "notices-mail-off")}</p>
            </div>
        })}
        <form method="post" action="/meldingen" class="form" data-testid="notice-choices">
            {offered.into_iter().map(|(kind, choice)| view! { <KindChoice kind choice/> }).collect_view()}
            <button type="submit">{t(locale, "notices-save")}</button>
        </form>
    }
}

#[component]
fn KindChoice(kind: Kind, choice: Option<Choice>) -> impl IntoView {
    let locale = use_locale();
    let code = kind.code();
    let channel = choice.as_ref().map(|c| c.channel);
    let options = [
        ("", "notices-channel-none", None),
        ("app", "notices-channel-app", Some(Channel::App)),
        ("mail", "notices-channel-mail", Some(Channel::Mail)),
    ];
    let threshold = choice.and_then(|c| c.threshold).map(|t| t.to_string()).unwrap_or_default();
    view! {
        <fieldset data-kind=code>
            <legend>{kind.name(locale)}</legend>
            {options.into_iter().map(|(value, label, option)| {
                let id = format!("{code}-{}", if value.is_empty() { "niet" } else { value });
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=code value=value checked=channel == option/>
                        <label for=id>{t(locale, label)}</label>
                    </div>
                }
            }).collect_view()}
            {kind.threshold_name(locale).map(|what| {
                let id = format!("{code}-drempel");
                view! {
                    <div class="field">
                        <label for=id.clone()>{t_with(locale, "notices-threshold", &[("what", what.into())])}</label>
                        <input type="number" id=id name=format!("{code}_threshold") min="1" max="100000000" value=threshold/>
                    </div>
                }
            })}
        </fieldset>
    }
}

#[component]
fn NoticeList(notices: Vec<Notice>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{t(locale, "notices-yours")}</h2>
        {notices.is_empty().then(|| view! { <p data-testid="no-notices">{t(locale, "notices-none")}</p> })}
        <ul class="notice-list" data-testid="notice-list">
            {notices.into_iter().map(|notice| {
                // A notice is kept as it was written, in its reader's language then: marked so
                // when the page is in another.
                let lang = (notice.locale != locale).then_some(notice.locale.code());
                view! {
                <li>
                    <article>
                        <h3 lang=lang>{notice.subject.clone()}</h3>
                        <p class="hint">{local_date(notice.created_at.get(..10).unwrap_or_default(), locale)} " · " {t(locale, mail_key(&notice.mail))}</p>
                        {notice.lines.into_iter().map(|line| line_view(line, lang)).collect_view()}
                    </article>
                </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The catalogue's words for how a notice went out.
fn mail_key(mail: &str) -> &'static str {
    match mail {
        "sent" => "notices-mail-sent",
        "waiting" => "notices-mail-waiting",
        "refused" => "notices-mail-refused",
        _ => "notices-mail-none",
    }
}

fn line_view(line: Line, lang: Option<&'static str>) -> AnyView {
    match line {
        Line::Heading(text) => view! { <h4 lang=lang>{text}</h4> }.into_any(),
        Line::Text(text) => view! { <p lang=lang>{text}</p> }.into_any(),
        Line::Link { text, path } => view! { <p lang=lang><a href=path>{text}</a></p> }.into_any(),
    }
}
