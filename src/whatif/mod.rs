//! What-if modelling: scenarios for a year to come, run through the engine of `comp calc`.

pub mod variant;
