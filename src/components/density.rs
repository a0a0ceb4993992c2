//! The density switch (ruim / compact), remembered in the browser's localStorage.
//! It only exists after hydration: without JavaScript the page simply stays in the roomy layout.

use leptos::prelude::*;

const STORAGE_KEY: &str = "werkvoorraad.weergave";

/// The chosen density, shared by the frame (which applies it) and the switch (which sets it).
#[derive(Clone, Copy)]
pub struct Density {
    compact: RwSignal<bool>,
    hydrated: RwSignal<bool>,
}

impl Density {
    pub fn new() -> Self {
        let density = Self { compact: RwSignal::new(false), hydrated: RwSignal::new(false) };
        // Effects run in the browser only: read the stored choice once hydrated.
        Effect::new(move |_| {
            density.compact.set(stored::load(STORAGE_KEY).as_deref() == Some("compact"));
            density.hydrated.set(true);
        });
        density
    }

    pub fn is_compact(&self) -> bool {
        self.compact.get()
    }

    fn toggle(&self) {
        let compact = !self.compact.get_untracked();
        self.compact.set(compact);
        stored::save(STORAGE_KEY, if compact { "compact" } else { "ruim" });
    }
}

impl Default for Density {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn DensitySwitch(density: Density) -> impl IntoView {
    view! {
        <button
            type="button"
            class="density-switch"
            hidden=move || !density.hydrated.get()
            aria-pressed=move || density.is_compact().to_string()
            on:click=move |_| density.toggle()
        >
            {crate::i18n::t(crate::i18n::use_locale(), "density-compact")}
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod stored {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn load(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?
    }

    pub fn save(key: &str, value: &str) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(key, value);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod stored {
    pub fn load(_key: &str) -> Option<String> {
        None
    }

    pub fn save(_key: &str, _value: &str) {}
}
