//! The generator's promises: the same options give the same text, the text has the requested
//! numbers, and it stays inside the format and CloudTrail's quotas.

use super::volumes::GLOBAL_SOURCES;
use super::*;
use std::collections::{BTreeMap, BTreeSet};
use toml::{Table, Value};

fn parse(opts: &GenerateOptions) -> Table {
    let text = generate(opts).expect("options are valid");
    toml::from_str::<Table>(&text).expect("generated TOML parses")
}

fn array<'t>(table: &'t Table, key: &str) -> &'t [Value] {
    table
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn str_of<'t>(value: &'t Value, key: &str) -> Option<&'t str> {
    value.get(key).and_then(Value::as_str)
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn same_seed_gives_the_same_text() {
    let opts = GenerateOptions::new(50, 4, 7);
    assert_eq!(generate(&opts), generate(&opts));
}

#[test]
fn different_seeds_give_different_texts() {
    let a = generate(&GenerateOptions::new(50, 4, 1)).unwrap();
    let b = generate(&GenerateOptions::new(50, 4, 2)).unwrap();
    assert_ne!(a, b);
}

#[test]
fn output_has_the_requested_numbers() {
    let opts = GenerateOptions {
        volumes: 1_234,
        ..GenerateOptions::new(120, 30, 3)
    };
    let table = parse(&opts);
    assert_eq!(table.get("format").and_then(Value::as_integer), Some(1));
    assert_eq!(array(&table, "account").len(), 120);
    assert_eq!(array(&table, "volume").len(), 1_234);
    assert_eq!(array(&table, "trail").len(), 5);
    let regions = strings(table.get("regions"));
    assert_eq!(regions, REGIONS[..30]);
}

#[test]
fn default_volumes_are_ten_per_account() {
    let table = parse(&GenerateOptions::new(13, 2, 3));
    assert_eq!(array(&table, "volume").len(), 130);
}

#[test]
fn every_volume_count_from_zero_to_forty_is_exact() {
    for volumes in 0..40 {
        let opts = GenerateOptions {
            volumes,
            ..GenerateOptions::new(3, 2, 5)
        };
        assert_eq!(array(&parse(&opts), "volume").len(), volumes as usize);
    }
}

#[test]
fn the_organization_trail_is_in_the_management_account_with_insights() {
    let table = parse(&GenerateOptions::new(20, 3, 9));
    let org = array(&table, "trail")
        .iter()
        .find(|t| t.get("organization").and_then(Value::as_bool) == Some(true))
        .expect("an organization trail");
    assert_eq!(str_of(org, "name"), Some("org-audit"));
    assert_eq!(str_of(org, "account"), Some("management"));
    assert_eq!(org.get("multi_region").and_then(Value::as_bool), Some(true));
    assert_eq!(strings(org.get("insights")).len(), 2);
    let management: Vec<_> = array(&table, "account")
        .iter()
        .filter(|a| a.get("management").and_then(Value::as_bool) == Some(true))
        .collect();
    assert_eq!(management.len(), 1);
    assert_eq!(str_of(management[0], "name"), Some("management"));
}

#[test]
fn account_names_and_ids_are_unique_and_ids_have_twelve_digits() {
    let table = parse(&GenerateOptions::new(2_000, 1, 11));
    let accounts = array(&table, "account");
    let names: BTreeSet<_> = accounts.iter().filter_map(|a| str_of(a, "name")).collect();
    let ids: BTreeSet<_> = accounts.iter().filter_map(|a| str_of(a, "id")).collect();
    assert_eq!(names.len(), 2_000);
    assert_eq!(ids.len(), 2_000);
    assert!(
        ids.iter()
            .all(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()))
    );
}

/// The advanced selectors' values of a trail, counted as CT003 counts them.
fn advanced_values(trail: &Value) -> usize {
    let selectors = trail
        .get("advanced_event_selector")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    selectors
        .iter()
        .flat_map(|s| strings_of_tables(s.get("field_selectors")))
        .map(|field| {
            field.as_table().map_or(0, |t| {
                t.iter()
                    .filter(|(k, _)| *k != "field")
                    .map(|(_, v)| v.as_array().map_or(0, Vec::len))
                    .sum()
            })
        })
        .sum()
}

fn strings_of_tables(value: Option<&Value>) -> Vec<&Value> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// Trails per account and region as CT001 counts them: a multi-region trail in every region,
/// an organization trail in its own account only.
fn trails_per_account_region(table: &Table) -> BTreeMap<(String, String), u32> {
    let regions = strings(table.get("regions"));
    let mut counts = BTreeMap::new();
    for trail in array(table, "trail") {
        let account = str_of(trail, "account").unwrap().to_owned();
        let home = str_of(trail, "home_region").unwrap();
        let covered: Vec<&str> = if trail.get("multi_region").and_then(Value::as_bool) == Some(true)
        {
            regions.clone()
        } else {
            vec![home]
        };
        for region in covered {
            *counts
                .entry((account.clone(), region.to_owned()))
                .or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn quotas_hold_at_the_largest_arn_values_and_a_crowd_of_local_trails() {
    let opts = GenerateOptions {
        // 7 members × 2 regions × 4 local trails each: with one named trail, 5 per region.
        trails: 5 + 4 * 7 * 2,
        arn_values: MAX_ARN_VALUES,
        ..GenerateOptions::new(8, 2, 4)
    };
    let table = parse(&opts);
    let trails = array(&table, "trail");
    assert_eq!(trails.len(), 61);
    let s3 = trails
        .iter()
        .find(|t| str_of(t, "name") == Some("s3-data-events"))
        .unwrap();
    assert_eq!(advanced_values(s3), 500);
    let counts = trails_per_account_region(&table);
    assert_eq!(counts.values().max(), Some(&5));
    let names: BTreeSet<_> = trails
        .iter()
        .map(|t| {
            (
                str_of(t, "account"),
                str_of(t, "home_region"),
                str_of(t, "name"),
            )
        })
        .collect();
    assert_eq!(names.len(), trails.len());
}

#[test]
fn one_trail_too_many_is_refused() {
    let opts = GenerateOptions {
        trails: 5 + 4 * 7 * 2 + 1,
        ..GenerateOptions::new(8, 2, 4)
    };
    assert!(matches!(
        generate(&opts),
        Err(GenerateError::TooManyTrails { .. })
    ));
}

#[test]
fn a_single_account_holds_exactly_the_five_named_trails() {
    let table = parse(&GenerateOptions::new(1, 1, 0));
    assert_eq!(trails_per_account_region(&table).values().max(), Some(&5));
    let opts = GenerateOptions {
        trails: 6,
        ..GenerateOptions::new(1, 1, 0)
    };
    assert!(generate(&opts).is_err());
}

#[test]
fn fewer_trails_keep_the_organization_trail_first() {
    let opts = GenerateOptions {
        trails: 1,
        ..GenerateOptions::new(5, 2, 0)
    };
    let table = parse(&opts);
    let trails = array(&table, "trail");
    assert_eq!(trails.len(), 1);
    assert_eq!(str_of(&trails[0], "name"), Some("org-audit"));
}

#[test]
fn volumes_name_only_declared_accounts_and_regions() {
    let table = parse(&GenerateOptions::new(30, 5, 21));
    let accounts: BTreeSet<_> = array(&table, "account")
        .iter()
        .filter_map(|a| str_of(a, "name"))
        .collect();
    let regions: BTreeSet<_> = strings(table.get("regions")).into_iter().collect();
    for volume in array(&table, "volume") {
        assert!(
            strings(volume.get("accounts"))
                .iter()
                .all(|a| accounts.contains(a))
        );
        assert!(
            strings(volume.get("regions"))
                .iter()
                .all(|r| regions.contains(r))
        );
        let read = volume.get("read").and_then(Value::as_integer).unwrap();
        let write = volume.get("write").and_then(Value::as_integer).unwrap();
        assert!(read >= 0 && write >= 0);
        if str_of(volume, "category") == Some("data") {
            assert!(str_of(volume, "resource_type").is_some());
            assert!(str_of(volume, "resource_arn").is_some());
        }
    }
}

// "For Lambda functions, the ARN must be an exact match" — AWS CloudTrail API reference,
// DataResource: <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html>
#[test]
fn lambda_values_are_whole_function_arns_and_volumes_fall_on_both_sides() {
    let table = parse(&GenerateOptions::new(60, 5, 4));
    let lambda = array(&table, "trail")
        .iter()
        .find(|t| str_of(t, "name") == Some("lambda-data-events"))
        .unwrap();
    let values: Vec<String> = strings_of_tables(lambda["event_selector"][0].get("data_resources"))
        .into_iter()
        .flat_map(|r| strings(r.get("values")))
        .map(str::to_owned)
        .collect();
    assert_eq!(values.len(), 4 * 3 * 10);
    for value in &values {
        let name = value.rsplit(":function:").next().unwrap();
        assert!(
            name.len() > 4 && name.bytes().rev().take(4).all(|b| b.is_ascii_digit()),
            "{value} is a whole function ARN"
        );
    }
    let (mut inside, mut outside) = (0, 0);
    for volume in array(&table, "volume") {
        if str_of(volume, "resource_type") == Some("AWS::Lambda::Function") {
            let arn = str_of(volume, "resource_arn").unwrap();
            if values.iter().any(|v| v == arn) {
                inside += 1;
            } else {
                outside += 1;
            }
        }
    }
    assert!(
        inside > 0 && outside > 0,
        "{inside} inside, {outside} outside"
    );
}

#[test]
fn s3_volumes_fall_both_inside_and_outside_the_selector_prefixes() {
    let table = parse(&GenerateOptions::new(100, 3, 8));
    let s3 = array(&table, "trail")
        .iter()
        .find(|t| str_of(t, "name") == Some("s3-data-events"))
        .unwrap();
    let prefixes: Vec<String> =
        strings_of_tables(s3["advanced_event_selector"][0].get("field_selectors"))
            .into_iter()
            .filter(|f| str_of(f, "field") == Some("resources.ARN"))
            .flat_map(|f| strings(f.get("starts_with")))
            .map(str::to_owned)
            .collect();
    assert_eq!(prefixes.len(), DEFAULT_ARN_VALUES as usize);
    let (mut inside, mut outside) = (0, 0);
    for volume in array(&table, "volume") {
        if str_of(volume, "resource_type") == Some("AWS::S3::Object") {
            let arn = str_of(volume, "resource_arn").unwrap();
            if prefixes.iter().any(|p| arn.starts_with(p.as_str())) {
                inside += 1;
            } else {
                outside += 1;
            }
        }
    }
    assert!(
        inside > outside && outside > 0,
        "{inside} inside, {outside} outside"
    );
}

#[test]
fn global_service_volumes_are_in_us_east_1() {
    let table = parse(&GenerateOptions::new(100, 6, 8));
    let global: Vec<_> = array(&table, "volume")
        .iter()
        .filter(|v| GLOBAL_SOURCES.contains(&str_of(v, "event_source").unwrap_or("")))
        .collect();
    assert_eq!(global.len(), 50);
    assert!(
        global
            .iter()
            .all(|v| strings(v.get("regions")) == ["us-east-1"])
    );
}
