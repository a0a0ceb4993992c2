//! The right of access in the store: one client number's cases in every snapshot, their forms
//! (metadata only) and problem reports, and the access-log lines that name the client or a case.

use sqlx::Row;

use super::forms::FormQuery;
use super::problems::ProblemQuery;
use super::{Db, StoreError};
use crate::domain::subject::{names_case, ClientCase, SubjectAccess};

/// Forms per case listed at most (a case has a handful).
const FORMS_PER_CASE: i64 = 1000;

impl Db {
    pub async fn subject_access(&self, client: &str) -> Result<SubjectAccess, StoreError> {
        let rows = sqlx::query(
            "SELECT s.as_of, c.case_id, c.request_type, c.product, c.municipality, c.provider, c.consultant, \
             c.received_on, c.assigned_on, c.decided_on, c.outcome, c.indication_end \
             FROM cases c JOIN snapshots s ON s.id = c.snapshot_id WHERE c.client_ref = $1 ORDER BY s.as_of, c.case_id",
        )
        .bind(client.to_owned())
        .fetch_all(self.pool())
        .await?;
        let case = |row: &sqlx::any::AnyRow| -> Result<ClientCase, sqlx::Error> {
            Ok(ClientCase {
                as_of: row.try_get("as_of")?,
                case_id: row.try_get("case_id")?,
                request_type: row.try_get("request_type")?,
                product: row.try_get("product")?,
                municipality: row.try_get("municipality")?,
                provider: row.try_get("provider")?,
                consultant: row.try_get("consultant")?,
                received_on: row.try_get("received_on")?,
                assigned_on: row.try_get("assigned_on")?,
                decided_on: row.try_get("decided_on")?,
                outcome: row.try_get("outcome")?,
                indication_end: row.try_get("indication_end")?,
            })
        };
        let cases = rows.iter().map(case).collect::<Result<Vec<_>, _>>()?;
        let mut access = SubjectAccess { client: client.to_owned(), cases, ..SubjectAccess::default() };
        for id in access.case_ids() {
            let forms = FormQuery {
                case_id: Some(&id),
                oldest_first: true,
                limit: FORMS_PER_CASE,
                ..FormQuery::default()
            };
            access.forms.extend(self.forms(&forms).await?);
            let problems = ProblemQuery { case_id: Some(&id), organisation_id: None, open_only: false };
            access.problems.extend(self.problems(&problems).await?);
        }
        access.log = self.log_naming(client, &access.case_ids()).await?;
        Ok(access)
    }

    /// The access-log lines that name `client` or one of `case_ids`, oldest first.
    async fn log_naming(
        &self,
        client: &str,
        case_ids: &[String],
    ) -> Result<Vec<crate::domain::access::LogLine>, StoreError> {
        let mut found: Vec<(i64, crate::domain::access::LogLine)> = Vec::new();
        let mut add = |rows: Vec<sqlx::any::AnyRow>, id: Option<&str>| -> Result<(), StoreError> {
            for row in &rows {
                let line_id: i64 = row.try_get("id")?;
                let mut line = super::audit::log_line(row)?;
                let named = id.is_none_or(|id| names_case(line.case_id.as_deref(), id));
                // A mail's line lists several cases: only this client's are theirs to see.
                line.case_id = line.case_id.map(|ids| {
                    ids.split(',')
                        .filter(|c| case_ids.iter().any(|own| own == c))
                        .collect::<Vec<_>>()
                        .join(",")
                });
                if named && !found.iter().any(|(seen, _)| *seen == line_id) {
                    found.push((line_id, line));
                }
            }
            Ok(())
        };
        let columns =
            "id, at, user_id, email, role, organisation, action, case_id, client_ref, detail, outcome";
        let by_client = format!("SELECT {columns} FROM access_log WHERE client_ref = $1");
        add(
            sqlx::query(sqlx::AssertSqlSafe(by_client))
                .bind(client.to_owned())
                .fetch_all(self.pool())
                .await?,
            None,
        )?;
        for id in case_ids {
            let pattern = format!("%{}%", id.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
            let sql =
                format!("SELECT {columns} FROM access_log WHERE case_id = $1 OR case_id LIKE $2 ESCAPE '\\'");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id.clone())
                .bind(pattern)
                .fetch_all(self.pool())
                .await?;
            add(rows, Some(id))?;
        }
        found.sort_by_key(|(id, _)| *id);
        Ok(found.into_iter().map(|(_, line)| line).collect())
    }
}
