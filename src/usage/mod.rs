//! Usage from evidence (SPEC §6): what an account already records, turned into the `regions`,
//! `[[account]]` and `[[volume]]` tables of a scenario.

pub mod bill;
pub mod metrics;
pub mod written;
