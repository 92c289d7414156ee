//! Reference data from AWS's own pages, kept as tables beside the code that uses them.

pub mod billing;
