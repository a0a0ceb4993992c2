//! What each role receives (spec/access.md: "in every channel"): the one place that takes out
//! of figures, cases, forms, problems and requests what a role may not see or ask for.

use super::access::{access, Access, Action, Role};
use super::figures::Figures;
use super::filters::{FilterOptions, ViewInfo, ViewQuery};
use super::flow::{CaseEvent, EventKind};
use super::forms::EvaluationForm;
use super::problems::DeclarationProblem;
use super::queue::{CaseDetail, QueuePage, QueueParams, QueueRow, SortKey};

/// Staff names and addresses go only to roles that see every case; a provider sees its own
/// cases without them.
pub fn sees_staff(role: Role) -> bool {
    access(role, Action::Queue) == Access::All
}

/// A value as `role` may receive it.
pub trait Redact {
    fn redact(self, role: Role) -> Self;
}

impl Redact for Figures {
    fn redact(mut self, role: Role) -> Self {
        if !access(role, Action::Throughput).allowed() {
            self.throughput_by_consultant = None;
        }
        if !access(role, Action::Risk).allowed() {
            self.declaration_risk = None;
            self.early_warning = None;
        }
        self
    }
}

impl Redact for QueueRow {
    fn redact(mut self, role: Role) -> Self {
        if !sees_staff(role) {
            self.consultant = None;
        }
        self
    }
}

impl Redact for CaseDetail {
    fn redact(mut self, role: Role) -> Self {
        self.row = self.row.redact(role);
        if !sees_staff(role) {
            (self.assigned_on, self.decided_on, self.outcome) = (None, None, None);
        }
        self
    }
}

impl Redact for CaseEvent {
    fn redact(mut self, role: Role) -> Self {
        if !sees_staff(role) {
            self.detail.remove("consultant");
            if self.kind == EventKind::ConsultantChanged {
                self.detail.clear();
            }
        }
        self
    }
}

impl Redact for QueuePage {
    fn redact(mut self, role: Role) -> Self {
        self.rows = self.rows.redact(role);
        self
    }
}

impl Redact for EvaluationForm {
    fn redact(mut self, role: Role) -> Self {
        if !sees_staff(role) {
            self.uploaded_by = None;
            if let Some(assessment) = &mut self.assessment {
                assessment.assessed_by = None;
            }
        }
        self
    }
}

impl Redact for DeclarationProblem {
    fn redact(mut self, role: Role) -> Self {
        if !sees_staff(role) {
            self.closed_by = None;
        }
        self
    }
}

impl Redact for FilterOptions {
    fn redact(mut self, role: Role) -> Self {
        if !sees_staff(role) {
            self.consultant = None;
        }
        self
    }
}

impl Redact for ViewInfo {
    fn redact(mut self, role: Role) -> Self {
        self.options = self.options.redact(role);
        self
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn redact(self, role: Role) -> Self {
        self.into_iter().map(|item| item.redact(role)).collect()
    }
}

impl<T: Redact> Redact for Option<T> {
    fn redact(self, role: Role) -> Self {
        self.map(|item| item.redact(role))
    }
}

impl<A: Redact, B: Redact> Redact for (A, B) {
    fn redact(self, role: Role) -> Self {
        (self.0.redact(role), self.1.redact(role))
    }
}

/// A view as `role` may ask for it: no filter by consultant for whoever sees no staff names
/// (the counts would tell who handles a case).
pub fn view_query(role: Role, mut query: ViewQuery) -> ViewQuery {
    if !sees_staff(role) {
        query.filters.consultant = None;
    }
    query
}

/// The queue's narrowing and order as `role` may ask for them: no sort by consultant either.
pub fn queue_params(role: Role, mut params: QueueParams) -> QueueParams {
    if !sees_staff(role) && params.sort == SortKey::Consultant {
        params.sort = SortKey::default();
        params.descending = false;
    }
    params
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn row() -> QueueRow {
        QueueRow {
            case_id: "A".into(),
            client_ref: "C1".into(),
            request_type: "reindication".into(),
            product: "BW".into(),
            municipality: "Dordrecht".into(),
            provider: Some("Leger des Heils".into()),
            picked_up: true,
            consultant: Some("Jansen".into()),
            received_on: "2025-04-02".into(),
            days_open: 85,
            indication_end: None,
            lapsed: false,
            form: None,
        }
    }

    #[test]
    fn only_roles_that_see_every_case_see_who_handles_it() {
        for role in Role::ALL {
            let redacted = row().redact(role);
            assert!(redacted.picked_up, "{role:?} still sees that it was picked up");
            assert_eq!(redacted.consultant.is_some(), role != Role::Provider, "{role:?}");
            let json = serde_json::to_value(&redacted).unwrap();
            assert_eq!(json.get("consultant").is_some(), role != Role::Provider, "the key itself");
        }
    }

    #[test]
    fn a_provider_can_neither_filter_nor_sort_by_consultant() {
        let query = ViewQuery::from_pairs([("consultant", "Jansen"), ("product", "BW")]);
        let params = QueueParams::from_pairs([("sort", "-consulent")]);
        let (q, p) =
            (view_query(Role::Provider, query.clone()), queue_params(Role::Provider, params.clone()));
        assert_eq!((q.filters.consultant, q.filters.product.as_deref()), (None, Some("BW")));
        assert_eq!((p.sort, p.descending), (SortKey::DaysOpen, false));
        assert_eq!(view_query(Role::TeamLead, query.clone()), query);
        assert_eq!(queue_params(Role::ContractManager, params.clone()), params);
    }
}
