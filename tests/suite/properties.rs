//! Invariants of the pricing and the rules over whole generated scenarios (STYLE.md, "Invariants with
//! proptest"; issue 2 point 7, issue 7 point 2).
//!
//! The strategies build a small model of a valid scenario — accounts with a management one, real AWS
//! regions, volumes of every category, trails of every kind with basic or advanced selectors and
//! Insights — and write it out as TOML text, so that every case goes through the whole pipeline:
//! `scenario::parse` → `plan::evaluate` → both renderers. Each property then changes the model
//! (reorders, splits, doubles, adds) and compares the exact totals.
//!
//! The number of cases is `PROPTEST_CASES` (default 64, so that `cargo test` stays fast; CI raises
//! it).
//!
//! proptest saves the seed of each failure in `tests/proptest-regressions/`, and replays it first on
//! the next run on the same machine. That directory is ignored by git on purpose: a seed replays
//! through the strategies as they are, so once a strategy changes it names another case, silently.
//! A failure found here is kept instead as a named test with the values written out (like
//! `quota_rules_at_their_boundaries` below), which reads as what it checks and survives any change
//! to the generators.

use proptest::prelude::*;
use proptest::sample::subsequence;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::str::FromStr;
use trailplan::date::Date;
use trailplan::error::SourceFile;
use trailplan::plan::{self, Plan};
use trailplan::pricing::Kind;
use trailplan::report::{json, table};

// ---------------------------------------------------------------------------------------------
// The model of a scenario, and its TOML.
// ---------------------------------------------------------------------------------------------

const REGIONS: [&str; 6] = [
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "sa-east-1",
];

const SOURCES: [&str; 6] = [
    "iam.amazonaws.com",
    "sts.amazonaws.com",
    "kms.amazonaws.com",
    "rdsdata.amazonaws.com",
    "ec2.amazonaws.com",
    "s3.amazonaws.com",
];

const EVENT_NAMES: [&str; 3] = ["Decrypt", "GetObject", "RunInstances"];

/// Data resource types with ARNs (or ARN prefixes) that belong to them.
const DATA_TYPES: [(&str, [&str; 3]); 3] = [
    (
        "AWS::S3::Object",
        [
            "arn:aws:s3:::prod-uploads/",
            "arn:aws:s3:::logs/2026/",
            "arn:aws:s3:::",
        ],
    ),
    (
        "AWS::Lambda::Function",
        [
            "arn:aws:lambda:us-east-1:111111111111:function:checkout",
            "arn:aws:lambda:eu-west-1:222222222222:function:",
            "arn:aws:lambda",
        ],
    ),
    (
        "AWS::DynamoDB::Table",
        [
            "arn:aws:dynamodb:us-east-1:111111111111:table/orders",
            "arn:aws:dynamodb:us-east-1:111111111111:table/",
            "arn:aws:dynamodb",
        ],
    ),
];

const NETWORK_SOURCES: [&str; 2] = ["ec2.amazonaws.com", "kms.amazonaws.com"];

const INSIGHTS: [&str; 2] = ["ApiCallRateInsight", "ApiErrorRateInsight"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Management,
    Data,
    NetworkActivity,
}

impl Category {
    fn toml(self) -> &'static str {
        match self {
            Category::Management => "management",
            Category::Data => "data",
            Category::NetworkActivity => "network_activity",
        }
    }

    fn event_category(self) -> &'static str {
        match self {
            Category::Management => "Management",
            Category::Data => "Data",
            Category::NetworkActivity => "NetworkActivity",
        }
    }
}

#[derive(Debug, Clone)]
struct Volume {
    /// Indices into the scenario's accounts; `None` means every account.
    accounts: Option<Vec<usize>>,
    /// Indices into the scenario's regions; `None` means every region.
    regions: Option<Vec<usize>>,
    category: Category,
    read: u64,
    write: u64,
    event_source: Option<String>,
    event_name: Option<String>,
    resource_type: Option<String>,
    resource_arn: Option<String>,
}

#[derive(Debug, Clone)]
struct BasicSelector {
    read_write_type: Option<&'static str>,
    include_management_events: Option<bool>,
    exclude_sources: Vec<&'static str>,
    data_resources: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
struct FieldSelector {
    field: &'static str,
    operators: Vec<(&'static str, Vec<String>)>,
}

#[derive(Debug, Clone)]
struct AdvancedSelector {
    name: Option<String>,
    fields: Vec<FieldSelector>,
}

#[derive(Debug, Clone)]
enum Selectors {
    Default,
    Basic(Vec<BasicSelector>),
    Advanced(Vec<AdvancedSelector>),
}

#[derive(Debug, Clone)]
struct Trail {
    name: String,
    /// `None`: the management account (account 0), by default.
    account: Option<usize>,
    home_region: usize,
    multi_region: bool,
    organization: bool,
    include_global_service_events: Option<bool>,
    insights: Vec<&'static str>,
    data_insights: Vec<&'static str>,
    cloudwatch_logs: bool,
    logging: Option<bool>,
    selectors: Selectors,
}

impl Trail {
    fn account(&self) -> usize {
        self.account.unwrap_or(0)
    }

    fn basic_count(&self) -> usize {
        match &self.selectors {
            Selectors::Basic(b) => b.len(),
            _ => 0,
        }
    }

    /// Data resources as CloudTrail counts them (all-resources values do not count).
    fn data_resource_count(&self) -> usize {
        let all = [
            "arn:aws:s3",
            "arn:aws:s3:::",
            "arn:aws:lambda",
            "arn:aws:dynamodb",
        ];
        match &self.selectors {
            Selectors::Basic(b) => b
                .iter()
                .flat_map(|s| &s.data_resources)
                .flat_map(|(_, values)| values)
                .filter(|v| !all.contains(&v.as_str()))
                .count(),
            _ => 0,
        }
    }

    fn advanced_value_count(&self) -> usize {
        match &self.selectors {
            Selectors::Advanced(a) => a
                .iter()
                .flat_map(|s| &s.fields)
                .flat_map(|f| &f.operators)
                .map(|(_, values)| values.len())
                .sum(),
            _ => 0,
        }
    }
}

#[derive(Debug, Clone)]
struct Model {
    regions: Vec<&'static str>,
    /// Account names; account 0 is the management account.
    accounts: Vec<String>,
    volumes: Vec<Volume>,
    trails: Vec<Trail>,
    budget: Option<u64>,
    api_clients: Vec<ApiClient>,
}

/// A planned caller of CloudTrail's own APIs.
#[derive(Debug, Clone)]
struct ApiClient {
    accounts: Option<Vec<usize>>,
    regions: Option<Vec<usize>>,
    api: &'static str,
    /// Calls per second, in tenths: 15 is `"1.5"`.
    tenths: u32,
}

impl ApiClient {
    fn rate(&self) -> Decimal {
        Decimal::new(i64::from(self.tenths), 1)
    }
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn q_list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}

/// Appends a trail's selector tables to `t`.
fn selectors_toml(t: &mut String, selectors: &Selectors) {
    match selectors {
        Selectors::Default => {}
        Selectors::Basic(list) => {
            for s in list {
                let _ = writeln!(t, "[[trail.event_selector]]");
                if let Some(rw) = s.read_write_type {
                    let _ = writeln!(t, "read_write_type = {}", q(rw));
                }
                if let Some(m) = s.include_management_events {
                    let _ = writeln!(t, "include_management_events = {m}");
                }
                if !s.exclude_sources.is_empty() {
                    let _ = writeln!(
                        t,
                        "exclude_management_event_sources = {}",
                        q_list(&s.exclude_sources)
                    );
                }
                let resources: Vec<String> = s
                    .data_resources
                    .iter()
                    .map(|(kind, values)| {
                        format!("{{ type = {}, values = {} }}", q(kind), q_list(values))
                    })
                    .collect();
                let _ = writeln!(t, "data_resources = [{}]", resources.join(", "));
            }
        }
        Selectors::Advanced(list) => {
            for s in list {
                let _ = writeln!(t, "[[trail.advanced_event_selector]]");
                if let Some(name) = &s.name {
                    let _ = writeln!(t, "name = {}", q(name));
                }
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let mut parts = vec![format!("field = {}", q(f.field))];
                        for (op, values) in &f.operators {
                            parts.push(format!("{op} = {}", q_list(values)));
                        }
                        format!("{{ {} }}", parts.join(", "))
                    })
                    .collect();
                let _ = writeln!(t, "field_selectors = [\n  {},\n]", fields.join(",\n  "));
            }
        }
    }
}

impl Model {
    fn toml(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "format = 1");
        let _ = writeln!(t, "name = \"generated\"");
        let _ = writeln!(t, "regions = {}", q_list(&self.regions));
        for (i, name) in self.accounts.iter().enumerate() {
            let _ = writeln!(t, "\n[[account]]\nname = {}", q(name));
            if i == 0 {
                let _ = writeln!(t, "id = \"111111111111\"\nmanagement = true");
            }
        }
        for v in &self.volumes {
            let _ = writeln!(t, "\n[[volume]]");
            self.scope_toml(&mut t, v.accounts.as_deref(), v.regions.as_deref());
            let _ = writeln!(t, "category = {}", q(v.category.toml()));
            let _ = writeln!(t, "read = {}\nwrite = {}", v.read, v.write);
            for (key, value) in [
                ("event_source", &v.event_source),
                ("event_name", &v.event_name),
                ("resource_type", &v.resource_type),
                ("resource_arn", &v.resource_arn),
            ] {
                if let Some(value) = value {
                    let _ = writeln!(t, "{key} = {}", q(value));
                }
            }
        }
        for tr in &self.trails {
            let _ = writeln!(t, "\n[[trail]]\nname = {}", q(&tr.name));
            if let Some(a) = tr.account {
                let _ = writeln!(t, "account = {}", q(&self.accounts[a]));
            }
            let _ = writeln!(t, "home_region = {}", q(self.regions[tr.home_region]));
            let _ = writeln!(t, "multi_region = {}", tr.multi_region);
            let _ = writeln!(t, "organization = {}", tr.organization);
            if let Some(g) = tr.include_global_service_events {
                let _ = writeln!(t, "include_global_service_events = {g}");
            }
            let _ = writeln!(t, "insights = {}", q_list(&tr.insights));
            let _ = writeln!(t, "data_insights = {}", q_list(&tr.data_insights));
            let _ = writeln!(t, "cloudwatch_logs = {}", tr.cloudwatch_logs);
            if let Some(l) = tr.logging {
                let _ = writeln!(t, "logging = {l}");
            }
            selectors_toml(&mut t, &tr.selectors);
        }
        for (i, c) in self.api_clients.iter().enumerate() {
            let _ = writeln!(t, "\n[[api_client]]\nname = \"client-{i}\"");
            self.scope_toml(&mut t, c.accounts.as_deref(), c.regions.as_deref());
            let _ = writeln!(t, "api = {}\ncalls_per_second = \"{}\"", q(c.api), c.rate());
        }
        if let Some(budget) = self.budget {
            let _ = writeln!(
                t,
                "\n[policy]\nmonthly_budget = \"{budget}.00\"\nfail_on = \"never\""
            );
        }
        t
    }

    /// Appends the `accounts` and `regions` a volume or an API client is limited to.
    fn scope_toml(&self, t: &mut String, accounts: Option<&[usize]>, regions: Option<&[usize]>) {
        if let Some(a) = accounts {
            let names: Vec<&str> = a.iter().map(|&i| self.accounts[i].as_str()).collect();
            let _ = writeln!(t, "accounts = {}", q_list(&names));
        }
        if let Some(r) = regions {
            let names: Vec<&str> = r.iter().map(|&i| self.regions[i]).collect();
            let _ = writeln!(t, "regions = {}", q_list(&names));
        }
    }

    fn without_trails(&self) -> Model {
        Model {
            trails: Vec::new(),
            ..self.clone()
        }
    }

    fn scaled(&self, factor: u64, only: Option<Category>) -> Model {
        let mut m = self.clone();
        for v in &mut m.volumes {
            if only.is_none_or(|c| c == v.category) {
                v.read *= factor;
                v.write *= factor;
            }
        }
        m
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies.
// ---------------------------------------------------------------------------------------------

/// A monthly count: often zero or round, sometimes odd, never large enough to overflow when doubled
/// or summed over a few dozen copies.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![
        1 => Just(0u64),
        2 => (0u64..=1_000).prop_map(|n| n * 100_000),
        2 => 0u64..=5_000_000_000,
        1 => 0u64..=1_000,
    ]
}

/// A non-empty subset of `0..n`, in order, or `None` (every one).
fn scope(n: usize) -> impl Strategy<Value = Option<Vec<usize>>> {
    let all: Vec<usize> = (0..n).collect();
    prop_oneof![Just(None), subsequence(all, 1..=n).prop_map(Some),]
}

fn volume(accounts: usize, regions: usize) -> impl Strategy<Value = Volume> {
    let management = (
        proptest::option::of(proptest::sample::select(SOURCES.to_vec())),
        proptest::option::of(proptest::sample::select(EVENT_NAMES.to_vec())),
    )
        .prop_map(|(source, name)| {
            (
                Category::Management,
                source.map(String::from),
                name.map(String::from),
                None,
                None,
            )
        });
    let data = (
        0..DATA_TYPES.len(),
        proptest::option::of(0..3usize),
        proptest::option::of(proptest::sample::select(EVENT_NAMES.to_vec())),
        proptest::bool::ANY,
    )
        .prop_map(|(t, arn, name, source)| {
            let (kind, arns) = DATA_TYPES[t];
            // A stream ARN: the value itself or something under it.
            let arn = arn.map(|i| format!("{}{}", arns[i], if i == 2 { "" } else { "x" }));
            let source = source.then(|| {
                match kind {
                    "AWS::S3::Object" => "s3.amazonaws.com",
                    "AWS::Lambda::Function" => "lambda.amazonaws.com",
                    _ => "dynamodb.amazonaws.com",
                }
                .to_string()
            });
            (
                Category::Data,
                source,
                name.map(String::from),
                Some(kind.to_string()),
                arn,
            )
        });
    let network = (
        proptest::option::of(proptest::sample::select(NETWORK_SOURCES.to_vec())),
        proptest::option::of(Just(
            "arn:aws:ec2:us-east-1:111111111111:vpc-endpoint/vpce-1",
        )),
    )
        .prop_map(|(source, arn)| {
            (
                Category::NetworkActivity,
                source.map(String::from),
                None,
                None,
                arn.map(String::from),
            )
        });
    (
        scope(accounts),
        scope(regions),
        prop_oneof![3 => management, 2 => data, 1 => network],
        count(),
        count(),
    )
        .prop_map(
            |(
                accounts,
                regions,
                (category, event_source, event_name, resource_type, resource_arn),
                read,
                write,
            )| {
                Volume {
                    accounts,
                    regions,
                    category,
                    read,
                    write,
                    event_source,
                    event_name,
                    resource_type,
                    resource_arn,
                }
            },
        )
}

fn insight_types() -> impl Strategy<Value = Vec<&'static str>> {
    subsequence(INSIGHTS.to_vec(), 0..=2)
}

fn basic_selector() -> impl Strategy<Value = BasicSelector> {
    let data_resource =
        (0..DATA_TYPES.len(), subsequence(vec![0usize, 1, 2], 0..=3)).prop_map(|(t, values)| {
            let (kind, arns) = DATA_TYPES[t];
            (
                kind.to_string(),
                values.into_iter().map(|i| arns[i].to_string()).collect(),
            )
        });
    (
        proptest::option::of(proptest::sample::select(vec![
            "All",
            "ReadOnly",
            "WriteOnly",
        ])),
        proptest::option::of(proptest::bool::ANY),
        subsequence(vec!["kms.amazonaws.com", "rdsdata.amazonaws.com"], 0..=2),
        proptest::collection::vec(data_resource, 0..3),
    )
        .prop_map(
            |(read_write_type, include_management_events, exclude_sources, data_resources)| {
                BasicSelector {
                    read_write_type,
                    include_management_events,
                    exclude_sources,
                    data_resources,
                }
            },
        )
}

fn strings(values: &[&str]) -> Vec<String> {
    values
        .iter()
        .map(std::string::ToString::to_string)
        .collect()
}

fn field_selector() -> impl Strategy<Value = FieldSelector> {
    prop_oneof![
        proptest::sample::select(vec!["true", "false"]).prop_map(|v| FieldSelector {
            field: "readOnly",
            operators: vec![("equals", strings(&[v]))],
        }),
        (
            proptest::sample::select(vec!["equals", "not_equals"]),
            subsequence(SOURCES.to_vec(), 1..=2)
        )
            .prop_map(|(op, values)| FieldSelector {
                field: "eventSource",
                operators: vec![(op, strings(&values))],
            }),
        proptest::sample::select(EVENT_NAMES.to_vec()).prop_map(|v| FieldSelector {
            field: "eventName",
            operators: vec![("equals", strings(&[v]))],
        }),
        proptest::sample::select(DATA_TYPES.iter().map(|(k, _)| *k).collect::<Vec<_>>()).prop_map(
            |v| FieldSelector {
                field: "resources.type",
                operators: vec![("equals", strings(&[v]))],
            }
        ),
        (
            proptest::sample::select(vec![
                "starts_with",
                "not_starts_with",
                "ends_with",
                "not_ends_with",
                "equals",
            ]),
            proptest::sample::select(vec![
                "arn:aws:s3:::prod-",
                "arn:aws:s3:::logs/",
                "x",
                "checkout",
                "arn:aws:dynamodb",
            ])
        )
            .prop_map(|(op, v)| FieldSelector {
                field: "resources.ARN",
                operators: vec![(op, strings(&[v]))],
            }),
    ]
}

fn advanced_selector() -> impl Strategy<Value = AdvancedSelector> {
    (
        proptest::option::of("[a-z][a-z ]{0,12}"),
        subsequence(
            vec![
                Category::Management,
                Category::Data,
                Category::NetworkActivity,
            ],
            1..=2,
        ),
        proptest::collection::vec(field_selector(), 0..3),
    )
        .prop_map(|(name, categories, mut others)| {
            let names: Vec<String> = categories
                .iter()
                .map(|c| c.event_category().to_string())
                .collect();
            // A field appears once per selector, as AWS requires.
            let mut seen = Vec::new();
            others.retain(|f| {
                let fresh = !seen.contains(&f.field);
                seen.push(f.field);
                fresh
            });
            let mut fields = vec![FieldSelector {
                field: "eventCategory",
                operators: vec![("equals", names)],
            }];
            fields.extend(others);
            AdvancedSelector { name, fields }
        })
}

fn selectors() -> impl Strategy<Value = Selectors> {
    prop_oneof![
        2 => Just(Selectors::Default),
        3 => proptest::collection::vec(basic_selector(), 1..4).prop_map(Selectors::Basic),
        3 => proptest::collection::vec(advanced_selector(), 1..4).prop_map(Selectors::Advanced),
    ]
}

fn trail(accounts: usize, regions: usize) -> impl Strategy<Value = Trail> {
    (
        proptest::option::of(0..accounts),
        0..regions,
        proptest::bool::ANY,
        proptest::bool::weighted(0.25),
        proptest::option::of(proptest::bool::weighted(0.8)),
        (insight_types(), insight_types()),
        proptest::bool::ANY,
        proptest::option::of(proptest::bool::weighted(0.9)),
        selectors(),
    )
        .prop_map(
            |(
                account,
                home_region,
                multi_region,
                organization,
                include_global_service_events,
                (insights, data_insights),
                cloudwatch_logs,
                logging,
                selectors,
            )| Trail {
                name: String::new(),
                // Organization trails live in the management account (elsewhere: CT007).
                account: if organization {
                    account.map(|_| 0)
                } else {
                    account
                },
                home_region,
                multi_region,
                organization,
                include_global_service_events,
                insights,
                data_insights,
                cloudwatch_logs,
                logging,
                selectors,
            },
        )
}

fn model_with(max_trails: usize) -> impl Strategy<Value = Model> {
    (subsequence(REGIONS.to_vec(), 1..=4), 1usize..=3)
        .prop_flat_map(move |(regions, accounts)| {
            let r = regions.len();
            (
                Just(regions),
                Just(accounts),
                proptest::collection::vec(volume(accounts, r), 0..7),
                proptest::collection::vec(trail(accounts, r), 0..=max_trails),
                proptest::option::of(0u64..2_000),
            )
        })
        .prop_map(|(regions, accounts, volumes, mut trails, budget)| {
            for (i, t) in trails.iter_mut().enumerate() {
                t.name = format!("trail-{i}");
            }
            let mut names = vec!["management".to_string()];
            names.extend((1..accounts).map(|i| format!("member-{i}")));
            Model {
                regions,
                accounts: names,
                volumes,
                trails,
                budget,
                api_clients: Vec::new(),
            }
        })
}

fn model() -> impl Strategy<Value = Model> {
    model_with(5)
}

/// The APIs that planned callers use: one or more of every quota group.
const APIS: [&str; 13] = [
    "LookupEvents",
    "ListInsightsData",
    "ListInsightsMetricData",
    "StartQuery",
    "CancelQuery",
    "DescribeTrails",
    "GetTrailStatus",
    "ListTrails",
    "GetEventSelectors",
    "PutAuditEvents",
    "CreateTrail",
    "StartLogging",
    "PutEventSelectors",
];

/// The quota group of an API and its calls per second, per account and region, as SPEC §2 and
/// AWS's quota page state them: `LookupEvents` 2, `ListInsightsData` 2, `ListInsightsMetricData` 1,
/// `StartQuery` and `CancelQuery` 3 together, other `Get*`, `Describe*` and `List*` 10,
/// `PutAuditEvents` 100, every other API 1.
/// <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>
fn quota(api: &str) -> (&'static str, u32) {
    match api {
        "LookupEvents" => ("LookupEvents", 2),
        "ListInsightsData" => ("ListInsightsData", 2),
        "ListInsightsMetricData" => ("ListInsightsMetricData", 1),
        "StartQuery" | "CancelQuery" => ("StartQuery/CancelQuery", 3),
        "PutAuditEvents" => ("PutAuditEvents", 100),
        _ if ["Get", "Describe", "List"]
            .iter()
            .any(|p| api.starts_with(p)) =>
        {
            ("Get/Describe/List", 10)
        }
        _ => ("other", 1),
    }
}

fn api_client(accounts: usize, regions: usize) -> impl Strategy<Value = ApiClient> {
    (
        scope(accounts),
        scope(regions),
        proptest::sample::select(APIS.to_vec()),
        // Mostly around the small quotas, sometimes around PutAuditEvents' 100.
        prop_oneof![4 => 0u32..=40, 1 => 0u32..=1_100],
    )
        .prop_map(|(accounts, regions, api, tenths)| ApiClient {
            accounts,
            regions,
            api,
            tenths,
        })
}

/// A model with up to 8 planned API callers.
fn model_with_api_clients() -> impl Strategy<Value = Model> {
    model().prop_flat_map(|m| {
        let clients =
            proptest::collection::vec(api_client(m.accounts.len(), m.regions.len()), 0..=8);
        (Just(m), clients).prop_map(|(mut m, clients)| {
            m.api_clients = clients;
            m
        })
    })
}

/// A basic selector that selects management events only, in one direction or both.
fn management_selector() -> impl Strategy<Value = BasicSelector> {
    (
        proptest::option::of(proptest::sample::select(vec![
            "All",
            "ReadOnly",
            "WriteOnly",
        ])),
        proptest::option::of(proptest::bool::weighted(0.8)),
    )
        .prop_map(
            |(read_write_type, include_management_events)| BasicSelector {
                read_write_type,
                include_management_events,
                exclude_sources: Vec::new(),
                data_resources: Vec::new(),
            },
        )
}

/// A model of management events only, whose trails select them by direction (or by AWS's
/// default), so that a test can say which trails deliver each stream.
fn management_model() -> impl Strategy<Value = Model> {
    model_with(7).prop_flat_map(|m| {
        let n = m.trails.len();
        let selectors = proptest::collection::vec(
            prop_oneof![
                1 => Just(Selectors::Default),
                3 => proptest::collection::vec(management_selector(), 1..=2).prop_map(Selectors::Basic),
            ],
            n,
        );
        (Just(m), selectors).prop_map(|(mut m, selectors)| {
            for v in &mut m.volumes {
                v.category = Category::Management;
                // No global service sources: their delivery depends on the recording region.
                v.event_source = None;
                v.resource_type = None;
                v.resource_arn = None;
            }
            for (t, s) in m.trails.iter_mut().zip(selectors) {
                t.selectors = s;
            }
            m
        })
    })
}

impl Trail {
    /// Does the trail deliver management events of this direction (`read`: read-only events)?
    /// Only for the selectors of [`management_model`].
    fn delivers_management(&self, read: bool) -> bool {
        if self.logging == Some(false) {
            return false;
        }
        let direction = |rw: Option<&str>| match rw.unwrap_or("All") {
            "ReadOnly" => read,
            "WriteOnly" => !read,
            _ => true,
        };
        match &self.selectors {
            Selectors::Default => true,
            Selectors::Basic(list) => list.iter().any(|s| {
                s.include_management_events != Some(false) && direction(s.read_write_type)
            }),
            Selectors::Advanced(_) => unreachable!("management_model writes no advanced selector"),
        }
    }

    /// SPEC §1: organization trails cover every account, multi-region trails every region.
    fn covers(&self, account: usize, region: usize) -> bool {
        (self.organization || self.account() == account)
            && (self.multi_region || self.home_region == region)
    }
}

/// The rank of a trail for the free copy (SPEC §1): organization, multi-region, single-region.
fn free_copy_rank(t: &Trail) -> u8 {
    if t.organization {
        0
    } else if t.multi_region {
        1
    } else {
        2
    }
}

// ---------------------------------------------------------------------------------------------
// Running the pipeline.
// ---------------------------------------------------------------------------------------------

fn today() -> Date {
    Date::new(2026, 11, 1).expect("a real date")
}

/// Parses and evaluates a model's TOML; every generated scenario is valid, so failure is a bug.
fn plan_model(model: &Model) -> Plan {
    let text = model.toml();
    let scenario = trailplan::scenario::parse(SourceFile::new("generated.toml", text.clone()))
        .unwrap_or_else(|e| panic!("a generated scenario was refused: {e}\n{text}"));
    plan::evaluate(scenario, today(), None)
        .unwrap_or_else(|e| panic!("a generated scenario could not be planned: {e}\n{text}"))
}

fn total(model: &Model) -> Decimal {
    plan_model(model).costing.total
}

fn cost_of_kinds(plan: &Plan, kinds: &[Kind]) -> Decimal {
    plan.costing
        .charges
        .iter()
        .filter(|c| kinds.contains(&c.kind))
        .map(|c| c.cost)
        .sum()
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

/// The "exact: …" amount of the table's total line.
fn table_exact_total(table: &str) -> Decimal {
    let line = table
        .lines()
        .find(|l| l.starts_with("Total:"))
        .unwrap_or_else(|| panic!("the table has no total line:\n{table}"));
    let exact = line
        .split("exact: ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("the total line has no exact amount: {line}"));
    Decimal::from_str(exact).unwrap_or_else(|e| panic!("`{exact}` is not a decimal: {e}"))
}

fn counts_per_cell(model: &Model) -> BTreeMap<(usize, usize), usize> {
    let mut held = BTreeMap::new();
    for t in &model.trails {
        for r in 0..model.regions.len() {
            if t.multi_region || t.home_region == r {
                *held.entry((t.account(), r)).or_insert(0) += 1;
            }
        }
    }
    held
}

fn fired(plan: &Plan, rule: &str) -> usize {
    plan.findings
        .iter()
        .filter(|f| f.rule.as_str() == rule)
        .count()
}

// ---------------------------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// No panic, the total is the exact sum of the line items, nothing is negative, and each line
    /// costs exactly its events at its price per 100,000.
    #[test]
    fn total_is_the_exact_sum_of_non_negative_charges(model in model()) {
        let plan = plan_model(&model);
        let mut sum = Decimal::ZERO;
        for c in &plan.costing.charges {
            prop_assert!(!c.cost.is_sign_negative() || c.cost.is_zero(), "negative cost {c:?}");
            prop_assert!(c.events > 0, "an empty line {c:?}");
            prop_assert_eq!(c.cost, Decimal::from(c.events) * c.price_per_100k / Decimal::from(100_000));
            sum += c.cost;
        }
        prop_assert_eq!(sum, plan.costing.total);
        prop_assert!(!plan.costing.total.is_sign_negative());
    }

    /// The order of trails decides who holds the free copy, never the total.
    #[test]
    fn reordering_trails_changes_no_total(model in model(), seed in any::<u64>()) {
        let before = total(&model);
        let mut shuffled = model.clone();
        shuffled.trails.reverse();
        prop_assert_eq!(total(&shuffled), before, "reversed");
        if !shuffled.trails.is_empty() {
            let k = usize::try_from(seed % shuffled.trails.len() as u64).unwrap_or(0);
            shuffled.trails.rotate_left(k);
            prop_assert_eq!(total(&shuffled), before, "rotated by {}", k);
        }
    }

    /// Volumes add up: their order, and cutting one in two, change nothing.
    #[test]
    fn reordering_or_splitting_volumes_changes_no_total(model in model(), pick in any::<prop::sample::Index>()) {
        let before = total(&model);
        let mut reordered = model.clone();
        reordered.volumes.reverse();
        prop_assert_eq!(total(&reordered), before, "reversed volumes");
        if !model.volumes.is_empty() {
            let i = pick.index(model.volumes.len());
            let mut split = model.clone();
            let mut half = split.volumes[i].clone();
            half.read /= 2;
            half.write /= 2;
            split.volumes[i].read -= half.read;
            split.volumes[i].write -= half.write;
            split.volumes.push(half);
            prop_assert_eq!(total(&split), before, "volume {} split in two", i);
        }
    }

    /// A further trail adds copies (and perhaps Insights); it never takes money away.
    #[test]
    fn adding_a_trail_never_lowers_the_total(
        (model, extra) in model().prop_flat_map(|m| {
            let t = trail(m.accounts.len(), m.regions.len());
            (Just(m), t)
        })
    ) {
        let before = total(&model);
        let mut more = model.clone();
        let mut extra = extra;
        extra.name = "added-trail".into();
        more.trails.push(extra);
        let after = total(&more);
        prop_assert!(after >= before, "{after} < {before}");
    }

    /// Without trails nothing is delivered and nothing is paid.
    #[test]
    fn a_scenario_without_trails_costs_nothing(model in model()) {
        let plan = plan_model(&model.without_trails());
        prop_assert!(plan.costing.charges.is_empty());
        prop_assert_eq!(plan.costing.total, Decimal::ZERO);
    }

    /// Every price is per event: twice the events is exactly twice the money.
    #[test]
    fn doubling_every_count_doubles_the_total(model in model()) {
        let before = total(&model);
        prop_assert_eq!(total(&model.scaled(2, None)), before * Decimal::from(2));
    }

    /// Data events (and the Insights on them) cost exactly in proportion to their number, and do
    /// not move the price of anything else.
    #[test]
    fn data_event_cost_is_exactly_linear(model in model(), factor in 0u64..=7) {
        let data = [Kind::Data, Kind::DataInsightsApiCallRate, Kind::DataInsightsApiErrorRate];
        let others: Vec<Kind> = Kind::ALL.iter().copied().filter(|k| !data.contains(k)).collect();
        let base = plan_model(&model);
        let scaled = plan_model(&model.scaled(factor, Some(Category::Data)));
        prop_assert_eq!(
            cost_of_kinds(&scaled, &data),
            cost_of_kinds(&base, &data) * Decimal::from(factor)
        );
        prop_assert_eq!(cost_of_kinds(&scaled, &others), cost_of_kinds(&base, &others));
        // Each data line is its events at $0.10 per 100,000, the first copy included.
        for c in base.costing.charges.iter().filter(|c| c.kind == Kind::Data) {
            prop_assert_eq!(c.cost, Decimal::from(c.events) / Decimal::from(1_000_000));
        }
    }

    /// Data-event Insights are billed as `DataInsightsEvents` at $0.03 per 100,000 events analyzed
    /// ($0.0000003 an event), management Insights as `InsightsEvents` at $0.35 per 100,000
    /// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html).
    #[test]
    fn insights_lines_are_priced_per_event_at_their_own_rate(model in model()) {
        let plan = plan_model(&model);
        let per_event = |cents_per_100k: i64| Decimal::new(cents_per_100k, 2) / Decimal::from(100_000);
        for c in &plan.costing.charges {
            match c.kind {
                Kind::DataInsightsApiCallRate | Kind::DataInsightsApiErrorRate => {
                    prop_assert_eq!(c.price_per_100k, Decimal::new(3, 2));
                    prop_assert_eq!(c.cost, Decimal::from(c.events) * Decimal::new(3, 7));
                }
                Kind::InsightsApiCallRate | Kind::InsightsApiErrorRate => {
                    prop_assert_eq!(c.price_per_100k, Decimal::new(35, 2));
                    prop_assert_eq!(c.cost, Decimal::from(c.events) * per_event(35));
                }
                _ => {}
            }
        }
    }

    /// Basic selector values (API reference, DataResource,
    /// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html): an S3
    /// value selects the objects whose ARN starts with it; a Lambda function or DynamoDB table value
    /// selects only the resource with exactly that ARN (`function:checkout` is not
    /// `function:checkout-v2`); an all-resources value selects every resource of its type.
    #[test]
    fn basic_values_select_s3_by_prefix_and_lambda_and_dynamodb_exactly(
        kind in 0usize..3,
        value in 0usize..3,
        arn in 0usize..3,
        suffix in prop::sample::select(vec!["", "-v2", "x/", "/2026/"]),
        write in 1u64..=5_000_000,
    ) {
        let (resource_type, arns) = DATA_TYPES[kind];
        let value = arns[value];
        let resource_arn = format!("{}{suffix}", arns[arn]);
        let all = ["arn:aws:s3", "arn:aws:s3:::", "arn:aws:lambda", "arn:aws:dynamodb"];
        let selected = all.contains(&value)
            || if resource_type == "AWS::S3::Object" {
                resource_arn.starts_with(value)
            } else {
                resource_arn == value
            };
        let text = format!(
            "format = 1\nname = \"p\"\nregions = [\"us-east-1\"]\n\
             [[volume]]\ncategory = \"data\"\nresource_type = {}\nresource_arn = {}\nwrite = {write}\n\
             [[trail]]\nname = \"t\"\nhome_region = \"us-east-1\"\n\
             [[trail.event_selector]]\ninclude_management_events = false\n\
             data_resources = [{{ type = {}, values = [{}] }}]\n",
            q(resource_type), q(&resource_arn), q(resource_type), q(value)
        );
        let scenario = trailplan::scenario::parse(SourceFile::new("p.toml", text.clone()))
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let plan = plan::evaluate(scenario, today(), None).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let want = if selected { Decimal::from(write) / Decimal::from(1_000_000) } else { Decimal::ZERO };
        prop_assert_eq!(cost_of_kinds(&plan, &[Kind::Data]), want, "{}", text);
    }

    /// One trail alone holds the free copy of every management event it delivers.
    #[test]
    fn the_first_management_copy_is_free(
        (model, only) in model().prop_flat_map(|m| {
            let t = trail(m.accounts.len(), m.regions.len());
            (Just(m), t)
        })
    ) {
        let mut single = model.clone();
        let mut only = only;
        only.name = "only-trail".into();
        single.trails = vec![only];
        let plan = plan_model(&single);
        prop_assert!(
            plan.costing.charges.iter().all(|c| c.kind != Kind::ManagementPaid),
            "a lone trail paid for a management copy: {:?}", plan.costing.charges
        );
        prop_assert_eq!(fired(&plan, "CT101"), 0);
    }

    /// More events of any volume never cost less.
    #[test]
    fn more_events_never_cost_less(
        model in model(),
        pick in any::<prop::sample::Index>(),
        extra_read in 0u64..=10_000_000,
        extra_write in 0u64..=10_000_000,
    ) {
        prop_assume!(!model.volumes.is_empty());
        let before = total(&model);
        let mut more = model.clone();
        let i = pick.index(more.volumes.len());
        more.volumes[i].read += extra_read;
        more.volumes[i].write += extra_write;
        let after = total(&more);
        prop_assert!(after >= before, "{after} < {before}");
    }

    /// The JSON parses; its total is the exact sum of its costs and the table's exact total; the
    /// table's rounded total is that total to cents.
    #[test]
    fn json_and_table_agree(model in model()) {
        let plans = [plan_model(&model)];
        let json_text = json::render(&plans, true, true);
        let value: serde_json::Value = serde_json::from_str(&json_text)
            .map_err(|e| TestCaseError::fail(format!("JSON does not parse: {e}\n{json_text}")))?;
        let dec = |v: &serde_json::Value| Decimal::from_str(v.as_str().unwrap_or("not a string"));
        let json_total = dec(&value["total"]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(json_total, plans[0].costing.total);
        let charges = value["charges"].as_array().cloned().unwrap_or_default();
        prop_assert_eq!(charges.len(), plans[0].costing.charges.len());
        let mut sum = Decimal::ZERO;
        for c in &charges {
            sum += dec(&c["cost"]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(sum, json_total);
        let table_text = table::render(&plans, true, true);
        prop_assert_eq!(table_exact_total(&table_text), json_total);
        let rounded = trailplan::money::dollars(json_total);
        prop_assert!(
            table_text.contains(&format!("Total: {rounded} a month")),
            "the table does not show {rounded}:\n{table_text}"
        );
    }

    /// CT001 fires once per account and region holding more than 5 trails, and nowhere else;
    /// CT002 once per trail with more than 5 basic selectors.
    #[test]
    fn quota_rules_fire_exactly_above_their_limits(
        model in model_with(9).prop_flat_map(|m| {
            let n = m.trails.len();
            (Just(m), proptest::collection::vec(proptest::collection::vec(basic_selector(), 0..=7), n))
        }).prop_map(|(mut m, selectors)| {
            // Some trails get up to 7 basic selectors, around CT002's limit of 5.
            for (t, s) in m.trails.iter_mut().zip(selectors) {
                if !s.is_empty() && matches!(t.selectors, Selectors::Basic(_)) {
                    t.selectors = Selectors::Basic(s);
                }
            }
            m
        })
    ) {
        let plan = plan_model(&model);
        let over = counts_per_cell(&model).values().filter(|&&n| n > 5).count();
        prop_assert_eq!(fired(&plan, "CT001"), over);
        let too_many_selectors = model.trails.iter().filter(|t| t.basic_count() > 5).count();
        prop_assert_eq!(fired(&plan, "CT002"), too_many_selectors);
    }

    /// CT004 fires exactly above 250 data resources (all-resources values do not count).
    #[test]
    fn data_resources_rule_fires_exactly_above_250(per_selector in proptest::collection::vec(0usize..=90, 1..=5), all in 0usize..3) {
        let mut selectors = Vec::new();
        for (s, &n) in per_selector.iter().enumerate() {
            let mut values: Vec<String> = (0..n).map(|i| format!("arn:aws:s3:::bucket-{s}-{i}/")).collect();
            if s == 0 {
                values.extend(std::iter::repeat_n("arn:aws:s3:::".to_string(), all));
            }
            selectors.push(BasicSelector {
                read_write_type: None,
                include_management_events: None,
                exclude_sources: Vec::new(),
                data_resources: vec![("AWS::S3::Object".into(), values)],
            });
        }
        let model = one_trail_model(Selectors::Basic(selectors));
        let expected = model.trails[0].data_resource_count();
        prop_assert_eq!(expected, per_selector.iter().sum::<usize>());
        let plan = plan_model(&model);
        prop_assert_eq!(fired(&plan, "CT004"), usize::from(expected > 250), "{} data resources", expected);
    }

    /// CT003 fires exactly above 500 advanced selector values, `eventCategory` included.
    #[test]
    fn advanced_values_rule_fires_exactly_above_500(per_selector in proptest::collection::vec(0usize..=170, 1..=3)) {
        let selectors: Vec<AdvancedSelector> = per_selector
            .iter()
            .enumerate()
            .map(|(s, &n)| AdvancedSelector {
                name: None,
                fields: vec![
                    FieldSelector { field: "eventCategory", operators: vec![("equals", strings(&["Data"]))] },
                    FieldSelector { field: "resources.type", operators: vec![("equals", strings(&["AWS::S3::Object"]))] },
                    FieldSelector {
                        field: "resources.ARN",
                        operators: vec![(
                            "starts_with",
                            (0..n).map(|i| format!("arn:aws:s3:::bucket-{s}-{i}/")).collect(),
                        )],
                    },
                ],
            })
            .collect();
        let model = one_trail_model(Selectors::Advanced(selectors));
        let values = model.trails[0].advanced_value_count();
        let plan = plan_model(&model);
        prop_assert_eq!(fired(&plan, "CT003"), usize::from(values > 500), "{} values", values);
    }

    /// CT120 fires exactly when the total is above the budget.
    #[test]
    fn budget_rule_fires_exactly_above_the_budget(model in model()) {
        let plan = plan_model(&model);
        let over = model
            .budget
            .is_some_and(|b| plan.costing.total > Decimal::from(b));
        prop_assert_eq!(fired(&plan, "CT120"), usize::from(over));
    }
}

/// `(trail, account, region)` names → events, for one kind of line.
type Lines = BTreeMap<(String, String, String), u64>;

fn lines_of_kind(plan: &Plan, kind: Kind) -> Lines {
    let mut out = Lines::new();
    let s = &plan.scenario;
    for c in plan.costing.charges.iter().filter(|c| c.kind == kind) {
        let key = (
            s.trails[c.trail].name.clone(),
            s.accounts[c.account].name.clone(),
            s.regions[c.region].name.clone(),
        );
        *out.entry(key).or_insert(0) += c.events;
    }
    out
}

proptest! {
    #![proptest_config(config())]

    /// SPEC §1: in each account and region, every management event's free copy goes to the first
    /// trail that delivers it in the order organization, multi-region, single-region, then the
    /// order of the scenario; every other trail that delivers it pays for a copy.
    #[test]
    fn the_free_copy_goes_to_the_first_trail_in_precedence_order(model in management_model()) {
        let plan = plan_model(&model);
        let mut order: Vec<usize> = (0..model.trails.len()).collect();
        order.sort_by_key(|&t| (free_copy_rank(&model.trails[t]), t));
        let (mut free, mut paid) = (Lines::new(), Lines::new());
        for v in &model.volumes {
            for a in 0..model.accounts.len() {
                for r in 0..model.regions.len() {
                    let inside = |scope: &Option<Vec<usize>>, i: usize| {
                        scope.as_ref().is_none_or(|s| s.contains(&i))
                    };
                    if !inside(&v.accounts, a) || !inside(&v.regions, r) {
                        continue;
                    }
                    for (read, count) in [(true, v.read), (false, v.write)] {
                        if count == 0 {
                            continue;
                        }
                        let delivering = order.iter().map(|&t| &model.trails[t]).filter(|t| {
                            t.covers(a, r) && t.delivers_management(read)
                        });
                        for (i, t) in delivering.enumerate() {
                            let key = (
                                t.name.clone(),
                                model.accounts[a].clone(),
                                model.regions[r].to_string(),
                            );
                            *(if i == 0 { &mut free } else { &mut paid }).entry(key).or_insert(0) += count;
                        }
                    }
                }
            }
        }
        prop_assert_eq!(lines_of_kind(&plan, Kind::ManagementFree), free, "free copies\n{}", model.toml());
        prop_assert_eq!(lines_of_kind(&plan, Kind::ManagementPaid), paid, "paid copies\n{}", model.toml());
    }

    /// CT011 fires exactly once for each account, region and API group whose planned calls,
    /// summed, exceed the group's calls per second, and names that account and region.
    #[test]
    fn api_rate_rule_fires_exactly_when_a_group_is_over_its_quota(model in model_with_api_clients()) {
        let plan = plan_model(&model);
        let mut rates: BTreeMap<(usize, usize, &str), (Decimal, u32)> = BTreeMap::new();
        for c in &model.api_clients {
            let (group, limit) = quota(c.api);
            for a in 0..model.accounts.len() {
                for r in 0..model.regions.len() {
                    let inside = |scope: &Option<Vec<usize>>, i: usize| {
                        scope.as_ref().is_none_or(|s| s.contains(&i))
                    };
                    if inside(&c.accounts, a) && inside(&c.regions, r) {
                        rates.entry((a, r, group)).or_insert((Decimal::ZERO, limit)).0 += c.rate();
                    }
                }
            }
        }
        let mut expected: Vec<(String, String)> = rates
            .iter()
            .filter(|(_, (rate, limit))| *rate > Decimal::from(*limit))
            .map(|((a, r, _), _)| (model.accounts[*a].clone(), model.regions[*r].to_string()))
            .collect();
        expected.sort();
        let mut actual: Vec<(String, String)> = plan
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == "CT011")
            .map(|f| (f.account.clone().unwrap_or_default(), f.region.clone().unwrap_or_default()))
            .collect();
        actual.sort();
        prop_assert_eq!(actual, expected, "{:?}\n{}", rates, model.toml());
    }
}

/// One account, one region, one trail with these selectors, one S3 data volume.
fn one_trail_model(selectors: Selectors) -> Model {
    Model {
        regions: vec!["us-east-1"],
        accounts: vec!["management".into()],
        volumes: vec![Volume {
            accounts: None,
            regions: None,
            category: Category::Data,
            read: 1_000_000,
            write: 0,
            event_source: None,
            event_name: None,
            resource_type: Some("AWS::S3::Object".into()),
            resource_arn: Some("arn:aws:s3:::bucket-0-0/key".into()),
        }],
        trails: vec![Trail {
            name: "trail-0".into(),
            account: None,
            home_region: 0,
            multi_region: false,
            organization: false,
            include_global_service_events: None,
            insights: Vec::new(),
            data_insights: Vec::new(),
            cloudwatch_logs: false,
            logging: None,
            selectors,
        }],
        budget: None,
        api_clients: Vec::new(),
    }
}

/// The boundaries themselves, written out: exactly at a limit never fires, one above always does.
#[test]
fn quota_rules_at_their_boundaries() {
    let basic = |n: usize| BasicSelector {
        read_write_type: None,
        include_management_events: None,
        exclude_sources: Vec::new(),
        data_resources: vec![(
            "AWS::S3::Object".into(),
            (0..n).map(|i| format!("arn:aws:s3:::b{i}/")).collect(),
        )],
    };
    for (n, fires) in [(250, false), (251, true)] {
        let plan = plan_model(&one_trail_model(Selectors::Basic(vec![basic(n)])));
        assert_eq!(fired(&plan, "CT004") == 1, fires, "{n} data resources");
    }
    for (n, fires) in [(5, false), (6, true)] {
        let plan = plan_model(&one_trail_model(Selectors::Basic(vec![basic(1); n])));
        assert_eq!(fired(&plan, "CT002") == 1, fires, "{n} event selectors");
    }
    for (n, fires) in [(5, false), (6, true)] {
        let mut model = one_trail_model(Selectors::Default);
        let template = model.trails[0].clone();
        model.trails = (0..n)
            .map(|i| Trail {
                name: format!("trail-{i}"),
                ..template.clone()
            })
            .collect();
        let plan = plan_model(&model);
        assert_eq!(fired(&plan, "CT001") == 1, fires, "{n} trails");
    }
}
