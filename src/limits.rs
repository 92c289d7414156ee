//! The quota numbers, each stated once: CloudTrail's own limits, which the rules check, the
//! generator stays under and the messages quote, and trailplan's limits on what it reads, which keep
//! a hostile file from making it hang or eat memory. The rule summaries and docs quote the same
//! numbers in prose; a test in `rules` keeps them in step with this table.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

/// Trails that may apply in one account and region (CT001).
pub const TRAILS_PER_REGION: usize = 5;
/// Basic event selectors on one trail (CT002).
pub(crate) const EVENT_SELECTORS_PER_TRAIL: usize = 5;
/// Values across all advanced event selectors of one trail (CT003).
pub const ADVANCED_SELECTOR_VALUES_PER_TRAIL: usize = 500;
/// Data resources across all basic event selectors of one trail (CT004).
pub(crate) const DATA_RESOURCES_PER_TRAIL: usize = 250;
/// The shortest and the longest trail name AWS accepts (CT009).
pub(crate) const TRAIL_NAME_CHARS: std::ops::RangeInclusive<usize> = 3..=128;
/// The largest event CloudWatch Logs accepts from CloudTrail, in KB (CT107).
pub(crate) const CLOUDWATCH_EVENT_KB: u32 = 256;

/// Calls per second per account and region (CT011): `LookupEvents`.
pub(crate) const LOOKUP_EVENTS_PER_SECOND: u32 = 2;
/// `ListInsightsData` calls per second per account and region.
pub(crate) const LIST_INSIGHTS_DATA_PER_SECOND: u32 = 2;
/// Calls per second: `ListInsightsMetricData`.
pub(crate) const LIST_INSIGHTS_METRIC_DATA_PER_SECOND: u32 = 1;
/// Calls per second: the other `Get*`, `Describe*` and `List*` APIs.
pub(crate) const GET_DESCRIBE_LIST_PER_SECOND: u32 = 10;
/// Calls per second: `StartQuery` and `CancelQuery`.
pub(crate) const QUERIES_PER_SECOND: u32 = 3;
/// Calls per second: `PutAuditEvents`.
pub(crate) const PUT_AUDIT_EVENTS_PER_SECOND: u32 = 100;
/// Calls per second: every other CloudTrail API.
pub(crate) const OTHER_APIS_PER_SECOND: u32 = 1;

/// Scenario files larger than this are refused before they are parsed (64 MiB).
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The longest string AWS accepts in a selector value; also the limit for names and ARNs here.
pub(crate) const MAX_STRING: usize = 2048;
/// The most entries trailplan reads in one list (regions, accounts, values...).
pub const MAX_LIST: usize = 100_000;
/// The most account × region cells a scenario may span: 10,000 accounts in 100 regions. Selection
/// allocates per cell; a file naming 100,000 accounts and 100,000 regions would ask for terabytes.
pub(crate) const MAX_CELLS: usize = 1_000_000;
/// The most planning steps a scenario may ask for: (volume, trail, API client) × (account, region)
/// pairs that selection, pricing and the rules walk. Room for 10,000 accounts in 40 regions with a
/// few organization trails and a dozen volumes; beyond it a hostile file is refused, not run for
/// hours.
pub(crate) const MAX_WORK: u64 = 20_000_000;
/// The longest forecast, in months (ten years).
pub(crate) const MAX_FORECAST_MONTHS: u32 = 120;
/// The longest retention of downstream estimates, in months (100 years).
pub(crate) const MAX_RETENTION_MONTHS: u64 = 1200;
/// The deepest nesting of lists and mappings read from JSON or YAML (serde_json's own limit): deeper
/// documents are refused before a tree is built, so that no recursion can overflow the stack.
pub(crate) const MAX_NESTING: usize = 128;
/// The template work budget: steps (one per intrinsic function or condition evaluated) plus
/// characters built by `!Sub` and `!Join` while a CloudFormation template is read. Named conditions
/// are evaluated once each, so real templates use a few thousand; beyond the budget the template is
/// refused rather than evaluated for hours.
pub(crate) const TEMPLATE_WORK: u64 = 10_000_000;

/// A work budget an evaluation spends as it goes: one unit per step, per character it is about to
/// build and per list or mapping element it is about to make. Every amount is spent *before* the
/// string or list is allocated, so a template that asks for gigabytes is refused having allocated
/// no more than the budget allows.
#[derive(Debug)]
pub(crate) struct WorkBudget {
    limit: u64,
    spent: std::cell::Cell<u64>,
}

impl WorkBudget {
    /// A budget of `limit` units, none spent.
    pub(crate) const fn new(limit: u64) -> Self {
        Self {
            limit,
            spent: std::cell::Cell::new(0),
        }
    }

    /// Spends `amount` units; false once the budget is spent (and from then on).
    pub(crate) fn spend(&self, amount: usize) -> bool {
        let amount = u64::try_from(amount).unwrap_or(u64::MAX);
        let spent = self.spent.get().saturating_add(amount);
        self.spent.set(spent);
        spent <= self.limit
    }

    /// True once more than the budget was asked for.
    pub(crate) fn exhausted(&self) -> bool {
        self.spent.get() > self.limit
    }
}

impl Default for WorkBudget {
    /// The template work budget, [`TEMPLATE_WORK`].
    fn default() -> Self {
        Self::new(TEMPLATE_WORK)
    }
}
/// The line-item budget: the most line items (trail × payer × account × region × kind) one plan
/// may price. The generator's largest organisation (10,000 accounts in 30 regions) prices about
/// 770,000; a plan beyond the budget is refused before its line items take the memory.
pub(crate) const MAX_LINE_ITEMS: usize = 2_000_000;
/// The findings budget: the most findings the rules may raise for one plan, waived ones included.
pub(crate) const MAX_FINDINGS: usize = 400_000;
/// The rendered-row budget: the most line-item rows a report holds in memory before it is written.
/// The HTML and markdown reports list the costliest line items (1,000 and 10 unless `--top` says
/// otherwise); a `--top` that would make them hold more rows than this is refused. The terminal
/// table writes its rows as it makes them, and JSON streams, so they have no such budget.
pub(crate) const MAX_RENDERED_ROWS: usize = 100_000;
