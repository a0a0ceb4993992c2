//! The frame around every page: skip link, header, main navigation, main and footer.
//! The navigation comes from `pages::NAVIGATION`, filtered by the user's role; the current page is
//! marked for screen readers.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{fetch_session_user, NAVIGATION};
use crate::components::density::{Density, DensitySwitch};
use crate::domain::access::SessionUser;
use crate::i18n::{t, t_with, use_locale};

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let density = Density::new();
    // One resource read in one <Suspense>, awaited inside `Suspend` (leptos-rs/leptos#4851, #4578:
    // one resource in several boundaries now and then never woke the server's render).
    let user = super::page_data(|| (), |_| fetch_session_user(), true);
    let frame_top = move || {
        Suspend::new(async move {
            let user = user.await.ok().flatten();
            view! { <FrameTop density user/> }
        })
    };
    view! {
        <div class="app" class:compact=move || density.is_compact()>
            <a class="skip-link" href="#inhoud">{t(use_locale(), "skip-link")}</a>
            <Suspense fallback=move || view! { <FrameTop density user=None/> }>{frame_top}</Suspense>
            <main id="inhoud" class="container" tabindex="-1">
                {children()}
            </main>
            <Footer/>
        </div>
    }
}

/// The header and the main navigation for the signed-in user (none on the sign-in page).
#[component]
fn FrameTop(density: Density, user: Option<SessionUser>) -> impl IntoView {
    // A provider's home is its own page; the Overzicht is not for providers.
    let home = match user.as_ref().map(|u| u.role) {
        Some(crate::domain::access::Role::Provider) => "/aanbieder",
        _ => "/",
    };
    view! {
        <header class="site-header">
            <div class="container header-row">
                <Brand home/>
                <div class="header-tools">
                    <DensitySwitch density/>
                    <LanguageSwitch/>
                    {user.clone().map(|u| view! { <SignOut user=u/> })}
                </div>
            </div>
        </header>
        {user.map(|u| view! { <MainNav user=u/> })}
    }
}

/// The name of the application, leading to the user's home page.
#[component]
fn Brand(home: &'static str) -> impl IntoView {
    view! {
        <a class="brand" href=home>
            <span class="brand-name">"werkvoorraad"</span>
            <span class="brand-sub">{t(use_locale(), "brand-sub")}</span>
        </a>
    }
}

/// The menu entries this user's role may use.
#[component]
fn MainNav(user: SessionUser) -> impl IntoView {
    let locale = use_locale();
    view! {
        <nav class="main-nav utrecht-nav-bar" aria-label=t(locale, "main-menu")>
            <ul class="container utrecht-nav-list">
                {NAVIGATION
                    .iter()
                    .filter(|item| user.may(item.action))
                    .map(|item| view! {
                        <li class="utrecht-nav-list__item">
                            <A href=item.href exact=true attr:class="utrecht-nav-list__link">{item.label(locale)}</A>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Who is signed in, and the button to sign out (a plain form post).
#[component]
fn SignOut(user: SessionUser) -> impl IntoView {
    let locale = use_locale();
    let (email, role) = (user.email.clone().into(), user.role.name(locale).into());
    let who = match user.organisation {
        Some(organisation) => t_with(
            locale,
            "signed-in-as-organisation",
            &[("email", email), ("role", role), ("organisation", organisation.into())],
        ),
        None => t_with(locale, "signed-in-as", &[("email", email), ("role", role)]),
    };
    view! {
        <form method="post" action="/afmelden" class="sign-out">
            <span class="who" data-testid="signed-in-as">{who}</span>
            <button type="submit">{t(locale, "sign-out")}</button>
        </form>
    }
}

/// The other language, as a plain form post that the server remembers for this user. Its
/// name is written in that language (and marked so for screen readers).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let other = use_locale().other();
    let location = leptos_router::hooks::use_location();
    let back = move || match location.search.get() {
        search if search.is_empty() => location.pathname.get(),
        search => format!("{}?{search}", location.pathname.get()),
    };
    view! {
        <form method="post" action="/taal" class="language-switch">
            <input type="hidden" name="taal" value=other.code()/>
            <input type="hidden" name="terug" value=back/>
            <button type="submit" lang=other.code()>
                {t(other, "language-name")}
            </button>
        </form>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{t_with(use_locale(), "footer", &[("version", env!("CARGO_PKG_VERSION").into())])}</p>
            </div>
        </footer>
    }
}
