//! Werkvoorraad: the open cases of a view, the oldest first, sortable and paged on the server,
//! narrowed by state, age or month (the links from the Overzicht), with CSV and Excel downloads.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{figures_or_notice, queue_params, view_query};
use crate::components::evaluation_form::FormStateBadge;
use crate::components::filter_bar::FilterBar;
use crate::domain::dates::{local_date, local_month};
use crate::domain::figures::age_bucket;
use crate::domain::filters::{encode, href, ViewInfo, ViewQuery};
use crate::domain::forms::FormState;
use crate::domain::queue::{QueuePage, QueueParams, QueueRow, SortKey};
use crate::domain::RequestType;
use crate::i18n::{t, t_with, use_locale};

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
        <super::PageHeading slug="werkvoorraad"/>
        <Suspense fallback=super::Loading>
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
    let locale = use_locale();
    let count = match page.total {
        0 => t(locale, "queue-none"),
        1 => t(locale, "queue-one"),
        n => t_with(locale, "queue-many", &[("count", n.into())]),
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
            " " {t_with(locale, "queue-as-of", &[("as_of", local_date(&data.info.as_of, locale).into())])} " "
            {t(locale, "queue-download")} " " <a href=csv download>"CSV"</a> " · "
            <a href=xlsx download>"Excel"</a>
        </p>
        <div class="table-wrap">
            <table class="data-table queue-table" data-testid="queue">
                <caption class="visually-hidden">{t(locale, "status-open")}</caption>
                <QueueHead query=query.clone() params=params.clone() staff/>
                <tbody>
                    {page.rows.into_iter().map(|row| view! { <Row row/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager query params page=data.page.page pages=data.page.pages/>
    }
}

/// The queue's column headings, the sortable ones as links; `staff` shows the consultant.
#[component]
fn QueueHead(query: ViewQuery, params: QueueParams, staff: bool) -> impl IntoView {
    let locale = use_locale();
    let sort = |label: &'static str, key: SortKey| {
        view! { <SortHeader label key query=query.clone() params=params.clone()/> }
    };
    view! {
        <thead>
            <tr>
                {sort("chart-case", SortKey::CaseId)}
                <th scope="col">{t(locale, "queue-client")}</th>
                {sort("queue-kind", SortKey::RequestType)}
                <th scope="col">{t(locale, "filter-product")}</th>
                <th scope="col">{t(locale, "filter-municipality")}</th>
                <th scope="col">{t(locale, "filter-provider")}</th>
                {match staff {
                    true => sort("filter-consultant", SortKey::Consultant).into_any(),
                    false => view! { <th scope="col">{t(locale, "chart-picked-up")}</th> }.into_any(),
                }}
                <th scope="col" class="date">{t(locale, "queue-received")}</th>
                {sort("queue-days-open", SortKey::DaysOpen)}
                {sort("queue-indication-end", SortKey::IndicationEnd)}
                <th scope="col">{t(locale, "queue-form")}</th>
            </tr>
        </thead>
    }
}

#[component]
fn Row(row: QueueRow) -> impl IntoView {
    let locale = use_locale();
    let kind = RequestType::from_key(&row.request_type).map_or(row.request_type.clone(), |t| t.name(locale));
    let consultant = match (row.consultant, row.picked_up) {
        (Some(name), _) => view! { <span>{name}</span> }.into_any(),
        (None, true) => view! { <span>{t(locale, "queue-picked-up")}</span> }.into_any(),
        (None, false) => {
            view! { <span class="badge badge-warning">{t(locale, "stage-unassigned")}</span> }.into_any()
        }
    };
    let date = |d: &str| local_date(d, locale);
    let end = row.indication_end.as_deref().map(date).unwrap_or_default();
    view! {
        <tr>
            <th scope="row"><a href=format!("/zaak/{}", encode(&row.case_id))>{row.case_id.clone()}</a></th>
            <td>{row.client_ref}</td>
            <td>{kind}</td>
            <td>{row.product}</td>
            <td>{row.municipality}</td>
            <td>{row.provider.unwrap_or_default()}</td>
            <td>{consultant}</td>
            <td class="date">{date(&row.received_on)}</td>
            <td class="num">{row.days_open}</td>
            <td class="date">
                {end}
                {row.lapsed.then(|| view! { " " <span class="badge badge-error">{t(locale, "queue-lapsed")}</span> })}
            </td>
            <td><FormStateBadge state=row.form/></td>
        </tr>
    }
}

/// A column header that sorts by its key; a second click reverses the order. `label` is the
/// catalogue key of its name.
#[component]
fn SortHeader(label: &'static str, key: SortKey, query: ViewQuery, params: QueueParams) -> impl IntoView {
    let (locale, label) = (use_locale(), t(use_locale(), label));
    let active = params.sort == key;
    let next = QueueParams { sort: key, descending: active && !params.descending, page: 1, ..params.clone() };
    let sort = match (active, params.descending) {
        (false, _) => "none",
        (true, false) => "ascending",
        (true, true) => "descending",
    };
    let class = if matches!(key, SortKey::DaysOpen) { "num" } else { "" };
    let hint = if key == SortKey::DaysOpen {
        format!(" {}", t(locale, "queue-oldest-first"))
    } else {
        String::new()
    };
    let title = t_with(locale, "queue-sort-by", &[("column", label.to_lowercase().into())]) + &hint;
    view! {
        <th scope="col" aria-sort=sort class=class>
            <a href=queue_href(&query, &next) title=title>{label}</a>
        </th>
    }
}

#[component]
fn StatusChoice(current: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let options =
        [("", "queue-all-open"), ("niet-opgepakt", "status-unassigned"), ("opgepakt", "chart-picked-up")];
    view! {
        <div class="field">
            <label for="f-status">{t(locale, "queue-status")}</label>
            <select id="f-status" name="status">
                {options.into_iter().map(|(value, label)| {
                    let selected = current.as_deref().unwrap_or_default() == value;
                    view! { <option value=value selected=selected>{t(locale, label)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Narrowing to reindications by the state of their evaluation form.
#[component]
fn FormChoice(current: Option<FormState>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="field">
            <label for="f-form">{t(locale, "queue-form-label")}</label>
            <select id="f-form" name="form">
                <option value="" selected=current.is_none()>{t(locale, "filter-all")}</option>
                {FormState::ALL.into_iter().map(|state| view! {
                    <option value=state.key() selected=current == Some(state)>{state.name(locale)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The narrowing that came with a link from the Overzicht, each removable.
#[component]
fn Narrowing(query: ViewQuery, params: QueueParams) -> impl IntoView {
    let locale = use_locale();
    let mut chips = Vec::new();
    if let Some(age) = &params.age {
        let age = age_bucket(age).map_or(age.clone(), |b| b.name(locale));
        let label = t_with(locale, "queue-chip-age", &[("age", age.into())]);
        chips.push((label, QueueParams { age: None, page: 1, ..params.clone() }));
    }
    if let Some(month) = &params.month {
        let label = t_with(locale, "queue-chip-month", &[("month", local_month(month, locale).into())]);
        chips.push((label, QueueParams { month: None, page: 1, ..params.clone() }));
    }
    if let Some(indication) = &params.indication {
        let key = if indication == "verlopen" { "queue-chip-lapsed" } else { "queue-chip-expiring" };
        chips.push((t(locale, key), QueueParams { indication: None, page: 1, ..params.clone() }));
    }
    if params.stalled {
        chips.push((
            t(locale, "queue-chip-stalled"),
            QueueParams { stalled: false, page: 1, ..params.clone() },
        ));
    }
    if params.over_term {
        chips.push((
            t(locale, "status-over-term"),
            QueueParams { over_term: false, page: 1, ..params.clone() },
        ));
    }
    (!chips.is_empty()).then(|| {
        view! {
            <ul class="chips" aria-label=t(locale, "queue-selection")>
                {chips.into_iter().map(|(label, without)| {
                    let remove = t_with(locale, "queue-remove", &[("label", label.clone().into())]);
                    view! { <li>{label} " " <a href=queue_href(&query, &without) aria-label=remove>"×"</a></li> }
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn Pager(query: ViewQuery, params: QueueParams, page: usize, pages: usize) -> impl IntoView {
    let link = |to: usize| queue_href(&query, &QueueParams { page: to, ..params.clone() });
    let locale = use_locale();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=t(locale, "pager-label")>
                {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{t(locale, "pager-previous")}</a> })}
                <span>{t_with(locale, "pager-page", &[("page", page.into()), ("pages", pages.into())])}</span>
                {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">{t(locale, "pager-next")}</a> })}
            </nav>
        }
    })
}
