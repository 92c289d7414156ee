//! `trailplan init`: the command line of the skeleton scenario, which the library builds
//! ([`trailplan::scenario::init`]).

use crate::generate::REGIONS;
use clap::Args;
use trailplan::scenario::init::{self, Init};

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Accounts in the organization, the management account included (1 to 1,000).
    #[arg(long, value_name = "N", default_value_t = 2)]
    accounts: u32,
    /// The regions: a comma-separated list (`us-east-1,eu-west-1`), or a count N that takes the
    /// first N of the commercial regions, us-east-1 first.
    #[arg(long, value_name = "LIST|N", default_value = "us-east-1")]
    regions: String,
    /// The scenario's name.
    #[arg(long, default_value = "my organization")]
    name: String,
}

/// The skeleton scenario, or why the options cannot make one.
pub(crate) fn skeleton(args: &InitArgs) -> Result<String, String> {
    init::skeleton(&Init {
        accounts: args.accounts,
        regions: &args.regions,
        name: &args.name,
        commercial: REGIONS,
    })
}
