//! Aligned text tables written straight to the output, a row at a time, in the box-drawing style of
//! the terminal report. The widths come from a first pass over the rows ([`Grid::measure`]), so a
//! table of a million line items needs the memory of one row, not of a million.

use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The columns of one table: their heads, which are right-aligned, and the widest cell of each.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    heads: Vec<&'static str>,
    right: Vec<bool>,
    widths: Vec<usize>,
}

impl Grid {
    /// Columns with these heads; `right[i]` aligns column `i`'s cells (not its head) to the right.
    pub(crate) fn new(heads: &[&'static str], right: &[bool]) -> Grid {
        Grid {
            heads: heads.to_vec(),
            right: (0..heads.len())
                .map(|i| right.get(i).copied().unwrap_or(false))
                .collect(),
            widths: heads.iter().map(|h| h.width()).collect(),
        }
    }

    /// Widens the columns to hold this row. The cells are already escaped for the terminal.
    fn measure<S: AsRef<str>>(&mut self, row: &[S]) {
        for (width, cell) in self.widths.iter_mut().zip(row) {
            *width = (*width).max(cell.as_ref().width());
        }
    }

    /// Widens column `i` to hold a cell `width` columns wide.
    pub(crate) fn widen(&mut self, i: usize, width: usize) {
        if let Some(w) = self.widths.get_mut(i) {
            *w = (*w).max(width);
        }
    }

    /// Appends cell `i` of a row (escaped, `width` columns wide) to `out`, padded and aligned;
    /// after the last cell, the end of the line.
    pub(crate) fn push_cell(&self, out: &mut String, i: usize, cell: &str, width: usize) {
        out.push_str(if i == 0 { "│ " } else { " ┆ " });
        let pad = self.widths.get(i).map_or(0, |w| w.saturating_sub(width));
        if self.right.get(i).copied().unwrap_or(false) {
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(cell);
        } else {
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', pad));
        }
        if i + 1 == self.widths.len() {
            out.push_str(" │\n");
        }
    }

    fn rule(&self, out: &mut dyn Write, [left, line, cross, end]: [&str; 4]) -> io::Result<()> {
        let mut text = String::from(left);
        for (i, width) in self.widths.iter().enumerate() {
            if i > 0 {
                text.push_str(cross);
            }
            for _ in 0..width + 2 {
                text.push_str(line);
            }
        }
        text.push_str(end);
        text.push('\n');
        out.write_all(text.as_bytes())
    }

    /// The top border, the heads and the line under them.
    pub(crate) fn head(&self, out: &mut dyn Write) -> io::Result<()> {
        self.rule(out, ["┌", "─", "┬", "┐"])?;
        let mut line = Vec::with_capacity(256);
        self.line(&mut line, &self.heads, false);
        out.write_all(&line)?;
        self.rule(out, ["╞", "═", "╪", "╡"])
    }

    /// One row of cells (escaped for the terminal), padded to the measured widths.
    fn row<S: AsRef<str>>(&self, out: &mut Vec<u8>, row: &[S]) {
        self.line(out, row, true);
    }

    fn line<S: AsRef<str>>(&self, out: &mut Vec<u8>, row: &[S], align: bool) {
        out.extend_from_slice("│".as_bytes());
        for (i, width) in self.widths.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(" ┆".as_bytes());
            }
            let cell = row.get(i).map_or("", AsRef::as_ref);
            let pad = width.saturating_sub(cell.width());
            out.push(b' ');
            if align && self.right[i] {
                out.resize(out.len() + pad, b' ');
                out.extend_from_slice(cell.as_bytes());
            } else {
                out.extend_from_slice(cell.as_bytes());
                out.resize(out.len() + pad, b' ');
            }
        }
        out.extend_from_slice(" │\n".as_bytes());
    }

    /// The bottom border.
    pub(crate) fn foot(&self, out: &mut dyn Write) -> io::Result<()> {
        self.rule(out, ["└", "─", "┴", "┘"])
    }

    /// A whole table of rows held in memory: heads, rows, bottom border.
    pub(crate) fn write_all<S: AsRef<str>>(
        mut self,
        out: &mut dyn Write,
        rows: &[Vec<S>],
    ) -> io::Result<()> {
        for row in rows {
            self.measure(row);
        }
        self.head(out)?;
        let mut line = Vec::with_capacity(256);
        for row in rows {
            line.clear();
            self.row(&mut line, row);
            out.write_all(&line)?;
        }
        self.foot(out)
    }
}

#[cfg(test)]
mod tests {
    use super::Grid;
    use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

    /// The grid draws exactly what the table library draws in the same style, wide characters too.
    #[test]
    fn the_grid_matches_the_table_library() {
        let heads = ["Trail", "Region", "Cost"];
        let rows = vec![
            vec!["organisation", "cn-north-1", "¥1,234.50"],
            vec!["审计", "us-east-1", "$0.00"],
            vec!["", "eu-west-1", "CHF 12,345,678.00"],
        ];
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_header(heads.to_vec());
        for row in &rows {
            table.add_row(vec![
                Cell::new(row[0]),
                Cell::new(row[1]),
                Cell::new(row[2]).set_alignment(CellAlignment::Right),
            ]);
        }
        let mut ours = Vec::new();
        Grid::new(&heads, &[false, false, true])
            .write_all(&mut ours, &rows)
            .unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), format!("{table}\n"));
    }
}
