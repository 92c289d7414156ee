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
    parsed(text);
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
    parsed(text);
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
///
/// For the text this thread parsed last, the first call walks it up to the value and a second
/// builds a [`Spans`] index of the whole text, which later calls look in: an importer that places
/// one value per trail reads its file twice, not once per trail. Another text is walked each
/// time. (An importer that holds a [`Spans`] itself needs neither.)
pub(crate) fn locate(text: &str, path: &[PathStep]) -> Option<(usize, usize)> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match last.as_mut() {
            Some(known) if known.is(text) => {
                if known.spans.is_none() && !known.walked {
                    known.walked = true;
                    return walk_to(text, path);
                }
                known
                    .spans
                    .get_or_insert_with(|| Spans::new(text))
                    .locate(path)
            }
            _ => walk_to(text, path),
        }
    })
}

/// Remembers `text` as the one this thread parsed last, for [`locate`].
fn parsed(text: &str) {
    LAST.with(|last| *last.borrow_mut() = Some(Parsed::new(text)));
}

/// The text this thread parsed last: where it is (it is borrowed, unchanged, while an importer
/// places its values), its length and its ends, and its index once a second look asked for it.
struct Parsed {
    address: usize,
    head: Box<[u8]>,
    tail: Box<[u8]>,
    len: usize,
    walked: bool,
    spans: Option<Spans>,
}

/// How many bytes of each end of a parsed text are kept to tell it from another.
const ENDS: usize = 64;

impl Parsed {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        Self {
            address: bytes.as_ptr() as usize,
            head: bytes.iter().take(ENDS).copied().collect(),
            tail: bytes
                .get(bytes.len().saturating_sub(ENDS)..)
                .unwrap_or_default()
                .into(),
            len: bytes.len(),
            walked: false,
            spans: None,
        }
    }

    /// True when `text` is the text parsed: at the same place, as long, with the same ends.
    fn is(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        bytes.as_ptr() as usize == self.address
            && bytes.len() == self.len
            && bytes.starts_with(&self.head)
            && bytes.ends_with(&self.tail)
    }
}

thread_local! {
    static LAST: std::cell::RefCell<Option<Parsed>> = const { std::cell::RefCell::new(None) };
}

#[cfg(test)]
thread_local! {
    /// How many times this thread read a text from its start to place a value (a walk or an index).
    pub(crate) static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one read of a text, in tests.
fn count_read() {
    #[cfg(test)]
    READS.with(|reads| reads.set(reads.get().saturating_add(1)));
}

/// [`locate`] by walking the events up to the value, without an index.
fn walk_to(text: &str, path: &[PathStep]) -> Option<(usize, usize)> {
    count_read();
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

/// Where every value of a document is, from one pass over its events (JSON read as YAML flow):
/// the 1-based line and column of each value, by its path, and the keys a mapping repeats.
#[derive(Debug, Default)]
pub(crate) struct Spans {
    /// The lists and mappings, the root's first.
    containers: Vec<Container>,
    /// The document's root value, when there is one.
    root: Option<Entry>,
    /// Keys written twice in one mapping, in document order.
    duplicates: Vec<Duplicate>,
}

/// A key a mapping repeats: the mapping's path, the key, and the places of both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    pub(crate) path: Vec<PathStep>,
    pub(crate) key: String,
    pub(crate) first: (usize, usize),
    pub(crate) second: (usize, usize),
}

/// A value: where it starts, and the list or mapping it is, if it is one.
#[derive(Debug, Clone, Copy)]
struct Entry {
    at: (usize, usize),
    container: Option<usize>,
}

#[derive(Debug)]
struct Container {
    /// False when the text ended (or stopped parsing) before the container's end.
    complete: bool,
    /// Where the container's end is (a walk that asks for the item just past a list's last
    /// finds its end).
    end: (usize, usize),
    items: Items,
}

#[derive(Debug)]
enum Items {
    Seq(Vec<Entry>),
    /// Each key's first value (the one a walk finds), and where the key itself is.
    Map(std::collections::HashMap<Box<str>, (Entry, (usize, usize))>),
}

/// A mapping key read: its text and place (`None` for a key that is not a scalar).
type Key = Option<(Box<str>, (usize, usize))>;

/// A container being read.
struct Frame {
    index: usize,
    /// A mapping's key read, waiting for its value (`None` for a key that is not a scalar).
    key: Option<Key>,
    /// This container is itself a mapping key (not indexed under its parent).
    is_key: bool,
    /// The path of this container from the root.
    path: Vec<PathStep>,
}

impl Spans {
    /// Reads `text` once. A text that stops parsing is indexed up to the error.
    pub(crate) fn new(text: &str) -> Self {
        count_read();
        let mut spans = Self::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut started = false;
        for event in saphyr_parser::Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let at = (span.start.line(), span.start.col().saturating_add(1));
            match event {
                Event::DocumentStart(_) if !started => started = true,
                Event::StreamEnd | Event::DocumentEnd if started => break,
                Event::MappingStart(..) | Event::SequenceStart(..) if started => {
                    if stack.len() >= MAX_NESTING {
                        // Deeper than any text read successfully: indexed no further.
                        break;
                    }
                    let index = spans.containers.len();
                    let items = if matches!(event, Event::MappingStart(..)) {
                        Items::Map(std::collections::HashMap::new())
                    } else {
                        Items::Seq(Vec::new())
                    };
                    spans.containers.push(Container {
                        complete: false,
                        end: at,
                        items,
                    });
                    let entry = Entry {
                        at,
                        container: Some(index),
                    };
                    let (is_key, path) = match stack.last_mut() {
                        None => {
                            spans.root = Some(entry);
                            (false, Vec::new())
                        }
                        Some(parent) => {
                            let is_key = parent.key.is_none()
                                && matches!(
                                    spans.containers.get(parent.index),
                                    Some(Container {
                                        items: Items::Map(_),
                                        ..
                                    })
                                );
                            let step = spans.value(parent, entry, None);
                            let mut path = parent.path.clone();
                            if let Some(step) = step {
                                path.push(step);
                            }
                            (is_key, path)
                        }
                    };
                    stack.push(Frame {
                        index,
                        key: None,
                        is_key,
                        path,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let Some(frame) = stack.pop() else { break };
                    if let Some(container) = spans.containers.get_mut(frame.index) {
                        container.complete = true;
                        container.end = at;
                    }
                    if frame.is_key
                        && let Some(parent) = stack.last_mut()
                    {
                        // A key that is a list or a mapping: its value comes next.
                        parent.key = Some(None);
                    }
                    if stack.is_empty() {
                        break;
                    }
                }
                Event::Scalar(..) | Event::Alias(_) if started => {
                    let entry = Entry {
                        at,
                        container: None,
                    };
                    let name = match &event {
                        Event::Scalar(text, ..) => Some(text.as_ref()),
                        _ => None,
                    };
                    match stack.last_mut() {
                        None => {
                            spans.root = Some(entry);
                            break;
                        }
                        Some(parent) => {
                            spans.value(parent, entry, name);
                        }
                    }
                }
                _ => {}
            }
        }
        spans
    }

    /// Records `entry`, a value of the container `parent` (its key, when `parent` is a mapping
    /// waiting for one, named `name` when it is a scalar); the step that leads to it, when it is
    /// a value rather than a key.
    fn value(&mut self, parent: &mut Frame, entry: Entry, name: Option<&str>) -> Option<PathStep> {
        let container = self.containers.get_mut(parent.index)?;
        match &mut container.items {
            Items::Seq(items) => {
                let step = PathStep::Index(items.len());
                items.push(entry);
                Some(step)
            }
            Items::Map(entries) => match parent.key.take() {
                None => {
                    // A key. A list or mapping as a key is not indexed: it names nothing.
                    parent.key = match (entry.container, name) {
                        (None, Some(name)) => Some(Some((name.into(), entry.at))),
                        (None, None) => Some(None),
                        (Some(_), _) => None,
                    };
                    None
                }
                Some(None) => None,
                Some(Some((key, key_at))) => {
                    let step = PathStep::Key(key.to_string());
                    match entries.get(&key) {
                        Some((_, first)) => self.duplicates.push(Duplicate {
                            path: parent.path.clone(),
                            key: key.into_string(),
                            first: *first,
                            second: key_at,
                        }),
                        None => {
                            entries.insert(key, (entry, key_at));
                        }
                    }
                    Some(step)
                }
            },
        }
    }

    /// The place of the value at `path`, as [`locate`] gives it.
    pub(crate) fn locate(&self, path: &[PathStep]) -> Option<(usize, usize)> {
        let mut entry = self.root?;
        // Where the walk falls back to when a container ends before its end.
        let mut parent: Option<(usize, usize)> = None;
        for step in path {
            let Some(container) = entry.container.and_then(|c| self.containers.get(c)) else {
                return Some(entry.at);
            };
            let next = match (&container.items, step) {
                (Items::Map(entries), PathStep::Key(key)) => {
                    entries.get(key.as_str()).map(|(e, _)| *e)
                }
                (Items::Seq(items), PathStep::Index(i)) => match items.get(*i) {
                    Some(item) => Some(*item),
                    None if *i == items.len() && container.complete => {
                        return Some(container.end);
                    }
                    None => None,
                },
                _ => return Some(entry.at),
            };
            match next {
                Some(next) => {
                    parent = Some(entry.at);
                    entry = next;
                }
                None if container.complete => return Some(entry.at),
                None => return parent,
            }
        }
        Some(entry.at)
    }

    /// Keys written twice in one mapping, in document order.
    pub(crate) fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }
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
                    depth = depth.saturating_add(1);
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

    /// Every path of these documents is placed alike by a walk and by the index.
    #[test]
    fn the_index_places_values_as_the_walk_does() {
        let texts = [
            "{\n\t\"a\": {\"b\": [1, {\"c\": \"x\"}]},\n\t\"d\": null\n}\n",
            "x:\n  - !Ref P\n  - y: [1, 2]\n    z: {q: r}\n? [k]\n: v\nw: 1\n",
            "a: [1, 2\nb: c\n",
            "{\"a\": {\"b\": 1, \"c\": [2, 3}\n",
            "plain\n",
            "",
        ];
        let paths = [
            "",
            "a",
            "a.b",
            "a.b[0]",
            "a.b[1]",
            "a.b[1].c",
            "a.b[9]",
            "a.missing",
            "a.c[1]",
            "a.c[5]",
            "d",
            "d.e",
            "x",
            "x[0]",
            "x[1]",
            "x[1].y[1]",
            "x[1].z.q",
            "x[1].z.nope",
            "x[2]",
            "w",
            "b",
            "k",
            "a[0]",
        ];
        for text in texts {
            let spans = Spans::new(text);
            for path in paths {
                assert_eq!(
                    spans.locate(&steps(path)),
                    walk_to(text, &steps(path)),
                    "{path} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn locate_reads_a_text_twice_however_often_it_is_asked() {
        let text = "{\"a\": [1, 2, 3], \"b\": {\"c\": true}}";
        parse_json(text, "t.json").unwrap();
        let c = walk_to(text, &steps("b.c"));
        let before = READS.with(std::cell::Cell::get);
        for _ in 0..100 {
            assert_eq!(locate(text, &steps("a[2]")), Some((1, 14)));
            assert_eq!(locate(text, &steps("b.c")), c);
        }
        assert_eq!(READS.with(std::cell::Cell::get) - before, 2);
        // A text not parsed last is walked every time.
        let other = text.to_owned();
        let before = READS.with(std::cell::Cell::get);
        for _ in 0..3 {
            assert_eq!(locate(&other, &steps("b.c")), c);
        }
        assert_eq!(READS.with(std::cell::Cell::get) - before, 3);
    }

    /// A CloudFormation template (YAML or JSON) with `n` trails.
    fn template(n: usize, json: bool) -> String {
        let mut text = String::from(if json {
            "{\"Resources\": {\n"
        } else {
            "Resources:\n"
        });
        for i in 0..n {
            let item = if json {
                format!(
                    "{}\"T{i}\": {{\"Type\": \"AWS::CloudTrail::Trail\", \"Properties\": \
                     {{\"TrailName\": \"t-{i}\", \"S3BucketName\": \"b\", \"IsLogging\": true}}}}\n",
                    if i == 0 { "" } else { "," }
                )
            } else {
                format!(
                    "  T{i}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
                     TrailName: t-{i}\n      S3BucketName: b\n      IsLogging: true\n"
                )
            };
            text.push_str(&item);
        }
        if json {
            text.push_str("}}\n");
        }
        text
    }

    /// How many times `f` reads a text from its start to place values.
    fn reads(f: impl FnOnce()) -> usize {
        let before = READS.with(std::cell::Cell::get);
        f();
        READS.with(std::cell::Cell::get) - before
    }

    #[test]
    fn two_thousand_trails_are_placed_from_one_read_of_the_file() {
        for json in [false, true] {
            let text = template(2_000, json);
            let mut imported = None;
            assert_eq!(
                reads(|| imported = Some(super::super::cloudformation(&text, "t").unwrap())),
                1
            );
            let imported = imported.unwrap();
            assert_eq!(imported.trails.len(), 2_000);
            let last = &imported.trails[1_999].origin;
            assert_eq!(last.place, walk_to(&text, &steps("Resources.T1999")));
            assert!(last.place.is_some_and(|(line, _)| line > 1_000 || json));
        }
        let mut text = String::from("{\"trailList\": [\n");
        for i in 0..2_000 {
            let line = format!(
                "{}{{\"Name\": \"t-{i}\", \"S3BucketName\": \"b\", \"HomeRegion\": \"us-east-1\", \
                 \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:111111111111:trail/t-{i}\"}}\n",
                if i == 0 { "" } else { "," }
            );
            text.push_str(&line);
        }
        text.push_str("]}\n");
        let mut imported = None;
        assert_eq!(
            reads(|| imported = Some(super::super::aws_cli(&text, "d.json", &[], &[]).unwrap())),
            1
        );
        let imported = imported.unwrap();
        assert_eq!(imported.trails.len(), 2_000);
        assert_eq!(imported.trails[1_999].origin.place, Some((2_001, 2)));
    }

    #[test]
    fn a_plan_of_two_thousand_trails_is_read_twice_to_place_them() {
        let trail = |i: usize| {
            format!(
                "{{\"address\": \"aws_cloudtrail.t{i}\", \"mode\": \"managed\", \
                 \"type\": \"aws_cloudtrail\", \"name\": \"t{i}\", \"change\": {{\"actions\": \
                 [\"create\"], \"after\": {{\"name\": \"t-{i}\", \"s3_bucket_name\": \"b\"}}, \
                 \"after_unknown\": {{}}}}}}"
            )
        };
        let text = format!(
            "{{\"format_version\": \"1.2\", \"resource_changes\": [\n{}\n]}}\n",
            (0..2_000).map(trail).collect::<Vec<_>>().join(",\n")
        );
        let mut imported = None;
        assert_eq!(
            reads(|| imported = Some(super::super::terraform(&text, "plan.json").unwrap())),
            2
        );
        let imported = imported.unwrap();
        assert_eq!(imported.trails.len(), 2_000);
        assert_eq!(imported.trails[1_999].origin.place, Some((2_001, 1)));
    }

    #[test]
    fn the_index_lists_repeated_keys() {
        let spans = Spans::new("{\"R\": {\"T\": 1,\n \"U\": 2,\n \"T\": 3}}");
        assert_eq!(
            spans.duplicates(),
            [Duplicate {
                path: steps("R"),
                key: "T".to_owned(),
                first: (1, 8),
                second: (3, 2),
            }]
        );
        assert_eq!(
            spans.locate(&steps("R.T")),
            walk_to("{\"R\": {\"T\": 1}}", &steps("R.T"))
        );
    }
}
