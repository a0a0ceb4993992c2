//! A page of the navigation whose content is built in a later issue: it says what will come,
//! to the roles that will be allowed to use it (others get the refusal, 403).

use leptos::prelude::*;
use leptos_meta::Title;

use super::nav_item;
use crate::components::load_error::LoadError;
use crate::domain::access::Action;

/// Whether the user of this request may use pages of `action`.
#[server(input = leptos::server_fn::codec::Json)]
pub async fn check_access(action: Action) -> Result<(), ServerFnError> {
    super::require(action).await.map(|_| ())
}

#[component]
pub fn ComingPage(slug: &'static str) -> impl IntoView {
    let item = nav_item(slug);
    let label = item.map_or("Pagina", |i| i.label);
    let purpose = item.map_or("", |i| i.purpose);
    let action = item.map_or(Action::Admin, |i| i.action);
    let allowed = Resource::new(move || action, check_access);
    view! {
        <Title text=label/>
        <h1>{label}</h1>
        <Suspense fallback=|| ()>
            {move || allowed.get().map(|result| match result {
                Ok(()) => view! {
                    <p class="lead">{purpose}</p>
                    <div class="notice" role="note">
                        <p>"Deze pagina is nog in aanbouw. Zodra zij klaar is, vindt u hier de gegevens."</p>
                    </div>
                }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Suspense>
    }
}
