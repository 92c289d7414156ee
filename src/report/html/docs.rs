//! Rule documentation on the review page: the small Markdown subset of `docs/rules/*.md`
//! (headings, paragraphs, lists, fenced code, inline code, emphasis and links) rendered as escaped
//! XHTML.

use super::escape;
use std::fmt::Write;

/// The small subset of Markdown the rule docs use: `##` headings, fenced code, paragraphs, and
/// inline `code`. Links stay text (the page must not point anywhere).
pub(super) fn markdown(out: &mut String, docs: &str) {
    let mut in_code = false;
    let mut para: Vec<&str> = Vec::new();
    let flush = |out: &mut String, para: &mut Vec<&str>| {
        if !para.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", inline(&para.join(" ")));
            para.clear();
        }
    };
    for line in docs.lines() {
        if line.starts_with("```") {
            if in_code {
                out.push_str("</pre>\n");
            } else {
                flush(out, &mut para);
                out.push_str("<pre>");
            }
            in_code = !in_code;
        } else if in_code {
            out.push_str(&escape(line));
            out.push('\n');
        } else if line.starts_with("# ") {
            // The rule's title, already shown.
        } else if let Some(h) = line.strip_prefix("## ") {
            flush(out, &mut para);
            let _ = writeln!(out, "<h4>{}</h4>", escape(h));
        } else if line.trim().is_empty() {
            flush(out, &mut para);
        } else {
            para.push(line);
        }
    }
    if in_code {
        out.push_str("</pre>\n");
    }
    flush(out, &mut para);
}

/// Escapes a paragraph and turns `code` spans into `<code>`.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}
