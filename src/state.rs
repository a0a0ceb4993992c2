//! What every request handler reaches: the database, the figures service, the pseudonymizer
//! and Leptos' options. It imports nothing of the HTTP layers, so they can all depend on it.

use leptos::prelude::*;

use crate::analytics::Analytics;
use crate::auth::oidc::IdentityProvider;
use crate::auth::session_cache::SessionCache;
use crate::config::Config;
use crate::ingest::values::Pseudonymizer;
use crate::store::Db;

/// What every request handler can reach.
#[derive(Clone, Debug, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub pseudonymizer: Pseudonymizer,
    pub analytics: Analytics,
    /// Sessions read in the last few seconds (see `auth::session_cache`).
    pub sessions: SessionCache,
    /// Proxies in front whose `X-Forwarded-For` tells the client's address (the throttle).
    pub trusted_proxies: std::sync::Arc<[std::net::IpAddr]>,
    /// Mail and the notices' worker.
    pub notify: Notifier,
    /// The organisation's identity provider, when sign-in through it is configured.
    pub identity_provider: Option<IdentityProvider>,
    /// Whether passwords stay possible (WERKVOORRAAD_PASSWORDS).
    pub passwords: bool,
}

impl AppState {
    pub fn new(config: &Config, db: Db, pseudonymizer: Pseudonymizer) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("werkvoorraad")
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(config.site_addr)
            .build();
        let analytics = Analytics::checked_per_request(db.clone());
        let trusted_proxies = config.trusted_proxies.clone().into();
        let sessions = SessionCache::default();
        let notify = Notifier::new(config.notify.clone());
        let identity_provider = config.oidc.clone().and_then(|oidc| {
            IdentityProvider::new(oidc)
                .inspect_err(|e| tracing::error!(error = %e, "no identity provider"))
                .ok()
        });
        let passwords = config.passwords;
        Self {
            leptos_options,
            db,
            pseudonymizer,
            analytics,
            sessions,
            trusted_proxies,
            notify,
            identity_provider,
            passwords,
        }
    }

    /// What pages and server functions find as context.
    pub fn provide(&self) {
        provide_context(self.db.clone());
        provide_context(self.analytics.clone());
        provide_context(self.notify.clone());
        provide_context(self.identity_provider.clone());
        provide_context(SignInPolicy { passwords: self.passwords });
    }
}

/// Whether passwords stay possible here, for the sign-in page.
#[derive(Clone, Copy, Debug)]
pub struct SignInPolicy {
    pub passwords: bool,
}

/// What the server shares about notices: their configuration, and a bell that wakes this
/// instance's worker (after an import, so that its alerts need not wait for the next look).
#[derive(Clone, Debug)]
pub struct Notifier {
    pub config: std::sync::Arc<crate::config::NotifyConfig>,
    bell: std::sync::Arc<tokio::sync::Notify>,
}

impl Notifier {
    pub fn new(config: crate::config::NotifyConfig) -> Self {
        Notifier { config: std::sync::Arc::new(config), bell: Default::default() }
    }

    /// Asks the worker of this instance to look now.
    pub fn wake(&self) {
        self.bell.notify_one();
    }

    /// Until someone asks the worker to look.
    pub async fn rung(&self) {
        self.bell.notified().await;
    }
}
