//! The language switch in the header: `POST /taal` remembers the signed-in user's choice (every
//! instance follows at its next request) and goes back to the page it came from.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

use super::{back_with_notice, HttpError};
use crate::auth::CurrentUser;
use crate::domain::redirect::local_path;
use crate::i18n::Locale;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    taal: String,
    /// The page to go back to (a path of this site).
    #[serde(default)]
    terug: String,
}

/// Stores the language asked for and goes back; an unknown one goes back with a message.
pub async fn switch(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<LanguageForm>,
) -> Result<Response, HttpError> {
    let Some(locale) = Locale::from_code(&form.taal) else {
        let message = "Deze taal kent werkvoorraad niet. Kies Nederlands of English in de kop van de pagina.";
        return Ok(back_with_notice(&form.terug, Err(message.to_owned())));
    };
    state.db.set_locale(user.user.id, locale).await?;
    Ok(Redirect::to(local_path(&form.terug).unwrap_or("/")).into_response())
}
