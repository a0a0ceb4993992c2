//! The frame around every page: skip link, header, main navigation, main and footer.
//! The navigation comes from `pages::NAVIGATION`, filtered by the user's role; the current page is
//! marked for screen readers.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{fetch_session_user, NAVIGATION};
use crate::components::density::{Density, DensitySwitch};
use crate::domain::access::SessionUser;

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let density = Density::new();
    let user = Resource::new_blocking(|| (), |_| fetch_session_user());
    let signed_in = move || user.get().and_then(Result::ok).flatten();
    // A provider's home is its own page; the Overzicht is not for providers.
    let home = move || match signed_in().map(|u| u.role) {
        Some(crate::domain::access::Role::Provider) => "/aanbieder",
        _ => "/",
    };
    view! {
        <div class="app" class:compact=move || density.is_compact()>
            <a class="skip-link" href="#inhoud">"Direct naar de inhoud"</a>
            <header class="site-header">
                <div class="container header-row">
                    <Suspense fallback=|| view! { <Brand home="/"/> }>{move || view! { <Brand home=home()/> }}</Suspense>
                    <div class="header-tools">
                        <DensitySwitch density/>
                        <Suspense fallback=|| ()>{move || signed_in().map(|u| view! { <SignOut user=u/> })}</Suspense>
                    </div>
                </div>
            </header>
            <Suspense fallback=|| ()>{move || signed_in().map(|u| view! { <MainNav user=u/> })}</Suspense>
            <main id="inhoud" class="container" tabindex="-1">
                {children()}
            </main>
            <Footer/>
        </div>
    }
}

/// The name of the application, leading to the user's home page.
#[component]
fn Brand(home: &'static str) -> impl IntoView {
    view! {
        <a class="brand" href=home>
            <span class="brand-name">"werkvoorraad"</span>
            <span class="brand-sub">"Herindicaties Beschermd Wonen & Opvang"</span>
        </a>
    }
}

/// The menu entries this user's role may use.
#[component]
fn MainNav(user: SessionUser) -> impl IntoView {
    view! {
        <nav class="main-nav" aria-label="Hoofdmenu">
            <ul class="container">
                {NAVIGATION
                    .iter()
                    .filter(|item| user.may(item.action))
                    .map(|item| view! { <li><A href=item.href exact=true>{item.label}</A></li> })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Who is signed in, and the button to sign out (a plain form post).
#[component]
fn SignOut(user: SessionUser) -> impl IntoView {
    let who = match &user.organisation {
        Some(organisation) => format!("{} · {} ({})", user.email, user.role.label(), organisation),
        None => format!("{} · {}", user.email, user.role.label()),
    };
    view! {
        <form method="post" action="/afmelden" class="sign-out">
            <span class="who" data-testid="signed-in-as">{who}</span>
            <button type="submit">"Afmelden"</button>
        </form>
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
