//! `trailplan generate`: the command line's side of the library's scenario generator
//! ([`trailplan::generate`]), which writes organization-scale scenarios for benchmarks and reviews.

pub(crate) use trailplan::generate::{
    DEFAULT_ARN_VALUES, DEFAULT_TRAILS, GenerateOptions, REGIONS, generate,
};
