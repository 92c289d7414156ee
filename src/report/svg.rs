//! Hand-drawn inline SVG charts for the HTML report: horizontal bars and lines. No script, no font
//! or stylesheet from elsewhere, and no float: every coordinate is an integer computed from the exact
//! `Decimal` values (`value × pixels / max`, rounded once). Each bar and point carries the exact value
//! in its `<title>`, which browsers show as a tooltip.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

/// Escapes text for HTML and SVG content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let text = crate::text::xml(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Money for people in `currency`: `$1,234.50` in USD, `¥1,234.50` in CNY, `CHF 1,234.50` in a
/// currency without a sign ([`crate::money::amount`]).
pub(crate) fn amount(value: Decimal, currency: &str) -> String {
    crate::money::amount(value, currency)
}

/// Text written with `$` amounts (from [`crate::money::dollars`]), its `$` turned into `currency`'s sign, or
/// its code and a space for a currency without one.
pub(crate) fn in_currency(text: &str, currency: &str) -> String {
    match crate::money::symbol(currency) {
        "$" => text.to_string(),
        "" => text.replace('$', &format!("{currency} ")),
        sign => text.replace('$', sign),
    }
}

/// `value × pixels / max`, rounded to whole pixels; 0 when `max` is not positive.
fn scale(value: Decimal, max: Decimal, pixels: i64) -> i64 {
    if max <= Decimal::ZERO || value <= Decimal::ZERO {
        return 0;
    }
    value
        .checked_mul(Decimal::from(pixels))
        .and_then(|v| v.checked_div(max))
        .and_then(|v| v.round().to_i64())
        .unwrap_or(pixels)
        .clamp(0, pixels)
}

/// Shortens a label for a chart axis; the full text goes in the tooltip.
fn short(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(chars.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Shortens a label to fit `pixels` at `font_px`; the full text goes in the tooltip.
fn fit(label: &str, pixels: i64, font_px: i64) -> String {
    let mut chars = label.chars().count();
    while chars > 1 && text_width(&short(label, chars), font_px) > pixels {
        chars -= 1;
    }
    short(label, chars)
}

/// One bar: a label and an exact amount of money.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: Decimal,
    /// Extra text for the tooltip (an identifier behind a human label), if any.
    pub(crate) detail: Option<String>,
    /// The fixed colour of what the bar stands for (`c0`..`c5`), the same in every chart.
    pub(crate) colour: usize,
}

/// An estimate of a text's width in a chart: characters × a fixed width for its font size. SVG text
/// is not measured before it is drawn, so every label is laid out for this width.
fn text_width(text: &str, font_px: i64) -> i64 {
    // A proportional sans-serif averages about 0.6 em a character for digits and capitals.
    i64::try_from(text.chars().count())
        .unwrap_or(i64::MAX / 16)
        .saturating_mul(font_px * 6)
        / 10
}

/// A round tick step (1, 2 or 5 × 10^k) that covers `max` in at most `ticks` steps, and the top of
/// the axis, a whole number of steps.
fn round_ticks(max: Decimal, ticks: u32) -> (Decimal, Decimal) {
    if max <= Decimal::ZERO {
        return (Decimal::ONE, Decimal::from(ticks));
    }
    let raw = max / Decimal::from(ticks.max(1));
    let mut power = Decimal::new(1, 2);
    while power.saturating_mul(Decimal::TEN) <= raw && power < Decimal::from(10u64.pow(18)) {
        power = power.saturating_mul(Decimal::TEN);
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| power.saturating_mul(Decimal::from(*m)))
        .find(|s| *s >= raw)
        .unwrap_or(power.saturating_mul(Decimal::TEN));
    let top = (max / step).ceil().saturating_mul(step);
    (step, top.max(step))
}

const WIDTH: i64 = 540;
const LABEL_END: i64 = 172;
const BAR_START: i64 = 180;
const BAR_SPACE: i64 = 290;
const ROW: i64 = 24;

/// A horizontal bar chart of amounts, largest first as given. `title` names the chart for screen
/// readers.
pub(crate) fn bars(title: &str, bars: &[Bar], currency: &str) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(Decimal::ZERO);
    let height = ROW * i64::try_from(bars.len()).unwrap_or(0) + 12;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"><title>{t}</title>"#,
        t = escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 6 + ROW * i64::try_from(i).unwrap_or(0);
        let mut w = scale(b.value, max, BAR_SPACE);
        if w == 0 && b.value > Decimal::ZERO {
            w = 1;
        }
        let tip = escape(&match &b.detail {
            Some(detail) => format!("{} ({detail}): {}", b.label, amount(b.value, currency)),
            None => format!("{}: {}", b.label, amount(b.value, currency)),
        });
        let value = amount(b.value, currency);
        let value_w = text_width(&value, 12);
        // After the bar when it fits in the chart, else inside the bar's end, in white.
        let (vx, anchor, class) = if BAR_START + w + 6 + value_w <= WIDTH - 2 {
            (BAR_START + w + 6, "start", "value")
        } else {
            (BAR_START + w - 6, "end", "value inside")
        };
        let _ = write!(
            out,
            r#"<g><title>{tip}</title><text x="{LABEL_END}" y="{ty}" text-anchor="end" class="label">{label}</text><rect x="{BAR_START}" y="{y}" width="{w}" height="{bh}" class="bar c{color}"/><text x="{vx}" y="{ty}" text-anchor="{anchor}" class="{class}">{value}</text></g>"#,
            ty = y + 15,
            label = escape(&fit(&b.label, LABEL_END - 4, 13)),
            bh = ROW - 6,
            color = b.colour % 6,
            value = escape(&value),
        );
    }
    out.push_str("</svg>");
    out
}

const D_LABEL_END: i64 = 150;
const D_ZERO: i64 = 290;
const D_HALF: i64 = 126;

/// A diverging bar per item: increases to the right of the zero line (`c4`), decreases to its
/// left (`c2`), each with its signed amount at the right edge. The scale is the largest change.
pub(crate) fn deltas(
    title: &str,
    items: &[(String, Decimal)],
    signed: impl Fn(Decimal) -> String,
) -> String {
    let max = items
        .iter()
        .map(|(_, v)| v.abs())
        .max()
        .unwrap_or(Decimal::ZERO);
    let height = ROW * i64::try_from(items.len()).unwrap_or(0) + 12;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"><title>{t}</title><line x1="{D_ZERO}" y1="2" x2="{D_ZERO}" y2="{y2}" class="grid"/>"#,
        t = escape(title),
        y2 = height - 2
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 6 + ROW * i64::try_from(i).unwrap_or(0);
        let mut w = scale(value.abs(), max, D_HALF);
        if w == 0 && !value.is_zero() {
            w = 1;
        }
        let (x, colour) = if *value < Decimal::ZERO {
            (D_ZERO - w, 2)
        } else {
            (D_ZERO, 4)
        };
        let amount = signed(*value);
        let _ = write!(
            out,
            r#"<g data-delta="{exact}"><title>{tip}</title><text x="{D_LABEL_END}" y="{ty}" text-anchor="end" class="label">{label}</text><rect x="{x}" y="{y}" width="{w}" height="{bh}" class="bar c{colour}"/><text x="{vx}" y="{ty}" text-anchor="end" class="value">{amount}</text></g>"#,
            exact = crate::money::exact(*value),
            tip = escape(&format!("{label}: {amount}")),
            ty = y + 15,
            label = escape(&fit(label, D_LABEL_END - 4, 13)),
            bh = ROW - 6,
            vx = WIDTH - 4,
            amount = escape(&amount),
        );
    }
    out.push_str("</svg>");
    out
}

/// One line of a line chart: a name, a colour class and one exact amount per month.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub(crate) name: String,
    pub(crate) class: &'static str,
    pub(crate) points: Vec<Decimal>,
}

const L_WIDTH: i64 = 760;
const L_HEIGHT: i64 = 320;
const PLOT_LEFT: i64 = 90;
const PLOT_RIGHT: i64 = 740;
const PLOT_TOP: i64 = 44;
const PLOT_BOTTOM: i64 = 280;

/// Where the points of a line chart go: `n` months across, amounts up to `max` upwards.
struct Plot {
    n: usize,
    max: Decimal,
}

impl Plot {
    const WIDTH: i64 = PLOT_RIGHT - PLOT_LEFT;
    const HEIGHT: i64 = PLOT_BOTTOM - PLOT_TOP;

    /// The x of month `i` (0-based).
    fn x(&self, i: usize) -> i64 {
        if self.n <= 1 {
            PLOT_LEFT + Self::WIDTH / 2
        } else {
            let steps = i64::try_from(self.n.saturating_sub(1)).unwrap_or(1).max(1);
            PLOT_LEFT + i64::try_from(i).unwrap_or(0) * Self::WIDTH / steps
        }
    }

    /// The y of an amount.
    fn y(&self, v: Decimal) -> i64 {
        PLOT_BOTTOM - scale(v, self.max, Self::HEIGHT)
    }
}

/// A line chart of monthly amounts; the x axis is the month number (1-based).
pub(crate) fn lines(
    title: &str,
    series: &[Series],
    budget: Option<Decimal>,
    currency: &str,
) -> String {
    let n = series.iter().map(|s| s.points.len()).max().unwrap_or(0);
    let max = series
        .iter()
        .flat_map(|s| s.points.iter().copied())
        .max()
        .unwrap_or(Decimal::ZERO)
        .max(budget.unwrap_or(Decimal::ZERO));
    let (step, max) = round_ticks(max, 5);
    let plot = Plot { n, max };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {L_WIDTH} {L_HEIGHT}" width="{L_WIDTH}" height="{L_HEIGHT}"><title>{t}</title>"#,
        t = escape(title)
    );
    legend(&mut out, series);
    y_grid(&mut out, &plot, step, currency);
    if let Some(budget) = budget {
        budget_line(&mut out, &plot, budget, currency);
    }
    x_labels(&mut out, &plot);
    for s in series {
        line(&mut out, &plot, s, currency);
    }
    out.push_str("</svg>");
    out
}

/// The legend: a swatch and the name of each series.
fn legend(out: &mut String, series: &[Series]) {
    let mut lx = PLOT_LEFT;
    for s in series {
        let _ = write!(
            out,
            r#"<rect x="{lx}" y="8" width="14" height="4" class="swatch {c}"/><text x="{tx}" y="15" class="label">{name}</text>"#,
            c = s.class,
            tx = lx + 20,
            name = escape(&s.name)
        );
        lx += 40 + 8 * i64::try_from(s.name.chars().count()).unwrap_or(10);
    }
}

/// The y grid at round steps up to the top of the axis.
fn y_grid(out: &mut String, plot: &Plot, step: Decimal, currency: &str) {
    let mut value = Decimal::ZERO;
    while value <= plot.max {
        let y = plot.y(value);
        let _ = write!(
            out,
            r#"<line x1="{PLOT_LEFT}" y1="{y}" x2="{PLOT_RIGHT}" y2="{y}" class="grid"/><text x="{tx}" y="{ty}" text-anchor="end" class="value">{v}</text>"#,
            tx = PLOT_LEFT - 8,
            ty = y + 4,
            v = escape(&amount(value, currency))
        );
        value = value.saturating_add(step);
        if step <= Decimal::ZERO {
            break;
        }
    }
}

/// The budget, a labelled line across the plot.
fn budget_line(out: &mut String, plot: &Plot, budget: Decimal, currency: &str) {
    let y = plot.y(budget);
    let label = format!("budget {}", amount(budget, currency));
    let _ = write!(
        out,
        r#"<g><title>{t}</title><line x1="{PLOT_LEFT}" y1="{y}" x2="{PLOT_RIGHT}" y2="{y}" class="budget"/><text x="{tx}" y="{ty}" text-anchor="end" class="label budget-label">{t}</text></g>"#,
        t = escape(&label),
        tx = PLOT_RIGHT - 4,
        ty = (y - 6).max(PLOT_TOP - 4),
    );
}

/// The x labels: at most about 12 month numbers, and the axis's name.
fn x_labels(out: &mut String, plot: &Plot) {
    let every = plot.n.div_ceil(12).max(1);
    for i in (0..plot.n).step_by(every) {
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="middle" class="value">{m}</text>"#,
            x = plot.x(i),
            y = PLOT_BOTTOM + 18,
            m = i + 1
        );
    }
    let _ = write!(
        out,
        r#"<text x="{x}" y="{y}" text-anchor="middle" class="label">month</text>"#,
        x = PLOT_LEFT + Plot::WIDTH / 2,
        y = PLOT_BOTTOM + 36
    );
}

/// One series: its line, and a dot with the exact amount at each month.
fn line(out: &mut String, plot: &Plot, s: &Series, currency: &str) {
    let points: Vec<String> = s
        .points
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{},{}", plot.x(i), plot.y(*v)))
        .collect();
    let _ = write!(
        out,
        r#"<polyline points="{}" class="line {}"/>"#,
        points.join(" "),
        s.class
    );
    for (i, v) in s.points.iter().enumerate() {
        let _ = write!(
            out,
            r#"<circle cx="{x}" cy="{y}" r="3" class="dot {c}"><title>{tip}</title></circle>"#,
            x = plot.x(i),
            y = plot.y(*v),
            c = s.class,
            tip = escape(&format!(
                "{}, month {}: {}",
                s.name,
                i + 1,
                amount(*v, currency)
            ))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_is_integer_and_bounded() {
        assert_eq!(scale(Decimal::from(1), Decimal::from(3), 300), 100);
        assert_eq!(scale(Decimal::from(2), Decimal::from(3), 100), 67);
        assert_eq!(scale(Decimal::from(5), Decimal::ZERO, 100), 0);
        assert_eq!(scale(Decimal::MAX, Decimal::from(1), 100), 100);
    }

    #[test]
    fn ticks_are_round() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap_or_default();
        // The issue's chart: a top of $83.25 ticked every $20.81; round ticks every $20 up to $100.
        assert_eq!(round_ticks(d("83.25"), 5), (d("20"), d("100")));
        assert_eq!(round_ticks(d("4.84"), 5), (d("1"), d("5")));
        assert_eq!(round_ticks(d("1931994.76"), 5), (d("500000"), d("2000000")));
        assert_eq!(round_ticks(d("0.03"), 5), (d("0.01"), d("0.03")));
    }

    #[test]
    fn long_values_go_inside_their_bar() {
        let bar = |v: &str| Bar {
            label: "x".into(),
            value: Decimal::from_str_exact(v).unwrap_or_default(),
            detail: None,
            colour: 0,
        };
        let svg = bars("t", &[bar("1851328.00"), bar("10")], "USD");
        assert!(
            svg.contains(r#"text-anchor="end" class="value inside">$1,851,328.00<"#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"text-anchor="start" class="value">$10.00<"#),
            "{svg}"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
