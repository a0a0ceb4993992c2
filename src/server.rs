//! The HTTP server: the axum router with the Leptos pages, server functions, static files
//! and `/healthz`, plus starting and stopping it. Nothing imports it but main and the tests.

use std::sync::LazyLock;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::app::{shell, App};
use crate::http::HttpError;
use crate::state::AppState;
use crate::store::Db;

/// The application's routes, listed once per process. Listing renders the app, and while it does
/// Leptos holds back every resource that starts to load anywhere in the process
/// (leptos-rs/leptos#4773): a page rendering meanwhile in another instance never finished.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// The complete router: pages and server functions get the database as context.
pub fn router(state: AppState) -> Router {
    let routes = ROUTES.clone();
    let context = state.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .merge(crate::http::routes(&state))
        .leptos_routes_with_context(&state, routes, move || context.provide(), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::http::gate::require_session))
        .layer(axum::middleware::from_fn_with_state(PAGE_TIMEOUT, answer_within))
        .layer(axum::middleware::from_fn(crate::http::gate::security_headers))
        .layer(compression())
        .with_state(state)
}

/// Gzip or brotli, as the browser accepts, for everything but files that are compressed
/// already (PDF forms, Excel workbooks, images) and the wasm: it comes precompressed from the
/// release build (`cargo leptos build --release --precompress`), and compressing a debug build's
/// 90 MB on every load takes seconds. Level 1: brotli's fast path, without the large match
/// tables that each response must allocate and clear from level 2 on (measured: at level 4 brotli
/// was a third of the server's time, 6 ms on a 250 KB Overzicht; its default, 11, is far slower).
fn compression() -> CompressionLayer<impl tower_http::compression::Predicate> {
    let predicate = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/vnd.openxmlformats"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/wasm"));
    CompressionLayer::new().gzip(true).br(true).quality(CompressionLevel::Precise(1)).compress_when(predicate)
}

/// How long a GET may take to produce its answer. Leptos' server rendering now and then loses a
/// wake-up and never finishes a page (leptos-rs/leptos#4851, #4578); the user then gets a clear
/// message instead of a page that loads forever.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(45);

/// Ends a GET that has no answer after `limit` with 503 and what to do. Posts (imports,
/// uploads) are left alone: they may take long and must not be cut off halfway.
pub async fn answer_within(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    // Outside the gate: the language of a visitor (the switch's cookie, else the browser's).
    let locale = crate::http::language::visitor_locale(request.headers());
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a GET request got no answer within {} s", limit.as_secs());
            let message = crate::i18n::t(locale, "error-page-timeout");
            HttpError::new(StatusCode::SERVICE_UNAVAILABLE, message).into_response()
        }
    }
}

/// 200 `ok` when the database answers, 503 otherwise.
async fn healthz(State(db): State<Db>) -> (StatusCode, &'static str) {
    if db.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database niet bereikbaar")
    }
}

/// Serves until Ctrl-C or SIGTERM, then finishes open requests.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let analytics = state.analytics.clone();
    tokio::spawn(async move { analytics.warm_up().await });
    let worker = crate::notify::spawn(state.clone());
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    worker.abort();
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
