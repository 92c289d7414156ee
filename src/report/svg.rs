//! Hand-drawn inline SVG charts for the HTML report: horizontal bars and lines. No script, no font
//! or stylesheet from elsewhere, and no float: every coordinate is an integer computed from the exact
//! `Decimal` values (`value × pixels / max`, rounded once). Each bar and point carries the exact value
//! in its `<title>`, which browsers show as a tooltip.

use crate::money::{dollars, exact};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

/// Escapes text for HTML and SVG content and attribute values.
pub fn escape(text: &str) -> String {
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

/// `value × pixels / max`, rounded to whole pixels; 0 when `max` is not positive.
pub fn scale(value: Decimal, max: Decimal, pixels: i64) -> i64 {
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

/// One bar: a label and an exact amount of money.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: Decimal,
}

const WIDTH: i64 = 540;
const LABEL_END: i64 = 172;
const BAR_START: i64 = 180;
const BAR_SPACE: i64 = 290;
const ROW: i64 = 24;

/// A horizontal bar chart of amounts, largest first as given. `title` names the chart for screen
/// readers.
pub fn bars(title: &str, bars: &[Bar]) -> String {
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
        let tip = escape(&format!(
            "{}: {} (exact {})",
            b.label,
            dollars(b.value),
            exact(b.value)
        ));
        let _ = write!(
            out,
            r#"<g><title>{tip}</title><text x="{LABEL_END}" y="{ty}" text-anchor="end" class="label">{label}</text><rect x="{BAR_START}" y="{y}" width="{w}" height="{bh}" class="bar c{color}"/><text x="{vx}" y="{ty}" class="value">{value}</text></g>"#,
            ty = y + 15,
            label = escape(&short(&b.label, 24)),
            bh = ROW - 6,
            color = i % 6,
            vx = BAR_START + w + 6,
            value = escape(&dollars(b.value)),
        );
    }
    out.push_str("</svg>");
    out
}

/// One line of a line chart: a name, a colour class and one exact amount per month.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub points: Vec<Decimal>,
}

const L_WIDTH: i64 = 760;
const L_HEIGHT: i64 = 320;
const PLOT_LEFT: i64 = 90;
const PLOT_RIGHT: i64 = 740;
const PLOT_TOP: i64 = 44;
const PLOT_BOTTOM: i64 = 280;

/// A line chart of monthly amounts; the x axis is the month number (1-based).
pub fn lines(title: &str, series: &[Series]) -> String {
    let n = series.iter().map(|s| s.points.len()).max().unwrap_or(0);
    let max = series
        .iter()
        .flat_map(|s| s.points.iter().copied())
        .max()
        .unwrap_or(Decimal::ZERO);
    let plot_w = PLOT_RIGHT - PLOT_LEFT;
    let plot_h = PLOT_BOTTOM - PLOT_TOP;
    let steps = i64::try_from(n.saturating_sub(1)).unwrap_or(1).max(1);
    let x_of = |i: usize| {
        if n <= 1 {
            PLOT_LEFT + plot_w / 2
        } else {
            PLOT_LEFT + i64::try_from(i).unwrap_or(0) * plot_w / steps
        }
    };
    let y_of = |v: Decimal| PLOT_BOTTOM - scale(v, max, plot_h);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {L_WIDTH} {L_HEIGHT}" width="{L_WIDTH}" height="{L_HEIGHT}"><title>{t}</title>"#,
        t = escape(title)
    );
    // Legend.
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
    // Y grid: 0, ¼, ½, ¾ and all of the largest amount.
    for k in 0..=4i64 {
        let value = max
            .checked_mul(Decimal::from(k))
            .and_then(|v| v.checked_div(Decimal::from(4)))
            .unwrap_or(Decimal::ZERO);
        let y = PLOT_BOTTOM - plot_h * k / 4;
        let _ = write!(
            out,
            r#"<line x1="{PLOT_LEFT}" y1="{y}" x2="{PLOT_RIGHT}" y2="{y}" class="grid"/><text x="{tx}" y="{ty}" text-anchor="end" class="value">{v}</text>"#,
            tx = PLOT_LEFT - 8,
            ty = y + 4,
            v = escape(&dollars(value))
        );
    }
    // X labels: at most about 12 month numbers.
    let every = n.div_ceil(12).max(1);
    for i in (0..n).step_by(every) {
        let _ = write!(
            out,
            r#"<text x="{x}" y="{y}" text-anchor="middle" class="value">{m}</text>"#,
            x = x_of(i),
            y = PLOT_BOTTOM + 18,
            m = i + 1
        );
    }
    let _ = write!(
        out,
        r#"<text x="{x}" y="{y}" text-anchor="middle" class="label">month</text>"#,
        x = PLOT_LEFT + plot_w / 2,
        y = PLOT_BOTTOM + 36
    );
    for s in series {
        let points: Vec<String> = s
            .points
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{},{}", x_of(i), y_of(*v)))
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
                x = x_of(i),
                y = y_of(*v),
                c = s.class,
                tip = escape(&format!(
                    "{}, month {}: {} (exact {})",
                    s.name,
                    i + 1,
                    dollars(*v),
                    exact(*v)
                ))
            );
        }
    }
    out.push_str("</svg>");
    out
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
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
