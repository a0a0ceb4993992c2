//! The vocabulary shared by server and browser: request types, outcomes and products of an
//! export, the import report, the views users ask for and the figures they get. Pure, no I/O.

pub mod access;
pub mod case;
pub mod chart;
pub mod dates;
pub mod field;
pub mod figures;
pub mod filters;
pub mod flow;
pub mod forms;
pub mod html;
pub mod notice;
pub mod page_codec;
pub mod problems;
pub mod queue;
pub mod redact;
pub mod redirect;
pub mod report;
pub mod retention;
pub mod status;
pub mod subject;
pub mod warning;

pub use case::{is_product, product_label, Outcome, RequestType};
