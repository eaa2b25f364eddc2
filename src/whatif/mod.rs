//! What-if modelling: scenarios for a year to come, run through the engine of `comp calc`.

pub mod files;
pub mod model;
pub mod render;
pub mod run;
pub mod scenario;
