//! Static reach: what a trail's selectors *could* deliver, read from its configuration alone, as
//! AWS judges it when Insights are turned on (CT008) or global events are counted (CT102), and
//! which categories an advanced selector names literally (CT006). The volumes play no part here;
//! [`Selection`](super::Selection) decides what is delivered. Both read selectors with one meaning:
//! `eventCategory` and `readOnly` tested with `equals` and `not_equals`.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html>

use crate::model::{AdvancedSelector, Category, Field, Operator, ReadWriteType, Trail};

impl Trail {
    /// Could the selectors deliver events of this category (and direction, when given)? Read from
    /// the configuration alone, as AWS judges it when Insights are turned on.
    pub(crate) fn may_select(&self, category: Category, read_only: Option<bool>) -> bool {
        let direction = |rw: ReadWriteType| read_only.is_none_or(|ro| rw.selects(ro));
        if self.has_default_selection() {
            return category == Category::Management;
        }
        let basic = self.basic.iter().any(|sel| {
            direction(sel.read_write_type)
                && match category {
                    Category::Management => sel.include_management_events,
                    Category::Data => !sel.data_resources.is_empty(),
                    Category::NetworkActivity => false,
                }
        });
        let advanced = self.advanced.iter().any(|sel| {
            let equals = |field: Field, value: &str| {
                sel.fields.iter().filter(|f| f.field == field).all(|f| {
                    f.conditions.iter().all(|c| match c.operator {
                        Operator::Equals => c.values.iter().any(|v| v == value),
                        Operator::NotEquals => !c.values.iter().any(|v| v == value),
                        _ => true,
                    })
                })
            };
            sel.fields.iter().any(|f| f.field == Field::EventCategory)
                && equals(Field::EventCategory, category.event_category())
                && read_only
                    .is_none_or(|ro| equals(Field::ReadOnly, if ro { "true" } else { "false" }))
        });
        basic || advanced
    }
}

impl AdvancedSelector {
    /// Does the selector name this category with `eventCategory equals`? AWS then asks for the
    /// fields that category requires (`resources.type` for data, `eventSource` for network
    /// activity).
    pub(crate) fn names_category(&self, category: Category) -> bool {
        self.fields.iter().any(|f| {
            f.field == Field::EventCategory
                && f.conditions.iter().any(|c| {
                    c.operator == Operator::Equals
                        && c.values.iter().any(|v| v == category.event_category())
                })
        })
    }
}
