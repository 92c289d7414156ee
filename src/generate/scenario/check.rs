//! What the options may ask for: a scenario inside CloudTrail's quotas that the scenario reader
//! can read back.

use super::{GenerateError, GenerateOptions, MAX_ARN_VALUES, REGIONS};
use crate::limits::{MAX_CELLS, MAX_FILE_BYTES};

// The fewest bytes the generator writes for one block of each kind (a test checks them): a bound on
// the file's size before anything is written.
/// The fewest bytes of an `[[account]]` block: a 10-character name and a 12-digit id.
const MIN_ACCOUNT_BYTES: u64 = 53;
/// The fewest bytes of a `[[trail]]` block: a member's single-region trail.
const MIN_TRAIL_BYTES: u64 = 98;
/// The fewest bytes of a `[[volume]]` block: one account, every region, no source.
const MIN_VOLUME_BYTES: u64 = 86;

/// Refuses a file of `bytes` that the scenario reader would refuse.
pub(super) fn within_file_limit(bytes: usize) -> Result<(), GenerateError> {
    if u64::try_from(bytes).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(GenerateError::TooLarge);
    }
    Ok(())
}

/// Refuses options that cannot make a valid scenario, before anything is written.
pub(super) fn check(opts: &GenerateOptions) -> Result<(), GenerateError> {
    if opts.accounts == 0 {
        return Err(GenerateError::NoAccounts);
    }
    if opts.regions == 0 || opts.regions as usize > REGIONS.len() {
        return Err(GenerateError::Regions {
            requested: opts.regions,
            available: REGIONS.len(),
        });
    }
    if opts.trails == 0 {
        return Err(GenerateError::NoTrails);
    }
    // The limits of the scenario reader, so that what is generated can be read back.
    let cells = (opts.accounts as usize).checked_mul(opts.regions as usize);
    if cells.as_ref().is_none_or(|&c| c > MAX_CELLS) {
        return Err(GenerateError::TooManyCells {
            accounts: opts.accounts,
            regions: opts.regions,
            max: MAX_CELLS / opts.regions as usize,
        });
    }
    for (flag, requested, min_bytes) in [
        ("--trails", opts.trails, MIN_TRAIL_BYTES),
        ("--volumes", opts.volumes, MIN_VOLUME_BYTES),
    ] {
        let max = MAX_FILE_BYTES / min_bytes;
        if u64::from(requested) > max {
            return Err(GenerateError::TooMany {
                flag,
                requested,
                max,
            });
        }
    }
    if opts.arn_values > MAX_ARN_VALUES {
        return Err(GenerateError::TooManyArnValues {
            requested: opts.arn_values,
            max: MAX_ARN_VALUES,
        });
    }
    let least_bytes = u64::from(opts.accounts) * MIN_ACCOUNT_BYTES
        + u64::from(opts.trails) * MIN_TRAIL_BYTES
        + u64::from(opts.volumes) * MIN_VOLUME_BYTES;
    if least_bytes > MAX_FILE_BYTES {
        return Err(GenerateError::TooLarge);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::generate;

    #[test]
    fn sizes_beyond_what_a_scenario_may_list_are_refused_before_allocating() {
        // `generate --volumes 4294967295` asked for a 687 GB buffer and aborted.
        let mut opts = GenerateOptions::new(3, 2, 1);
        opts.volumes = u32::MAX;
        assert_eq!(
            generate(&opts).unwrap_err().to_string(),
            "--volumes 4294967295 is more than a scenario may list; use at most 780335"
        );
        let opts = GenerateOptions::new(500_001, 2, 1);
        assert_eq!(
            generate(&opts).unwrap_err().to_string(),
            "--accounts 500001 in 2 regions is more than the 1000000 account × region cells a scenario may span; use at most 500000 accounts"
        );
        // Each count alone fits, all of them together do not.
        let opts = GenerateOptions {
            volumes: 700_000,
            ..GenerateOptions::new(200_000, 1, 1)
        };
        assert_eq!(generate(&opts), Err(GenerateError::TooLarge));
        assert_eq!(
            GenerateError::TooLarge.to_string(),
            "the scenario would be more than 67108864 bytes (64 MiB), the most a scenario file may hold; ask for fewer accounts, trails or volumes"
        );
    }

    #[test]
    fn sizes_the_scenario_reader_accepts_are_generated() {
        // `scripts/bench.sh`'s largest organization: 100,000 was the generator's limit of a list, not
        // the reader's, which reads any number of blocks in a file of up to 64 MiB.
        let opts = GenerateOptions {
            volumes: 200_000,
            ..GenerateOptions::new(20_000, 30, 1)
        };
        assert_eq!(check(&opts), Ok(()));
        let opts = GenerateOptions::new(1_000_000, 1, 1);
        assert_eq!(check(&GenerateOptions { volumes: 0, ..opts }), Ok(()));
        assert_eq!(within_file_limit(67_108_864), Ok(()));
        assert_eq!(within_file_limit(67_108_865), Err(GenerateError::TooLarge));
    }

    #[test]
    fn blocks_are_at_least_their_least_bytes() {
        let crowded = GenerateOptions {
            trails: 5 + 4 * 7 * 2,
            ..GenerateOptions::new(8, 2, 4)
        };
        let alone = GenerateOptions {
            trails: 1,
            arn_values: 0,
            ..GenerateOptions::new(1, 1, 0)
        };
        for opts in [crowded, alone, GenerateOptions::new(300, 30, 2)] {
            let text = generate(&opts).unwrap();
            let mut starts: Vec<(usize, u64)> = [
                ("\n[[account]]\n", MIN_ACCOUNT_BYTES),
                ("\n[[trail]]\n", MIN_TRAIL_BYTES),
                ("\n[[volume]]\n", MIN_VOLUME_BYTES),
            ]
            .iter()
            .flat_map(|(head, min)| text.match_indices(head).map(|(i, _)| (i, *min)))
            .collect();
            starts.sort_unstable();
            let ends = starts.iter().skip(1).map(|(i, _)| *i).chain([text.len()]);
            for ((start, min), end) in starts.iter().zip(ends) {
                let block = &text[*start..end];
                assert!(block.len() as u64 >= *min, "{block:?} is under {min} bytes");
            }
        }
    }

    #[test]
    fn impossible_options_are_refused() {
        let refused = |opts: GenerateOptions| generate(&opts).unwrap_err();
        assert_eq!(
            refused(GenerateOptions::new(0, 1, 0)),
            GenerateError::NoAccounts
        );
        assert!(matches!(
            refused(GenerateOptions::new(1, 0, 0)),
            GenerateError::Regions { .. }
        ));
        let too_many_regions = u32::try_from(REGIONS.len()).unwrap() + 1;
        assert!(matches!(
            refused(GenerateOptions::new(1, too_many_regions, 0)),
            GenerateError::Regions { .. }
        ));
        assert_eq!(
            refused(GenerateOptions {
                trails: 0,
                ..GenerateOptions::new(1, 1, 0)
            }),
            GenerateError::NoTrails
        );
        assert!(matches!(
            refused(GenerateOptions {
                arn_values: MAX_ARN_VALUES + 1,
                ..GenerateOptions::new(1, 1, 0)
            }),
            GenerateError::TooManyArnValues { .. }
        ));
    }
}
