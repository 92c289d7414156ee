//! The benchmark of `reconcile` (scripts/bench-bill.sh): a generated Cost and Usage Report and the
//! floor it is measured against.
//!
//! ```text
//! cargo run --release --example cur_bench -- generate MEGABYTES CUR.csv SCENARIO.toml
//! cargo run --release --example cur_bench -- floor CUR.csv
//! ```
//!
//! `generate` writes a CUR 2.0 CSV of about MEGABYTES of October 2026, hourly rows of many services
//! over many accounts, with the CloudTrail rows an organization trail of SCENARIO.toml would bill;
//! `floor` is a bare parse of the same file with the `csv` crate (every record read, nothing done with
//! it), the least any CSV reader of it can cost.

use std::fmt::Write as _;
use std::io::Write as _;

const ACCOUNTS: u64 = 40;
const REGIONS: [(&str, &str); 4] = [
    ("us-east-1", "USE1"),
    ("us-west-2", "USW2"),
    ("eu-west-1", "EU"),
    ("ap-northeast-1", "APN1"),
];
/// Management events a month in every account and region.
const EVENTS: u64 = 1_000_000;
const HOURS: u64 = 31 * 24;

const SERVICES: [(&str, &str, &str, &str); 8] = [
    ("AmazonEC2", "BoxUsage:m7g.large", "RunInstances", "0.0816"),
    (
        "AmazonS3",
        "TimedStorage-ByteHrs",
        "StandardStorage",
        "0.0000319",
    ),
    ("AWSLambda", "Lambda-GB-Second", "Invoke", "0.0000166667"),
    (
        "AmazonRDS",
        "InstanceUsage:db.r6g.large",
        "CreateDBInstance",
        "0.225",
    ),
    (
        "AmazonDynamoDB",
        "ReadRequestUnits",
        "GetItem",
        "0.00000025",
    ),
    (
        "AmazonCloudWatch",
        "CW:MetricMonitorUsage",
        "MetricStorage",
        "0.0004166667",
    ),
    (
        "AWSDataTransfer",
        "DataTransfer-Out-Bytes",
        "PublicIP-Out",
        "0.09",
    ),
    ("AmazonVPC", "NatGateway-Hours", "NatGateway", "0.045"),
];

const HEADER: &str = "identity_line_item_id,identity_time_interval,bill_invoice_id,bill_billing_entity,bill_bill_type,bill_payer_account_id,bill_billing_period_start_date,bill_billing_period_end_date,line_item_usage_account_id,line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,line_item_operation,line_item_availability_zone,line_item_resource_id,line_item_usage_amount,line_item_normalization_factor,line_item_currency_code,line_item_unblended_rate,line_item_unblended_cost,line_item_blended_rate,line_item_blended_cost,line_item_line_item_description,product_region_code,pricing_unit,resource_tags\n";

fn account(i: u64) -> String {
    format!("{:012}", 100_000_000_000 + i)
}

fn hour(h: u64) -> (String, String) {
    let at = |h: u64| {
        if h >= HOURS {
            "2026-11-01T00:00:00Z".to_string()
        } else {
            format!("2026-10-{:02}T{:02}:00:00Z", h / 24 + 1, h % 24)
        }
    };
    (at(h), at(h + 1))
}

/// The scenario the bill is reconciled against: every account under one organization trail.
fn write_scenario(scenario: &str) -> std::io::Result<()> {
    let mut s = String::from(
        "# Generated for scripts/bench-bill.sh: an organization trail, the bill of cur_bench.\n\
         format = 1\nname = \"bench organization\"\n",
    );
    let regions: Vec<String> = REGIONS.iter().map(|(r, _)| format!("{r:?}")).collect();
    let _ = writeln!(s, "regions = [{}]\n", regions.join(", "));
    for a in 0..ACCOUNTS {
        let _ = writeln!(
            s,
            "[[account]]\nname = \"a{a}\"\nid = \"{}\"{}\n",
            account(a),
            if a == 0 { "\nmanagement = true" } else { "" }
        );
    }
    let _ = writeln!(
        s,
        "[[volume]]\ncategory = \"management\"\nread = {}\nwrite = {}\n\n[[trail]]\nname = \"org\"\n\
         account = \"a0\"\nhome_region = \"us-east-1\"\nmulti_region = true\norganization = true",
        EVENTS * 9 / 10,
        EVENTS / 10
    );
    std::fs::write(scenario, s)
}

fn generate(megabytes: u64, cur: &str, scenario: &str) -> std::io::Result<()> {
    write_scenario(scenario)?;
    let target = megabytes * 1_000_000;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(cur)?);
    out.write_all(HEADER.as_bytes())?;
    let mut written = HEADER.len() as u64;
    let mut row = String::with_capacity(1024);
    let mut id = 0u64;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut line = |row: &mut String,
                    usage_account: &str,
                    item: &str,
                    h: u64,
                    product: &str,
                    usage_type: &str,
                    operation: &str,
                    region: &str,
                    amount: &str,
                    rate: &str,
                    cost: &str,
                    tags: &str| {
        id += 1;
        let (start, end) = hour(h);
        row.clear();
        let _ = writeln!(
            row,
            "li{id:010x},{start}/{end},INV-2026-10,AWS,Anniversary,{payer},2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,{usage_account},{item},{start},{end},{product},{usage_type},{operation},{region}a,arn:aws:{product}:{region}:{usage_account}:resource/r-{id:x},{amount},1,USD,{rate},{cost},{rate},{cost},\"{product} {usage_type}, {amount} units\",{region},Hrs,\"{{\"\"user:team\"\": \"\"{tags}\"\", \"\"user:env\"\": \"\"prod\"\"}}\"",
            payer = account(0),
        );
    };
    // CloudTrail: the organization trail's free copies, billed to the management account, hourly.
    for (region, code) in REGIONS {
        let total = EVENTS * ACCOUNTS;
        for h in 0..HOURS {
            let amount = if h + 1 == HOURS {
                total - total / HOURS * (HOURS - 1)
            } else {
                total / HOURS
            };
            line(
                &mut row,
                &account(0),
                "Usage",
                h,
                "AWSCloudTrail",
                &format!("{code}-FreeEventsRecorded"),
                "None",
                region,
                &amount.to_string(),
                "0.0000000000",
                "0",
                "audit",
            );
            out.write_all(row.as_bytes())?;
            written += row.len() as u64;
        }
    }
    // Everything else, until the file has its size.
    while written < target {
        let r = next();
        let (product, usage_type, operation, rate) = SERVICES[(r % 8) as usize];
        let (region, code) = REGIONS[((r >> 3) % 4) as usize];
        let a = account((r >> 5) % ACCOUNTS);
        let h = (r >> 11) % HOURS;
        let units = (r >> 20) % 10_000;
        let amount = format!("{}.{:04}", units / 100, (r >> 40) % 10_000);
        let cost = format!("0.{:010}", (r >> 24) % 10_000_000_000);
        let item = if r % 97 == 0 {
            "Credit"
        } else if r % 89 == 0 {
            "Tax"
        } else {
            "Usage"
        };
        line(
            &mut row,
            &a,
            item,
            h,
            product,
            &format!("{code}-{usage_type}"),
            operation,
            region,
            &amount,
            rate,
            &cost,
            ["payments", "search", "platform", "data"][((r >> 50) % 4) as usize],
        );
        out.write_all(row.as_bytes())?;
        written += row.len() as u64;
    }
    out.flush()
}

fn floor(cur: &str) -> Result<(), csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(1 << 17)
        .from_path(cur)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut bytes = 0usize;
    while reader.read_byte_record(&mut record)? {
        rows += 1;
        bytes += record.as_slice().len();
    }
    println!("{rows} rows, {bytes} bytes of fields");
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["generate", mb, cur, scenario] => match mb.parse() {
            Ok(mb) => generate(mb, cur, scenario).map_err(|e| e.to_string()),
            Err(_) => Err(format!("`{mb}` is not a number of megabytes")),
        },
        ["floor", cur] => floor(cur).map_err(|e| e.to_string()),
        _ => {
            Err("usage: cur_bench generate MEGABYTES CUR.csv SCENARIO.toml | floor CUR.csv".into())
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cur_bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
