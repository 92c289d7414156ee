//! Selectors compiled once per trail: value sets that answer "does any value hit?" in time that does
//! not grow with the number of values, so that an advanced selector with hundreds of
//! `resources.ARN` prefixes costs no more per stream than one with a single prefix.

use crate::model::{AdvancedSelector, Category, Field, FieldSelector, Operator, Shape};
use foldhash::HashSet;
use std::collections::BTreeSet;

/// The values of one operator, indexed for its kind of comparison.
#[derive(Debug, Default)]
pub(crate) struct ValueSet {
    exact: HashSet<String>,
    /// Distinct byte lengths of the values, for prefix and suffix look-ups.
    lengths: BTreeSet<usize>,
    kind: Option<Operator>,
}

impl ValueSet {
    fn new(operator: Operator, values: &[String]) -> ValueSet {
        ValueSet {
            exact: values.iter().cloned().collect(),
            lengths: values.iter().map(String::len).collect(),
            kind: Some(operator),
        }
    }

    /// Does one of the values hit the attribute under this operator?
    pub(crate) fn hits(&self, attribute: &str) -> bool {
        match self.kind {
            Some(Operator::Equals | Operator::NotEquals) => self.exact.contains(attribute),
            Some(Operator::StartsWith | Operator::NotStartsWith) => {
                self.lengths.iter().any(|&len| {
                    attribute
                        .get(..len)
                        .is_some_and(|prefix| self.exact.contains(prefix))
                })
            }
            Some(Operator::EndsWith | Operator::NotEndsWith) => self.lengths.iter().any(|&len| {
                attribute
                    .len()
                    .checked_sub(len)
                    .and_then(|start| attribute.get(start..))
                    .is_some_and(|suffix| self.exact.contains(suffix))
            }),
            None => false,
        }
    }
}

#[derive(Debug)]
pub(crate) struct CompiledField {
    field: Field,
    name: String,
    positives: Vec<ValueSet>,
    negatives: Vec<ValueSet>,
}

/// The outcome of testing one field selector against one stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldOutcome {
    Match,
    NoMatch,
    /// The stream does not declare the attribute: positive operators fail, negative ones pass.
    Undeclared(bool),
}

impl CompiledField {
    pub(crate) fn compile(fs: &FieldSelector) -> CompiledField {
        let (negatives, positives): (Vec<_>, Vec<_>) = fs
            .conditions
            .iter()
            .map(|c| {
                (
                    c.operator.is_negative(),
                    ValueSet::new(c.operator, &c.values),
                )
            })
            .partition(|(negative, _)| *negative);
        CompiledField {
            field: fs.field,
            name: fs.field_name.clone(),
            positives: positives.into_iter().map(|(_, v)| v).collect(),
            negatives: negatives.into_iter().map(|(_, v)| v).collect(),
        }
    }

    pub(crate) fn test(&self, shape: &Shape, read_only: bool) -> FieldOutcome {
        match attribute(shape, self.field, read_only) {
            None => FieldOutcome::Undeclared(self.positives.is_empty()),
            Some(value) => {
                let positive = self.positives.iter().all(|set| set.hits(value));
                let negative = self.negatives.iter().any(|set| set.hits(value));
                if positive && !negative {
                    FieldOutcome::Match
                } else {
                    FieldOutcome::NoMatch
                }
            }
        }
    }
}

/// The value a stream declares for an advanced-selector field, if any.
fn attribute(shape: &Shape, field: Field, read_only: bool) -> Option<&str> {
    match field {
        Field::EventCategory => Some(shape.category.event_category()),
        Field::ReadOnly => Some(if read_only { "true" } else { "false" }),
        Field::EventSource => shape.event_source.as_deref(),
        Field::EventName => shape.event_name.as_deref(),
        Field::ResourcesType => shape.resource_type.as_deref(),
        Field::ResourcesArn => shape.resource_arn.as_deref(),
        Field::Undescribed | Field::Unknown => None,
    }
}

/// An advanced event selector, compiled.
#[derive(Debug)]
pub(crate) struct CompiledAdvanced {
    /// The `eventCategory` field selectors, tested first: a stream of another category is not
    /// this selector's business, so its other fields are not reported as undeclared for it.
    category: Vec<CompiledField>,
    others: Vec<CompiledField>,
}

impl CompiledAdvanced {
    pub(crate) fn compile(sel: &AdvancedSelector) -> CompiledAdvanced {
        let (category, others) = sel
            .fields
            .iter()
            .map(CompiledField::compile)
            .partition(|f| f.field == Field::EventCategory);
        CompiledAdvanced { category, others }
    }

    /// Does this selector select the stream in this direction? Undeclared fields that were tested
    /// are reported through `undeclared`.
    pub(crate) fn selects(
        &self,
        shape: &Shape,
        read_only: bool,
        undeclared: &mut dyn FnMut(&str),
    ) -> bool {
        // A selector without eventCategory is invalid (CT006) and selects nothing.
        if self.category.is_empty()
            || !self
                .category
                .iter()
                .all(|f| f.test(shape, read_only) == FieldOutcome::Match)
        {
            return false;
        }
        let mut all = true;
        for field in &self.others {
            let outcome = field.test(shape, read_only);
            if let FieldOutcome::Undeclared(_) = outcome
                && field.field != Field::Unknown
            {
                undeclared(&field.name);
            }
            all &= matches!(
                outcome,
                FieldOutcome::Match | FieldOutcome::Undeclared(true)
            );
        }
        all
    }
}

/// Is the category one that advanced selectors name with this `eventCategory` value?
pub(crate) fn is_known_category(value: &str) -> bool {
    [
        Category::Management,
        Category::Data,
        Category::NetworkActivity,
    ]
    .iter()
    .any(|c| c.event_category() == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(op: Operator, values: &[&str]) -> ValueSet {
        let values: Vec<String> = values.iter().map(|s| s.to_string()).collect();
        ValueSet::new(op, &values)
    }

    #[test]
    fn prefixes_of_any_length_hit() {
        let s = set(
            Operator::StartsWith,
            &["arn:aws:s3:::a", "arn:aws:s3:::prod-", "x"],
        );
        assert!(s.hits("arn:aws:s3:::prod-uploads/"));
        assert!(s.hits("arn:aws:s3:::a"));
        assert!(s.hits("xyz"));
        assert!(!s.hits("arn:aws:s3:::b"));
        assert!(!s.hits(""));
    }

    #[test]
    fn suffixes_and_exact_values_hit() {
        let s = set(Operator::EndsWith, &[".json", "/"]);
        assert!(s.hits("a/b.json"));
        assert!(s.hits("bucket/"));
        assert!(!s.hits("a.jso"));
        let e = set(Operator::Equals, &["Data"]);
        assert!(e.hits("Data"));
        assert!(!e.hits("data"), "values compare case-sensitively");
    }

    #[test]
    fn multibyte_attributes_do_not_split_characters() {
        let s = set(Operator::StartsWith, &["é"]);
        assert!(s.hits("été"));
        let s = set(Operator::StartsWith, &["a"]);
        assert!(!s.hits("é"));
        let s = set(Operator::EndsWith, &["a"]);
        assert!(!s.hits("é"));
    }
}
