//! The application shell: the HTML document, the page frame and the router.
//! Every page of the navigation is registered here, in the order of `pages::NAVIGATION`.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::i18n::Locale;

use crate::pages::admin::AdminPage;
use crate::pages::case::CasePage;
use crate::pages::consultants::ConsultantsPage;
use crate::pages::flow::FlowPage;
use crate::pages::forms::EvaluationsPage;
use crate::pages::import::ImportPage;
use crate::pages::layout::Frame;
use crate::pages::not_found::NotFound;
use crate::pages::notices::NoticesPage;
use crate::pages::overview::Overview;
use crate::pages::provider::ProviderPage;
use crate::pages::queue::QueuePageView;
use crate::pages::risk::RiskPage;
use crate::pages::settings::SettingsPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::status::StatusPage;
use crate::pages::subject::SubjectPage;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    use_page_nonce();
    let lang = page_locale().code();
    view! {
        <!DOCTYPE html>
        <html lang=lang class="utrecht-html">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The script nonce of one answer: made by the gate (`http::gate::security_headers`) for every
/// request, rendered into the page's scripts here, and named in the page's Content-Security-Policy
/// by the gate again, so that the header never depends on what a page render did or left out.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct PageNonce(pub std::sync::Arc<str>);

#[cfg(feature = "ssr")]
impl PageNonce {
    pub fn random() -> Self {
        PageNonce(leptos::nonce::Nonce::new().as_inner().clone())
    }

    /// The Content-Security-Policy of a page: scripts only from here or with this nonce.
    pub fn page_csp(&self) -> String {
        let nonce = &self.0;
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// The page's scripts carry the nonce the gate gave this request (when it came through the gate).
#[cfg(feature = "ssr")]
fn use_page_nonce() {
    let parts = use_context::<axum::http::request::Parts>();
    if let Some(PageNonce(nonce)) = parts.and_then(|parts| parts.extensions.get::<PageNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The language of the page: on the server the signed-in user's choice, else the visitor's that
/// the gate found (`http::language`); in the browser, the `lang` the server wrote, so that
/// hydration renders the same words.
fn page_locale() -> Locale {
    #[cfg(feature = "ssr")]
    let locale = crate::pages::request_user()
        .map(|u| u.user.locale)
        .or_else(|| use_context::<axum::http::request::Parts>()?.extensions.get::<Locale>().copied());
    #[cfg(feature = "hydrate")]
    let locale = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|code| Locale::from_code(&code));
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let locale = None;
    locale.unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(page_locale());
    view! {
        <Stylesheet id="nlds" href="/nlds/components.css"/>
        <Stylesheet id="leptos" href="/pkg/werkvoorraad.css"/>
        <Title formatter=|page: String| format!("{page} · werkvoorraad")/>
        <Router>
            <Frame>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Overview ssr=SsrMode::Async/>
                    <Route path=path!("/doorstroom") view=FlowPage ssr=SsrMode::Async/>
                    <Route path=path!("/stand-van-zaken") view=StatusPage ssr=SsrMode::Async/>
                    <Route path=path!("/aanbieder") view=ProviderPage ssr=SsrMode::Async/>
                    <Route path=path!("/werkvoorraad") view=QueuePageView ssr=SsrMode::Async/>
                    <Route path=path!("/zaak/:id") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/consulenten") view=ConsultantsPage ssr=SsrMode::Async/>
                    <Route path=path!("/declaratierisico") view=RiskPage ssr=SsrMode::Async/>
                    <Route path=path!("/evaluaties") view=EvaluationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/import") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/instellingen") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/meldingen") view=NoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/aanmelden") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/beheer/inzage") view=SubjectPage ssr=SsrMode::Async/>
                </Routes>
            </Frame>
        </Router>
    }
}
