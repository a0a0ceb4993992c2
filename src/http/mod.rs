//! HTTP handlers outside the Leptos pages: the JSON API under /api/v1 and the plain form
//! posts that work without wasm. `table()` names each route's action; the guard runs first.

pub mod admin;
pub mod deletion;
pub mod download;
pub mod error;
pub mod form_upload;
pub mod forms;
pub mod gate;
pub mod imports;
pub mod language;
pub mod metrics;
pub mod notices;
pub mod oidc;
pub mod problems;
pub mod session;
pub mod settings;
pub mod subject;
pub mod upload;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, MethodRouter};
use axum::Router;

use crate::app::{shell, PageNonce};
use crate::auth::guard::authorize;
use crate::auth::CurrentUser;
use crate::config::oidc::CALLBACK_PATH;
use crate::domain::access::Action;
use crate::state::AppState;
use crate::store::Db;
pub use error::HttpError;

/// Largest upload accepted for an import (a 1M-case export is about 150 MB).
pub const MAX_IMPORT_BYTES: usize = 512 * 1024 * 1024;

/// Largest request body read for a form upload: a file past 20 MB is refused, but read on
/// this far (not kept) so that the browser receives the answer.
pub const MAX_FORM_BODY_BYTES: usize = 64 * 1024 * 1024;

/// One route: where, which method, and the action of spec/access.md it needs (`None`: signing
/// in or out, or the choice of language, signed in or not, which the gate and the handler look after).
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub action: Option<Action>,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    action: impl Into<Option<Action>>,
    handler: MethodRouter<AppState>,
) -> Route {
    Route { method, path, action: action.into(), handler }
}

/// Every route of this layer with its action: the router is built from it, and the tests
/// walk it so that a route added later is checked too.
pub fn table() -> Vec<Route> {
    use Action::*;
    let import = |h: MethodRouter<AppState>| h.layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES));
    let form = |h: MethodRouter<AppState>| h.layer(DefaultBodyLimit::max(MAX_FORM_BODY_BYTES));
    vec![
        route(Method::GET, "/api/v1/metrics", Dashboard, get(metrics::api_metrics)),
        route(Method::GET, "/api/v1/cases", Queue, get(metrics::api_cases)),
        route(Method::GET, "/api/v1/cases/{case_id}/history", Queue, get(metrics::api_history)),
        route(Method::GET, "/werkvoorraad/export.csv", Queue, get(metrics::queue_download)),
        route(Method::GET, "/werkvoorraad/export.xlsx", Queue, get(metrics::queue_download)),
        route(Method::GET, "/declaratierisico/export.csv", Risk, get(metrics::risk_download)),
        route(Method::GET, "/declaratierisico/export.xlsx", Risk, get(metrics::risk_download)),
        route(Method::GET, "/stand-van-zaken.pdf", Dashboard, get(metrics::status_pdf)),
        route(Method::GET, "/api/v1/forms/{id}", DownloadForm, get(forms::download)),
        route(Method::GET, "/beheer/logboek.csv", Admin, get(admin::log_csv)),
        route(Method::GET, "/beheer/inzage.csv", Admin, get(subject::subject_csv)),
        route(Method::POST, "/beheer/gebruikers", Admin, post(admin::create_user)),
        route(Method::POST, "/beheer/gebruikers/status", Admin, post(admin::set_status)),
        route(Method::POST, "/beheer/gebruikers/wachtwoord", Admin, post(admin::set_password)),
        route(Method::POST, "/beheer/gebruikers/rol", Admin, post(admin::set_role)),
        route(Method::POST, "/beheer/gebruikers/consulent", Admin, post(admin::set_consultant_name)),
        route(Method::POST, "/beheer/organisaties", Admin, post(admin::link_name)),
        route(Method::POST, "/instellingen", Import, post(settings::save)),
        route(Method::POST, "/instellingen/overzichten", Import, post(settings::send_digests_now)),
        route(Method::POST, "/instellingen/bewaartermijnen", Admin, post(settings::save_retention)),
        route(Method::POST, "/instellingen/opruimen", Admin, post(settings::apply_retention_now)),
        route(Method::POST, "/beheer/momentopnamen/{id}/verwijderen", Admin, post(deletion::delete_snapshot)),
        route(Method::POST, "/meldingen", Notices, post(notices::save)),
        route(Method::POST, "/zaak/{id}/probleem", ReportProblem, post(problems::report)),
        route(Method::POST, "/problemen/{id}/sluiten", CloseProblem, post(problems::close)),
        route(Method::POST, "/formulieren/{id}/beoordeling", AssessForm, post(forms::assess)),
        route(Method::POST, "/formulieren/{id}/intrekken", UploadForm, post(deletion::withdraw)),
        route(Method::POST, "/beheer/formulieren/{id}/verwijderen", Admin, post(deletion::delete)),
        route(Method::POST, "/api/v1/imports", Import, import(post(imports::api_import))),
        route(Method::POST, "/import", Import, import(post(imports::form_import))),
        route(Method::POST, "/api/v1/cases/{case_id}/forms", UploadForm, form(post(forms::api_upload))),
        route(Method::POST, "/formulieren", UploadForm, form(post(forms::form_upload))),
        route(Method::POST, "/aanmelden", None, post(session::form_sign_in)),
        route(Method::GET, "/aanmelden/oidc", None, get(oidc::start)),
        route(Method::GET, CALLBACK_PATH, None, get(oidc::callback)),
        route(Method::POST, "/afmelden", None, post(session::form_sign_out)),
        route(Method::POST, "/taal", None, post(language::switch)),
        route(Method::POST, "/api/v1/session", None, post(session::api_sign_in)),
        route(Method::DELETE, "/api/v1/session", None, delete(session::api_sign_out)),
    ]
}

/// The router of `table()`: each route with an action behind the guard.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    for Route { path, action, handler, .. } in table() {
        let handler = match action {
            Some(action) => {
                handler.route_layer(axum::middleware::from_fn_with_state((state.db.clone(), action), guard))
            }
            None => handler,
        };
        router = router.route(path, handler);
    }
    router
}

/// Hands the handler the `Grant` of its route's action, or answers the refusal.
async fn guard(State((db, action)): State<(Db, Action)>, mut request: Request, next: Next) -> Response {
    let user = request.extensions().get::<CurrentUser>().cloned();
    match authorize(&db, user, action).await {
        Ok(grant) => {
            request.extensions_mut().insert(grant);
            next.run(request).await
        }
        Err(refusal) => HttpError::from(refusal).into_response(),
    }
}

/// Back to `path` after a form post with the notice the page shows: `melding` when it worked,
/// `fout` (and what to do) when not. `path` may already carry a query; one that is not a local
/// path (domain/redirect.rs) is replaced by the start page.
pub fn back_with_notice(path: &str, result: Result<String, String>) -> Response {
    let path = crate::domain::redirect::local_path(path).unwrap_or("/");
    let (key, text) = match result {
        Ok(text) => ("melding", text),
        Err(text) => ("fout", text),
    };
    let separator = if path.contains('?') { '&' } else { '?' };
    axum::response::Redirect::to(&format!("{path}{separator}{key}={}", crate::domain::filters::encode(&text)))
        .into_response()
}

/// Renders the page at `path` in answer to a form post, as its user would see it, with extra
/// context (what the post produced), and with the script nonce the gate gave the post.
pub async fn render_page(
    state: &AppState,
    (path, nonce): (&str, PageNonce),
    user: Option<CurrentUser>,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let (options, context) = (state.leptos_options.clone(), state.clone());
    let render = leptos_axum::render_app_async_with_context(
        move || {
            context.provide();
            extra();
        },
        move || shell(options.clone()),
    );
    let request = Request::get(path).header(header::ACCEPT, "text/html").body(Body::empty());
    match request {
        Ok(mut request) => {
            if let Some(user) = user {
                request.extensions_mut().insert(user);
            }
            request.extensions_mut().insert(nonce);
            // The language the gate found for the post (a signed-out visitor's, on Aanmelden).
            request.extensions_mut().insert(crate::i18n::current());
            render(request).await
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
