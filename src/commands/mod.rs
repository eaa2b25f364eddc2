//! CLI verbs beyond `calc` and `close`, one module each: they load, call the library and render.

pub mod against;
pub mod cases;
pub mod check;
pub mod curve;
pub mod explain;
pub mod init;
pub mod schema;
