//! Meldingen: the digests and alerts a user may choose (by mail, or only here) with the alerts'
//! thresholds, a plain form post, and the list of the user's own notices, the newest first.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::nav_item;
use crate::components::load_error::LoadError;
use crate::components::notice::PostNotice;
use crate::domain::notice::{Channel, Choice, Kind, Line, Notice};
use crate::domain::report::dutch_date;

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
    let purpose = nav_item("meldingen").map_or(String::new(), |i| i.heading().1);
    view! {
        <Title text="Meldingen"/>
        <h1>"Meldingen"</h1>
        <p class="lead">{purpose}</p>
        <PostNotice/>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
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
    view! {
        <h2>"Wat wilt u ontvangen?"</h2>
        {(!mail_on).then(|| view! {
            <div class="utrecht-alert utrecht-alert--warning" role="note" data-testid="mail-off">
                <p>"Deze installatie verstuurt (nog) geen e-mail. Berichten verschijnen dan alleen op deze pagina."</p>
            </div>
        })}
        <form method="post" action="/meldingen" class="form" data-testid="notice-choices">
            {offered.into_iter().map(|(kind, choice)| view! { <KindChoice kind choice/> }).collect_view()}
            <button type="submit">"Keuzes opslaan"</button>
        </form>
    }
}

#[component]
fn KindChoice(kind: Kind, choice: Option<Choice>) -> impl IntoView {
    let code = kind.code();
    let channel = choice.as_ref().map(|c| c.channel);
    let options = [
        ("", "Niet", None),
        ("app", "Alleen hier op Meldingen", Some(Channel::App)),
        ("mail", "Per e-mail en hier", Some(Channel::Mail)),
    ];
    let threshold = choice.and_then(|c| c.threshold).map(|t| t.to_string()).unwrap_or_default();
    view! {
        <fieldset data-kind=code>
            <legend>{kind.label()}</legend>
            {options.into_iter().map(|(value, label, option)| {
                let id = format!("{code}-{}", if value.is_empty() { "niet" } else { value });
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=code value=value checked=channel == option/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
            {kind.threshold_label().map(|label| {
                let id = format!("{code}-drempel");
                view! {
                    <div class="field">
                        <label for=id.clone()>"Drempel: " {label}</label>
                        <input type="number" id=id name=format!("{code}_threshold") min="1" max="100000000" value=threshold/>
                    </div>
                }
            })}
        </fieldset>
    }
}

#[component]
fn NoticeList(notices: Vec<Notice>) -> impl IntoView {
    view! {
        <h2>"Uw berichten"</h2>
        {notices.is_empty().then(|| view! { <p data-testid="no-notices">"Er zijn nog geen berichten voor u."</p> })}
        <ul class="notice-list" data-testid="notice-list">
            {notices.into_iter().map(|notice| view! {
                <li>
                    <article>
                        <h3>{notice.subject.clone()}</h3>
                        <p class="hint">{dutch_date(notice.created_at.get(..10).unwrap_or_default())} " · " {mail_text(&notice.mail)}</p>
                        {notice.lines.into_iter().map(line_view).collect_view()}
                    </article>
                </li>
            }).collect_view()}
        </ul>
    }
}

fn mail_text(mail: &str) -> &'static str {
    match mail {
        "sent" => "per e-mail verstuurd",
        "waiting" => "de e-mail wacht op verzending",
        "refused" => "de e-mail kon niet worden bezorgd",
        _ => "alleen hier",
    }
}

fn line_view(line: Line) -> AnyView {
    match line {
        Line::Heading(text) => view! { <h4>{text}</h4> }.into_any(),
        Line::Text(text) => view! { <p>{text}</p> }.into_any(),
        Line::Link { text, path } => view! { <p><a href=path>{text}</a></p> }.into_any(),
    }
}
