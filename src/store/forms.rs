//! Evaluation forms as stored: the file's bytes and SHA-256 with the version's metadata in one
//! transaction, the versions per case, their assessments, and the newest state per case.

use sqlx::{AssertSqlSafe, Row};

use super::{Db, StoreError};
use crate::domain::forms::{Assessment, EvaluationForm, FormState};

pub struct NewForm<'a> {
    pub case_id: &'a str,
    pub organisation_id: Option<i64>,
    pub bytes: &'a [u8],
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub counsellor_name: &'a str,
    pub counsellor_phone: &'a str,
    pub counsellor_email: &'a str,
    pub period_from: &'a str,
    pub period_to: &'a str,
    pub remark: Option<&'a str>,
    pub uploaded_by: &'a str,
    pub now: &'a str,
}

/// What storing a form did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    New(i64),
    /// The identical file was already there for this case: its form.
    Duplicate(i64),
}

/// Which forms to list; `None` is "all".
#[derive(Default)]
pub struct FormQuery<'a> {
    pub case_id: Option<&'a str>,
    pub organisation_id: Option<i64>,
    /// Only forms that nobody has assessed yet.
    pub to_assess_only: bool,
    /// The oldest upload first (else the newest).
    pub oldest_first: bool,
    pub limit: i64,
}

const FORM_COLUMNS: &str = "f.id, f.case_id, o.name AS organisation, f.file_name, f.content_type, \
     ff.size_bytes, f.counsellor_name, f.counsellor_phone, f.counsellor_email, f.period_from, f.period_to, \
     f.remark, f.uploaded_by, f.uploaded_at, a.complete, a.reason, a.assessed_by, a.assessed_at";

const FORM_JOINS: &str = "FROM evaluation_forms f JOIN form_files ff ON ff.id = f.file_id \
     LEFT JOIN organisations o ON o.id = f.organisation_id \
     LEFT JOIN form_assessments a ON a.id = (SELECT MAX(id) FROM form_assessments WHERE form_id = f.id)";

impl Db {
    /// Stores the file and its metadata together, or neither; the same file for the same case
    /// is recognised and not stored again.
    pub async fn store_form(&self, new: &NewForm<'_>) -> Result<Stored, StoreError> {
        if let Some(id) = self.form_by_hash(new.case_id, new.sha256).await? {
            return Ok(Stored::Duplicate(id));
        }
        let mut tx = self.pool().begin().await?;
        let file_id: i64 = sqlx::query_scalar(
            "INSERT INTO form_files (sha256, size_bytes, content) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(new.sha256.to_owned())
        .bind(new.bytes.len() as i64)
        .bind(new.bytes.to_vec())
        .fetch_one(&mut *tx)
        .await?;
        let inserted = sqlx::query_scalar(
            "INSERT INTO evaluation_forms (case_id, organisation_id, file_id, sha256, file_name, content_type, \
             counsellor_name, counsellor_phone, counsellor_email, period_from, period_to, remark, uploaded_by, \
             uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(new.case_id.to_owned())
        .bind(new.organisation_id)
        .bind(file_id)
        .bind(new.sha256.to_owned())
        .bind(new.file_name.to_owned())
        .bind(new.content_type.to_owned())
        .bind(new.counsellor_name.to_owned())
        .bind(new.counsellor_phone.to_owned())
        .bind(new.counsellor_email.to_owned())
        .bind(new.period_from.to_owned())
        .bind(new.period_to.to_owned())
        .bind(new.remark.map(str::to_owned))
        .bind(new.uploaded_by.to_owned())
        .bind(new.now.to_owned())
        .fetch_one(&mut *tx)
        .await;
        match inserted {
            Ok(id) => {
                tx.commit().await?;
                Ok(Stored::New(id))
            }
            Err(error) => {
                tx.rollback().await?;
                // Two uploads of the same file at once: the other one won.
                match self.form_by_hash(new.case_id, new.sha256).await? {
                    Some(id) => Ok(Stored::Duplicate(id)),
                    None => Err(error.into()),
                }
            }
        }
    }

    async fn form_by_hash(&self, case_id: &str, sha256: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT id FROM evaluation_forms WHERE case_id = $1 AND sha256 = $2")
            .bind(case_id.to_owned())
            .bind(sha256.to_owned())
            .fetch_optional(self.pool())
            .await?)
    }

    /// Newest first, unless asked otherwise.
    pub async fn forms(&self, query: &FormQuery<'_>) -> Result<Vec<EvaluationForm>, StoreError> {
        let sql = format!(
            "SELECT {FORM_COLUMNS} {FORM_JOINS} \
             WHERE (CAST($1 AS TEXT) IS NULL OR f.case_id = CAST($1 AS TEXT)) \
             AND (CAST($2 AS BIGINT) IS NULL OR f.organisation_id = CAST($2 AS BIGINT)) \
             AND ($3 = 0 OR a.id IS NULL) ORDER BY CASE WHEN $4 = 1 THEN f.id ELSE -f.id END LIMIT $5"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(query.case_id.map(str::to_owned))
            .bind(query.organisation_id)
            .bind(i64::from(query.to_assess_only))
            .bind(i64::from(query.oldest_first))
            .bind(query.limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(form_of).collect::<Result<_, sqlx::Error>>().map_err(StoreError::from)
    }

    /// One form with its file's bytes.
    pub async fn form_file(&self, id: i64) -> Result<Option<(EvaluationForm, Vec<u8>)>, StoreError> {
        let sql = format!("SELECT {FORM_COLUMNS}, ff.content {FORM_JOINS} WHERE f.id = $1");
        let Some(row) = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(self.pool()).await? else {
            return Ok(None);
        };
        Ok(Some((form_of(&row)?, row.try_get("content")?)))
    }

    /// The organisation a form belongs to and its case, for access checks.
    pub async fn form_owner(&self, id: i64) -> Result<Option<(String, Option<i64>)>, StoreError> {
        let row = sqlx::query("SELECT case_id, organisation_id FROM evaluation_forms WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row
            .map(|r| Ok::<_, sqlx::Error>((r.try_get("case_id")?, r.try_get("organisation_id")?)))
            .transpose()?)
    }

    /// Records a consultant's assessment; the newest one counts.
    pub async fn assess_form(&self, form_id: i64, assessment: &Assessment) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO form_assessments (form_id, complete, reason, assessed_by, assessed_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(form_id)
        .bind(i64::from(assessment.complete))
        .bind(assessment.reason.clone())
        .bind(assessment.assessed_by.clone())
        .bind(assessment.assessed_at.clone())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The state of each case's newest form.
    pub async fn form_states(&self) -> Result<Vec<(String, FormState)>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.case_id, a.complete FROM evaluation_forms f \
             LEFT JOIN form_assessments a ON a.id = (SELECT MAX(id) FROM form_assessments WHERE form_id = f.id) \
             WHERE f.id = (SELECT MAX(id) FROM evaluation_forms g WHERE g.case_id = f.case_id)",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let complete: Option<i64> = row.try_get("complete")?;
                let state = match complete {
                    None => FormState::ToAssess,
                    Some(1) => FormState::Ready,
                    Some(_) => FormState::Incomplete,
                };
                Ok((row.try_get("case_id")?, state))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Changes whenever a form is stored or assessed (for caches of the figures).
    pub async fn forms_revision(&self) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM evaluation_forms) AS forms, \
             (SELECT COALESCE(MAX(id), 0) FROM form_assessments) AS assessments",
        )
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get("forms")?, row.try_get("assessments")?))
    }

    /// The organisation an export's provider value belongs to, if linked.
    pub async fn organisation_of_export_name(&self, name: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT organisation_id FROM organisation_names WHERE export_name = $1")
            .bind(name.to_owned())
            .fetch_optional(self.pool())
            .await?)
    }

    /// How many stored files and form versions there are (for tests of the all-or-nothing write).
    pub async fn form_counts(&self) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM form_files) AS files, (SELECT COUNT(*) FROM evaluation_forms) AS forms",
        )
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get("files")?, row.try_get("forms")?))
    }
}

fn form_of(row: &sqlx::any::AnyRow) -> Result<EvaluationForm, sqlx::Error> {
    let complete: Option<i64> = row.try_get("complete")?;
    let assessment = match complete {
        None => None,
        Some(complete) => Some(Assessment {
            complete: complete == 1,
            reason: row.try_get("reason")?,
            assessed_by: row.try_get("assessed_by")?,
            assessed_at: row.try_get("assessed_at")?,
        }),
    };
    Ok(EvaluationForm {
        id: row.try_get("id")?,
        case_id: row.try_get("case_id")?,
        organisation: row.try_get("organisation")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size_bytes: row.try_get("size_bytes")?,
        counsellor_name: row.try_get("counsellor_name")?,
        counsellor_phone: row.try_get("counsellor_phone")?,
        counsellor_email: row.try_get("counsellor_email")?,
        period_from: row.try_get("period_from")?,
        period_to: row.try_get("period_to")?,
        remark: row.try_get("remark")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_at: row.try_get("uploaded_at")?,
        assessment,
    })
}
