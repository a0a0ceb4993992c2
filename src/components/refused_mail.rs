//! The admin's list of mails the SMTP server refused for good: when, to whom, which notice and
//! the server's answer, so that the address or the server can be put right.

use leptos::prelude::*;

use crate::domain::report::dutch_date;

#[component]
pub fn RefusedMail(mails: Vec<crate::domain::notice::RefusedMail>) -> impl IntoView {
    view! {
        <section aria-labelledby="refused-mail" data-testid="refused-mail">
            <h2 id="refused-mail">"Niet bezorgde e-mail"</h2>
            {if mails.is_empty() {
                view! { <p>"Alle e-mail is bezorgd of wacht nog op een nieuwe poging."</p> }.into_any()
            } else {
                view! {
                    <p class="hint">"De mailserver weigerde deze berichten definitief. Controleer het e-mailadres van de gebruiker of de instellingen van de mailserver. De gebruiker ziet het bericht wel op de pagina Meldingen."</p>
                    <div class="table-wrap">
                        <table>
                            <thead><tr><th scope="col">"Datum"</th><th scope="col">"Aan"</th><th scope="col">"Bericht"</th><th scope="col">"Antwoord van de mailserver"</th></tr></thead>
                            <tbody>
                                {mails.into_iter().map(|mail| view! {
                                    <tr>
                                        <td>{dutch_date(mail.created_at.get(..10).unwrap_or_default())}</td>
                                        <td>{mail.email}</td>
                                        <td>{mail.kind.label()}</td>
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
