//! Demo accounts: one per role on an empty user table, two of them for provider organisations
//! of the demo data (one with both spellings that the exports use), the consultant linked to
//! a consultant of the demo data. Never for real use.

use crate::auth::add_user;
use crate::domain::access::Role;
use crate::store::Db;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "werkvoorraad-demo";

/// An organisation and its spellings in the exports.
type Organisation = (&'static str, &'static [&'static str]);

/// (e-mail, role, organisation)
const ACCOUNTS: [(&str, Role, Option<Organisation>); 6] = [
    ("teamleider@demo.werkvoorraad.nl", Role::TeamLead, None),
    ("consulent@demo.werkvoorraad.nl", Role::Consultant, None),
    ("contractmanager@demo.werkvoorraad.nl", Role::ContractManager, None),
    (
        "aanbieder@merwestroom.demo.werkvoorraad.nl",
        Role::Provider,
        Some(("Zorggroep Merwestroom", &["Zorggroep Merwestroom", "Zorggroep Merwestroom B.V."])),
    ),
    (
        "aanbieder@linge.demo.werkvoorraad.nl",
        Role::Provider,
        Some(("Huis aan de Linge", &["Huis aan de Linge"])),
    ),
    ("beheer@demo.werkvoorraad.nl", Role::Admin, None),
];

/// The demo consultant's name in the demo exports.
const CONSULTANT_NAME: &str = "A. Jansen";

/// Creates the accounts when there are no users yet; returns (e-mail, role) of each created one.
pub async fn create(db: &Db) -> Result<Vec<(&'static str, Role)>, String> {
    if db.user_count().await.map_err(|e| e.to_string())? > 0 {
        return Ok(Vec::new());
    }
    let mut created = Vec::new();
    for (email, role, organisation) in ACCOUNTS {
        let id = add_user(db, email, role, organisation.map(|(name, _)| name), DEMO_PASSWORD)
            .await
            .map_err(|e| e.to_string())?;
        if role == Role::Consultant {
            db.set_consultant_name(id, Some(CONSULTANT_NAME)).await.map_err(|e| e.to_string())?;
        }
        if let Some((name, spellings)) = organisation {
            let now = crate::auth::timestamp(chrono::Utc::now());
            let id = db.ensure_organisation(name, &now).await.map_err(|e| e.to_string())?;
            for spelling in spellings {
                db.link_export_name(spelling, id).await.map_err(|e| e.to_string())?;
            }
        }
        created.push((email, role));
    }
    Ok(created)
}
