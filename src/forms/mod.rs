//! Receiving an evaluation form: its content checked, its details checked, the case checked
//! (an open reindication within the user's scope), then stored once; and assessing one.

pub mod sniff;

use chrono::{NaiveDate, Utc};
use sha2::{Digest, Sha256};

use crate::analytics::{Analytics, AnalyticsError};
use crate::auth::guard::Grant;
use crate::auth::{timestamp, CurrentUser};
use crate::domain::filters::ViewQuery;
use crate::domain::forms::{Assessment, UploadReceipt};
use crate::i18n::Locale;
use crate::store::forms::{NewForm, Stored};
use crate::store::{Db, StoreError};
use sniff::{sniff, FormKind, SniffError};

/// Largest form accepted: 20 MB.
pub const MAX_FORM_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("{}", self.message_in(Locale::Nl))]
    NoFile,
    #[error("{}", self.message_in(Locale::Nl))]
    TooLarge,
    #[error(transparent)]
    Content(#[from] SniffError),
    #[error("{}", .0.join(" "))]
    Details(Vec<String>),
    #[error("{}", self.message_in(Locale::Nl))]
    NoCase,
    #[error("{}", self.message_in(Locale::Nl))]
    NotReindication(String),
    #[error("{}", self.message_in(Locale::Nl))]
    Closed(String),
    #[error("{}", self.message_in(Locale::Nl))]
    NoForm,
    #[error("{}", self.message_in(Locale::Nl))]
    Assessed,
    #[error("{}", self.message_in(Locale::Nl))]
    Body(String),
    #[error("{}", self.message_in(Locale::Nl))]
    Store(#[from] StoreError),
    #[error("De zaak kon niet worden opgezocht: {0}")]
    Analytics(AnalyticsError),
}

impl FormError {
    /// What the user is told, in their language.
    pub fn user_message(&self) -> String {
        self.message_in(crate::i18n::current())
    }

    /// The error in `locale` (`Display`: in Dutch, but the lookup of a case with its cause).
    pub fn message_in(&self, locale: Locale) -> String {
        use crate::i18n::{t, t_with};
        let of_case = |key, case: &String| t_with(locale, key, &[("case", case.as_str().into())]);
        match self {
            FormError::NoFile => t(locale, "error-form-no-file"),
            FormError::TooLarge => t(locale, "error-form-too-large"),
            FormError::Content(error) => error.message_in(locale),
            FormError::Details(problems) => problems.join(" "),
            FormError::NoCase => t(locale, "error-form-no-case"),
            FormError::NotReindication(case) => of_case("error-form-not-reindication", case),
            FormError::Closed(case) => of_case("error-form-closed", case),
            FormError::NoForm => t(locale, "error-form-no-form"),
            FormError::Assessed => t(locale, "error-form-assessed"),
            FormError::Body(cause) => t_with(locale, "error-form-body", &[("cause", cause.as_str().into())]),
            FormError::Store(_) => t(locale, "error-form-store"),
            FormError::Analytics(_) => t(locale, "error-fault"),
        }
    }
}

/// A problem with the details, in the user's language (`FormError::Details` holds them so).
fn problem(key: &str) -> String {
    crate::i18n::t(crate::i18n::current(), key)
}

impl From<AnalyticsError> for FormError {
    fn from(error: AnalyticsError) -> Self {
        match error {
            AnalyticsError::NoSnapshot => FormError::NoCase,
            other => FormError::Analytics(other),
        }
    }
}

/// The details that come with a form, as typed.
#[derive(Clone, Debug, Default)]
pub struct FormDetails {
    pub counsellor_name: String,
    pub counsellor_phone: String,
    pub counsellor_email: String,
    pub period_from: String,
    pub period_to: String,
    pub remark: String,
}

/// An upload as received: the file (at most `MAX_FORM_BYTES`) and its details.
#[derive(Debug, Default)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub details: FormDetails,
}

/// The details checked: every problem in one message; dates as `YYYY-MM-DD`.
fn checked(details: &FormDetails) -> Result<(String, String), FormError> {
    let mut problems = Vec::new();
    let text = |value: &str, max: usize| !value.trim().is_empty() && value.chars().count() <= max;
    if !text(&details.counsellor_name, 200) {
        problems.push(problem("error-form-counsellor-name"));
    }
    let digits = details.counsellor_phone.chars().filter(char::is_ascii_digit).count();
    let phone_chars = details.counsellor_phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !(10..=15).contains(&digits) || !phone_chars {
        problems.push(problem("error-form-counsellor-phone"));
    }
    if !is_email(details.counsellor_email.trim()) {
        problems.push(problem("error-form-counsellor-email"));
    }
    if details.remark.chars().count() > 2000 {
        problems.push(problem("error-form-remark-too-long"));
    }
    let date = |text: &str| crate::ingest::values::parse_date(text, false);
    let period = match (date(&details.period_from), date(&details.period_to)) {
        (Some(from), Some(to)) if from <= to => Some((from, to)),
        (Some(_), Some(_)) => {
            problems.push(problem("error-form-period-reversed"));
            None
        }
        _ => {
            problems.push(problem("error-form-period-missing"));
            None
        }
    };
    match period {
        Some((from, to)) if problems.is_empty() => Ok((iso(from), iso(to))),
        _ => Err(FormError::Details(problems)),
    }
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && text.len() <= 200
        && !text.contains(char::is_whitespace)
        && !domain.contains('@')
}

/// A file name that is safe in a download header and on any disk, with the extension of the
/// content's real kind.
pub fn safe_file_name(name: &str, kind: Option<FormKind>) -> String {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let ascii = deunicode::deunicode(stem);
    let cleaned: String = ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    let cleaned: String = cleaned.trim_matches('-').chars().take(80).collect();
    let stem = if cleaned.is_empty() { "evaluatieformulier".to_owned() } else { cleaned };
    match kind {
        Some(kind) => format!("{stem}.{}", kind.extension()),
        None => stem,
    }
}

/// Checks and stores an uploaded form for `case_id`, within the grant's scope.
pub async fn receive(
    db: &Db,
    analytics: &Analytics,
    grant: &Grant,
    case_id: &str,
    upload: &Upload,
) -> Result<UploadReceipt, FormError> {
    let scope = grant.view(ViewQuery::default());
    let (_, case) = analytics.case(&scope, case_id).await?.ok_or(FormError::NoCase)?;
    if case.row.request_type != "reindication" {
        return Err(FormError::NotReindication(case_id.to_owned()));
    }
    if !case.open {
        return Err(FormError::Closed(case_id.to_owned()));
    }
    let kind = sniff(&upload.bytes)?;
    let (period_from, period_to) = checked(&upload.details)?;
    let organisation_id = match (grant.organisation_id(), &case.row.provider) {
        (Some(id), _) => Some(id),
        (None, Some(provider)) => db.organisation_of_export_name(provider).await?,
        (None, None) => None,
    };
    let sha256 = hex::encode(Sha256::digest(&upload.bytes));
    let remark = Some(upload.details.remark.trim()).filter(|r| !r.is_empty());
    let new = NewForm {
        case_id,
        organisation_id,
        bytes: &upload.bytes,
        sha256: &sha256,
        file_name: &safe_file_name(&upload.file_name, Some(kind)),
        content_type: kind.mime(),
        counsellor_name: upload.details.counsellor_name.trim(),
        counsellor_phone: upload.details.counsellor_phone.trim(),
        counsellor_email: upload.details.counsellor_email.trim(),
        period_from: &period_from,
        period_to: &period_to,
        remark,
        uploaded_by: &grant.user().user.email,
        now: &timestamp(Utc::now()),
    };
    let (form_id, duplicate) = match db.store_form(&new).await? {
        Stored::New(id) => (id, false),
        Stored::Duplicate(id) => (id, true),
    };
    Ok(UploadReceipt {
        form_id,
        case_id: case_id.to_owned(),
        duplicate,
        sha256,
        content_type: kind.mime().to_owned(),
    })
}

/// Whether the grant reaches form `form_id`: its case id when so (a provider only its own
/// organisation's forms); `NoForm` otherwise, the same as a form that does not exist.
pub async fn visible_form(db: &Db, grant: &Grant, form_id: i64) -> Result<String, FormError> {
    let (case_id, organisation_id) = db.form_owner(form_id).await?.ok_or(FormError::NoForm)?;
    if !grant.reaches(organisation_id) {
        return Err(FormError::NoForm);
    }
    Ok(case_id)
}

/// Records "complete", or "incomplete" with its reason, for a form the user may see (checked by
/// the caller with `visible_form`).
pub async fn assess(
    db: &Db,
    user: &CurrentUser,
    form_id: i64,
    complete: bool,
    reason: &str,
) -> Result<(), FormError> {
    let reason = reason.trim();
    if !complete && (reason.is_empty() || reason.chars().count() > 2000) {
        return Err(FormError::Details(vec![problem("error-form-missing-reason")]));
    }
    let assessment = Assessment {
        complete,
        reason: Some(reason.to_owned()).filter(|r| !r.is_empty()),
        assessed_by: Some(user.user.email.clone()),
        assessed_at: timestamp(Utc::now()),
    };
    db.assess_form(form_id, &assessment).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details() -> FormDetails {
        FormDetails {
            counsellor_name: "Sanne de Vries".into(),
            counsellor_phone: "06-12345678".into(),
            counsellor_email: "sanne@aanbieder.nl".into(),
            period_from: "2025-01-01".into(),
            period_to: "30-06-2025".into(),
            remark: String::new(),
        }
    }

    #[test]
    fn details_are_checked_with_every_problem_named() {
        assert_eq!(checked(&details()).ok(), Some(("2025-01-01".into(), "2025-06-30".into())));
        let wrong = FormDetails {
            counsellor_name: " ".into(),
            counsellor_phone: "bel mij".into(),
            counsellor_email: "sanne@".into(),
            period_from: "2025-07-01".into(),
            ..details()
        };
        let message = checked(&wrong).err().map(|e| e.to_string()).unwrap_or_default();
        for part in ["naam van de begeleider", "telefoonnummer", "e-mailadres", "begint na haar einde"] {
            assert!(message.contains(part), "{message}");
        }
    }

    #[test]
    fn file_names_are_made_safe_with_the_real_extension() {
        assert_eq!(safe_file_name("Evaluatie Jansen é.pdf", Some(FormKind::Pdf)), "Evaluatie-Jansen-e.pdf");
        assert_eq!(safe_file_name("../../etc/passwd", Some(FormKind::Png)), "passwd.png");
        assert_eq!(safe_file_name("formulier.html", Some(FormKind::Pdf)), "formulier.pdf");
        assert_eq!(safe_file_name("\"; x=.exe", Some(FormKind::Docx)), "x.docx");
        assert_eq!(safe_file_name("", Some(FormKind::Jpeg)), "evaluatieformulier.jpg");
    }
}
