//! The terminal report: line items grouped by trail with who pays, subtotals and the total rounded
//! to cents from the exact sums (never a sum of rounded parts), then the findings.
//!
//! The rows are written to the output as they are made ([`write()`]), in columns whose widths a
//! first pass measured, so that listing every line item of a large organisation (`--top all`)
//! takes the memory of one row. Past `TABLE_LINES` line items the default table lists the
//! costliest and sums the others in one line.

use super::estimates;
use super::grid::Grid;
use super::view::{self, GroupBy, View};
use crate::money::{amount, cents};
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::{Finding, group_digits};
use crate::text::{terminal, terminal_lines};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The most line items (or groups, with `--by`) the default table lists: past it, the costliest
/// this many and one line that sums the rest. `--top all` lists every one.
const TABLE_LINES: usize = 1_000;

/// Renders plans one after another, as the default table does: [`super::render`] of the table,
/// showing cost if `show_cost` and findings if `show_findings`.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool) -> String {
    super::render(
        super::Format::Table,
        plans,
        &super::Options::new(super::Show::of(show_cost, show_findings)),
    )
}

/// Writes plans one after another to `out`, the line items as `options.view` says, each row as it
/// is made, then the lines under the table. Every text from the input is shown with its control
/// characters escaped.
pub fn write(plans: &[Plan], options: &super::Options, out: &mut dyn Write) -> io::Result<()> {
    for (i, plan) in plans.iter().enumerate() {
        write_plan(out, plan, i, options)?;
    }
    out.write_all(super::table_footer(plans, options).as_bytes())
}

/// One plan: its heading, its line items, its findings.
fn write_plan(
    out: &mut dyn Write,
    plan: &Plan,
    i: usize,
    options: &super::Options,
) -> io::Result<()> {
    let mut head = String::new();
    if i > 0 {
        head.push('\n');
    }
    let _ = writeln!(
        head,
        "{} ({})",
        terminal(&plan.scenario.name),
        terminal(&plan.scenario.source.name)
    );
    for note in &plan.scenario.import_notes {
        let _ = writeln!(head, "# {note}");
    }
    text(out, &head)?;
    if options.show.cost() {
        costs(out, plan, options.view)?;
    }
    if options.show.findings() {
        let listed = super::Listed::of(plan, options.quiet);
        for f in listed.findings.iter() {
            out.write_all(finding(f, &plan.scenario.source.name).as_bytes())?;
        }
        text(out, &findings_summary(plan, &listed))?;
    }
    Ok(())
}

/// The line items as `view` says, then the estimates.
fn costs(out: &mut dyn Write, plan: &Plan, view: View) -> io::Result<()> {
    match view {
        View { by: Some(by), top } => group_table(out, plan, by, top)?,
        View {
            by: None,
            top: Some(view::ALL),
        } => cost_table(out, plan)?,
        View {
            by: None,
            top: Some(n),
        } => top_table(out, plan, n, false)?,
        View {
            by: None,
            top: None,
        } if plan.costing.charges.len() > TABLE_LINES => {
            top_table(out, plan, TABLE_LINES, true)?;
        }
        View {
            by: None,
            top: None,
        } => cost_table(out, plan)?,
    }
    text(out, &estimates(plan))
}

/// Text the renderer wrote, with whatever reached it unescaped shown escaped.
fn text(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(terminal_lines(text).as_bytes())
}

/// The money of a plan, in its currency, rounded to cents once.
fn money(plan: &Plan, value: Decimal) -> String {
    amount(value, &plan.scenario.prices.currency)
}

/// The columns of a line item; the counts and the money are right-aligned.
fn charge_grid() -> Grid {
    Grid::new(
        &view::CHARGE_COLUMNS,
        &[false, false, false, false, false, true, true, true],
    )
}

/// The names of a scenario's trails, accounts and regions, escaped once for every row, with the
/// columns each one takes.
struct Names<'a> {
    trails: Vec<(Cow<'a, str>, usize)>,
    accounts: Vec<(Cow<'a, str>, usize)>,
    regions: Vec<(Cow<'a, str>, usize)>,
}

impl<'a> Names<'a> {
    fn of(plan: &'a Plan) -> Names<'a> {
        fn escaped(name: &str) -> (Cow<'_, str>, usize) {
            let shown = terminal(name);
            let width = shown.width();
            (shown, width)
        }
        let s = &plan.scenario;
        Names {
            trails: s.trails.iter().map(|t| escaped(&t.name)).collect(),
            accounts: s.accounts.iter().map(|a| escaped(&a.name)).collect(),
            regions: s.regions.iter().map(|r| escaped(&r.name)).collect(),
        }
    }

    /// One line item as cells.
    fn row(&self, c: &Charge) -> [Item<'_>; 8] {
        fn name<'n>(names: &'n [(Cow<'_, str>, usize)], i: usize) -> Item<'n> {
            names
                .get(i)
                .map_or(Item::Name("", 0), |(n, w)| Item::Name(n, *w))
        }
        [
            name(&self.trails, c.trail),
            name(&self.accounts, c.payer),
            name(&self.accounts, c.account),
            name(&self.regions, c.region),
            Item::Name(c.kind.as_str(), c.kind.as_str().len()),
            Item::Count(c.events),
            Item::Money(c.price_per_100k),
            Item::Money(c.cost),
        ]
    }
}

/// One cell of a streamed row, made into text only when it is measured and when it is written.
#[derive(Debug, Clone)]
enum Item<'a> {
    /// Escaped text and the columns it takes.
    Name(&'a str, usize),
    /// An escaped label.
    Label(String),
    Count(u64),
    Money(Decimal),
}

impl Item<'_> {
    /// The cell's text in `scratch` (or borrowed), and its width in columns.
    fn text<'s>(&'s self, scratch: &'s mut String, currency: &str) -> (&'s str, usize) {
        match self {
            Item::Name(text, width) => (text, *width),
            Item::Label(text) => (text, text.width()),
            Item::Count(n) => {
                scratch.clear();
                let mut digits = [0u8; 20];
                let mut start = digits.len();
                let mut rest = *n;
                loop {
                    start -= 1;
                    digits[start] = b'0' + (rest % 10) as u8;
                    rest /= 10;
                    if rest == 0 {
                        break;
                    }
                }
                let digits = std::str::from_utf8(&digits[start..]).unwrap_or_default();
                crate::money::push_grouped(scratch, digits);
                (scratch.as_str(), scratch.len())
            }
            Item::Money(v) => {
                scratch.clear();
                crate::money::push_amount(scratch, *v, currency);
                (scratch.as_str(), scratch.chars().count())
            }
        }
    }
}

/// A row that sums others: a label in the first column, the amount in the last.
fn sum_row(label: &str, cost: Decimal) -> [Item<'static>; 8] {
    let blank = || Item::Name("", 0);
    [
        Item::Label(terminal(label).into_owned()),
        blank(),
        blank(),
        blank(),
        blank(),
        blank(),
        blank(),
        Item::Money(cost),
    ]
}

/// The word that there is nothing to show, for a plan without line items.
const NO_CHARGES: &str = "No charges: no trail delivers any declared events.\n";

/// The total, and the budget when there is one.
fn totals(plan: &Plan) -> String {
    let total = plan.costing.total;
    let mut out = format!(
        "Total: {} a month (exact: {})\n",
        money(plan, total),
        crate::money::exact(total)
    );
    if let Some((budget, _)) = plan.scenario.policy.monthly_budget {
        let _ = writeln!(out, "Budget: {} a month", money(plan, budget));
    }
    out
}

/// Writes the rows `rows` makes twice: once to measure the columns, once to write them.
fn stream<'r, R, I>(out: &mut dyn Write, plan: &Plan, rows: R) -> io::Result<()>
where
    R: Fn() -> I,
    I: Iterator<Item = [Item<'r>; 8]>,
{
    let currency = plan.scenario.prices.currency.as_str();
    let mut grid = charge_grid();
    let mut scratch = String::new();
    for row in rows() {
        for (i, item) in row.iter().enumerate() {
            let (_, width) = item.text(&mut scratch, currency);
            grid.widen(i, width);
        }
    }
    grid.head(out)?;
    let mut line = String::with_capacity(1 << 16);
    for row in rows() {
        for (i, item) in row.iter().enumerate() {
            let (text, width) = item.text(&mut scratch, currency);
            grid.push_cell(&mut line, i, text, width);
        }
        if line.len() >= 1 << 15 {
            out.write_all(line.as_bytes())?;
            line.clear();
        }
    }
    out.write_all(line.as_bytes())?;
    grid.foot(out)
}

/// `--by KEY`: the line items summed by a key, costliest first, with each one's share; past
/// [`TABLE_LINES`] groups (without `--top`), the costliest and one line for the rest.
fn group_table(
    out: &mut dyn Write,
    plan: &Plan,
    by: GroupBy,
    top: Option<usize>,
) -> io::Result<()> {
    let groups = view::groups(plan, by);
    if groups.is_empty() {
        text(out, NO_CHARGES)?;
        return text(out, &totals(plan));
    }
    let (shown, rest) = view::top_and_rest(&groups, Some(top.unwrap_or(TABLE_LINES)), |g| g.cost);
    let total = plan.costing.total;
    let share = |cost: Decimal| {
        if total.is_zero() {
            "-".to_string()
        } else {
            format!(
                "{}%",
                cents(
                    cost.saturating_mul(Decimal::ONE_HUNDRED)
                        .checked_div(total)
                        .unwrap_or_default()
                )
            )
        }
    };
    let mut rows: Vec<Vec<String>> = shown
        .iter()
        .map(|g| {
            vec![
                terminal(&g.key).into_owned(),
                group_digits(g.lines as u64),
                money(plan, g.cost),
                share(g.cost),
            ]
        })
        .collect();
    if let Some(rest) = rest {
        let others = &groups[shown.len()..];
        rows.push(vec![
            format!("{} more", group_digits(rest.count as u64)),
            group_digits(others.iter().map(|g| g.lines as u64).sum()),
            money(plan, rest.cost),
            share(rest.cost),
        ]);
    }
    Grid::new(
        &[by.label(), "Lines", "Cost", "Share"],
        &[false, true, true, true],
    )
    .write_all(out, &rows)?;
    if top.is_none() && rest.is_some() {
        text(
            out,
            &see_all(
                groups.len(),
                shown.len(),
                &format!("{} groups", by.label().to_lowercase()),
            ),
        )?;
    }
    text(out, &totals(plan))
}

/// How to see what a capped table leaves out.
fn see_all(every: usize, shown: usize, what: &str) -> String {
    format!(
        "The {} costliest of {} {what} are listed, the other {} summed in one line: `--top all` \
         lists every one, and `--format json` carries every line item.\n",
        group_digits(shown as u64),
        group_digits(every as u64),
        group_digits(every.saturating_sub(shown) as u64),
    )
}

/// The N costliest line items and the sum of the rest; `capped` when the default table chose N.
fn top_table(out: &mut dyn Write, plan: &Plan, n: usize, capped: bool) -> io::Result<()> {
    let charges = &plan.costing.charges;
    if charges.is_empty() {
        text(out, NO_CHARGES)?;
        return text(out, &totals(plan));
    }
    let (shown, rest) = view::costliest(plan, n);
    let names = Names::of(plan);
    let rest_row = rest.map(|rest| {
        sum_row(
            &format!("{} more lines", group_digits(rest.count as u64)),
            rest.cost,
        )
    });
    stream(out, plan, || {
        shown
            .iter()
            .map(|&i| names.row(&charges[i]))
            .chain(rest_row.clone())
    })?;
    if capped && rest.is_some() {
        text(out, &see_all(charges.len(), shown.len(), "line items"))?;
    }
    text(out, &totals(plan))
}

/// Every line item in report order, grouped by trail with subtotals.
fn cost_table(out: &mut dyn Write, plan: &Plan) -> io::Result<()> {
    let charges = &plan.costing.charges;
    if charges.is_empty() {
        text(out, NO_CHARGES)?;
        return text(out, &totals(plan));
    }
    let names = Names::of(plan);
    stream(out, plan, || {
        TrailRuns::new(charges).flat_map(|run| {
            let subtotal = (run.len() > 1).then(|| {
                let sum = run
                    .iter()
                    .fold(Decimal::ZERO, |sum, c| sum.saturating_add(c.cost));
                sum_row(
                    &format!("{} subtotal", plan.scenario.trails[run[0].trail].name),
                    sum,
                )
            });
            let names = &names;
            run.iter().map(move |c| names.row(c)).chain(subtotal)
        })
    })?;
    text(out, &totals(plan))
}

/// The line items in runs of one trail each.
struct TrailRuns<'a> {
    rest: &'a [Charge],
}

impl<'a> TrailRuns<'a> {
    fn new(charges: &'a [Charge]) -> Self {
        TrailRuns { rest: charges }
    }
}

impl<'a> Iterator for TrailRuns<'a> {
    type Item = &'a [Charge];

    fn next(&mut self) -> Option<&'a [Charge]> {
        let trail = self.rest.first()?.trail;
        let end = self
            .rest
            .iter()
            .position(|c| c.trail != trail)
            .unwrap_or(self.rest.len());
        let (run, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(run)
    }
}

/// The forecast month by month with the budget month, and the downstream estimates, when asked for.
fn estimates(plan: &Plan) -> String {
    let mut out = Vec::new();
    if let Some(f) = &plan.forecast {
        let _ = writeln!(
            out,
            "\nForecast: {} months (growth a month: {})",
            f.assumptions.months,
            estimates::growth_line(f)
        );
        let heads = estimates::forecast_columns();
        let right: Vec<bool> = heads.iter().map(|_| true).collect();
        let rows = estimates::forecast_rows(f, &plan.scenario.prices.currency);
        let _ = Grid::new(&heads, &right).write_all(&mut out, &rows);
        let _ = writeln!(
            out,
            "Forecast total: {} over {} months",
            money(plan, f.total),
            f.assumptions.months
        );
        if let Some(sentence) = estimates::budget_sentence(plan) {
            let _ = writeln!(out, "{sentence}");
        }
    }
    if let Some(d) = &plan.downstream {
        let _ = writeln!(
            out,
            "\nDownstream estimates (S3 and CloudWatch Logs bill them; not in the total)"
        );
        if d.lines.is_empty() {
            out.extend_from_slice(b"No trail delivers events: nothing to estimate.\n");
        } else {
            let rows: Vec<Vec<String>> = estimates::downstream_rows(plan, d)
                .into_iter()
                .map(|row| row.iter().map(|c| terminal(c).into_owned()).collect())
                .collect();
            let _ = Grid::new(
                &estimates::DOWNSTREAM_COLUMNS,
                &[false, false, false, true, true, true],
            )
            .write_all(&mut out, &rows);
            let _ = writeln!(out, "Downstream estimate: {} a month", money(plan, d.total));
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The count of findings by severity and the gate's verdict.
fn findings_summary(plan: &Plan, listed: &super::Listed<'_>) -> String {
    let mut out = String::new();
    let (errors, warnings, infos) = listed.counts();
    let _ = write!(
        out,
        "{} finding{}: {errors} error{}, {warnings} warning{}, {infos} info",
        listed.findings.len(),
        plural(listed.findings.len()),
        plural(errors),
        plural(warnings),
    );
    if !listed.waived.is_empty() {
        let _ = write!(
            out,
            "; {} finding{} waived",
            listed.waived.len(),
            plural(listed.waived.len())
        );
    }
    let _ = writeln!(
        out,
        "\nGate (fail on {}): {}",
        match plan.fail_on {
            crate::model::FailOn::Error => "error",
            crate::model::FailOn::Warning => "warning",
            crate::model::FailOn::Never => "never",
        },
        if plan.failed() { "FAILED" } else { "passed" }
    );
    out
}

/// One finding in the style of compiler diagnostics.
pub(crate) fn finding(f: &Finding, file: &str) -> String {
    let mut out = format!(
        "{}[{}] {}: {}\n",
        f.severity,
        f.rule,
        f.name(),
        terminal(&f.message)
    );
    match (&f.origin, f.location) {
        (Some(origin), _) => {
            let _ = writeln!(out, "  --> {}", terminal(&origin.clone()));
        }
        (None, Some(loc)) => {
            let _ = writeln!(out, "  --> {}:{}:{}", terminal(file), loc.line, loc.column);
        }
        (None, None) => {}
    }
    let scope = f.scope();
    if !scope.is_empty() {
        let _ = writeln!(out, "   = in {}", terminal(&scope.join(", ")));
    }
    let _ = writeln!(out, "   = fix: {}", terminal(f.fix));
    out
}

use crate::text::plural;
