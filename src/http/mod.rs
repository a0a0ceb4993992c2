//! HTTP handlers outside the Leptos pages: the JSON API under /api/v1 and the plain form
//! posts that must work before (or without) the wasm. Each turns layer errors into statuses.

pub mod admin;
pub mod form_upload;
pub mod forms;
pub mod imports;
pub mod metrics;
pub mod problems;
pub mod session;
pub mod settings;
pub mod upload;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::app::shell;
use crate::auth::CurrentUser;
use crate::server::AppState;

/// Largest upload accepted for an import (a 1M-case export is about 150 MB).
pub const MAX_IMPORT_BYTES: usize = 512 * 1024 * 1024;

/// Largest request body read for a form upload: a file past 20 MB is refused, but read on
/// this far (not kept) so that the browser receives the answer.
pub const MAX_FORM_BODY_BYTES: usize = 64 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    let uploads = Router::new()
        .route("/api/v1/imports", post(imports::api_import))
        .route("/import", post(imports::form_import))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES));
    let form_uploads = Router::new()
        .route("/api/v1/cases/{case_id}/forms", post(forms::api_upload))
        .route("/formulieren", post(forms::form_upload))
        .layer(DefaultBodyLimit::max(MAX_FORM_BODY_BYTES));
    Router::new()
        .route("/api/v1/metrics", get(metrics::api_metrics))
        .route("/api/v1/cases", get(metrics::api_cases))
        .route("/werkvoorraad/export.csv", get(metrics::queue_csv))
        .route("/werkvoorraad/export.xlsx", get(metrics::queue_xlsx))
        .route("/declaratierisico/export.csv", get(metrics::risk_csv))
        .route("/declaratierisico/export.xlsx", get(metrics::risk_xlsx))
        .route("/beheer/gebruikers", post(admin::create_user))
        .route("/beheer/gebruikers/status", post(admin::set_status))
        .route("/beheer/gebruikers/wachtwoord", post(admin::set_password))
        .route("/beheer/gebruikers/rol", post(admin::set_role))
        .route("/beheer/organisaties", post(admin::link_name))
        .route("/beheer/logboek.csv", get(admin::log_csv))
        .route("/instellingen", post(settings::save))
        .route("/zaak/{id}/probleem", post(problems::report))
        .route("/problemen/{id}/sluiten", post(problems::close))
        .route("/api/v1/forms/{id}", get(forms::download))
        .route("/formulieren/{id}/beoordeling", post(forms::assess))
        .route("/aanmelden", post(session::form_sign_in))
        .route("/afmelden", post(session::form_sign_out))
        .route("/api/v1/session", post(session::api_sign_in).delete(session::api_sign_out))
        .merge(uploads)
        .merge(form_uploads)
}

/// Back to `path` after a form post with the notice the page shows: `melding` when it worked,
/// `fout` (and what to do) when not. `path` may already carry a query.
pub fn back_with_notice(path: &str, result: Result<String, String>) -> Response {
    let (key, text) = match result {
        Ok(text) => ("melding", text),
        Err(text) => ("fout", text),
    };
    let separator = if path.contains('?') { '&' } else { '?' };
    axum::response::Redirect::to(&format!("{path}{separator}{key}={}", crate::domain::filters::encode(&text)))
        .into_response()
}

/// Renders the page at `path` in answer to a form post, as its user would see it, with extra
/// context (what the post produced).
pub async fn render_page(
    state: &AppState,
    path: &str,
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
            render(request).await
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
