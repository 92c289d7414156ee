//! From the raw TOML to the model: every reference resolved, every default applied, every value
//! checked. Problems that AWS itself would refuse at deploy time (too many trails, a bad trail name,
//! an unknown selector field) are *not* errors here: they become findings, so that a design review
//! sees all of them at once. Problems with the file itself (unknown account, duplicate name, a float
//! where money belongs) are errors with the line and column.

use super::raw::{self, RawScenario, S};
use crate::date::Date;
use crate::error::{Error, SourceFile};
use crate::model::{
    Account, AccountId, AdvancedSelector, ApiClient, BasicSelector, Category, Condition,
    DataResource, Field, FieldSelector, InsightType, Operator, Partition, Policy, PriceBook,
    Region, RegionId, Scenario, Shape, ShapeId, Span, Trail, Volume, Waiver, downstream, forecast,
};
use crate::money::Amount;
use rust_decimal::Decimal;
// A seeded hasher several times quicker than SipHash on short names, and still unpredictable to
// a scenario's author.
use foldhash::HashMap;

use crate::limits::{MAX_CELLS, MAX_LIST, MAX_STRING, MAX_WORK};

type Result<T> = std::result::Result<T, Error>;

struct Builder<'a> {
    source: &'a SourceFile,
    regions: HashMap<String, RegionId>,
    accounts: HashMap<String, AccountId>,
    shapes: HashMap<Shape, ShapeId>,
    shape_list: Vec<Shape>,
    partition: Partition,
}

impl<'a> Builder<'a> {
    fn new(source: &'a SourceFile) -> Builder<'a> {
        Builder {
            source,
            regions: HashMap::default(),
            accounts: HashMap::default(),
            shapes: HashMap::default(),
            shape_list: Vec::new(),
            partition: Partition::default(),
        }
    }

    /// A trail read from another file (`file`, which its spans point into), named by `origin`,
    /// checked against this scenario's regions and accounts.
    fn imported_trail(
        &self,
        trail: &S<raw::RawTrail>,
        file: &SourceFile,
        origin: &str,
        accounts: &[Account],
        management: Option<AccountId>,
    ) -> Result<Trail> {
        let ib = Builder {
            regions: self.regions.clone(),
            accounts: self.accounts.clone(),
            partition: self.partition,
            ..Builder::new(file)
        };
        let mut trail = ib.trail(trail, accounts, management)?;
        trail.origin = Some(origin.to_owned());
        Ok(trail)
    }
}

/// Validates a raw scenario read from `source` into the model.
pub(crate) fn build(raw: RawScenario, source: SourceFile) -> Result<Scenario> {
    build_with_trails(raw, source, Vec::new())
}

/// Like [`build`], with trails read from elsewhere (an imported Terraform plan or template) appended
/// after the scenario's own. Their spans point into `imported.1`'s text and `origin` names them.
pub(crate) fn build_with_trails(
    raw: RawScenario,
    source: SourceFile,
    imported: Vec<(S<raw::RawTrail>, SourceFile, String)>,
) -> Result<Scenario> {
    let mut b = Builder::new(&source);
    if *raw.format.get_ref() != 1 {
        return Err(b.err(
            &raw.format.span(),
            format!(
                "unsupported format version {}: this trailplan reads `format = 1`",
                raw.format.get_ref()
            ),
        ));
    }
    let name = b.text(&raw.name, "name")?;
    let regions = b.regions(&raw.regions)?;
    let (accounts, management) = b.accounts(&raw.account)?;
    // Volumes and API clients hold the accounts and regions they span: a file of many of them,
    // each over every account, would take gigabytes before `check_size` counts the work. The least
    // work each will take (its accounts × regions, a part of what `check_size` counts) is counted
    // as it is read, so that such a file is refused with the same message while it is small.
    let mut least_work = 0u64;
    let mut over_budget = |accounts: usize, regions: usize| {
        let n = |x: usize| u64::try_from(x).unwrap_or(u64::MAX);
        least_work = least_work.saturating_add(n(accounts).saturating_mul(n(regions)));
        least_work > MAX_WORK
    };
    let mut volumes = Vec::with_capacity(raw.volume.len());
    for v in &raw.volume {
        let before = volumes.len();
        b.volume(v, &mut volumes)?;
        for added in &volumes[before..] {
            if over_budget(added.accounts.len(), added.regions.len()) {
                return Err(b.err(&added.span, too_much_work()));
            }
        }
    }
    let mut trails = Vec::with_capacity(raw.trail.len() + imported.len());
    for t in &raw.trail {
        trails.push(b.trail(t, &accounts, management)?);
    }
    for (t, file, origin) in &imported {
        trails.push(b.imported_trail(t, file, origin, &accounts, management)?);
    }
    let policy = match &raw.policy {
        Some(p) => b.policy(p, &trails)?,
        None => Policy::default(),
    };
    let prices = match &raw.prices {
        Some(p) => b.prices(p)?,
        None => PriceBook::default(),
    };
    let mut api_clients = Vec::with_capacity(raw.api_client.len());
    for c in &raw.api_client {
        let client = b.api_client(c)?;
        if over_budget(client.accounts.len(), client.regions.len()) {
            return Err(b.err(&client.span, too_much_work()));
        }
        api_clients.push(client);
    }
    let forecast = match &raw.forecast {
        Some(f) => Some(forecast(f, &source)?),
        None => None,
    };
    let downstream = match &raw.downstream {
        Some(d) => Some(downstream(d, &source)?),
        None => None,
    };
    b.check_size(
        &raw.regions.span(),
        &accounts,
        regions.len(),
        &volumes,
        &trails,
        &api_clients,
    )?;
    let shapes = std::mem::take(&mut b.shape_list);
    let partition = b.partition;
    Ok(Scenario {
        name,
        source,
        partition,
        regions,
        accounts,
        management,
        shapes,
        volumes,
        trails,
        policy,
        prices,
        api_clients,
        forecast,
        downstream,
        import_notes: Vec::new(),
        unfetched_modules: Vec::new(),
    })
}

/// The names of a table of declared names, in the order they were declared (for suggestions that
/// do not depend on hashing).
fn declared(names: &HashMap<String, usize>) -> Vec<&str> {
    let mut list: Vec<(&usize, &str)> = names.iter().map(|(k, v)| (v, k.as_str())).collect();
    list.sort();
    list.into_iter().map(|(_, k)| k).collect()
}

/// The message of a scenario over the work budget.
fn too_much_work() -> String {
    format!(
        "the scenario needs more than {MAX_WORK} planning steps (volumes, trails and API clients × the accounts and regions they span); split it"
    )
}

impl Builder<'_> {
    /// Refuses scenarios too large to plan: more than [`MAX_CELLS`] account × region cells, or more
    /// than [`MAX_WORK`] planning steps.
    fn check_size(
        &self,
        regions_span: &Span,
        accounts: &[Account],
        regions: usize,
        volumes: &[Volume],
        trails: &[Trail],
        api_clients: &[ApiClient],
    ) -> Result<()> {
        let n = |x: usize| u64::try_from(x).unwrap_or(u64::MAX);
        let cells = accounts
            .len()
            .checked_mul(regions)
            .filter(|&c| c <= MAX_CELLS)
            .ok_or_else(|| {
                self.err(
                    regions_span,
                    format!(
                        "{} accounts × {regions} regions is more than the {MAX_CELLS} account × region cells trailplan plans",
                        accounts.len()
                    ),
                )
            })?;
        let too_much = |span: &Span| self.err(span, too_much_work());
        let org = n(trails.iter().filter(|t| t.organization).count());
        let mut own = vec![0u64; accounts.len()];
        for t in trails.iter().filter(|t| !t.organization) {
            if let Some(count) = own.get_mut(t.account) {
                *count += 1;
            }
        }
        // Every cell looks at every organization trail; every region at each account's own trails.
        let mut work = n(cells)
            .saturating_mul(org.saturating_add(1))
            .saturating_add(n(regions).saturating_mul(n(trails.len())));
        if work > MAX_WORK {
            return Err(too_much(regions_span));
        }
        // Each cell of a volume is looked at by the trails that may cover it.
        for v in volumes {
            let per_region = v.accounts.iter().fold(0u64, |sum, &a| {
                sum.saturating_add(own.get(a).copied().unwrap_or(0))
                    .saturating_add(org)
                    .saturating_add(1)
            });
            work = work.saturating_add(per_region.saturating_mul(n(v.regions.len())));
            if work > MAX_WORK {
                return Err(too_much(&v.span));
            }
        }
        for c in api_clients {
            work = work.saturating_add(n(c.accounts.len()).saturating_mul(n(c.regions.len())));
            if work > MAX_WORK {
                return Err(too_much(&c.span));
            }
        }
        Ok(())
    }

    fn err(&self, span: &Span, message: impl std::fmt::Display) -> Error {
        self.source.error_at(Some(span.clone()), message)
    }

    /// A non-empty string of at most [`MAX_STRING`] characters.
    fn text(&self, value: &S<String>, what: &str) -> Result<String> {
        let s = value.get_ref();
        if s.trim().is_empty() {
            return Err(self.err(&value.span(), format!("`{what}` must not be empty")));
        }
        if s.chars().count() > MAX_STRING {
            return Err(self.err(
                &value.span(),
                format!("`{what}` is longer than {MAX_STRING} characters"),
            ));
        }
        Ok(s.clone())
    }

    fn list_len<T>(&self, list: &[T], span: &Span, what: &str) -> Result<()> {
        if list.len() > MAX_LIST {
            return Err(self.err(
                span,
                format!(
                    "`{what}` has {} entries; at most {MAX_LIST} are read",
                    list.len()
                ),
            ));
        }
        Ok(())
    }

    fn regions(&mut self, raw: &S<Vec<S<String>>>) -> Result<Vec<Region>> {
        if raw.get_ref().is_empty() {
            return Err(self.err(&raw.span(), "`regions` must name at least one region"));
        }
        self.list_len(raw.get_ref(), &raw.span(), "regions")?;
        let mut out: Vec<Region> = Vec::new();
        for r in raw.get_ref() {
            let name = self.text(r, "regions")?;
            if self.regions.insert(name.clone(), out.len()).is_some() {
                return Err(self.err(&r.span(), format!("region `{name}` is listed twice")));
            }
            let partition = Partition::of(&name);
            match out.first() {
                None => self.partition = partition,
                Some(first) if partition != self.partition => {
                    return Err(self.err(
                        &r.span(),
                        format!(
                            "region `{name}` is in partition {}, but `{}` is in {}: a scenario models one partition (plan each in its own scenario)",
                            partition.name(),
                            first.name,
                            self.partition.name()
                        ),
                    ));
                }
                Some(_) => {}
            }
            out.push(Region {
                name,
                span: r.span(),
            });
        }
        Ok(out)
    }

    fn accounts(
        &mut self,
        raw: &[S<raw::RawAccount>],
    ) -> Result<(Vec<Account>, Option<AccountId>)> {
        if raw.is_empty() {
            self.accounts.insert("default".into(), 0);
            let account = Account {
                name: "default".into(),
                id: None,
                delegated_admin: false,
            };
            return Ok((vec![account], None));
        }
        let mut out = Vec::new();
        let mut management = None;
        for a in raw {
            let inner = a.get_ref();
            let name = self.text(&inner.name, "name")?;
            if self.accounts.insert(name.clone(), out.len()).is_some() {
                return Err(self.err(
                    &inner.name.span(),
                    format!("account `{name}` is declared twice"),
                ));
            }
            if let Some(id) = &inner.id {
                let digits = id.get_ref();
                if digits.len() != 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return Err(self.err(
                        &id.span(),
                        format!("account id `{digits}` must be 12 digits"),
                    ));
                }
            }
            if inner.management {
                if management.is_some() {
                    return Err(self.err(
                        &a.span(),
                        format!(
                            "account `{name}` is marked `management = true`, but another account already is; an organization has one management account"
                        ),
                    ));
                }
                management = Some(out.len());
            }
            out.push(Account {
                name,
                id: inner.id.as_ref().map(|i| i.get_ref().clone()),
                delegated_admin: inner.delegated_admin,
            });
        }
        Ok((out, management))
    }

    fn account_ref(&self, name: &S<String>) -> Result<AccountId> {
        self.accounts.get(name.get_ref()).copied().ok_or_else(|| {
            self.err(
                &name.span(),
                format!(
                    "unknown account `{}`{}: declare it in an [[account]] table",
                    name.get_ref(),
                    crate::text::did_you_mean(name.get_ref(), declared(&self.accounts))
                ),
            )
        })
    }

    fn region_ref(&self, name: &S<String>) -> Result<RegionId> {
        self.regions.get(name.get_ref()).copied().ok_or_else(|| {
            self.err(
                &name.span(),
                format!(
                    "unknown region `{}`{}: add it to the scenario's `regions`",
                    name.get_ref(),
                    crate::text::did_you_mean(name.get_ref(), declared(&self.regions))
                ),
            )
        })
    }

    /// A list of references, or every index when absent; no duplicates, not empty.
    #[allow(
        clippy::ref_option,
        reason = "the raw structs' optional lists are passed as they are"
    )]
    fn refs(
        &self,
        list: &Option<Vec<S<String>>>,
        span: &Span,
        what: &str,
        every: usize,
        resolve: impl Fn(&Self, &S<String>) -> Result<usize>,
    ) -> Result<Vec<usize>> {
        let Some(list) = list else {
            return Ok((0..every).collect());
        };
        if list.is_empty() {
            return Err(self.err(
                span,
                format!("`{what}` is empty; leave it out to mean every one"),
            ));
        }
        // A volume names a few accounts, and there are 100,000 volumes in a large organisation:
        // short lists are checked against what they named so far, not against a table of every
        // account.
        let mut seen = if list.len() > 16 {
            vec![false; every]
        } else {
            Vec::new()
        };
        let mut out: Vec<usize> = Vec::with_capacity(list.len());
        for item in list {
            let id = resolve(self, item)?;
            let named_twice = match seen.get_mut(id) {
                Some(seen) => std::mem::replace(seen, true),
                None => out.contains(&id),
            };
            if named_twice {
                return Err(self.err(
                    &item.span(),
                    format!("`{}` is named twice in `{what}`", item.get_ref()),
                ));
            }
            out.push(id);
        }
        Ok(out)
    }

    #[allow(
        clippy::ref_option,
        reason = "the raw structs' optional fields are passed as they are"
    )]
    fn opt_text(&self, value: &Option<S<String>>, what: &str) -> Result<Option<String>> {
        value.as_ref().map(|v| self.text(v, what)).transpose()
    }

    /// Adds a `[[volume]]` block to `out`: as two volumes when it declares STS events both in the
    /// partition's global-events region (global events) and elsewhere (regional endpoints, regional
    /// events).
    #[allow(
        clippy::too_many_lines,
        reason = "one volume's fields, checked in the order they are written"
    )]
    fn volume(&mut self, raw: &S<raw::RawVolume>, out: &mut Vec<Volume>) -> Result<()> {
        let span = raw.span();
        let v = raw.get_ref();
        let accounts = self.refs(
            &v.accounts,
            &span,
            "accounts",
            self.accounts.len(),
            Self::account_ref,
        )?;
        let regions = self.refs(
            &v.regions,
            &span,
            "regions",
            self.regions.len(),
            Self::region_ref,
        )?;
        let category = v.category;
        let resource_type = self.opt_text(&v.resource_type, "resource_type")?;
        let resource_arn = self.opt_text(&v.resource_arn, "resource_arn")?;
        match category {
            Category::Data if resource_type.is_none() => {
                return Err(self.err(
                    &span,
                    "a `data` volume needs `resource_type` (e.g. \"AWS::S3::Object\")",
                ));
            }
            Category::Data | Category::NetworkActivity => {
                if let (Some(kind), Some(field)) = (&resource_type, &v.resource_type)
                    && !crate::aws::is_data_resource_type(kind)
                {
                    return Err(self.err(
                        &field.span(),
                        format!(
                            "`{kind}` is not a data-event resource type AWS documents{}",
                            crate::aws::resource_type_hint(kind)
                        ),
                    ));
                }
            }
            Category::Management => {
                if let Some(field) = v.resource_type.as_ref().or(v.resource_arn.as_ref()) {
                    return Err(self.err(
                        &field.span(),
                        "management events have no resource: `resource_type` and `resource_arn` belong to data volumes",
                    ));
                }
            }
        }
        let shape = Shape {
            category,
            event_source: self.opt_text(&v.event_source, "event_source")?,
            event_name: self.opt_text(&v.event_name, "event_name")?,
            resource_type,
            resource_arn,
            regional_endpoint: false,
        };
        let sts = category == Category::Management
            && shape.event_source.as_deref() == Some(crate::aws::REGIONAL_ENDPOINT_SERVICE);
        let (global, regional): (Vec<RegionId>, Vec<RegionId>) = if sts {
            let recorded = self
                .partition
                .global_events_region_of(crate::aws::REGIONAL_ENDPOINT_SERVICE);
            let recorded = self.regions.get(recorded).copied();
            regions.iter().partition(|&&r| Some(r) == recorded)
        } else {
            (regions, Vec::new())
        };
        // One volume, or two for STS: the last one takes the shape and the accounts, the first a
        // copy (a large organisation has 100,000 volumes).
        let pieces: Vec<(Vec<RegionId>, bool)> = [(global, false), (regional, true)]
            .into_iter()
            .filter(|(regions, _)| !regions.is_empty())
            .collect();
        let count = pieces.len();
        let (mut shape, mut accounts) = (Some(shape), Some(accounts));
        for (i, (regions, regional_endpoint)) in pieces.into_iter().enumerate() {
            let last = i + 1 == count;
            let (this, these) = if last {
                (shape.take(), accounts.take())
            } else {
                (shape.clone(), accounts.clone())
            };
            let (Some(mut this), Some(these)) = (this, these) else {
                break;
            };
            this.regional_endpoint = regional_endpoint;
            let id = if let Some(&id) = self.shapes.get(&this) {
                id
            } else {
                let id = self.shape_list.len();
                self.shapes.insert(this.clone(), id);
                self.shape_list.push(this);
                id
            };
            out.push(Volume {
                shape: id,
                accounts: these,
                regions,
                read: v.read.as_ref().map_or(0, |n| *n.get_ref()),
                write: v.write.as_ref().map_or(0, |n| *n.get_ref()),
                read_span: v.read.as_ref().map(toml::Spanned::span),
                write_span: v.write.as_ref().map(toml::Spanned::span),
                span: span.clone(),
            });
        }
        Ok(())
    }

    fn trail(
        &self,
        raw: &S<raw::RawTrail>,
        accounts: &[Account],
        management: Option<AccountId>,
    ) -> Result<Trail> {
        let t = raw.get_ref();
        let span = raw.span();
        let name = t.name.get_ref().clone();
        if name.chars().count() > MAX_STRING {
            return Err(self.err(&t.name.span(), "trail name is too long"));
        }
        let account = match (&t.account, management) {
            (Some(a), _) => self.account_ref(a)?,
            (None, Some(m)) => m,
            (None, None) if accounts.len() == 1 => 0,
            (None, None) => {
                return Err(self.err(
                    &span,
                    format!(
                        "trail `{name}` needs `account`: the scenario has several accounts and none is marked `management = true`"
                    ),
                ));
            }
        };
        let home_region = match &t.home_region {
            Some(region) => self.region_ref(region)?,
            // With one region there is only one place the trail can live.
            None if self.regions.len() == 1 => 0,
            None => {
                return Err(self.err(
                    &span,
                    format!("trail `{name}` needs `home_region`: the scenario has several regions"),
                ));
            }
        };
        let insights = self.insight_types(&t.insights, "insights")?;
        let data_insights = self.insight_types(&t.data_insights, "data_insights")?;
        if t.event_selector.len() > 1_000 {
            return Err(self.err(&span, "more than 1,000 event selectors"));
        }
        let basic = t
            .event_selector
            .iter()
            .map(|s| self.basic_selector(s))
            .collect::<Result<Vec<_>>>()?;
        let advanced = t
            .advanced_event_selector
            .iter()
            .map(|s| self.advanced_selector(s))
            .collect::<Result<Vec<_>>>()?;
        Ok(Trail {
            name,
            span,
            name_span: t.name.span(),
            account,
            home_region,
            multi_region: t.multi_region,
            organization: t.organization,
            include_global_service_events: t
                .include_global_service_events
                .as_ref()
                .is_none_or(|v| *v.get_ref()),
            include_global_span: t.include_global_service_events.as_ref().map(|v| v.span()),
            insights,
            data_insights,
            cloudwatch_logs: t.cloudwatch_logs,
            logging: t.logging.unwrap_or(true),
            basic,
            advanced,
            origin: None,
            unresolved: Vec::new(),
        })
    }

    fn insight_types(&self, raw: &[S<InsightType>], what: &str) -> Result<Vec<InsightType>> {
        let mut out: Vec<InsightType> = Vec::new();
        for i in raw {
            if out.contains(i.get_ref()) {
                return Err(self.err(
                    &i.span(),
                    format!(
                        "`{what}` lists {:?} twice; a type is listed at most once",
                        i.get_ref()
                    ),
                ));
            }
            out.push(*i.get_ref());
        }
        Ok(out)
    }

    fn basic_selector(&self, raw: &S<raw::RawEventSelector>) -> Result<BasicSelector> {
        let s = raw.get_ref();
        let mut data_resources = Vec::new();
        for d in &s.data_resources {
            let inner = d.get_ref();
            self.list_len(&inner.values, &d.span(), "values")?;
            let values = inner
                .values
                .iter()
                .map(|v| Ok((self.value(v)?, v.span())))
                .collect::<Result<Vec<_>>>()?;
            data_resources.push(DataResource {
                kind: self.text(&inner.kind, "type")?,
                span: d.span(),
                values,
            });
        }
        Ok(BasicSelector {
            span: raw.span(),
            read_write_type: s.read_write_type,
            include_management_events: s.include_management_events.unwrap_or(true),
            exclude_management_event_sources: s
                .exclude_management_event_sources
                .iter()
                .map(|v| Ok((self.value(v)?, v.span())))
                .collect::<Result<Vec<_>>>()?,
            data_resources,
        })
    }

    /// A selector value: any string up to AWS's 2,048 characters (empty strings are AWS's too).
    fn value(&self, v: &S<String>) -> Result<String> {
        if v.get_ref().chars().count() > MAX_STRING {
            return Err(self.err(
                &v.span(),
                format!("selector value is longer than the {MAX_STRING} characters AWS accepts"),
            ));
        }
        Ok(v.get_ref().clone())
    }

    fn advanced_selector(&self, raw: &S<raw::RawAdvancedSelector>) -> Result<AdvancedSelector> {
        let s = raw.get_ref();
        let mut fields = Vec::new();
        for fs in &s.field_selectors {
            fields.push(self.field_selector(fs)?);
        }
        Ok(AdvancedSelector {
            name: s.name.clone(),
            span: raw.span(),
            fields,
        })
    }

    fn field_selector(&self, raw: &S<raw::RawFieldSelector>) -> Result<FieldSelector> {
        let span = raw.span();
        let mut field_name = None;
        let mut conditions = Vec::new();
        let mut unknown_operators = Vec::new();
        for (key, value) in raw.get_ref() {
            if key.get_ref() == "field" {
                match value.get_ref() {
                    toml::Value::String(s) => field_name = Some(s.clone()),
                    _ => return Err(self.err(&value.span(), "`field` must be a string")),
                }
                continue;
            }
            let toml::Value::Array(items) = value.get_ref() else {
                return Err(self.err(
                    &value.span(),
                    format!("`{}` takes a list of strings", key.get_ref()),
                ));
            };
            if items.len() > MAX_LIST {
                return Err(self.err(&value.span(), "too many values"));
            }
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                let toml::Value::String(s) = item else {
                    return Err(self.err(
                        &value.span(),
                        format!("`{}` takes a list of strings", key.get_ref()),
                    ));
                };
                if s.chars().count() > MAX_STRING {
                    return Err(self.err(
                        &value.span(),
                        format!("a value is longer than the {MAX_STRING} characters AWS accepts"),
                    ));
                }
                values.push(s.clone());
            }
            match Operator::parse(key.get_ref()) {
                Some(operator) => conditions.push(Condition { operator, values }),
                None => unknown_operators.push((key.get_ref().clone(), key.span(), values.len())),
            }
        }
        let Some(field_name) = field_name else {
            return Err(self.err(&span, "a field selector needs `field`"));
        };
        Ok(FieldSelector {
            field: Field::parse(&field_name),
            field_name,
            span,
            conditions,
            unknown_operators,
        })
    }

    fn policy(&self, raw: &raw::RawPolicy, trails: &[Trail]) -> Result<Policy> {
        let monthly_budget = match &raw.monthly_budget {
            Some(b) if b.get_ref().0.is_sign_negative() => {
                return Err(self.err(&b.span(), "`monthly_budget` must not be negative"));
            }
            Some(b) => Some((b.get_ref().0, b.span())),
            None => None,
        };
        let mut waivers = Vec::new();
        for w in &raw.waiver {
            if let Some(t) = &w.get_ref().trail
                && !trails.iter().any(|trail| &trail.name == t.get_ref())
            {
                return Err(self.err(
                    &t.span(),
                    format!(
                        "unknown trail `{}`{}: no trail of the scenario has this name",
                        t.get_ref(),
                        crate::text::did_you_mean(
                            t.get_ref(),
                            trails.iter().map(|trail| trail.name.as_str())
                        )
                    ),
                ));
            }
            waivers.push(self.waiver(w)?);
        }
        Ok(Policy {
            monthly_budget,
            fail_on: raw
                .fail_on
                .as_ref()
                .map(|f| *f.get_ref())
                .unwrap_or_default(),
            waivers,
        })
    }

    fn waiver(&self, raw: &S<raw::RawWaiver>) -> Result<Waiver> {
        let w = raw.get_ref();
        let key = w.rule.get_ref();
        let rule: crate::codes::Rule = key.parse().map_err(|_| {
            self.err(
                &w.rule.span(),
                format!(
                    "unknown rule `{key}`{} (see `trailplan rules`)",
                    crate::codes::suggest_rule(key)
                ),
            )
        })?;
        if let Some(a) = &w.account {
            self.account_ref(a)?;
        }
        if let Some(r) = &w.region {
            self.region_ref(r)?;
        }
        let expires = match &w.expires {
            None => None,
            Some(d) => {
                let dt = d.get_ref();
                let date = match (dt.date, dt.time, dt.offset) {
                    (Some(date), None, None) => {
                        Date::new(i32::from(date.year), date.month, date.day)
                    }
                    _ => None,
                };
                Some(date.ok_or_else(|| {
                    self.err(&d.span(), "`expires` must be a date such as 2027-06-30")
                })?)
            }
        };
        Ok(Waiver {
            rule,
            written: key.clone(),
            trail: w.trail.as_ref().map(|t| t.get_ref().clone()),
            account: w.account.as_ref().map(|t| t.get_ref().clone()),
            region: w.region.as_ref().map(|t| t.get_ref().clone()),
            reason: self.text(&w.reason, "reason")?,
            expires,
            span: raw.span(),
        })
    }

    fn prices(&self, raw: &raw::RawPrices) -> Result<PriceBook> {
        super::prices::apply(raw, &PriceBook::default(), self.source, || {
            format!("{} (with the overrides in its [prices])", self.source.name)
        })
    }

    fn api_client(&self, raw: &S<raw::RawApiClient>) -> Result<ApiClient> {
        let span = raw.span();
        let c = raw.get_ref();
        let rate = c.calls_per_second.get_ref().0;
        if rate.is_sign_negative() {
            return Err(self.err(
                &c.calls_per_second.span(),
                "`calls_per_second` must not be negative",
            ));
        }
        Ok(ApiClient {
            name: self.text(&c.name, "name")?,
            accounts: self.refs(
                &c.accounts,
                &span,
                "accounts",
                self.accounts.len(),
                Self::account_ref,
            )?,
            regions: self.refs(
                &c.regions,
                &span,
                "regions",
                self.regions.len(),
                Self::region_ref,
            )?,
            api: self.text(&c.api, "api")?,
            calls_per_second: rate,
            span,
        })
    }
}

/// Validates the `[forecast]` table: `months` in 1..=120, every growth rate at least -1 (−100 %).
fn forecast(raw: &S<raw::RawForecast>, source: &SourceFile) -> Result<forecast::Assumptions> {
    let f = raw.get_ref();
    let months = match &f.months {
        None => forecast::DEFAULT_MONTHS,
        Some(m) => u32::try_from(*m.get_ref())
            .ok()
            .filter(|n| (1..=forecast::MAX_MONTHS).contains(n))
            .ok_or_else(|| {
                source.error_at(
                    Some(m.span()),
                    format!("`months` must be between 1 and {}", forecast::MAX_MONTHS),
                )
            })?,
    };
    let rate = |value: Option<&S<Amount>>, default: Decimal| -> Result<Decimal> {
        match value {
            None => Ok(default),
            Some(v) if v.get_ref().0 < Decimal::NEGATIVE_ONE => Err(source.error_at(
                Some(v.span()),
                "a monthly growth rate must be at least \"-1\" (volumes cannot go below zero)",
            )),
            Some(v) => Ok(v.get_ref().0),
        }
    };
    let all = rate(f.monthly_growth.as_ref(), Decimal::ZERO)?;
    let per = f.growth.as_ref();
    let place =
        |own: Option<&S<Amount>>| own.or(f.monthly_growth.as_ref()).map(toml::Spanned::span);
    let spans = forecast::Spans {
        table: Some(raw.span()),
        months: f.months.as_ref().map(toml::Spanned::span),
        growth: [
            place(per.and_then(|g| g.management.as_ref())),
            place(per.and_then(|g| g.data.as_ref())),
            place(per.and_then(|g| g.network_activity.as_ref())),
        ],
    };
    Ok(forecast::Assumptions {
        spans,
        months,
        growth: forecast::Growth {
            management: rate(per.and_then(|g| g.management.as_ref()), all)?,
            data: rate(per.and_then(|g| g.data.as_ref()), all)?,
            network_activity: rate(per.and_then(|g| g.network_activity.as_ref()), all)?,
        },
    })
}

/// Validates the `[downstream]` table, defaults applied.
fn downstream(raw: &S<raw::RawDownstream>, source: &SourceFile) -> Result<downstream::Assumptions> {
    let r = raw.get_ref();
    let spans = downstream::Spans {
        table: Some(raw.span()),
        average_event_bytes: r.average_event_bytes.as_ref().map(toml::Spanned::span),
        compression_ratio: r.compression_ratio.as_ref().map(toml::Spanned::span),
        s3_storage_price_per_gb_month: r
            .s3_storage_price_per_gb_month
            .as_ref()
            .map(toml::Spanned::span),
        retention_months: r.retention_months.as_ref().map(toml::Spanned::span),
        cloudwatch_logs_ingestion_price_per_gb: r
            .cloudwatch_logs_ingestion_price_per_gb
            .as_ref()
            .map(toml::Spanned::span),
    };
    let mut a = downstream::Assumptions {
        spans,
        ..downstream::Assumptions::default()
    };
    if let Some(b) = &r.average_event_bytes {
        if *b.get_ref() == 0 {
            return Err(source.error_at(Some(b.span()), "`average_event_bytes` must be > 0"));
        }
        a.average_event_bytes = *b.get_ref();
    }
    if let Some(c) = &r.compression_ratio {
        if c.get_ref().0 <= Decimal::ZERO {
            return Err(source.error_at(
                Some(c.span()),
                "`compression_ratio` must be > 0 (\"10\" means 10:1)",
            ));
        }
        a.compression_ratio = c.get_ref().0;
    }
    if let Some(m) = &r.retention_months {
        if !(1..=downstream::MAX_RETENTION_MONTHS).contains(m.get_ref()) {
            return Err(source.error_at(
                Some(m.span()),
                format!(
                    "`retention_months` must be between 1 and {}",
                    downstream::MAX_RETENTION_MONTHS
                ),
            ));
        }
        a.retention_months = *m.get_ref();
    }
    let price = |v: &Option<S<Amount>>, slot: &mut Decimal| -> Result<()> {
        if let Some(v) = v {
            if v.get_ref().0.is_sign_negative() {
                return Err(source.error_at(Some(v.span()), "a price must not be negative"));
            }
            *slot = v.get_ref().0;
        }
        Ok(())
    };
    price(
        &r.s3_storage_price_per_gb_month,
        &mut a.s3_storage_price_per_gb_month,
    )?;
    price(
        &r.cloudwatch_logs_ingestion_price_per_gb,
        &mut a.cloudwatch_logs_ingestion_price_per_gb,
    )?;
    Ok(a)
}
