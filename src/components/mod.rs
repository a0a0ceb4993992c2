//! View pieces shared by several pages: the page frame, the filter bar, charts, small controls.
//! No data access here; pages pass in what a component shows.

pub mod density;
pub mod layout;
pub mod load_error;
pub mod chart_view;
pub mod filter_bar;
