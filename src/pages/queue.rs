//! Werkvoorraad: the open cases of a view, the oldest first, sortable and paged on the server,
//! narrowed by state, age or month (the links from the Overzicht), with CSV and Excel downloads.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::forms::FormStateBadge;
use super::{figures_or_notice, queue_params, view_query};
use crate::components::filter_bar::FilterBar;
use crate::domain::figures::age_bucket;
use crate::domain::filters::{encode, href, ViewInfo, ViewQuery};
use crate::domain::forms::FormState;
use crate::domain::queue::{QueuePage, QueueParams, QueueRow, SortKey};
use crate::domain::report::{dutch_date, month_name};
use crate::domain::RequestType;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QueueData {
    pub info: ViewInfo,
    pub page: QueuePage,
}

#[server(input = leptos::server_fn::codec::Json)]
pub async fn fetch_queue(query: ViewQuery, params: QueueParams) -> Result<Option<QueueData>, ServerFnError> {
    use crate::analytics::{Analytics, AnalyticsError};
    let grant = super::require(crate::domain::access::Action::Queue).await?;
    let (query, params) = (grant.view(query), grant.queue_params(params));
    let (info, page) = match expect_context::<Analytics>().queue_page(&query, &params).await {
        Ok(found) => grant.release(found),
        Err(AnalyticsError::NoSnapshot) => return Ok(None),
        Err(e) => return Err(super::analytics_error(e)),
    };
    let mut entry = grant.entry("zaken bekeken", "gelukt");
    entry.detail = Some(format!(
        "werkvoorraad, {} zaken, pagina {}, peildatum {}",
        page.rows.len(),
        page.page,
        info.as_of
    ));
    super::record(&grant, &entry).await?;
    Ok(Some(QueueData { info, page }))
}

#[component]
pub fn QueuePageView() -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        let map = query.read();
        (view_query(&map), queue_params(&map))
    };
    let data = super::page_data(key, |(query, params)| fetch_queue(query, params), false);
    view! {
        <Title text="Werkvoorraad"/>
        <h1>"Werkvoorraad"</h1>
        <Suspense fallback=|| view! { <p>"Gegevens worden geladen…"</p> }>
            {move || Suspend::new(async move {
                let (query, params) = key();
                figures_or_notice(data.await, |data| view! { <Queue data query params/> }.into_any())
            })}
        </Suspense>
    }
}

/// The URL of this view with other queue parameters.
fn queue_href(query: &ViewQuery, params: &QueueParams) -> String {
    let mut pairs = query.pairs();
    pairs.extend(params.pairs(true));
    href("/werkvoorraad", &pairs)
}

#[component]
fn Queue(data: QueueData, query: ViewQuery, params: QueueParams) -> impl IntoView {
    let page = data.page.clone();
    let keep: Vec<(&'static str, String)> =
        params.pairs(false).into_iter().filter(|(k, _)| *k != "status" && *k != "form").collect();
    let download = |ext: &str| {
        let mut pairs = query.pairs();
        pairs.extend(params.pairs(false));
        href(&format!("/werkvoorraad/export.{ext}"), &pairs)
    };
    let (csv, xlsx, status) = (download("csv"), download("xlsx"), params.status.clone());
    let count = match page.total {
        0 => "Geen open zaken in deze selectie.".to_owned(),
        1 => "1 open zaak.".to_owned(),
        n => format!("{n} open zaken, de oudste eerst."),
    };
    // Whoever sees no staff names (a provider) gets no consultant options, column or sort.
    let staff = data.info.options.consultant.is_some();
    view! {
        <FilterBar path="/werkvoorraad" info=data.info.clone() query=query.clone() keep>
            <StatusChoice current=status/>
            <FormChoice current=params.form/>
        </FilterBar>
        <Narrowing query=query.clone() params=params.clone()/>
        <p class="view-note">
            <span data-testid="queue-total">{count}</span>
            " Peildatum " {dutch_date(&data.info.as_of)} ". "
            "Downloaden: " <a href=csv download>"CSV"</a> " · "
            <a href=xlsx download>"Excel"</a>
        </p>
        <div class="table-wrap">
            <table class="data-table queue-table" data-testid="queue">
                <caption class="visually-hidden">"Open zaken"</caption>
                <thead>
                    <tr>
                        <SortHeader label="Zaak" key=SortKey::CaseId query=query.clone() params=params.clone()/>
                        <th scope="col">"Cliënt"</th>
                        <SortHeader label="Soort" key=SortKey::RequestType query=query.clone() params=params.clone()/>
                        <th scope="col">"Product"</th>
                        <th scope="col">"Gemeente"</th>
                        <th scope="col">"Aanbieder"</th>
                        {match staff {
                            true => view! { <SortHeader label="Consulent" key=SortKey::Consultant query=query.clone() params=params.clone()/> }.into_any(),
                            false => view! { <th scope="col">"Opgepakt"</th> }.into_any(),
                        }}
                        <th scope="col" class="date">"Melding"</th>
                        <SortHeader label="Dagen open" key=SortKey::DaysOpen query=query.clone() params=params.clone()/>
                        <SortHeader label="Einddatum indicatie" key=SortKey::IndicationEnd query=query.clone() params=params.clone()/>
                        <th scope="col">"Evaluatie\u{ad}formulier"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager query params page=data.page.page pages=data.page.pages/>
    }
}

#[component]
fn Row(row: QueueRow) -> impl IntoView {
    let kind = RequestType::from_key(&row.request_type)
        .map_or(row.request_type.clone(), |t| t.name(crate::i18n::Locale::Nl));
    let consultant = match (row.consultant, row.picked_up) {
        (Some(name), _) => view! { <span>{name}</span> }.into_any(),
        (None, true) => view! { <span>"opgepakt"</span> }.into_any(),
        (None, false) => view! { <span class="badge badge-warning">"niet opgepakt"</span> }.into_any(),
    };
    let end = row.indication_end.as_deref().map(dutch_date).unwrap_or_default();
    view! {
        <tr>
            <th scope="row"><a href=format!("/zaak/{}", encode(&row.case_id))>{row.case_id.clone()}</a></th>
            <td>{row.client_ref}</td>
            <td>{kind}</td>
            <td>{row.product}</td>
            <td>{row.municipality}</td>
            <td>{row.provider.unwrap_or_default()}</td>
            <td>{consultant}</td>
            <td class="date">{dutch_date(&row.received_on)}</td>
            <td class="num">{row.days_open}</td>
            <td class="date">
                {end}
                {row.lapsed.then(|| view! { " " <span class="badge badge-error">"verlopen"</span> })}
            </td>
            <td><FormStateBadge state=row.form/></td>
        </tr>
    }
}

/// A column header that sorts by its key; a second click reverses the order.
#[component]
fn SortHeader(label: &'static str, key: SortKey, query: ViewQuery, params: QueueParams) -> impl IntoView {
    let active = params.sort == key;
    let next = QueueParams { sort: key, descending: active && !params.descending, page: 1, ..params.clone() };
    let sort = match (active, params.descending) {
        (false, _) => "none",
        (true, false) => "ascending",
        (true, true) => "descending",
    };
    let class = if matches!(key, SortKey::DaysOpen) { "num" } else { "" };
    let hint = if key == SortKey::DaysOpen { " (oudste eerst)" } else { "" };
    view! {
        <th scope="col" aria-sort=sort class=class>
            <a href=queue_href(&query, &next) title=format!("Sorteer op {}{hint}", label.to_lowercase())>{label}</a>
        </th>
    }
}

#[component]
fn StatusChoice(current: Option<String>) -> impl IntoView {
    let options = [("", "Alle open zaken"), ("niet-opgepakt", "Nog niet opgepakt"), ("opgepakt", "Opgepakt")];
    view! {
        <div class="field">
            <label for="f-status">"Status"</label>
            <select id="f-status" name="status">
                {options.into_iter().map(|(value, label)| {
                    let selected = current.as_deref().unwrap_or_default() == value;
                    view! { <option value=value selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Narrowing to reindications by the state of their evaluation form.
#[component]
fn FormChoice(current: Option<FormState>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="f-form">"Evaluatieformulier"</label>
            <select id="f-form" name="form">
                <option value="" selected=current.is_none()>"Alle"</option>
                {FormState::ALL.into_iter().map(|state| view! {
                    <option value=state.key() selected=current == Some(state)>{state.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The narrowing that came with a link from the Overzicht, each removable.
#[component]
fn Narrowing(query: ViewQuery, params: QueueParams) -> impl IntoView {
    let mut chips = Vec::new();
    if let Some(age) = &params.age {
        let label = age_bucket(age).map_or(age.clone(), |b| b.name(crate::i18n::Locale::Nl));
        chips.push((format!("Leeftijd {label}"), QueueParams { age: None, page: 1, ..params.clone() }));
    }
    if let Some(month) = &params.month {
        chips.push((
            format!("Gemeld in {}", month_name(month)),
            QueueParams { month: None, page: 1, ..params.clone() },
        ));
    }
    if let Some(indication) = &params.indication {
        let label = if indication == "verlopen" { "Indicatie verlopen" } else { "Indicatie bijna verlopen" };
        chips.push((label.to_owned(), QueueParams { indication: None, page: 1, ..params.clone() }));
    }
    if params.stalled {
        chips.push(("Stilgevallen".to_owned(), QueueParams { stalled: false, page: 1, ..params.clone() }));
    }
    if params.over_term {
        chips.push((
            "Nieuwe aanvragen over de termijn".to_owned(),
            QueueParams { over_term: false, page: 1, ..params.clone() },
        ));
    }
    (!chips.is_empty()).then(|| {
        view! {
            <ul class="chips" aria-label="Selectie">
                {chips.into_iter().map(|(label, without)| view! {
                    <li>{label.clone()} " " <a href=queue_href(&query, &without) aria-label=format!("{label} weghalen")>"×"</a></li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn Pager(query: ViewQuery, params: QueueParams, page: usize, pages: usize) -> impl IntoView {
    let link = |to: usize| queue_href(&query, &QueueParams { page: to, ..params.clone() });
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label="Pagina's">
                {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">"← Vorige"</a> })}
                <span>"Pagina " {page} " van " {pages}</span>
                {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">"Volgende →"</a> })}
            </nav>
        }
    })
}
