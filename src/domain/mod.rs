//! The vocabulary of a case export: request types, outcomes and products, parsed from the
//! many spellings that municipal systems write. Pure, no I/O; shared by server and browser.

pub mod case;
pub mod field;
pub mod report;

pub use case::{product_label, Outcome, RequestType};
