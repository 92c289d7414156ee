//! The fields of a CloudTrail record that volumes need, borrowed from the file's bytes; every other
//! field is skipped unread. And the rules that turn them into a stream (SPEC §6), shared by every
//! reader so that logs, event history and the SQL result agree.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>

use crate::model::Category;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

pub(crate) type Text<'a> = Option<Str<'a>>;

/// One record: only what volumes need. Keys are matched as raw bytes, and every other value is
/// skipped unread (`IgnoredAny`), so the parse costs little more than checking the JSON.
#[derive(Debug, Default)]
pub(crate) struct Record<'a> {
    pub(crate) event_time: Text<'a>,
    pub(crate) event_source: Text<'a>,
    pub(crate) aws_region: Text<'a>,
    event_type: Text<'a>,
    event_category: Text<'a>,
    management_event: Option<bool>,
    pub(crate) read_only: Option<bool>,
    recipient_account_id: Text<'a>,
    /// Kept as text and parsed only when `recipientAccountId` is absent.
    user_identity: Option<&'a RawValue>,
    /// Kept as text and parsed only for data events.
    resources: Option<&'a RawValue>,
    pub(crate) event_id: Text<'a>,
}

#[derive(Debug, Default)]
pub(crate) struct UserIdentity<'a> {
    account_id: Text<'a>,
}

#[derive(Debug, Default)]
pub(crate) struct Resource<'a> {
    pub(crate) arn: Text<'a>,
    pub(crate) kind: Text<'a>,
}

/// A map key as raw bytes: no UTF-8 check for the keys that are skipped.
struct RawKey<'de>(Cow<'de, [u8]>);

impl<'de> Deserialize<'de> for RawKey<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawKey<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
                Ok(RawKey(Cow::Borrowed(v)))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
                Ok(RawKey(Cow::Owned(v.to_vec())))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(RawKey(Cow::Borrowed(v.as_bytes())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawKey(Cow::Owned(v.as_bytes().to_vec())))
            }
        }
        d.deserialize_bytes(V)
    }
}

/// Implements `Deserialize` for a struct of optional fields, by key; other keys are skipped.
macro_rules! by_key {
    ($ty:ident, $what:literal, { $($key:literal => $field:ident),* $(,)? }) => {
        impl<'de: 'a, 'a> Deserialize<'de> for $ty<'a> {
            fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V<'a>(std::marker::PhantomData<&'a ()>);
                impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                    type Value = $ty<'a>;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        let mut out = $ty::default();
                        while let Some(key) = map.next_key::<RawKey<'de>>()? {
                            match key.0.as_ref() {
                                $($key => out.$field = map.next_value()?,)*
                                _ => {
                                    map.next_value::<IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V(std::marker::PhantomData))
            }
        }
    };
}

by_key!(Record, "a CloudTrail record (a JSON object)", {
    b"eventTime" => event_time,
    b"eventSource" => event_source,
    b"awsRegion" => aws_region,
    b"eventType" => event_type,
    b"eventCategory" => event_category,
    b"managementEvent" => management_event,
    b"readOnly" => read_only,
    b"recipientAccountId" => recipient_account_id,
    b"userIdentity" => user_identity,
    b"resources" => resources,
    b"eventID" => event_id,
});

by_key!(UserIdentity, "a userIdentity object", { b"accountId" => account_id });

by_key!(Resource, "a resource object", { b"ARN" => arn, b"type" => kind });

/// A text value, borrowed from the file when it holds no escapes.
#[derive(Debug, Clone)]
pub(crate) struct Str<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// The first entry of `resources`; the others are skipped.
#[derive(Debug, Default)]
pub(crate) struct FirstResource<'a>(pub Option<Resource<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for FirstResource<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct First<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for First<'a> {
            type Value = FirstResource<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of resources")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let first: Option<Resource<'a>> = seq.next_element()?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FirstResource(first))
            }
        }
        d.deserialize_seq(First(std::marker::PhantomData))
    }
}

impl<'a> Record<'a> {
    /// `recipientAccountId`, else `userIdentity.accountId`.
    pub(crate) fn account(&self) -> Result<Option<Str<'a>>, String> {
        if let Some(id) = &self.recipient_account_id {
            return Ok(Some(id.clone()));
        }
        let Some(raw) = self.user_identity else {
            return Ok(None);
        };
        let identity: UserIdentity<'a> = serde_json::from_str(raw.get())
            .map_err(|e| format!("userIdentity is not an object: {e}"))?;
        Ok(identity.account_id)
    }

    /// The type and ARN of the first entry of `resources`.
    pub(crate) fn first_resource(&self) -> Result<Option<Resource<'a>>, String> {
        let Some(raw) = self.resources else {
            return Ok(None);
        };
        let first: FirstResource<'a> = serde_json::from_str(raw.get())
            .map_err(|e| format!("resources is not a list of resources: {e}"))?;
        Ok(first.0)
    }

    /// The record's category as the SQL query writes it (see [`category_name`]).
    pub(crate) fn category_name(&self) -> &str {
        category_name(
            self.event_type.as_deref(),
            self.event_category.as_deref(),
            self.management_event,
        )
    }
}

/// The category column of the SQL result: `Insight` for Insights events (`eventType`
/// `AwsCloudTrailInsight`), else `eventCategory`, else `managementEvent` (false: `Data`; true or
/// absent, as in records older than data events: `Management`).
pub(crate) fn category_name<'a>(
    event_type: Option<&str>,
    event_category: Option<&'a str>,
    management_event: Option<bool>,
) -> &'a str {
    if event_type == Some("AwsCloudTrailInsight") {
        return "Insight";
    }
    match (event_category, management_event) {
        (Some(c), _) => c,
        (None, Some(false)) => "Data",
        (None, _) => "Management",
    }
}

/// What a category name means for volumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Volume(Category),
    Insight,
    Aggregated,
    Other,
}

pub(crate) fn classify(category_name: &str) -> Class {
    if let Some(category) = Category::from_event_category(category_name) {
        return Class::Volume(category);
    }
    match category_name {
        "Insight" => Class::Insight,
        "Aggregated" => Class::Aggregated,
        _ => Class::Other,
    }
}

/// The resource a data stream is about, reduced as SPEC §6 says: an S3 object to its bucket
/// (`arn:aws:s3:::BUCKET/`, returned without the final slash, which `slash` says to add), a Lambda
/// function to its ARN without a version or alias, a DynamoDB table to the table's ARN; other types
/// have none. The SQL query does the same with `regexp_extract` (see [`crate::usage::sql`]):
/// `^arn:[^:]+:s3:::[^/]+`, `^arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+` and
/// `^arn:[^:]+:dynamodb:[^:]+:[^:]+:table/[^/]+`.
pub(crate) fn reduce_resource<'a>(kind: &str, arn: &'a str) -> Option<(&'a str, bool)> {
    // `arn:` PARTITION `:` SERVICE ... with a non-empty partition without colons.
    let rest = arn.strip_prefix("arn:")?;
    let colon = rest.find(':').filter(|&i| i > 0)?;
    let after_partition = &rest[colon + 1..];
    let start = arn.len() - after_partition.len();
    // A non-empty run of characters other than `stop`, from `from`: its end.
    let run = |from: usize, stop: char| -> Option<usize> {
        let tail = arn.get(from..)?;
        let len = tail.find(stop).unwrap_or(tail.len());
        (len > 0).then_some(from + len)
    };
    match kind {
        "AWS::S3::Object" => {
            after_partition.strip_prefix("s3:::")?;
            let end = run(start + "s3:::".len(), '/')?;
            Some((&arn[..end], true))
        }
        "AWS::Lambda::Function" => {
            after_partition.strip_prefix("lambda:")?;
            let region_end = run(start + "lambda:".len(), ':')?;
            let account_end = run(region_end + 1, ':')?;
            arn.get(account_end + 1..)?.strip_prefix("function:")?;
            let end = run(account_end + 1 + "function:".len(), ':')?;
            Some((&arn[..end], false))
        }
        "AWS::DynamoDB::Table" => {
            after_partition.strip_prefix("dynamodb:")?;
            let region_end = run(start + "dynamodb:".len(), ':')?;
            let account_end = run(region_end + 1, ':')?;
            arn.get(account_end + 1..)?.strip_prefix("table/")?;
            let end = run(account_end + 1 + "table/".len(), '/')?;
            Some((&arn[..end], false))
        }
        _ => None,
    }
}

/// Feeds each element of a log file's `Records` to a handler as it is parsed, so that a file's
/// records are never all in memory at once. Any other top-level key is skipped.
pub(crate) struct LogFileSeed<'h, F> {
    pub(crate) handler: &'h mut F,
}

/// What the top level of a log file held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LogFileShape {
    pub(crate) had_records: bool,
}

impl<'de, F> DeserializeSeed<'de> for LogFileSeed<'_, F>
where
    F: FnMut(Record<'de>) -> Result<(), String>,
{
    type Value = LogFileShape;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F> Visitor<'de> for LogFileSeed<'_, F>
where
    F: FnMut(Record<'de>) -> Result<(), String>,
{
    type Value = LogFileShape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(r#"a CloudTrail log file: {"Records": [...]}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut had_records = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "Records" && !had_records {
                had_records = true;
                map.next_value_seed(RecordsSeed {
                    handler: &mut *self.handler,
                })?;
            } else if key == "Records" {
                return Err(de::Error::custom("`Records` appears twice"));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(LogFileShape { had_records })
    }
}

struct RecordsSeed<'h, F> {
    handler: &'h mut F,
}

impl<'de, F> DeserializeSeed<'de> for RecordsSeed<'_, F>
where
    F: FnMut(Record<'de>) -> Result<(), String>,
{
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F> Visitor<'de> for RecordsSeed<'_, F>
where
    F: FnMut(Record<'de>) -> Result<(), String>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of CloudTrail records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while let Some(record) = seq.next_element::<Record<'de>>()? {
            (self.handler)(record)
                .map_err(|message| de::Error::custom(format!("Records[{index}]: {message}")))?;
            index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_reduce_like_the_sql_regexes() {
        let s3 = "AWS::S3::Object";
        assert_eq!(
            reduce_resource(s3, "arn:aws:s3:::prod-uploads/2026/a.png"),
            Some(("arn:aws:s3:::prod-uploads", true))
        );
        assert_eq!(
            reduce_resource(s3, "arn:aws:s3:::bucket"),
            Some(("arn:aws:s3:::bucket", true))
        );
        assert_eq!(
            reduce_resource(s3, "arn:aws-cn:s3:::b/k"),
            Some(("arn:aws-cn:s3:::b", true))
        );
        assert_eq!(reduce_resource(s3, "arn:aws:s3:::/k"), None);
        assert_eq!(reduce_resource(s3, "arn::s3:::b/k"), None);
        assert_eq!(reduce_resource(s3, "s3://b/k"), None);
        let lambda = "AWS::Lambda::Function";
        assert_eq!(
            reduce_resource(
                lambda,
                "arn:aws:lambda:us-east-1:111122223333:function:checkout:live"
            ),
            Some((
                "arn:aws:lambda:us-east-1:111122223333:function:checkout",
                false
            ))
        );
        assert_eq!(
            reduce_resource(
                lambda,
                "arn:aws:lambda:us-east-1:111122223333:function:checkout"
            ),
            Some((
                "arn:aws:lambda:us-east-1:111122223333:function:checkout",
                false
            ))
        );
        assert_eq!(
            reduce_resource(lambda, "arn:aws:lambda:us-east-1:111122223333:layer:x"),
            None
        );
        assert_eq!(
            reduce_resource(lambda, "arn:aws:lambda::111122223333:function:x"),
            None
        );
        let table = "AWS::DynamoDB::Table";
        assert_eq!(
            reduce_resource(
                table,
                "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/index/by-day"
            ),
            Some((
                "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
                false
            ))
        );
        assert_eq!(
            reduce_resource("AWS::SNS::Topic", "arn:aws:sns:us-east-1:1:t"),
            None
        );
    }

    #[test]
    fn category_falls_back_to_management_event() {
        assert_eq!(category_name(None, Some("Data"), Some(true)), "Data");
        assert_eq!(category_name(None, None, Some(false)), "Data");
        assert_eq!(category_name(None, None, Some(true)), "Management");
        assert_eq!(category_name(None, None, None), "Management");
        assert_eq!(
            category_name(Some("AwsCloudTrailInsight"), Some("Insight"), None),
            "Insight"
        );
        assert_eq!(classify("Aggregated"), Class::Aggregated);
        assert_eq!(classify("Other"), Class::Other);
    }
}
