//! Rule documentation on the review page: `docs/rules/*.md` rendered by `pulldown-cmark` (lists,
//! links, fenced code, emphasis, tables), with its escaping. Raw HTML in the Markdown is never
//! passed through: it is shown as text. Links keep only `https:` targets; any other becomes its
//! text.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders a rule's Markdown into `out`. Its `#` title (already shown above it) is left out, and
/// its `##` sections become `<h4>` (the page's own headings are above them).
pub(super) fn markdown(out: &mut String, docs: &str) {
    let mut in_title = false;
    // Links whose target is not `https:`: their text stays, the `<a>` goes.
    let mut dropped_links = 0usize;
    let events = Parser::new_ext(docs, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                in_title = true;
                None
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                in_title = false;
                None
            }
            _ if in_title => None,
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Some(Event::Start(Tag::Heading {
                level: deeper(level),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(deeper(level)))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if dest_url.starts_with("https://") {
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }))
                } else {
                    dropped_links += 1;
                    None
                }
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => {
                dropped_links -= 1;
                None
            }
            // Images would load something: their alternative text stays.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
            Event::InlineMath(text) | Event::DisplayMath(text) => Some(Event::Code(text)),
            Event::FootnoteReference(text) => Some(Event::Text(CowStr::from(format!("[{text}]")))),
            other => Some(other),
        });
    pulldown_cmark::html::push_html(out, events);
}

/// `##` → `<h4>`, `###` → `<h5>`, …
fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::markdown;

    fn render(docs: &str) -> String {
        let mut out = String::new();
        markdown(&mut out, docs);
        out
    }

    #[test]
    fn lists_links_and_code_render() {
        let html = render(
            "# CT999 title\n\n## What it does\nCounts `trails`.\n\n## References\n- [AWS CloudTrail pricing](https://aws.amazon.com/cloudtrail/pricing/)\n- second\n",
        );
        assert!(!html.contains("CT999"), "{html}");
        assert!(html.contains("<h4>What it does</h4>"), "{html}");
        assert!(html.contains("<code>trails</code>"), "{html}");
        assert!(
            html.contains(
                "<li><a href=\"https://aws.amazon.com/cloudtrail/pricing/\">AWS CloudTrail pricing</a></li>"
            ),
            "{html}"
        );
        assert!(html.contains("<li>second</li>"), "{html}");
        assert!(!html.contains("]("), "{html}");
    }

    #[test]
    fn raw_html_is_text_and_only_https_links_stay() {
        let html = render(
            "<script>alert(1)</script>\n\nA <b>bold</b> [click](javascript:alert(1)) and [file](file:///etc/passwd) ![x](https://example.com/x.png) & more\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<a "), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("click") && html.contains("file"), "{html}");
        assert!(html.contains("&amp; more"), "{html}");
    }

    #[test]
    fn every_rule_doc_renders_its_references_as_links() {
        for rule in crate::rules::RULES {
            let html = render(rule.docs);
            assert!(
                html.contains("<li><a href=\"https://"),
                "{}: {html}",
                rule.code()
            );
            assert!(
                !html.contains("<h1>") && !html.contains("<h2>"),
                "{}",
                rule.code()
            );
        }
    }
}
