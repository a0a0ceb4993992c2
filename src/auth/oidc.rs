//! The conversation with the organisation's identity provider (OpenID Connect, authorization code
//! with PKCE): where to send the browser, and who came back. Matching to an account: auth/identity.rs.

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreUserInfoClaims};
use openidconnect::{
    reqwest, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndSessionUrl, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse,
};
use tokio::sync::OnceCell;

use crate::config::OidcConfig;

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// What went wrong with the identity provider; the user sees one plain message, the log the cause.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OidcError(String);

impl OidcError {
    fn from(what: &str, cause: impl std::fmt::Display) -> Self {
        OidcError(format!("{what}: {cause}"))
    }
}

/// The provider as discovered: its client, and where its sign-out is.
struct Discovered {
    client: Client,
    end_session: Option<EndSessionUrl>,
}

/// The identity provider of this instance; it is asked for its configuration the first time it is
/// needed (so the server starts while the provider is away), then that answer is kept.
#[derive(Clone)]
pub struct IdentityProvider {
    config: std::sync::Arc<OidcConfig>,
    http: reqwest::Client,
    discovered: std::sync::Arc<OnceCell<Discovered>>,
}

/// Where to send the browser, and what to keep until it comes back.
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// A random value for the cookie that ties the login to this browser.
    pub browser: String,
}

/// Who the provider says signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    /// Only an address the provider has verified.
    pub email: Option<String>,
}

impl std::fmt::Debug for IdentityProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityProvider").field("config", &self.config).finish_non_exhaustive()
    }
}

impl IdentityProvider {
    pub fn new(config: OidcConfig) -> Result<Self, OidcError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| OidcError::from("http-client", e))?;
        Ok(IdentityProvider { config: config.into(), http, discovered: Default::default() })
    }

    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    async fn discovered(&self) -> Result<&Discovered, OidcError> {
        self.discovered.get_or_try_init(|| self.discover()).await
    }

    async fn discover(&self) -> Result<Discovered, OidcError> {
        let issuer =
            IssuerUrl::new(self.config.issuer.clone()).map_err(|e| OidcError::from("OIDC_ISSUER", e))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::from("discovery", e))?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let redirect = RedirectUrl::new(self.config.redirect_url.clone())
            .map_err(|e| OidcError::from("redirect-url", e))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(redirect);
        Ok(Discovered { client, end_session })
    }

    /// A new login: the provider's address with a fresh state, nonce and PKCE challenge.
    pub async fn authorize(&self) -> Result<Authorization, OidcError> {
        let discovered = self.discovered().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = discovered
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            browser: CsrfToken::new_random().secret().clone(),
        })
    }

    /// Trades the code for tokens (with the PKCE verifier), checks the ID token (signature,
    /// issuer, audience, expiry, nonce) and reads who it is.
    pub async fn identify(&self, code: String, nonce: &str, verifier: &str) -> Result<Identity, OidcError> {
        let discovered = self.discovered().await?;
        let client = &discovered.client;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::from("token-endpoint", e))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::from("token", e))?;
        let id_token = tokens.id_token().ok_or_else(|| OidcError("token: geen id_token".into()))?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce.to_owned()))
            .map_err(|e| OidcError::from("id_token", e))?;
        let subject = claims.subject().clone();
        let mut email = verified(claims.email().map(|e| e.to_string()), claims.email_verified());
        if email.is_none() {
            // Many providers give the address only at the userinfo endpoint.
            let info: CoreUserInfoClaims = client
                .user_info(tokens.access_token().clone(), Some(subject.clone()))
                .map_err(|e| OidcError::from("userinfo-endpoint", e))?
                .request_async(&self.http)
                .await
                .map_err(|e| OidcError::from("userinfo", e))?;
            email = verified(info.email().map(|e| e.to_string()), info.email_verified());
        }
        Ok(Identity { issuer: self.config.issuer.clone(), subject: subject.to_string(), email })
    }

    /// The provider's sign-out page, when it has one (offered after the local sign-out).
    pub async fn end_session_url(&self) -> Option<String> {
        let discovered = self.discovered().await.ok()?;
        let mut url = discovered.end_session.as_ref()?.url().clone();
        url.query_pairs_mut().append_pair("client_id", &self.config.client_id);
        Some(url.to_string())
    }
}

/// An address counts only when the provider says it verified it.
fn verified(email: Option<String>, verified: Option<bool>) -> Option<String> {
    email.filter(|_| verified == Some(true)).map(|e| e.trim().to_lowercase())
}
