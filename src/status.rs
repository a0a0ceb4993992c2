//! Stand van zaken put together for one user: the view's figures, flow and trend released by
//! the user's grant, the risk per organisation. Its page and its PDF both ask here.

use crate::analytics::{Analytics, AnalyticsError};
use crate::auth::guard::Grant;
use crate::domain::figures::by_organisation;
use crate::domain::filters::{ViewInfo, ViewQuery};
use crate::domain::status::StatusReport;
use crate::store::Db;

/// The report of the view `query` asks for (only its as-of date counts), as `grant` may see it,
/// its chart in the user's language.
pub async fn report(
    analytics: &Analytics,
    db: &Db,
    grant: &Grant,
    query: ViewQuery,
) -> Result<StatusReport, AnalyticsError> {
    let query = grant.view(ViewQuery { as_of: query.as_of, ..ViewQuery::default() });
    let (info, figures) = analytics.figures(&query).await?;
    let (_, flow) = analytics.flow(&query).await?;
    let trend = analytics.trend(&query.filters).await?;
    let figures = grant.release(figures.as_ref().clone());
    let organisations = db.organisations().await?;
    // The report offers no filters: without their choices it holds no staff names.
    let info = ViewInfo { options: Default::default(), ..grant.release(info) };
    Ok(StatusReport {
        info,
        stalled: (flow.stalled, analytics.settings().stalled_snapshots),
        trend: crate::charts::trend::chart(&trend, grant.user().user.locale),
        risk: by_organisation(figures.risk(), &organisations),
        figures: figures.headline(),
    })
}
