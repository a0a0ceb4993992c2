//! View pieces shared by several pages: the page frame and small controls.
//! No data access here; pages pass in what a component shows.

pub mod density;
pub mod layout;
pub mod load_error;
