//! What CloudTrail charges, line by line, in exact decimals (SPEC §1).
//!
//! - Management events: per account, region and event stream, the first copy is free and every
//!   further copy costs `management_additional` per 100,000. The free copy goes to the first trail
//!   in free-copy order (organization, multi-region, single-region; then scenario order); moving it
//!   moves money between lines, never the total.
//! - Data and network activity events: every copy is charged.
//! - Insights: each type on each trail is charged for the events that trail delivers and the type
//!   analyzes — `ApiCallRateInsight` write management events, `ApiErrorRateInsight` read and write;
//!   data-event Insights all delivered data events, once per type.
//!
//! <https://aws.amazon.com/cloudtrail/pricing/>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html>

use crate::error::Error;
use crate::limits::MAX_LINE_ITEMS;
use crate::model::{
    AccountId, Category, InsightType, PriceBook, RegionId, Scenario, Trail, TrailId,
};
use crate::selection::Selection;
use rust_decimal::Decimal;

crate::model::named_enum! {
    /// What a line item charges for.
    #[derive(PartialOrd, Ord, Hash, serde::Serialize, strum::VariantArray)]
    #[serde(rename_all = "snake_case")]
    #[strum(serialize_all = "snake_case")]
    pub enum Kind {
        ManagementFree,
        ManagementPaid,
        Data,
        NetworkActivity,
        InsightsApiCallRate,
        InsightsApiErrorRate,
        DataInsightsApiCallRate,
        DataInsightsApiErrorRate,
    }
}

impl Kind {
    /// Every kind, in the order of the reports.
    pub const ALL: &'static [Kind] = <Kind as strum::VariantArray>::VARIANTS;

    /// The name used in JSON and tables (`management_free`, `data_insights_api_call_rate`, ...).
    pub(crate) fn as_str(self) -> &'static str {
        self.into()
    }

    /// What AWS's bill calls this charge, after the region's billing code (SPEC §4; the user
    /// guide's "Understanding CloudTrail usage types").
    pub(crate) fn usage_type_suffix(self) -> &'static str {
        match self {
            Kind::ManagementFree => "FreeEventsRecorded",
            Kind::ManagementPaid => "PaidEventsRecorded",
            Kind::Data => "DataEventsRecorded",
            Kind::NetworkActivity => "NetworkEventsRecorded",
            Kind::InsightsApiCallRate | Kind::InsightsApiErrorRate => "InsightsEvents",
            Kind::DataInsightsApiCallRate | Kind::DataInsightsApiErrorRate => "DataInsightsEvents",
        }
    }

    /// The bill's usage type of this charge in a region: `USE1-PaidEventsRecorded`; `None` where
    /// AWS publishes no billing code for the region.
    pub(crate) fn usage_type(self, region: &str) -> Option<String> {
        crate::aws::billing::code(region).map(|code| format!("{code}-{}", self.usage_type_suffix()))
    }

    /// The category whose volume a line item grows with: Insights follow the events they analyze.
    pub(crate) fn category(self) -> Category {
        match self {
            Kind::ManagementFree
            | Kind::ManagementPaid
            | Kind::InsightsApiCallRate
            | Kind::InsightsApiErrorRate => Category::Management,
            Kind::Data | Kind::DataInsightsApiCallRate | Kind::DataInsightsApiErrorRate => {
                Category::Data
            }
            Kind::NetworkActivity => Category::NetworkActivity,
        }
    }

    /// Is this kind a delivered copy of an event (as opposed to Insights analysis of them)?
    pub(crate) fn is_delivery(self) -> bool {
        matches!(
            self,
            Kind::ManagementFree | Kind::ManagementPaid | Kind::Data | Kind::NetworkActivity
        )
    }

    /// The price per 100,000 events of this kind.
    /// The key of [`PriceBook::KEYS`] that prices this kind (none for free events).
    fn price_key(self) -> Option<&'static str> {
        match self {
            Kind::ManagementFree => None,
            Kind::ManagementPaid => Some("management_additional"),
            Kind::Data => Some("data"),
            Kind::NetworkActivity => Some("network_activity"),
            Kind::InsightsApiCallRate | Kind::InsightsApiErrorRate => Some("insights"),
            Kind::DataInsightsApiCallRate | Kind::DataInsightsApiErrorRate => Some("data_insights"),
        }
    }

    pub(crate) fn price(self, book: &PriceBook) -> Decimal {
        match self {
            Kind::ManagementFree => Decimal::ZERO,
            Kind::ManagementPaid => book.management_additional,
            Kind::Data => book.data,
            Kind::NetworkActivity => book.network_activity,
            Kind::InsightsApiCallRate | Kind::InsightsApiErrorRate => book.insights,
            Kind::DataInsightsApiCallRate | Kind::DataInsightsApiErrorRate => book.data_insights,
        }
    }
}

/// One line item: events of one kind delivered by one trail in one account and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub trail: TrailId,
    pub payer: AccountId,
    pub account: AccountId,
    pub region: RegionId,
    pub kind: Kind,
    pub events: u64,
    pub price_per_100k: Decimal,
    pub cost: Decimal,
}

/// All line items of a scenario and their exact total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Costing {
    /// Sorted by trail (scenario order), account, region and kind.
    pub charges: Vec<Charge>,
    pub total: Decimal,
}

/// `events × price / 100,000`, multiplied before dividing, every step checked.
fn cost_of(events: u64, price: Decimal) -> Option<Decimal> {
    let mut product = Decimal::from(events).checked_mul(price)?;
    // Dividing by 100,000 = 10^5 is exact as five more decimal places, which is far cheaper than a
    // division; only when the scale would pass 28 does the division round.
    let scale = product.scale() + 5;
    if scale <= 28 && product.set_scale(scale).is_ok() {
        Some(product)
    } else {
        product.checked_div(Decimal::from(100_000))
    }
}

/// Per trail, within one account and region: the events it is charged for, by kind.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    free: u64,
    paid: u64,
    data: u64,
    network: u64,
    management_read: u64,
    management_write: u64,
}

/// The plan has more line items than [`MAX_LINE_ITEMS`].
fn over_budget(scenario: &Scenario) -> Error {
    scenario.source.error_at(
        None,
        format!(
            "the plan has more than {MAX_LINE_ITEMS} line items (the line-item budget); \
             split the scenario into smaller ones"
        ),
    )
}

/// Below this many accounts × regions one thread prices them all.
const PARALLEL_CELLS: usize = 20_000;

const OVERFLOW: &str = "the priced amounts exceed what trailplan can represent exactly";

/// The priced amounts overflow; `trail` is the trail whose line items overflowed, and its
/// `[[trail]]` table is the place of the message when no value is to blame.
fn overflow(scenario: &Scenario, trail: Option<TrailId>) -> Error {
    let span = trail
        .and_then(|t| scenario.trails.get(t))
        .map(|t| t.span.clone());
    scenario.source.error_at(span, OVERFLOW)
}

/// Event counts of `category` (reads or writes) overflow: the message names the largest such
/// count of the volumes (its `read` or `write` value), else the trail.
fn count_overflow(
    scenario: &Scenario,
    category: Category,
    read_only: Option<bool>,
    trail: TrailId,
) -> Error {
    let counts = scenario
        .volumes
        .iter()
        .filter(|v| scenario.shapes.get(v.shape).map(|s| s.category) == Some(category))
        .flat_map(|v| {
            let read = (read_only != Some(false)).then(|| (v.read, v.read_span.clone(), v));
            let write = (read_only != Some(true)).then(|| (v.write, v.write_span.clone(), v));
            read.into_iter().chain(write)
        });
    match counts.max_by_key(|(n, _, _)| *n) {
        Some((_, span, v)) => scenario
            .source
            .error_at(Some(span.unwrap_or_else(|| v.span.clone())), OVERFLOW),
        None => overflow(scenario, Some(trail)),
    }
}

/// A line item's cost overflows: the message names the price when the scenario or `--prices`
/// gave it, else the largest event count of its category.
fn cost_overflow(scenario: &Scenario, kind: Kind, trail: TrailId) -> Error {
    let given = kind
        .price_key()
        .and_then(|key| scenario.prices.places.iter().find(|p| p.key == key));
    match given {
        Some(place) => Error::Invalid {
            file: place.file.clone(),
            location: Some(place.location),
            message: OVERFLOW.into(),
            snippet: place.snippet.clone(),
        },
        None => count_overflow(scenario, kind.category(), None, trail),
    }
}

/// Prices every account and region. Large organisations are priced by several threads, each a run
/// of accounts; their line items are joined in the same order one thread would make them.
pub fn price(scenario: &Scenario, selection: &Selection) -> Result<Costing, Error> {
    let accounts = scenario.accounts.len();
    let threads = if accounts.saturating_mul(scenario.regions.len()) < PARALLEL_CELLS {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8))
    };
    let run = accounts.div_ceil(threads).max(1);
    let parts: Vec<Result<Vec<Vec<Charge>>, Error>> = if threads == 1 {
        vec![price_accounts(scenario, selection, 0..accounts)]
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..accounts)
                .step_by(run)
                .map(|start| {
                    let end = (start + run).min(accounts);
                    scope.spawn(move || price_accounts(scenario, selection, start..end))
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let parts = parts.into_iter().collect::<Result<Vec<_>, Error>>()?;
    let count: usize = parts.iter().flatten().map(Vec::len).sum();
    if count > MAX_LINE_ITEMS {
        return Err(over_budget(scenario));
    }
    let mut charges: Vec<Charge> = Vec::with_capacity(count);
    for trail in 0..scenario.trails.len() {
        for part in &parts {
            charges.extend_from_slice(&part[trail]);
        }
    }
    let total = charges
        .iter()
        .try_fold(Decimal::ZERO, |sum, c| sum.checked_add(c.cost).ok_or(c))
        .map_err(|c| cost_overflow(scenario, c.kind, c.trail))?;
    Ok(Costing { charges, total })
}

/// The line items of a run of accounts, per trail.
fn price_accounts(
    scenario: &Scenario,
    selection: &Selection,
    accounts: std::ops::Range<AccountId>,
) -> Result<Vec<Vec<Charge>>, Error> {
    let mut by_trail: Vec<Vec<Charge>> = vec![Vec::new(); scenario.trails.len()];
    let mut tallies = vec![Tally::default(); scenario.trails.len()];
    let mut covering: Vec<TrailId> = Vec::new();
    let mut items = 0usize;
    let mut delivering: Vec<TrailId> = Vec::new();
    for account in accounts {
        for region in 0..scenario.regions.len() {
            let streams = selection.streams(account, region);
            if streams.is_empty() {
                continue;
            }
            covering.clear();
            covering.extend(selection.covering(scenario, account, region));
            for &t in &covering {
                tallies[t] = Tally::default();
            }
            for stream in streams {
                let category = scenario.shapes[stream.shape].category;
                for (read_only, count) in [(true, stream.read), (false, stream.write)] {
                    if count == 0 {
                        continue;
                    }
                    delivering.clear();
                    delivering.extend(
                        covering
                            .iter()
                            .copied()
                            .filter(|&t| selection.delivers(t, stream.shape).get(read_only)),
                    );
                    for (i, &t) in delivering.iter().enumerate() {
                        tallies[t]
                            .add(category, i == 0, read_only, count)
                            .map_err(|which| count_overflow(scenario, category, which, t))?;
                    }
                }
            }
            for &t in &covering {
                let trail = &scenario.trails[t];
                let lines = tallies[t]
                    .lines(trail)
                    .ok_or_else(|| count_overflow(scenario, Category::Management, None, t))?;
                for (kind, events) in lines {
                    if events == 0 {
                        continue;
                    }
                    let price_per_100k = kind.price(&scenario.prices);
                    items = items.saturating_add(1);
                    if items > MAX_LINE_ITEMS {
                        return Err(over_budget(scenario));
                    }
                    by_trail[t].push(Charge {
                        trail: t,
                        payer: scenario.payer(trail),
                        account,
                        region,
                        kind,
                        events,
                        price_per_100k,
                        cost: cost_of(events, price_per_100k)
                            .ok_or_else(|| cost_overflow(scenario, kind, t))?,
                    });
                }
            }
        }
    }
    Ok(by_trail)
}

impl Tally {
    /// Counts `count` events of `category` delivered to a trail: the first trail to deliver a
    /// management event gets it free (`first`). When a count overflows, the error is the
    /// `read_only` that [`count_overflow`] names: `Some` for the read and write totals of
    /// management events, `None` for the others.
    #[inline]
    fn add(
        &mut self,
        category: Category,
        first: bool,
        read_only: bool,
        count: u64,
    ) -> Result<(), Option<bool>> {
        let add = |a: &mut u64, which: Option<bool>| -> Result<(), Option<bool>> {
            *a = a.checked_add(count).ok_or(which)?;
            Ok(())
        };
        match category {
            Category::Management => {
                add(
                    if first {
                        &mut self.free
                    } else {
                        &mut self.paid
                    },
                    None,
                )?;
                let total = if read_only {
                    &mut self.management_read
                } else {
                    &mut self.management_write
                };
                add(total, Some(read_only))
            }
            Category::Data => add(&mut self.data, None),
            Category::NetworkActivity => add(&mut self.network, None),
        }
    }

    /// The events of each kind of line item this tally gives `trail` (zero: no line item);
    /// `None` when its management events overflow a count.
    #[inline]
    fn lines(self, trail: &Trail) -> Option<[(Kind, u64); 8]> {
        let both = self.management_read.checked_add(self.management_write)?;
        let when = |list: &[InsightType], insight: InsightType, events: u64| {
            if list.contains(&insight) { events } else { 0 }
        };
        Some([
            (Kind::ManagementFree, self.free),
            (Kind::ManagementPaid, self.paid),
            (Kind::Data, self.data),
            (Kind::NetworkActivity, self.network),
            (
                Kind::InsightsApiCallRate,
                when(
                    &trail.insights,
                    InsightType::ApiCallRateInsight,
                    self.management_write,
                ),
            ),
            (
                Kind::InsightsApiErrorRate,
                when(&trail.insights, InsightType::ApiErrorRateInsight, both),
            ),
            (
                Kind::DataInsightsApiCallRate,
                when(
                    &trail.data_insights,
                    InsightType::ApiCallRateInsight,
                    self.data,
                ),
            ),
            (
                Kind::DataInsightsApiErrorRate,
                when(
                    &trail.data_insights,
                    InsightType::ApiErrorRateInsight,
                    self.data,
                ),
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_listed_in_their_declared_order() {
        // Reports index per-kind tables by `kind as usize`.
        for (i, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
            let named = Kind::ALL.iter().position(|k| k.as_str() == kind.as_str());
            assert_eq!(named, Some(i), "{} names one kind", kind.as_str());
        }
    }

    #[test]
    fn usage_types_are_the_bills_names() {
        assert_eq!(
            Kind::ManagementPaid.usage_type("us-east-1").as_deref(),
            Some("USE1-PaidEventsRecorded")
        );
        assert_eq!(
            Kind::DataInsightsApiErrorRate
                .usage_type("eu-west-1")
                .as_deref(),
            Some("EU-DataInsightsEvents")
        );
        assert_eq!(
            Kind::NetworkActivity.usage_type("ap-south-1").as_deref(),
            Some("APS3-NetworkEventsRecorded")
        );
        assert_eq!(Kind::ManagementFree.usage_type("us-iso-east-1"), None);
    }

    #[test]
    fn cost_multiplies_before_dividing() {
        let third = Decimal::new(1, 0) / Decimal::new(3, 0);
        // 300,000 events at a price of 1/3 per 100,000 is exactly `third * 3`, not 0.999…
        assert_eq!(cost_of(300_000, third), third.checked_mul(Decimal::from(3)));
        assert_eq!(
            cost_of(150_000, Decimal::new(200, 2)),
            Some(Decimal::new(3, 0))
        );
        assert_eq!(cost_of(u64::MAX, Decimal::MAX), None);
        // The scale shortcut gives the same value as the division.
        for (events, price) in [
            (1, "0.35"),
            (911_000, "0.35"),
            (7, "0.0000000000000000000001"),
            (u64::MAX, "2.00"),
        ] {
            let price = Decimal::from_str_exact(price).unwrap();
            let divided = Decimal::from(events)
                .checked_mul(price)
                .and_then(|p| p.checked_div(Decimal::from(100_000)));
            assert_eq!(cost_of(events, price), divided, "{events} × {price}");
        }
    }

    /// An organization of `accounts` accounts in 20 regions, with `trails` organization trails that
    /// analyze management writes: one write in every cell is two line items per trail per cell.
    fn organization(accounts: usize, trails: usize) -> Scenario {
        use std::fmt::Write as _;
        // Twenty commercial regions, from the one region table.
        let regions = &crate::aws::KNOWN_REGIONS[..20];
        let quoted: Vec<String> = regions.iter().map(|r| format!("\"{r}\"")).collect();
        let mut text = format!(
            "format = 1\nname = \"budget\"\nregions = [{}]\n",
            quoted.join(", ")
        );
        for a in 0..accounts {
            let _ = writeln!(text, "[[account]]\nname = \"a{a}\"");
            if a == 0 {
                text.push_str("management = true\n");
            }
        }
        text.push_str("[[volume]]\ncategory = \"management\"\nwrite = 1\n");
        for t in 0..trails {
            let _ = writeln!(
                text,
                "[[trail]]\nname = \"org{t}\"\nhome_region = \"us-east-1\"\nmulti_region = true\n\
                 organization = true\ninsights = [\"ApiCallRateInsight\"]"
            );
        }
        crate::scenario::parse(crate::error::SourceFile::new("budget.toml", text))
            .unwrap_or_else(|e| panic!("the scenario is valid: {e}"))
    }

    /// Exactly [`MAX_LINE_ITEMS`] line items (10,000 cells, 100 trails, on one thread) are within
    /// the budget: the budget refuses only more (cargo-mutants: `>=` for `>` in both checks).
    #[test]
    fn exactly_the_line_item_budget_is_priced() {
        let scenario = organization(500, 100);
        let selection = Selection::compute(&scenario).unwrap_or_else(|e| panic!("{e}"));
        let costing = price(&scenario, &selection).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(costing.charges.len(), MAX_LINE_ITEMS);
        // Per cell: the first trail's free copy, a paid copy of 1 event at $2.00 per 100,000 on
        // each of the other 99 trails, and 1 event analyzed at $0.35 per 100,000 on all 100:
        // 10,000 × (99 × $0.00002 + 100 × $0.0000035) = $23.30.
        assert_eq!(costing.total, Decimal::new(2330, 2));
    }
}

#[cfg(test)]
mod kind_name_tests {
    use super::Kind;

    #[test]
    fn kind_names_are_snake_case_in_report_order() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "management_free",
                "management_paid",
                "data",
                "network_activity",
                "insights_api_call_rate",
                "insights_api_error_rate",
                "data_insights_api_call_rate",
                "data_insights_api_error_rate"
            ]
        );
        for kind in Kind::ALL {
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::Value::from(kind.as_str()))
            );
        }
    }
}
