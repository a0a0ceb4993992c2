//! The pages of the application, one module each, and the navigation that lists them.
//! `NAVIGATION` is the single list of menu entries; the router in `app.rs` follows it.

pub mod admin;
pub mod case;
pub mod consultants;
pub mod flow;
pub mod forms;
pub mod import;
pub mod layout;
pub mod not_found;
pub mod notices;
pub mod overview;
pub mod provider;
pub mod queue;
pub mod retention;
pub mod risk;
pub mod settings;
pub mod sign_in;
pub mod status;
pub mod subject;

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::domain::access::{Action, SessionUser};

use crate::domain::filters::ViewQuery;
use crate::domain::page_codec::PageCodec;
use crate::domain::queue::QueueParams;

/// The view (snapshot, as-of date, filters) in the page's URL.
pub fn view_query(params: &ParamsMap) -> ViewQuery {
    ViewQuery::from_pairs(params.into_iter().map(|(k, v)| (k.as_ref(), v)).collect::<Vec<_>>())
}

/// The queue's own parameters in the page's URL.
pub fn queue_params(params: &ParamsMap) -> QueueParams {
    QueueParams::from_pairs(params.into_iter().map(|(k, v)| (k.as_ref(), v)).collect::<Vec<_>>())
}

/// The signed-in user, for the navigation; `None` on the sign-in page.
#[server]
pub async fn fetch_session_user() -> Result<Option<SessionUser>, ServerFnError> {
    Ok(request_user().map(|u| u.user))
}

/// The user the gate found for this request.
#[cfg(feature = "ssr")]
pub fn request_user() -> Option<crate::auth::CurrentUser> {
    use_context::<axum::http::request::Parts>()?.extensions.get::<crate::auth::CurrentUser>().cloned()
}

/// The grant of `action` for this request's user (the same guard as every HTTP route); a
/// refusal sets the answer's status and comes back as the page's message.
#[cfg(feature = "ssr")]
pub async fn require(action: Action) -> Result<crate::auth::guard::Grant, ServerFnError> {
    let db = expect_context::<crate::store::Db>();
    crate::auth::guard::authorize(&db, request_user(), action).await.map_err(refusal)
}

/// A refusal as the page's status and message.
#[cfg(feature = "ssr")]
fn refusal(refusal: crate::auth::guard::Refusal) -> ServerFnError {
    set_status(refusal.status());
    ServerFnError::new(refusal.to_string())
}

/// The status of the page's answer.
#[cfg(feature = "ssr")]
pub fn set_status(status: axum::http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Writes an access-log line for what the page is about to show; when it cannot be written,
/// the page shows nothing but the reason (fail closed).
#[cfg(feature = "ssr")]
pub async fn record(
    grant: &crate::auth::guard::Grant,
    entry: &crate::domain::access::LogLine,
) -> Result<(), ServerFnError> {
    let db = expect_context::<crate::store::Db>();
    grant.record(&db, entry).await.map_err(refusal)
}

/// A page's data, loaded by `fetcher` for `source`: on the server for the first render and sent
/// along in the page, in the browser when the source changes. `blocking` holds the whole response
/// until it is there (the session user, for the header). Every page resource is one of these.
pub fn page_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
    blocking: bool,
) -> Resource<T, PageCodec>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, blocking)
}

/// A figures page of the navigation (`slug` as in its href): title, heading and purpose, then
/// what `show` makes of the data `fetch` gets for the view in the URL, or the notice without an
/// export, or the error.
pub fn figures_page<T, F, Fut>(
    slug: &'static str,
    fetch: F,
    show: fn(T, ViewQuery) -> AnyView,
) -> impl IntoView
where
    T: Clone + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    F: Fn(ViewQuery) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Option<T>, ServerFnError>> + Send + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    let view_query = move || view_query(&query.read());
    let data = page_data(view_query, fetch, false);
    let item = nav_item(slug);
    let (label, purpose) = (item.map_or("", |i| i.label), item.map_or("", |i| i.purpose));
    view! {
        <leptos_meta::Title text=label/>
        <h1>{label}</h1>
        <p class="lead">{purpose}</p>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || Suspend::new(async move {
                figures_or_notice(data.await, |data| show(data, untrack(view_query)))
            })}
        </Suspense>
    }
}

/// The figures of a view for a page; `None` while no export has been imported.
#[cfg(feature = "ssr")]
pub async fn view_figures(
    analytics: &crate::analytics::Analytics,
    query: &ViewQuery,
) -> Result<
    Option<(crate::domain::filters::ViewInfo, std::sync::Arc<crate::domain::figures::Figures>)>,
    ServerFnError,
> {
    match analytics.figures(query).await {
        Ok(found) => Ok(Some(found)),
        Err(crate::analytics::AnalyticsError::NoSnapshot) => Ok(None),
        Err(e) => Err(analytics_error(e)),
    }
}

/// A figures page's answer on screen: the page itself (`show`), the notice that no export was
/// imported yet, or the error.
pub fn figures_or_notice<T>(
    result: Result<Option<T>, ServerFnError>,
    show: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match result {
        Ok(Some(data)) => show(data),
        Ok(None) => view! { <NoSnapshot/> }.into_any(),
        Err(e) => view! { <crate::components::load_error::LoadError error=e/> }.into_any(),
    }
}

/// What a figures page says before any export has been imported.
#[component]
pub fn NoSnapshot() -> impl IntoView {
    view! {
        <div class="utrecht-alert utrecht-alert--warning" data-testid="no-snapshot">
            <h2>"Nog geen cijfers"</h2>
            <p>
                "Er is nog geen export uit het zaaksysteem ingelezen. Lees een export in via "
                <a href="/import">"Import"</a> "; daarna verschijnen hier de cijfers."
            </p>
        </div>
    }
}

/// A failed figures request as a Dutch message for the page (server faults logged there).
#[cfg(feature = "ssr")]
pub fn analytics_error(error: crate::analytics::AnalyticsError) -> ServerFnError {
    ServerFnError::new(error.user_message())
}

#[cfg(feature = "ssr")]
pub fn store_error(error: crate::store::StoreError) -> ServerFnError {
    tracing::error!(error = %error, "page data");
    ServerFnError::new("De gegevens konden niet worden opgehaald. Probeer het later opnieuw.")
}

/// One entry of the main navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    /// One sentence on what the page is for.
    pub purpose: &'static str,
    /// What a role must be allowed to see the entry.
    pub action: Action,
}

pub const NAVIGATION: [NavItem; 12] = [
    NavItem {
        href: "/",
        label: "Overzicht",
        purpose: "De stand van de werkvoorraad in één oogopslag: open zaken, nog niet opgepakt, \
                  de oudste maand die nog wacht, instroom tegenover uitstroom en wanneer de \
                  achterstand bij dit tempo is weggewerkt.",
        action: Action::Dashboard,
    },
    NavItem {
        href: "/doorstroom",
        label: "Doorstroom",
        purpose: "Hoe het werk door de fasen stroomt: elke open zaak naar fase en leeftijd tegen de \
                  doorlooptijd van recente besluiten, de opgetelde instroom, oppak en besluiten per \
                  momentopname, instroom tegenover uitstroom en het verloop.",
        action: Action::Dashboard,
    },
    NavItem {
        href: "/stand-van-zaken",
        label: "Stand van zaken",
        purpose: "De stand van de werkvoorraad op één pagina voor het aanbiedersoverleg en het \
                  management, om af te drukken: de kerncijfers, het verloop, de voorspelling en het \
                  declaratierisico per aanbieder, zonder zaaknummers of namen.",
        action: Action::Dashboard,
    },
    NavItem {
        href: "/aanbieder",
        label: "Mijn zaken",
        purpose: "De open herindicaties van uw organisatie: wanneer ze zijn gemeld, of een consulent \
                  ze heeft opgepakt, wanneer de indicatie afloopt en of die al verlopen is.",
        action: Action::OwnCases,
    },
    NavItem {
        href: "/werkvoorraad",
        label: "Werkvoorraad",
        purpose: "Alle openstaande zaken, de oudste eerst: dagen open, soort aanvraag, consulent \
                  of \u{201c}niet opgepakt\u{201d}, einddatum van de indicatie en of het \
                  evaluatieformulier compleet is. Te filteren, te sorteren en te downloaden \
                  als CSV of Excel.",
        action: Action::Queue,
    },
    NavItem {
        href: "/consulenten",
        label: "Consulenten",
        purpose: "Per consulent het onderhanden werk, besluiten per week, de laatste vier weken, \
                  de mediane doorlooptijd en de oudste open zaak.",
        action: Action::Throughput,
    },
    NavItem {
        href: "/declaratierisico",
        label: "Declaratierisico",
        purpose: "Per aanbieder de verlopen en bijna verlopen indicaties, de dagen zorg zonder \
                  geldige toewijzing en het bedrag dat daarmee niet gedeclareerd kan worden, \
                  met de declaratieproblemen die aanbieders melden.",
        action: Action::Risk,
    },
    NavItem {
        href: "/evaluaties",
        label: "Evaluaties",
        purpose: "Evaluatieformulieren die aanbieders per herindicatie aanleveren, met de \
                  begeleider en de periode, en of een formulier compleet is voor een \
                  beoordeling op papier.",
        action: Action::DownloadForm,
    },
    NavItem {
        href: "/import",
        label: "Import",
        purpose: "Een export uit het zaaksysteem inlezen (CSV of Excel): elke rij wordt \
                  gecontroleerd, fouten worden per regel getoond en een goedgekeurde export \
                  wordt opgeslagen als momentopname.",
        action: Action::Import,
    },
    NavItem {
        href: "/instellingen",
        label: "Instellingen",
        purpose: "De termijn voor een nieuwe aanvraag, wanneer een indicatie \u{201c}bijna verlopen\u{201d} \
                  is, wanneer een zaak stilgevallen is, de laatste dag om te handelen vóór de einddatum, \
                  en het dagtarief per product waarmee het declaratierisico in euro's wordt berekend.",
        action: Action::Import,
    },
    NavItem {
        href: "/meldingen",
        label: "Meldingen",
        purpose: "Kies welke overzichten en waarschuwingen u wilt krijgen, per e-mail of alleen hier, \
                  en lees de berichten die voor u klaarstonden.",
        action: Action::Notices,
    },
    NavItem {
        href: "/beheer",
        label: "Beheer",
        purpose: "Gebruikers en organisaties, termijnen en tarieven, en het toegangslogboek.",
        action: Action::Admin,
    },
];

/// The navigation entry for a path segment (`"import"` → the Import entry).
pub fn nav_item(slug: &str) -> Option<&'static NavItem> {
    NAVIGATION.iter().find(|item| item.href.trim_start_matches('/') == slug)
}
