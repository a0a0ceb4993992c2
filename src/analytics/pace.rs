//! The forecast's own parameters (spec/flow.md): the throughput window (`window=6|12|26`) and the
//! date of "how many by a date" (`by=`), read from a request and checked.

use chrono::NaiveDate;

use super::{blocking, Analytics, AnalyticsError, Blame};
use crate::domain::figures::Forecast;
use crate::domain::filters::ViewQuery;
use crate::domain::flow::{ByDate, ForecastAnswers, ForecastByDate, MetricsAnswer};
use crate::metrics::calendar::day_number;
use crate::metrics::forecast::{self, HISTORY_WEEKS, HORIZON_WEEKS, WINDOWS};
use crate::metrics::Day;

/// The window in full weeks and the date asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pace {
    pub window: i32,
    pub by: Option<NaiveDate>,
}

impl Default for Pace {
    fn default() -> Self {
        Pace { window: HISTORY_WEEKS, by: None }
    }
}

impl Pace {
    /// From a request's `window` and `by`; empty values count as absent.
    pub fn parse(window: Option<&str>, by: Option<&str>) -> Result<Pace, AnalyticsError> {
        let window = match window.map(str::trim).filter(|w| !w.is_empty()) {
            None => HISTORY_WEEKS,
            Some(text) => text
                .parse()
                .ok()
                .filter(|w| WINDOWS.contains(w))
                .ok_or_else(|| AnalyticsError::BadWindow(text.to_owned()))?,
        };
        let by = match by.map(str::trim).filter(|b| !b.is_empty()) {
            None => None,
            Some(text) => Some(
                crate::ingest::values::parse_date(text, false)
                    .ok_or_else(|| AnalyticsError::BadByDate(text.to_owned()))?,
            ),
        };
        Ok(Pace { window, by })
    }

    /// From query pairs (`window`, `by`).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Pace, AnalyticsError> {
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        Pace::parse(get("window"), get("by"))
    }
}

impl Analytics {
    /// The metrics object of a view (`GET /api/v1/metrics`, `metrics --json`): its figures with
    /// the forecast over the window asked for, the flow of its series, and "how many by".
    pub async fn metrics(&self, query: &ViewQuery, pace: &Pace) -> Result<MetricsAnswer, AnalyticsError> {
        let (_, figures) = self.figures(query).await?;
        let (_, flow) = self.flow(query).await?;
        let (forecast, forecast_by_date) = self.paced(query, pace).await?;
        let mut figures = figures.as_ref().clone();
        if forecast.is_some() {
            figures.forecast = forecast;
        }
        Ok(MetricsAnswer { figures, flow: flow.as_ref().clone(), forecast_by_date })
    }

    /// The view's forecast over `pace.window` (`None` for the default window: the figures hold
    /// that one) and how many decisions by `pace.by`.
    pub async fn paced(
        &self,
        query: &ViewQuery,
        pace: &Pace,
    ) -> Result<(Option<Forecast>, Option<ForecastByDate>), AnalyticsError> {
        if *pace == Pace::default() {
            return Ok((None, None));
        }
        let (key, _) = self.resolve(query).await?;
        let day = Day::new(key.as_of);
        let by = match pace.by {
            Some(date) => Some(within_horizon(key.as_of, date)?),
            None => None,
        };
        let open = self.figures_for(&key).await?.open;
        let prepared = self.prepared(&key).await?;
        let window = pace.window;
        blocking(move || {
            let forecast = (window != HISTORY_WEEKS)
                .then(|| forecast::forecast(&prepared, day, open, 0, window))
                .transpose()?;
            let by_date = by.map(|by| forecast::decisions_by(&prepared, day, window, by)).transpose()?;
            Ok((forecast, by_date))
        })
        .await
    }
}

impl Analytics {
    /// The forecast of a view over `window` weeks with `extra` decisions a week on top of that
    /// pace ("what if"); the figures hold the one without extra over the default window.
    pub async fn forecast_with(
        &self,
        query: &ViewQuery,
        extra: u32,
        window: i32,
    ) -> Result<Forecast, AnalyticsError> {
        let (key, _) = self.resolve(query).await?;
        let figures = self.figures_for(&key).await?;
        if let (0, HISTORY_WEEKS, Some(forecast)) = (extra, window, &figures.forecast) {
            return Ok(forecast.clone());
        }
        let (open, prepared, day) = (figures.open, self.prepared(&key).await?, Day::new(key.as_of));
        blocking(move || Ok(forecast::forecast(&prepared, day, open, extra, window)?)).await
    }

    /// The Overzicht's forecast questions over the window asked for (`window`, as in the URL):
    /// the forecast, with `extra` decisions a week, and how many by a date. A wrong date is
    /// the answer's message; a wrong window, the request's error.
    pub async fn forecast_answers(
        &self,
        query: &ViewQuery,
        window: Option<&str>,
        extra: Option<u32>,
        by: Option<&str>,
    ) -> Result<ForecastAnswers, AnalyticsError> {
        let window = Pace::parse(window, None)?.window;
        let forecast = Some(self.forecast_with(query, 0, window).await?);
        let what_if = match extra.filter(|n| *n > 0) {
            Some(n) => Some((n, self.forecast_with(query, n, window).await?)),
            None => None,
        };
        let by = match by.map(str::trim).filter(|b| !b.is_empty()) {
            Some(text) => match self.by_date(query, window, text).await {
                Err(e) if e.blame() == Blame::Server => return Err(e),
                answer => Some(answer.map_err(|e| e.user_message())),
            },
            None => None,
        };
        Ok(ForecastAnswers { window, forecast, what_if, by })
    }

    /// How many decisions by `text` (a date) at the pace of `window` weeks, and the extra
    /// decisions a week that clear the backlog by then at 85 %.
    async fn by_date(&self, query: &ViewQuery, window: i32, text: &str) -> Result<ByDate, AnalyticsError> {
        let date = Pace::parse(None, Some(text))?.by.ok_or(AnalyticsError::BadByDate(text.to_owned()))?;
        let (key, _) = self.resolve(query).await?;
        within_horizon(key.as_of, date)?;
        let (prepared, day, by) = (self.prepared(&key).await?, Day::new(key.as_of), day_number(date));
        let decisions = blocking(move || Ok(forecast::decisions_by(&prepared, day, window, by)?)).await?;
        let extra = self.extra_needed(query, date, window).await?;
        Ok(ByDate { decisions, extra })
    }
}

/// The most extra decisions a week one may ask about (the Overzicht's "what if").
pub const MAX_EXTRA: u32 = 1000;

impl Analytics {
    /// The least extra decisions a week with which at least 85 % of the trials clear the
    /// backlog by `by`; `None` when even `MAX_EXTRA` would not.
    pub async fn extra_needed(
        &self,
        query: &ViewQuery,
        by: NaiveDate,
        window: i32,
    ) -> Result<Option<u32>, AnalyticsError> {
        let by = by.format("%Y-%m-%d").to_string();
        let clears = |f: &Forecast| f.p85_date.as_deref().is_some_and(|date| date <= by.as_str());
        if clears(&self.forecast_with(query, 0, window).await?) {
            return Ok(Some(0));
        }
        if !clears(&self.forecast_with(query, MAX_EXTRA, window).await?) {
            return Ok(None);
        }
        // More capacity never clears later: the smallest that clears lies in (low, high].
        let (mut low, mut high) = (0, MAX_EXTRA);
        while high - low > 1 {
            let middle = (low + high) / 2;
            match clears(&self.forecast_with(query, middle, window).await?) {
                true => high = middle,
                false => low = middle,
            }
        }
        Ok(Some(high))
    }
}

/// The date as a day number when it lies from the as-of date to the forecast's horizon.
fn within_horizon(as_of: NaiveDate, date: NaiveDate) -> Result<i32, AnalyticsError> {
    let last = as_of + chrono::Duration::weeks(i64::from(HORIZON_WEEKS));
    if (as_of..=last).contains(&date) {
        return Ok(day_number(date));
    }
    let show = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
    Err(AnalyticsError::ByDateOutOfRange { asked: show(date), from: show(as_of), to: show(last) })
}
