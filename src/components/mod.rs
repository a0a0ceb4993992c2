//! View pieces shared by several pages: the filter bar, charts, notices, small controls.
//! No data access here; pages pass in what a component shows.

pub mod chart_view;
pub mod data_quality;
pub mod density;
pub mod early_warning;
pub mod evaluation_form;
pub mod filter_bar;
pub mod forecast_view;
pub mod import_history;
pub mod load_error;
pub mod notice;
pub mod problems;
pub mod refused_mail;
pub mod table;
pub mod timeline;
