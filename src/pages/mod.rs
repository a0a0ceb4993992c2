//! The pages of the application, one module each, and the navigation that lists them.
//! `NAVIGATION` is the single list of menu entries; the router in `app.rs` follows it.

pub mod admin;
pub mod case;
pub mod consultants;
pub mod flow;
pub mod forms;
pub mod import;
pub mod layout;
pub mod navigation;
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

use crate::domain::access::SessionUser;

use crate::domain::filters::ViewQuery;
use crate::domain::page_codec::PageCodec;
use crate::domain::queue::QueueParams;
use crate::i18n::{t, use_locale};
pub use navigation::{nav_item, NavItem, NAVIGATION};

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
pub async fn require(
    action: crate::domain::access::Action,
) -> Result<crate::auth::guard::Grant, ServerFnError> {
    let db = expect_context::<crate::store::Db>();
    crate::auth::guard::authorize(&db, request_user(), action).await.map_err(refusal)
}

/// A refusal as the page's status and message.
#[cfg(feature = "ssr")]
fn refusal(refusal: crate::auth::guard::Refusal) -> ServerFnError {
    set_status(refusal.status());
    ServerFnError::new(refusal.message())
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
    view! {
        <PageHeading slug purpose=true/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                figures_or_notice(data.await, |data| show(data, untrack(view_query)))
            })}
        </Suspense>
    }
}

/// A page's title and heading from its menu entry (`slug` as in its href), with the sentence on
/// what it is for when `purpose` is set.
#[component]
pub fn PageHeading(slug: &'static str, #[prop(optional)] purpose: bool) -> impl IntoView {
    let (heading, lead) = nav_item(slug).map(NavItem::heading).unwrap_or_default();
    view! {
        <leptos_meta::Title text=heading.clone()/>
        <h1>{heading}</h1>
        {purpose.then(|| view! { <p class="lead">{lead}</p> })}
    }
}

/// What a page shows while its data comes.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p>{t(use_locale(), "loading")}</p> }
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
    before_import_none(analytics.figures(query).await)
}

/// A page's data, or `None` while no export has been imported (the page then says so).
#[cfg(feature = "ssr")]
pub fn before_import_none<T>(
    result: Result<T, crate::analytics::AnalyticsError>,
) -> Result<Option<T>, ServerFnError> {
    match result {
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
    let locale = use_locale();
    view! {
        <div class="utrecht-alert utrecht-alert--warning" data-testid="no-snapshot">
            <h2>{t(locale, "no-snapshot-title")}</h2>
            <p>
                {t(locale, "no-snapshot-before")} " " <a href="/import">{t(locale, "nav-import")}</a>
                {t(locale, "no-snapshot-after")}
            </p>
        </div>
    }
}

/// A failed figures request as a message for the page in its language (server faults logged there).
#[cfg(feature = "ssr")]
pub fn analytics_error(error: crate::analytics::AnalyticsError) -> ServerFnError {
    ServerFnError::new(error.user_message())
}

#[cfg(feature = "ssr")]
pub fn store_error(error: crate::store::StoreError) -> ServerFnError {
    tracing::error!(error = %error, "page data");
    ServerFnError::new(t(crate::i18n::current(), "error-load-failed"))
}
