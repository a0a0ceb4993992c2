//! The frame around every page: skip link, header, main navigation, main and footer.
//! The navigation comes from `pages::NAVIGATION`; the current page is marked for screen readers.

use leptos::prelude::*;
use leptos_router::components::A;

use super::density::{Density, DensitySwitch};
use crate::pages::NAVIGATION;

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let density = Density::new();
    view! {
        <div class="app" class:compact=move || density.is_compact()>
            <a class="skip-link" href="#inhoud">"Direct naar de inhoud"</a>
            <header class="site-header">
                <div class="container header-row">
                    <a class="brand" href="/">
                        <span class="brand-name">"werkvoorraad"</span>
                        <span class="brand-sub">"Herindicaties Beschermd Wonen & Opvang"</span>
                    </a>
                    <DensitySwitch density/>
                </div>
            </header>
            <MainNav/>
            <main id="inhoud" class="container" tabindex="-1">
                {children()}
            </main>
            <Footer/>
        </div>
    }
}

#[component]
fn MainNav() -> impl IntoView {
    view! {
        <nav class="main-nav" aria-label="Hoofdmenu">
            <ul class="container">
                {NAVIGATION
                    .iter()
                    .map(|item| view! { <li><A href=item.href exact=true>{item.label}</A></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>
                    {concat!("werkvoorraad versie ", env!("CARGO_PKG_VERSION"))}
                    " · Wmo-team Beschermd Wonen & Opvang"
                </p>
            </div>
        </footer>
    }
}
