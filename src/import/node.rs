//! One document tree for every source: JSON (Terraform plans, CLI output, CloudFormation) and
//! YAML (CloudFormation), with mapping keys kept in document order so that trails come out in the
//! order they were written, and YAML's short-form tags (`!Ref`, `!Sub`...) turned into their
//! long-form JSON equivalents (`{"Ref": ...}`, `{"Fn::Sub": ...}`).

use std::fmt;

use saphyr::{LoadableYamlNode, ScalarOwned, YamlOwned};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use saphyr_parser::Event;

use super::{ImportError, PathStep};
use crate::limits::MAX_NESTING;

/// A parsed value. Numbers keep their text: nothing here needs arithmetic on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The value of `key` when `self` is a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Self::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, for error messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Num(_) => "a number",
            Self::Str(_) => "a string",
            Self::Seq(_) => "a list",
            Self::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Num(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Num(v.to_string()))
    }
    // A template's floats (there are none in a trail's properties) are kept as text, never computed.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Num(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Node>()? {
            entries.push((k, v));
        }
        Ok(Node::Map(entries))
    }
}

/// Parses JSON, reporting syntax errors with their line and column.
pub(crate) fn parse_json(text: &str, file: &str) -> Result<Node, ImportError> {
    serde_json::from_str::<Node>(text).map_err(|e| {
        let mut message = e.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        ImportError::Syntax {
            file: file.to_owned(),
            line: e.line(),
            // serde_json says column 0 when the error is at a line break.
            column: e.column().max(1),
            message,
        }
    })
}

/// Parses the first document of a YAML stream, keeping CloudFormation's short-form tags.
pub(crate) fn parse_yaml(text: &str, file: &str) -> Result<Node, ImportError> {
    check_yaml_shape(text, file)?;
    let docs = YamlOwned::load_from_str(text).map_err(|e| ImportError::Syntax {
        file: file.to_owned(),
        line: e.marker().line(),
        column: e.marker().col().saturating_add(1),
        message: e.info().to_owned(),
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Err(ImportError::invalid(
            file,
            "the file holds no YAML document",
        ));
    };
    from_yaml(doc, file)
}

/// Walks the YAML events once before anything is built: a block-style nesting deeper than
/// [`MAX_NESTING`] would overflow the stack of the tree conversion (and of its drop), and an alias
/// (`*name`), which CloudFormation does not accept, would copy its anchor at every use. Both are
/// refused with their line and column.
fn check_yaml_shape(text: &str, file: &str) -> Result<(), ImportError> {
    let mut depth = 0usize;
    for event in saphyr_parser::Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| ImportError::Syntax {
            file: file.to_owned(),
            line: e.marker().line(),
            column: e.marker().col().saturating_add(1),
            message: e.info().to_owned(),
        })?;
        let at = |message: String| ImportError::Syntax {
            file: file.to_owned(),
            line: span.start.line(),
            column: span.start.col().saturating_add(1),
            message,
        };
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth = depth.saturating_add(1);
                if depth > MAX_NESTING {
                    return Err(at(format!(
                        "lists and mappings nested more than {MAX_NESTING} levels deep"
                    )));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            Event::Alias(_) => {
                return Err(at(
                    "a YAML alias (`*name`): CloudFormation does not accept aliases".to_owned(),
                ));
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(())
}

/// The 1-based line and column of the value at `path` in `text` (JSON or YAML, already read
/// successfully by [`parse_json`] or [`parse_yaml`], so its nesting is within [`MAX_NESTING`]),
/// or of its nearest ancestor that exists: the mapping that lacks a key, the list that is too
/// short. JSON is read as YAML flow syntax, which it (almost) is; `None` when the text cannot be
/// walked.
pub(crate) fn locate(text: &str, path: &[PathStep]) -> Option<(usize, usize)> {
    let mut walk = Walk {
        events: saphyr_parser::Parser::new_from_str(text),
    };
    // Up to the document's root value.
    loop {
        let (event, _) = walk.next()?;
        if matches!(event, Event::DocumentStart(_)) {
            break;
        }
    }
    walk.find(path)
        .map(|m| (m.line(), m.col().saturating_add(1)))
}

struct Walk<'a> {
    events: saphyr_parser::Parser<'a, saphyr_parser::StrInput<'a>>,
}

impl<'a> Walk<'a> {
    fn next(&mut self) -> Option<(Event<'a>, saphyr_parser::Span)> {
        self.events.next()?.ok()
    }

    /// Skips the rest of a value whose first event was `start`.
    fn skip(&mut self, start: &Event<'a>) -> Option<()> {
        if !matches!(start, Event::MappingStart(..) | Event::SequenceStart(..)) {
            return Some(());
        }
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    depth = depth.saturating_add(1)
                }
                Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
                Event::StreamEnd => return None,
                _ => {}
            }
        }
        Some(())
    }

    /// Reads the next value and follows `path` into it.
    fn find(&mut self, path: &[PathStep]) -> Option<saphyr_parser::Marker> {
        let (event, span) = self.next()?;
        let Some((step, rest)) = path.split_first() else {
            return Some(span.start);
        };
        match (&event, step) {
            (Event::MappingStart(..), PathStep::Key(key)) => loop {
                let (k, _) = self.next()?;
                match &k {
                    Event::MappingEnd => return Some(span.start),
                    Event::Scalar(text, ..) if text.as_ref() == key.as_str() => {
                        return Some(self.find(rest).unwrap_or(span.start));
                    }
                    _ => {
                        self.skip(&k)?;
                        let (v, _) = self.next()?;
                        self.skip(&v)?;
                    }
                }
            },
            (Event::SequenceStart(..), PathStep::Index(index)) => {
                for _ in 0..*index {
                    let (v, _) = self.next()?;
                    if matches!(v, Event::SequenceEnd) {
                        return Some(span.start);
                    }
                    self.skip(&v)?;
                }
                Some(self.find(rest).unwrap_or(span.start))
            }
            _ => Some(span.start),
        }
    }
}

fn from_yaml(yaml: YamlOwned, file: &str) -> Result<Node, ImportError> {
    Ok(match yaml {
        YamlOwned::Value(scalar) => from_scalar(scalar),
        YamlOwned::Representation(text, _, _) => Node::Str(text),
        YamlOwned::Sequence(items) => Node::Seq(
            items
                .into_iter()
                .map(|item| from_yaml(item, file))
                .collect::<Result<_, _>>()?,
        ),
        YamlOwned::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (key, value) in map {
                let key = match from_yaml(key, file)? {
                    Node::Str(s) | Node::Num(s) => s,
                    Node::Bool(b) => b.to_string(),
                    Node::Null => "null".to_owned(),
                    other => {
                        return Err(ImportError::invalid(
                            file,
                            format!(
                                "a mapping key is {}: only scalar keys are supported",
                                other.kind()
                            ),
                        ));
                    }
                };
                entries.push((key, from_yaml(value, file)?));
            }
            Node::Map(entries)
        }
        YamlOwned::Tagged(tag, inner) => {
            let inner = from_yaml(*inner, file)?;
            if tag.handle == "!" {
                short_form(&tag.suffix, inner)
            } else {
                // Core-schema tags (`!!str`...) and global tags carry no CloudFormation meaning.
                inner
            }
        }
        YamlOwned::Alias(_) => {
            return Err(ImportError::invalid(file, "unresolved YAML alias"));
        }
        YamlOwned::BadValue => {
            return Err(ImportError::invalid(file, "a YAML value could not be read"));
        }
    })
}

fn from_scalar(scalar: ScalarOwned) -> Node {
    match scalar {
        ScalarOwned::Null => Node::Null,
        ScalarOwned::Boolean(b) => Node::Bool(b),
        ScalarOwned::Integer(i) => Node::Num(i.to_string()),
        ScalarOwned::FloatingPoint(f) => Node::Num(f.to_string()),
        ScalarOwned::String(s) => Node::Str(s),
    }
}

/// `!Ref x` is `{"Ref": x}`, `!Condition x` is `{"Condition": x}`, `!GetAtt a.b` is
/// `{"Fn::GetAtt": ["a", "b"]}`, and every other `!Name` is `{"Fn::Name": ...}`.
fn short_form(suffix: &str, inner: Node) -> Node {
    let key = match suffix {
        "Ref" | "Condition" => suffix.to_owned(),
        _ => format!("Fn::{suffix}"),
    };
    let inner = match (suffix, inner) {
        ("GetAtt", Node::Str(s)) => match s.split_once('.') {
            Some((resource, attribute)) => Node::Seq(vec![
                Node::Str(resource.to_owned()),
                Node::Str(attribute.to_owned()),
            ]),
            None => Node::Str(s),
        },
        (_, inner) => inner,
    };
    Node::Map(vec![(key, inner)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_tags_become_long_form() {
        let node = parse_yaml(
            "a: !Ref P\nb: !GetAtt Log.Arn\nc: !Sub 'x-${P}'\nd: !If [C, 1, 2]\n",
            "t.yaml",
        )
        .unwrap();
        assert_eq!(
            node.get("a"),
            Some(&Node::Map(vec![("Ref".into(), Node::Str("P".into()))]))
        );
        assert_eq!(
            node.get("b"),
            Some(&Node::Map(vec![(
                "Fn::GetAtt".into(),
                Node::Seq(vec![Node::Str("Log".into()), Node::Str("Arn".into())])
            )]))
        );
        assert_eq!(
            node.get("c"),
            Some(&Node::Map(vec![(
                "Fn::Sub".into(),
                Node::Str("x-${P}".into())
            )]))
        );
        assert!(matches!(node.get("d"), Some(Node::Map(e)) if e[0].0 == "Fn::If"));
    }

    #[test]
    fn json_keys_keep_document_order() {
        let node = parse_json(r#"{"z": 1, "a": [true, null, "s"]}"#, "t.json").unwrap();
        let Node::Map(entries) = node else {
            panic!("not a map")
        };
        assert_eq!(entries[0].0, "z");
        assert_eq!(
            entries[1].1,
            Node::Seq(vec![Node::Bool(true), Node::Null, Node::Str("s".into())])
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse_json("{\n  \"a\": tx\n}", "bad.json").unwrap_err();
        assert!(matches!(err, ImportError::Syntax { line: 2, .. }), "{err}");
        let err = parse_yaml("a: [1, 2\nb: c\n", "bad.yaml").unwrap_err();
        let ImportError::Syntax {
            file, line, column, ..
        } = &err
        else {
            panic!("{err}")
        };
        assert_eq!(file, "bad.yaml");
        assert!(*line >= 1 && *column >= 1, "{err}");
    }

    fn steps(path: &str) -> Vec<PathStep> {
        super::super::path_steps(path)
    }

    #[test]
    fn locate_finds_values_in_json_and_yaml() {
        let json = "{\n\t\"a\": {\"b\": [1, {\"c\": \"x\"}]},\n\t\"d\": null\n}\n";
        assert_eq!(locate(json, &steps("a.b[1].c")), Some((2, 23)));
        assert_eq!(locate(json, &steps("d")), Some((3, 7)));
        // A missing key or item: the mapping or list that lacks it.
        assert_eq!(locate(json, &steps("a.missing")), Some((2, 7)));
        assert_eq!(locate(json, &steps("a.b[5]")), Some((2, 13)));
        assert_eq!(locate(json, &[]), Some((1, 1)));
        let yaml = "x:\n  - !Ref P\n  - y: [1, 2]\n";
        assert_eq!(locate(yaml, &steps("x[0]")), Some((2, 5)));
        assert_eq!(locate(yaml, &steps("x[1].y[1]")), Some((3, 12)));
    }
}
