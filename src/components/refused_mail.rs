//! The admin's list of mails the SMTP server refused for good: when, to whom, which notice and
//! the server's answer, so that the address or the server can be put right.

use leptos::prelude::*;

use crate::domain::dates::local_date;
use crate::i18n::{t, use_locale};

#[component]
pub fn RefusedMail(mails: Vec<crate::domain::notice::RefusedMail>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="refused-mail" data-testid="refused-mail">
            <h2 id="refused-mail">{t(locale, "admin-refused")}</h2>
            {if mails.is_empty() {
                view! { <p>{t(locale, "admin-refused-none")}</p> }.into_any()
            } else {
                view! {
                    <p class="hint">{t(locale, "admin-refused-hint")}</p>
                    <div class="table-wrap">
                        <table>
                            <thead><tr><th scope="col">{t(locale, "admin-refused-date")}</th><th scope="col">{t(locale, "admin-refused-to")}</th><th scope="col">{t(locale, "admin-refused-message")}</th><th scope="col">{t(locale, "admin-refused-answer")}</th></tr></thead>
                            <tbody>
                                {mails.into_iter().map(|mail| view! {
                                    <tr>
                                        <td>{local_date(mail.created_at.get(..10).unwrap_or_default(), locale)}</td>
                                        <td>{mail.email}</td>
                                        <td>{mail.kind.name(locale)}</td>
                                        <td>{mail.error}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
