//! The notice a page shows after a form post sent it back: `?melding=` (it worked) or `?fout=`
//! (what went wrong and what to do), as set by `http::back_with_notice`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PostNotice() -> impl IntoView {
    let query = use_query_map();
    view! {
        {move || query.read().get("melding").map(|m| view! {
            <div class="utrecht-alert utrecht-alert--ok" role="status"><p>{m}</p></div>
        })}
        {move || query.read().get("fout").map(|m| view! {
            <div class="utrecht-alert utrecht-alert--error" role="alert"><p>{m}</p></div>
        })}
    }
}
