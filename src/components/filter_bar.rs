//! The one filter bar of Overzicht, Werkvoorraad and Consulenten: snapshot, as-of date and the
//! five filters, as a plain GET form, so the view lives in the URL and works without wasm.

use leptos::prelude::*;

use crate::domain::dates::local_date;
use crate::domain::filters::{filter_label, Filters, ViewInfo, ViewQuery};
use crate::domain::{product_label, RequestType};
use crate::i18n::{t, t_with, Locale};

/// `path`: where the form goes; `keep`: parameters of the page itself to carry along.
#[component]
pub fn FilterBar(
    path: &'static str,
    info: ViewInfo,
    query: ViewQuery,
    #[prop(optional)] keep: Vec<(&'static str, String)>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let mut filters = query.filters.clone();
    if info.options.consultant.is_none() {
        // The server ignores a consultant filter for this user (domain/redact.rs): not shown.
        filters.consultant = None;
    }
    let chosen_snapshot = query.snapshot;
    let as_of = query.as_of.clone().unwrap_or_default();
    let snapshots = info.snapshots.clone();
    let newest = snapshots.first().map(|s| s.id);
    let locale = crate::i18n::use_locale();
    view! {
        <form class="filter-bar" method="get" action=path role="search" aria-label=t(locale, "filter-bar")>
            <div class="filter-fields">
                <div class="field">
                    <label for="f-snapshot">{t(locale, "filter-snapshot")}</label>
                    <select id="f-snapshot" name="snapshot">
                        {snapshots.into_iter().map(|s| {
                            let date = local_date(&s.as_of, locale);
                            let label = if Some(s.id) == newest {
                                t_with(locale, "filter-newest", &[("date", date.into())])
                            } else {
                                date
                            };
                            let value = if Some(s.id) == newest { String::new() } else { s.id.to_string() };
                            let selected = chosen_snapshot == Some(s.id) || (chosen_snapshot.is_none() && Some(s.id) == newest);
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-as-of">{t(locale, "status-as-of-label")}</label>
                    <input type="date" id="f-as-of" name="as_of" value=as_of aria-describedby="f-as-of-hint"/>
                    <p class="hint" id="f-as-of-hint">{t(locale, "filter-as-of-hint")}</p>
                </div>
                <Choice key="municipality" locale values=info.options.municipality.clone() filters=filters.clone()/>
                <Choice key="product" locale values=info.options.product.clone() filters=filters.clone()/>
                <RequestTypeChoice locale filters=filters.clone()/>
                <Choice key="provider" locale values=info.options.provider.clone() filters=filters.clone()/>
                {info.options.consultant.clone().map(|values| view! {
                    <Choice key="consultant" locale values filters=filters.clone()/>
                })}
                {children.map(|c| c())}
            </div>
            {keep.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <div class="filter-actions">
                <button type="submit">{t(locale, "status-show")}</button>
                <a href=path>{t(locale, "filter-clear")}</a>
            </div>
        </form>
        <ActiveFilters filters=filters locale/>
    }
}

/// A select of the distinct values of one filter; the current value stays selectable.
#[component]
fn Choice(key: &'static str, locale: Locale, values: Vec<String>, filters: Filters) -> impl IntoView {
    let current = filters.get(key).map(str::to_owned);
    let mut values = values;
    if let Some(value) = &current {
        if !values.contains(value) {
            values.push(value.clone());
        }
    }
    let id = format!("f-{key}");
    view! {
        <div class="field">
            <label for=id.clone()>{filter_label(key, locale)}</label>
            <select id=id name=key>
                <option value="" selected=current.is_none()>{t(locale, "filter-all")}</option>
                {values.into_iter().map(|v| {
                    let selected = current.as_deref() == Some(v.as_str());
                    let shown = if key == "product" { product_text(&v, locale) } else { v.clone() };
                    view! { <option value=v selected=selected>{shown}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn RequestTypeChoice(locale: Locale, filters: Filters) -> impl IntoView {
    let current = filters.request_type.clone();
    view! {
        <div class="field">
            <label for="f-request_type">{filter_label("request_type", locale)}</label>
            <select id="f-request_type" name="request_type">
                <option value="" selected=current.is_none()>{t(locale, "filter-all")}</option>
                {[RequestType::New, RequestType::Reindication].into_iter().map(|t| {
                    let selected = current.as_deref() == Some(t.code());
                    view! { <option value=t.code() selected=selected>{t.name(locale)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// `BW` → `BW – Beschermd Wonen`.
pub fn product_text(code: &str, locale: Locale) -> String {
    product_label(code, locale).map_or(code.to_owned(), |label| format!("{code} – {label}"))
}

/// A sentence naming the active filters, so a shared link says what it shows.
#[component]
fn ActiveFilters(filters: Filters, locale: Locale) -> impl IntoView {
    let parts: Vec<String> = Filters::KEYS
        .iter()
        .filter_map(|key| {
            let value = filters.get(key)?;
            let shown = match *key {
                "request_type" => RequestType::from_key(value).map_or(value.to_owned(), |t| t.name(locale)),
                "product" => product_text(value, locale),
                _ => value.to_owned(),
            };
            Some(format!("{}: {shown}", filter_label(key, locale)))
        })
        .collect();
    let sentence = t_with(locale, "filter-active", &[("filters", parts.join(" · ").into())]);
    (!parts.is_empty()).then(|| view! { <p class="active-filters">{sentence}</p> })
}
