//! One pass from TOML text to the raw structs, for the plain TOML that scenarios are written in.
//!
//! `toml::from_str` builds a document tree and then deserializes the structs from it: two passes,
//! and the tree's maps and strings. This module reads a common subset of TOML straight into serde:
//! bare keys, `[table]` and `[[array.of.tables]]` headers with bare dotted keys, basic strings
//! without escapes, decimal integers, booleans, arrays and one-line inline tables, comments.
//! Values are borrowed from the text, and each carries the same span toml gives it (a value's
//! token, an array from `[` to `]`, a table its header).
//!
//! Anything else (another kind of value, an escape, a dotted key, a table defined out of order,
//! a duplicate key, a type error) is not an error here: [`parse`] answers `None`, and the caller
//! parses the text again with the toml crate, which gives the value or the error as it always
//! has. So this fast path never changes what is accepted nor any message.

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_spanned::de::{SpannedDeserializer, is_spanned};
use std::ops::Range;

/// Parses `text` in one pass, or `None` when it is outside the subset or does not deserialize.
pub(crate) fn parse<T: de::DeserializeOwned>(text: &str) -> Option<T> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        pending: None,
    };
    let mut root = TableAccess::new(&mut parser, "");
    let value = T::deserialize(TableDe {
        access: &mut root,
        span: 0..0,
    })
    .ok()?;
    (parser.pending.is_none() && parser.pos == parser.bytes.len()).then_some(value)
}

/// Why the fast path gave up; the caller parses again with the toml crate.
#[derive(Debug)]
pub(crate) struct Bail;

impl std::fmt::Display for Bail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("outside the one-pass subset")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        Bail
    }
}

type Result<T> = std::result::Result<T, Bail>;

/// A table header read but not yet taken by the table it opens.
#[derive(Debug, Clone)]
struct Header<'a> {
    /// The dotted key between the brackets, e.g. `trail.event_selector`.
    path: &'a str,
    is_array: bool,
    /// From the first `[` to the last `]`.
    span: Range<usize>,
    /// Where the line after the header starts.
    after: usize,
}

#[derive(Debug)]
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    pending: Option<Header<'a>>,
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Bytes TOML refuses in comments and basic strings: control characters other than tab.
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

/// Whether `bytes` hold a control character, eight bytes at a time: a word with no byte below
/// 0x20 and none equal to 0x7f is passed over; the others are looked at byte by byte.
fn has_control(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let below = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        let del = w ^ (ONES * 0x7f);
        let del = del.wrapping_sub(ONES) & !del & HIGHS;
        if (below | del) != 0 && chunk.iter().any(|&b| is_control(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| is_control(b))
}

/// Bytes that may follow a scalar: whitespace, a separator, a closing bracket, a comment.
fn ends_scalar(b: Option<&u8>) -> bool {
    matches!(
        b,
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'#')
    )
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// A comment from `#` to the end of the line (the newline stays).
    fn skip_comment(&mut self) -> Result<()> {
        if self.peek() != Some(b'#') {
            return Ok(());
        }
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let comment = rest.get(..len).unwrap_or_default();
        let comment = comment.strip_suffix(b"\r").unwrap_or(comment);
        if comment.iter().any(|&b| is_control(b)) {
            return Err(Bail);
        }
        self.pos += comment.len();
        Ok(())
    }

    /// A newline (`\n` or `\r\n`), if one is here.
    fn newline(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b'\r') if self.bytes.get(self.pos + 1) == Some(&b'\n') => {
                self.pos += 2;
                Ok(true)
            }
            Some(b'\r') => Err(Bail),
            _ => Ok(false),
        }
    }

    /// The end of a line that held a key-value pair or a header: spaces, a comment, a newline or
    /// the end of the text.
    fn line_end(&mut self) -> Result<()> {
        self.skip_ws();
        self.skip_comment()?;
        if self.newline()? || self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// Blank lines and comment lines, and the indentation of the next line.
    fn skip_blank(&mut self) -> Result<()> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline()? {
                return Ok(());
            }
        }
    }

    /// Whitespace, newlines and comments, as between the items of an array.
    fn skip_ws_comments_newlines(&mut self) -> Result<()> {
        self.skip_blank()
    }

    fn bare_key(&mut self) -> Result<(&'a str, Range<usize>)> {
        let start = self.pos;
        while self.peek().is_some_and(is_key_byte) {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(Bail);
        }
        let key = self.text.get(start..self.pos).ok_or(Bail)?;
        Ok((key, start..self.pos))
    }

    /// `key = ` with the cursor left on the value.
    fn key_and_equals(&mut self) -> Result<(&'a str, Range<usize>)> {
        let key = self.bare_key()?;
        self.skip_ws();
        if self.peek() != Some(b'=') {
            return Err(Bail);
        }
        self.pos += 1;
        self.skip_ws();
        Ok(key)
    }

    /// The header at the cursor (which is on `[`), kept as pending.
    fn header(&mut self) -> Result<Header<'a>> {
        if let Some(header) = &self.pending {
            return Ok(header.clone());
        }
        let start = self.pos;
        let is_array = self.bytes.get(start + 1) == Some(&b'[');
        let open = if is_array { 2 } else { 1 };
        let path_start = start + open;
        let mut end = path_start;
        let mut last_dot = true;
        loop {
            match self.bytes.get(end) {
                Some(&b) if is_key_byte(b) => last_dot = false,
                Some(b'.') if !last_dot => last_dot = true,
                Some(b']') if !last_dot => break,
                _ => return Err(Bail),
            }
            end += 1;
        }
        let path = self.text.get(path_start..end).ok_or(Bail)?;
        let close = if is_array { &b"]]"[..] } else { &b"]"[..] };
        if self.bytes.get(end..end + close.len()) != Some(close) {
            return Err(Bail);
        }
        let span = start..end + close.len();
        self.pos = span.end;
        self.line_end()?;
        let header = Header {
            path,
            is_array,
            span,
            after: self.pos,
        };
        self.pos = start;
        self.pending = Some(header.clone());
        Ok(header)
    }

    /// Takes the pending header: the cursor moves to the line after it.
    fn take_header(&mut self) -> Result<Header<'a>> {
        let header = self.pending.take().ok_or(Bail)?;
        self.pos = header.after;
        Ok(header)
    }

    /// The basic string at the cursor (on `"`): its text without the quotes, and its span.
    fn basic_string(&mut self) -> Result<(&'a str, Range<usize>)> {
        let start = self.pos;
        let rest = self.bytes.get(start + 1..).ok_or(Bail)?;
        let len = memchr::memchr3(b'"', b'\\', b'\n', rest).ok_or(Bail)?;
        if rest.get(len) != Some(&b'"') {
            return Err(Bail);
        }
        // `"""` opens a multi-line string.
        if len == 0 && rest.get(1) == Some(&b'"') {
            return Err(Bail);
        }
        let body = rest.get(..len).unwrap_or_default();
        if has_control(body) {
            return Err(Bail);
        }
        let end = start + 1 + len + 1;
        self.pos = end;
        let text = self.text.get(start + 1..end - 1).ok_or(Bail)?;
        Ok((text, start..end))
    }

    /// The span of the value at the cursor, without moving it.
    fn value_span(&mut self) -> Result<Range<usize>> {
        let start = self.pos;
        let result = self.skip_value();
        let end = self.pos;
        self.pos = start;
        result.map(|()| start..end)
    }

    /// Moves past the value at the cursor.
    fn skip_value(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'"') => self.basic_string().map(drop),
            Some(b'[') => {
                self.pos += 1;
                let mut access = ArrayAccess {
                    p: self,
                    first: true,
                    done: false,
                };
                while access.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(())
            }
            Some(b'{') => {
                self.pos += 1;
                let mut access = InlineAccess {
                    p: self,
                    first: true,
                    done: false,
                    seen: Seen::default(),
                };
                while access.next_key::<de::IgnoredAny>()?.is_some() {
                    access.next_value::<de::IgnoredAny>()?;
                }
                Ok(())
            }
            _ => self.scalar().map(drop),
        }
    }

    /// An integer or a boolean at the cursor.
    fn scalar(&mut self) -> Result<Scalar> {
        let start = self.pos;
        for (word, value) in [("true", true), ("false", false)] {
            if self.bytes.get(start..start + word.len()) == Some(word.as_bytes()) {
                self.pos = start + word.len();
                return if ends_scalar(self.bytes.get(self.pos)) {
                    Ok(Scalar::Bool(value))
                } else {
                    Err(Bail)
                };
            }
        }
        // A decimal integer: `[+-]?(0|[1-9](_?[0-9])*)`, within i64.
        let negative = self.bytes.get(start) == Some(&b'-');
        let mut digits = start;
        if matches!(self.bytes.get(digits), Some(b'+' | b'-')) {
            digits += 1;
        }
        let mut end = digits;
        let mut value: i128 = 0;
        let mut count = 0usize;
        loop {
            match self.bytes.get(end) {
                Some(&b) if b.is_ascii_digit() => {
                    value = value * 10 + i128::from(b - b'0');
                    count += 1;
                    if count > 20 {
                        return Err(Bail);
                    }
                }
                Some(b'_')
                    if end > digits && self.bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => {}
                _ => break,
            }
            end += 1;
        }
        let leading_zero = end > digits + 1 && self.bytes.get(digits) == Some(&b'0');
        if count == 0 || leading_zero || !ends_scalar(self.bytes.get(end)) {
            return Err(Bail);
        }
        let value = i64::try_from(if negative { -value } else { value }).map_err(|_| Bail)?;
        self.pos = end;
        Ok(Scalar::Int(value))
    }
}

#[derive(Debug)]
enum Scalar {
    Int(i64),
    Bool(bool),
}

/// The keys a table has had, to refuse a duplicate (toml refuses it; serde might not, in a map).
#[derive(Debug, Default)]
struct Seen<'a> {
    keys: [&'a str; 32],
    len: usize,
}

impl<'a> Seen<'a> {
    fn insert(&mut self, key: &'a str) -> Result<()> {
        let seen = self.keys.get(..self.len).unwrap_or_default();
        if seen.contains(&key) {
            return Err(Bail);
        }
        *self.keys.get_mut(self.len).ok_or(Bail)? = key;
        self.len += 1;
        Ok(())
    }
}

/// A key, spanned or not.
#[derive(Debug)]
struct KeyDe<'a> {
    key: &'a str,
    span: Range<usize>,
}

impl<'de> Deserializer<'de> for KeyDe<'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.key)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if is_spanned(name) {
            return visitor.visit_map(SpannedDeserializer::<&'de str, Bail>::new(
                self.key, self.span,
            ));
        }
        Err(Bail)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Every deserializer here is its own `IntoDeserializer`, so a seed can take it.
macro_rules! into_itself {
    ($($ty:tt)*) => {
        impl<'de> IntoDeserializer<'de, Bail> for $($ty)* {
            type Deserializer = Self;
            fn into_deserializer(self) -> Self {
                self
            }
        }
    };
}

/// The methods the value deserializers share: an option present is `Some`, a newtype is its
/// content, and every other type is read as `deserialize_any` reads it.
macro_rules! shared_methods {
    () => {
        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            visitor.visit_some(self)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value> {
            visitor.visit_newtype_struct(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf unit unit_struct seq tuple
            tuple_struct map identifier ignored_any
        }
    };
}

/// The methods of a table's deserializer, or an array of tables', beyond `deserialize_any`: a
/// spanned value takes the header's span, a plain struct is read by `plain` (given the
/// deserializer and the visitor), and an enum is never one.
macro_rules! header_methods {
    ($plain:expr) => {
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value> {
            if is_spanned(name) {
                let span = self.span.clone();
                return visitor.visit_map(SpannedDeserializer::<Self, Bail>::new(self, span));
            }
            ($plain)(self, visitor)
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value> {
            Err(Bail)
        }

        shared_methods!();
    };
}

/// The value at the cursor: a string, an integer, a boolean, an array or an inline table.
#[derive(Debug)]
struct ValueDe<'p, 'a> {
    p: &'p mut Parser<'a>,
}

into_itself!(ValueDe<'_, 'de>);

impl<'de> Deserializer<'de> for ValueDe<'_, 'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.p.peek() {
            Some(b'"') => {
                let (text, _) = self.p.basic_string()?;
                visitor.visit_borrowed_str(text)
            }
            Some(b'[') => {
                self.p.pos += 1;
                let mut access = ArrayAccess {
                    p: self.p,
                    first: true,
                    done: false,
                };
                let value = visitor.visit_seq(&mut access)?;
                if access.done { Ok(value) } else { Err(Bail) }
            }
            Some(b'{') => {
                self.p.pos += 1;
                let mut access = InlineAccess {
                    p: self.p,
                    first: true,
                    done: false,
                    seen: Seen::default(),
                };
                let value = visitor.visit_map(&mut access)?;
                if access.done { Ok(value) } else { Err(Bail) }
            }
            _ => match self.p.scalar()? {
                Scalar::Int(i) => visitor.visit_i64(i),
                Scalar::Bool(b) => visitor.visit_bool(b),
            },
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if !is_spanned(name) {
            return self.deserialize_any(visitor);
        }
        // A scalar is read once, its span with it; an array or an inline table is measured
        // first, then read.
        let start = self.p.pos;
        let scalar = match self.p.peek() {
            Some(b'"') => ScalarDe::Str(self.p.basic_string()?.0),
            Some(b'[' | b'{') => {
                let span = self.p.value_span()?;
                return visitor.visit_map(SpannedDeserializer::<Self, Bail>::new(self, span));
            }
            _ => match self.p.scalar()? {
                Scalar::Int(i) => ScalarDe::Int(i),
                Scalar::Bool(b) => ScalarDe::Bool(b),
            },
        };
        let span = start..self.p.pos;
        visitor.visit_map(SpannedDeserializer::<ScalarDe<'de>, Bail>::new(
            scalar, span,
        ))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.p.peek() != Some(b'"') {
            return Err(Bail);
        }
        let (text, _) = self.p.basic_string()?;
        visitor.visit_enum(de::value::BorrowedStrDeserializer::<Bail>::new(text))
    }

    shared_methods!();
}

/// A string, an integer or a boolean already read (the value of a spanned scalar).
#[derive(Debug)]
enum ScalarDe<'a> {
    Str(&'a str),
    Int(i64),
    Bool(bool),
}

into_itself!(ScalarDe<'de>);

impl<'de> Deserializer<'de> for ScalarDe<'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            ScalarDe::Str(text) => visitor.visit_borrowed_str(text),
            ScalarDe::Int(i) => visitor.visit_i64(i),
            ScalarDe::Bool(b) => visitor.visit_bool(b),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if is_spanned(name) {
            return Err(Bail);
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self {
            ScalarDe::Str(text) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Bail>::new(text))
            }
            _ => Err(Bail),
        }
    }

    shared_methods!();
}

/// The items of an array, the cursor after its `[`.
#[derive(Debug)]
struct ArrayAccess<'p, 'a> {
    p: &'p mut Parser<'a>,
    first: bool,
    done: bool,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        self.p.skip_ws_comments_newlines()?;
        if !self.first {
            match self.p.peek() {
                Some(b',') => {
                    self.p.pos += 1;
                    self.p.skip_ws_comments_newlines()?;
                }
                Some(b']') => {}
                _ => return Err(Bail),
            }
        }
        self.first = false;
        if self.p.peek() == Some(b']') {
            self.p.pos += 1;
            self.done = true;
            return Ok(None);
        }
        seed.deserialize(ValueDe { p: self.p }).map(Some)
    }
}

/// The pairs of a one-line inline table, the cursor after its `{`.
#[derive(Debug)]
struct InlineAccess<'p, 'a> {
    p: &'p mut Parser<'a>,
    first: bool,
    done: bool,
    seen: Seen<'a>,
}

impl<'de> MapAccess<'de> for InlineAccess<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        self.p.skip_ws();
        if !self.first {
            match self.p.peek() {
                Some(b',') => {
                    self.p.pos += 1;
                    self.p.skip_ws();
                    // No trailing comma.
                    if self.p.peek() == Some(b'}') {
                        return Err(Bail);
                    }
                }
                Some(b'}') => {}
                _ => return Err(Bail),
            }
        }
        if self.p.peek() == Some(b'}') {
            self.p.pos += 1;
            self.done = true;
            return Ok(None);
        }
        self.first = false;
        let (key, span) = self.p.key_and_equals()?;
        self.seen.insert(key)?;
        seed.deserialize(KeyDe { key, span }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(ValueDe { p: self.p })
    }
}

/// What the key a table just gave holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Value,
    Table,
    Tables,
}

/// The pairs of a table: its own `key = value` lines, then the tables under it (the headers
/// whose path is this table's and one more key). The root table's path is empty.
#[derive(Debug)]
struct TableAccess<'p, 'a> {
    p: &'p mut Parser<'a>,
    path: &'a str,
    next: Next,
    done: bool,
    seen: Seen<'a>,
}

impl<'p, 'a> TableAccess<'p, 'a> {
    fn new(p: &'p mut Parser<'a>, path: &'a str) -> Self {
        Self {
            p,
            path,
            next: Next::Value,
            done: false,
            seen: Seen::default(),
        }
    }

    /// The last key of a header's path when the header opens a table right under this one.
    fn child(&self, header: &Header<'a>) -> Option<(&'a str, Range<usize>)> {
        let rest = if self.path.is_empty() {
            header.path
        } else {
            header
                .path
                .strip_prefix(self.path)?
                .strip_prefix('.')
                .filter(|r| !r.is_empty())?
        };
        if rest.contains('.') {
            return None;
        }
        let close = if header.is_array { 2 } else { 1 };
        let end = header.span.end - close;
        Some((rest, end - rest.len()..end))
    }
}

impl<'de> MapAccess<'de> for &mut TableAccess<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        self.p.skip_blank()?;
        let (key, span) = match self.p.peek() {
            None => {
                self.done = true;
                return Ok(None);
            }
            Some(b'[') => {
                let header = self.p.header()?;
                let Some(child) = self.child(&header) else {
                    self.done = true;
                    return Ok(None);
                };
                self.next = if header.is_array {
                    Next::Tables
                } else {
                    Next::Table
                };
                child
            }
            Some(_) => {
                self.next = Next::Value;
                self.p.key_and_equals()?
            }
        };
        self.seen.insert(key)?;
        seed.deserialize(KeyDe { key, span }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.next {
            Next::Value => {
                let value = seed.deserialize(ValueDe { p: self.p })?;
                self.p.line_end()?;
                Ok(value)
            }
            Next::Table => {
                let header = self.p.take_header()?;
                let mut access = TableAccess::new(self.p, header.path);
                seed.deserialize(TableDe {
                    access: &mut access,
                    span: header.span,
                })
            }
            Next::Tables => {
                let header = self.p.header()?;
                let mut access = TablesAccess {
                    p: self.p,
                    path: header.path,
                    done: false,
                };
                seed.deserialize(TablesDe {
                    access: &mut access,
                    span: header.span,
                })
            }
        }
    }
}

/// A table opened by a header (or the root), its span the header's.
#[derive(Debug)]
struct TableDe<'t, 'p, 'a> {
    access: &'t mut TableAccess<'p, 'a>,
    span: Range<usize>,
}

into_itself!(TableDe<'_, '_, 'de>);

impl<'de> Deserializer<'de> for TableDe<'_, '_, 'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_map(&mut *self.access)?;
        if self.access.done {
            Ok(value)
        } else {
            Err(Bail)
        }
    }

    header_methods!(Self::deserialize_any);
}

/// The tables of one `[[path]]` run, one after the other; the cursor on the first header.
#[derive(Debug)]
struct TablesAccess<'p, 'a> {
    p: &'p mut Parser<'a>,
    path: &'a str,
    done: bool,
}

impl<'de> SeqAccess<'de> for &mut TablesAccess<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        self.p.skip_blank()?;
        if self.p.peek() != Some(b'[') {
            self.done = true;
            return Ok(None);
        }
        let header = self.p.header()?;
        if !header.is_array || header.path != self.path {
            self.done = true;
            return Ok(None);
        }
        self.p.take_header()?;
        let mut access = TableAccess::new(self.p, header.path);
        seed.deserialize(TableDe {
            access: &mut access,
            span: header.span,
        })
        .map(Some)
    }
}

/// An array of tables, its span the first header's.
#[derive(Debug)]
struct TablesDe<'t, 'p, 'a> {
    access: &'t mut TablesAccess<'p, 'a>,
    span: Range<usize>,
}

into_itself!(TablesDe<'_, '_, 'de>);

impl<'de> Deserializer<'de> for TablesDe<'_, '_, 'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_seq(&mut *self.access)?;
        if self.access.done {
            Ok(value)
        } else {
            Err(Bail)
        }
    }

    header_methods!(|_, _| Err(Bail));
}

#[cfg(test)]
mod tests {
    use crate::scenario::raw::RawScenario;

    /// Every scenario and fixture that toml reads gives the same raw scenario, spans and all;
    /// what toml refuses is left to toml.
    #[test]
    fn one_pass_gives_what_toml_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("scenarios"), root.join("tests")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 10, "{files:?}");
        let mut fast_count = 0;
        for file in &files {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            let slow = toml::from_str::<RawScenario>(&text);
            let fast = super::parse::<RawScenario>(&text);
            match (slow, fast) {
                (Ok(slow), Some(fast)) => {
                    assert_eq!(
                        format!("{slow:?}"),
                        format!("{fast:?}"),
                        "{}",
                        file.display()
                    );
                    fast_count += 1;
                }
                (Err(e), Some(_)) => panic!(
                    "{}: toml refuses it ({e}), one pass reads it",
                    file.display()
                ),
                (_, None) => {}
            }
        }
        assert!(
            fast_count > 10,
            "{fast_count} of {} files read in one pass",
            files.len()
        );
    }

    /// The shapes of a generated organization: arrays of tables under arrays of tables,
    /// multi-line arrays of inline tables, comments.
    const ORGANIZATION: &str = r#"# Generated.
format = 1
name = "generated organization: 3 accounts x 2 regions, seed 3"
regions = ["us-east-1", "us-east-2"]

[[account]]
name = "management"
id = "621727111561"
management = true

[[account]]
name = "acct-00001"
id = "246732575940"

[[trail]]
name = "org-audit"
account = "management"
home_region = "us-east-1"
multi_region = true
organization = true
insights = ["ApiCallRateInsight", "ApiErrorRateInsight"]

[[trail]]
name = "s3-data-events"
account = "management"
home_region = "us-east-1"
multi_region = true

[[trail.advanced_event_selector]]
name = "writes to data-lake buckets"
field_selectors = [
  { field = "eventCategory", equals = ["Data"] },
  { field = "resources.ARN", starts_with = ["arn:aws:s3:::analytics-0000/", "arn:aws:s3:::uploads-0001/"] },
]

[[trail]]
name = "lambda-data-events"
account = "acct-00001"
home_region = "us-east-1"

[[trail.event_selector]]
read_write_type = "All"
include_management_events = false
data_resources = [{ type = "AWS::Lambda::Function", values = ["arn:aws:lambda:us-east-1:246732575940:function:api-0000"] }]

[[volume]]
accounts = ["management", "acct-00001"]
regions = ["us-east-1"]
category = "management"
read = 8231072
write = 1560570

[[volume]]
category = "data"
event_source = "s3.amazonaws.com" # a comment
resource_type = "AWS::S3::Object"
write = 0
"#;

    #[test]
    fn a_generated_organization_is_read_in_one_pass_as_toml_reads_it() {
        let slow = toml::from_str::<RawScenario>(ORGANIZATION).unwrap();
        let fast = super::parse::<RawScenario>(ORGANIZATION).unwrap();
        assert_eq!(format!("{slow:?}"), format!("{fast:?}"));
        let crlf = ORGANIZATION.replace('\n', "\r\n");
        let slow = toml::from_str::<RawScenario>(&crlf).unwrap();
        let fast = super::parse::<RawScenario>(&crlf).unwrap();
        assert_eq!(format!("{slow:?}"), format!("{fast:?}"));
    }

    #[test]
    fn control_characters_are_found_in_any_place() {
        for len in 0..40 {
            let plain = "a\u{e9}~ ".repeat(len);
            assert!(!super::has_control(plain.as_bytes()));
            for at in 0..plain.len() {
                for bad in [0u8, 0x08, 0x0a, 0x1f, 0x7f] {
                    let mut bytes = plain.clone().into_bytes();
                    bytes[at] = bad;
                    assert!(super::has_control(&bytes), "{len} {at} {bad}");
                }
                let mut bytes = plain.clone().into_bytes();
                bytes[at] = b'\t';
                assert!(!super::has_control(&bytes));
            }
        }
    }

    #[test]
    fn the_subset_leaves_the_rest_to_toml() {
        let head = "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n";
        for tail in [
            "[[account]]\nname = \"a\"\n[[volume]]\ncategory = \"data\"\n[[account]]\nname = \"b\"\n",
            "name = \"again\"\n",
            "[policy]\nmonthly_budget = 1.5\n",
            "[[account]]\nname = \"a\\u0041\"\n",
            "[[account]]\nname = 'a'\n",
            "[[account]]\nname = \"a\"\nname = \"b\"\n",
            "[[account]]\nid.x = \"a\"\n",
            "[forecast.growth]\n",
            "[[account]]\nname = \"a\" x\n",
            "[[account]]\nname = \"a\"\r",
            "[[account]]\nmanagement = true1\n",
            "[[account]]\nname = 01\n",
            "[[volume]]\nread = 1__0\n",
            "[[volume]]\nread = 1_\n",
            "[[volume]]\nread = _1\n",
            "[[volume]]\nread = 0_1\n",
            "[[volume]]\nread = 9_223_372_036_854_775_808\n",
            "[[volume]]\nread = 0x10\n",
        ] {
            let text = format!("{head}{tail}");
            assert!(super::parse::<RawScenario>(&text).is_none(), "{text}");
        }
        let text = format!("{head}# c\n\n  [[account]] # c\n  name = \"a\" # c\n");
        assert!(super::parse::<RawScenario>(&text).is_some());
        for (number, value) in [
            ("1_000", 1000),
            ("+7", 7),
            ("0", 0),
            ("9_223_372_036_854_775_807", i64::MAX),
        ] {
            let text = format!("format = {number}\nname = \"n\"\nregions = []\n");
            let fast = super::parse::<RawScenario>(&text).unwrap();
            let slow = toml::from_str::<RawScenario>(&text).unwrap();
            assert_eq!(*fast.format.get_ref(), value);
            assert_eq!(format!("{slow:?}"), format!("{fast:?}"));
        }
        let text = "format = -9_223_372_036_854_775_808\nname = \"n\"\nregions = []\n";
        assert_eq!(
            *super::parse::<RawScenario>(text).unwrap().format.get_ref(),
            i64::MIN
        );
    }
}
