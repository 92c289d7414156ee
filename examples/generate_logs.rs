//! Writes a realistic CloudTrail log tree for benchmarks: accounts × regions × days in the S3
//! layout, gzip, with a mix of management (global services in us-east-1), S3, Lambda and DynamoDB
//! data events and network activity, until the files reach a size.
//!
//! cargo run --release --example generate_logs -- OUT_DIR --mb 200 [--regions 3] [--days 7]
//!     [--records-per-account 40000] [--records-per-file 500] [--seed 1]
//!
//! Prints the files, bytes and records written.

use rayon::prelude::*;
use std::path::PathBuf;
use trailplan::generate::logs::{Layout, SynthStream, Written, write};
use trailplan::model::Category;
use trailplan::usage::Stream;

const REGIONS: [&str; 6] = [
    "us-east-1",
    "eu-west-1",
    "us-west-2",
    "ap-southeast-2",
    "eu-central-1",
    "ap-northeast-1",
];

fn streams(account: &str, regions: usize, records: u64) -> Vec<SynthStream> {
    let per_region = records / regions.max(1) as u64;
    let share = |percent: u64| per_region * percent / 100;
    let mut out = Vec::new();
    let mut push = |region: &str,
                    category,
                    source: Option<&str>,
                    kind: Option<&str>,
                    arn: Option<String>,
                    read,
                    write| {
        out.push(SynthStream {
            stream: Stream {
                account: account.to_string(),
                region: region.to_string(),
                category,
                event_source: source.map(str::to_string),
                resource_type: kind.map(str::to_string),
                resource_arn: arn,
            },
            read,
            write,
        });
    };
    for region in REGIONS.iter().take(regions) {
        push(
            region,
            Category::Management,
            None,
            None,
            None,
            share(48),
            share(9),
        );
        if *region == "us-east-1" {
            push(
                region,
                Category::Management,
                Some("iam.amazonaws.com"),
                None,
                None,
                share(4),
                share(1),
            );
            push(
                region,
                Category::Management,
                Some("sts.amazonaws.com"),
                None,
                None,
                share(3),
                0,
            );
        }
        for (i, bucket) in ["uploads", "reports", "lake"].iter().enumerate() {
            let arn = format!("arn:aws:s3:::{account}-{region}-{bucket}/");
            push(
                region,
                Category::Data,
                None,
                Some("AWS::S3::Object"),
                Some(arn),
                share(8 - 2 * i as u64),
                share(2),
            );
        }
        for function in ["checkout", "resize"] {
            let arn = format!("arn:aws:lambda:{region}:{account}:function:{function}");
            push(
                region,
                Category::Data,
                None,
                Some("AWS::Lambda::Function"),
                Some(arn),
                0,
                share(4),
            );
        }
        let table = format!("arn:aws:dynamodb:{region}:{account}:table/orders");
        push(
            region,
            Category::Data,
            None,
            Some("AWS::DynamoDB::Table"),
            Some(table),
            share(3),
            share(2),
        );
        push(
            region,
            Category::NetworkActivity,
            Some("kms.amazonaws.com"),
            None,
            None,
            share(2),
            share(1),
        );
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let (mut mb, mut regions, mut days, mut per_account, mut per_file, mut seed) =
        (200u64, 3usize, 7u32, 40_000u64, 500usize, 1u64);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or_else(|| {
                    eprintln!("{arg} needs a number");
                    std::process::exit(2)
                })
        };
        match arg.as_str() {
            "--mb" => mb = value(),
            "--regions" => {
                regions = usize::try_from(value())
                    .unwrap_or(usize::MAX)
                    .clamp(1, REGIONS.len());
            }
            "--days" => days = u32::try_from(value().clamp(1, 3650)).unwrap_or(7),
            "--records-per-account" => per_account = value(),
            "--records-per-file" => {
                per_file = usize::try_from(value()).unwrap_or(usize::MAX).max(1);
            }
            "--seed" => seed = value(),
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => {
                eprintln!(
                    "usage: generate_logs OUT_DIR [--mb N] [--regions N] [--days N] [--records-per-account N] [--records-per-file N] [--seed N]"
                );
                std::process::exit(2)
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: generate_logs OUT_DIR [--mb N] ...");
        std::process::exit(2)
    };
    let target = mb * 1_000_000;
    let layout = |account: u64| Layout {
        first_day: 20_393, // 2025-11-01
        days,
        records_per_file: per_file,
        gzip: true,
        seed: seed.wrapping_mul(1_000_003).wrapping_add(account),
    };
    let id = |n: u64| format!("{:012}", 100_000_000_000 + n);
    // One account first, to learn the bytes an account takes; then as many more as the size needs.
    let first =
        write(&out, &streams(&id(0), regions, per_account), &layout(0)).unwrap_or_else(|e| {
            eprintln!("{}: {e}", out.display());
            std::process::exit(1)
        });
    let accounts = target.div_ceil(first.bytes.max(1)).max(1);
    let rest: Vec<Written> = (1..accounts)
        .into_par_iter()
        .map(|n| {
            write(&out, &streams(&id(n), regions, per_account), &layout(n)).unwrap_or_else(|e| {
                eprintln!("{}: {e}", out.display());
                std::process::exit(1)
            })
        })
        .collect();
    let total = rest.iter().fold(first, |a, w| Written {
        files: a.files + w.files,
        bytes: a.bytes + w.bytes,
        records: a.records + w.records,
    });
    println!(
        "{} accounts, {} files, {} bytes, {} records in {}",
        accounts,
        total.files,
        total.bytes,
        total.records,
        out.display()
    );
}
