//! Which trails deliver which events.
//!
//! Volumes are folded into *streams*: per account and region, one entry per distinct shape (category,
//! source, name, resource), read and write counted apart. A trail delivers a stream when it covers
//! the account and region (its own account, or every member account for an organization trail; its
//! home region, or every region when multi-region), it is logging, and its selectors select the
//! stream — AWS's default selection (all management events) when it has none. Global service events
//! reach only trails that include them. Each (trail, shape) pair is decided once and cached.
//!
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>

mod matcher;
mod reach;

use matcher::CompiledAdvanced;
pub(crate) use matcher::is_known_category;

use crate::aws::ALL_RESOURCES_VALUES;
use crate::error::Error;
use crate::model::{AccountId, Category, RegionId, Scenario, Shape, ShapeId, Span, Trail, TrailId};
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A multiplicative hasher for the (trail, shape) index pairs looked up for every stream: SipHash's
/// defence against hostile keys buys nothing for small integers trailplan made itself.
#[derive(Debug, Default, Clone, Copy)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A map keyed by a pair of indices: (trail, shape), or (cell, shape).
type PairMap<V> = HashMap<(usize, ShapeId), V, BuildHasherDefault<PairHasher>>;

/// Which (trail, shape) pairs have been decided, and how. A table of one byte per pair while that
/// stays small (the common case, and the fastest look-up on the hot path of pricing); a map for
/// scenarios with very many trails and shapes.
#[derive(Debug)]
enum MatchTable {
    /// `trail * shapes + shape` → 0 undecided, else `1 | read << 1 | write << 2`.
    Dense {
        shapes: usize,
        cells: Vec<u8>,
    },
    Sparse(PairMap<Dirs>),
}

impl MatchTable {
    /// The most pairs kept as a table: 16 MiB.
    const DENSE_PAIRS: usize = 16 << 20;

    fn new(trails: usize, shapes: usize) -> MatchTable {
        match trails.checked_mul(shapes) {
            Some(pairs) if pairs <= Self::DENSE_PAIRS => MatchTable::Dense {
                shapes,
                cells: vec![0; pairs],
            },
            _ => MatchTable::Sparse(PairMap::default()),
        }
    }

    fn get(&self, trail: TrailId, shape: ShapeId) -> Option<Dirs> {
        match self {
            MatchTable::Dense { shapes, cells } => {
                let byte = *cells.get(trail * shapes + shape)?;
                (byte != 0).then_some(Dirs {
                    read: byte & 2 != 0,
                    write: byte & 4 != 0,
                })
            }
            MatchTable::Sparse(map) => map.get(&(trail, shape)).copied(),
        }
    }

    fn insert(&mut self, trail: TrailId, shape: ShapeId, dirs: Dirs) {
        match self {
            MatchTable::Dense { shapes, cells } => {
                if let Some(byte) = cells.get_mut(trail * *shapes + shape) {
                    *byte = 1 | u8::from(dirs.read) << 1 | u8::from(dirs.write) << 2;
                }
            }
            MatchTable::Sparse(map) => {
                map.insert((trail, shape), dirs);
            }
        }
    }
}

/// Monthly events of one shape in one account and region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellEvents {
    pub(crate) shape: ShapeId,
    pub(crate) read: u64,
    pub(crate) write: u64,
}

/// Which directions of a stream a trail delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Dirs {
    pub(crate) read: bool,
    pub(crate) write: bool,
}

impl Dirs {
    pub(crate) fn get(self, read_only: bool) -> bool {
        if read_only { self.read } else { self.write }
    }
}

/// Something a user wrote in a trail's selectors that should select at least one volume (CT106).
#[derive(Debug, Clone)]
pub(crate) struct SelectorItem {
    pub(crate) span: Span,
    pub(crate) label: String,
}

/// The result of selection for a whole scenario.
#[derive(Debug)]
pub struct Selection {
    regions: usize,
    /// Streams per cell, `account * regions + region`.
    streams: Vec<Vec<CellEvents>>,
    matches: MatchTable,
    /// Organization trails, in free-copy order.
    org: Vec<TrailId>,
    /// Each account's own trails, in free-copy order.
    by_account: Vec<Vec<TrailId>>,
    /// Per trail: the selector items and whether each selected a volume the trail can see.
    pub(crate) items: Vec<Vec<SelectorItem>>,
    pub(crate) hits: Vec<Vec<bool>>,
    /// (trail, field) pairs where a selector tested an attribute a stream did not declare (CT108).
    pub(crate) undeclared: BTreeSet<(TrailId, String)>,
}

/// The order in which trails take the free copy: organization, multi-region, single-region, then
/// the order of the scenario.
fn free_copy_rank(trail: &Trail) -> u8 {
    match (trail.organization, trail.multi_region) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    }
}

impl Selection {
    pub fn compute(scenario: &Scenario) -> Result<Selection, Error> {
        let regions = scenario.regions.len();
        let streams = fold_streams(scenario)?;
        let mut order: Vec<TrailId> = (0..scenario.trails.len()).collect();
        order.sort_by_key(|&t| (free_copy_rank(&scenario.trails[t]), t));
        let mut org = Vec::new();
        let mut by_account = vec![Vec::new(); scenario.accounts.len()];
        for &t in &order {
            let trail = &scenario.trails[t];
            if trail.organization {
                org.push(t);
            } else {
                by_account[trail.account].push(t);
            }
        }
        let compiled: Vec<CompiledTrail> = scenario.trails.iter().map(CompiledTrail::new).collect();
        let mut selection = Selection {
            regions,
            streams,
            matches: MatchTable::new(scenario.trails.len(), scenario.shapes.len()),
            org,
            by_account,
            items: compiled.iter().map(|c| c.items.clone()).collect(),
            hits: compiled
                .iter()
                .map(|c| vec![false; c.items.len()])
                .collect(),
            undeclared: BTreeSet::new(),
        };
        let mut covering = Vec::new();
        for account in 0..scenario.accounts.len() {
            for region in 0..regions {
                covering.clear();
                covering.extend(selection.covering(scenario, account, region));
                let cell = account * regions + region;
                for stream in &selection.streams[cell] {
                    for &t in &covering {
                        if selection.matches.get(t, stream.shape).is_some() {
                            continue;
                        }
                        let shape = &scenario.shapes[stream.shape];
                        let mut record = Record {
                            hits: &mut selection.hits[t],
                            undeclared: &mut selection.undeclared,
                            trail: t,
                        };
                        let dirs = compiled[t].select(&scenario.trails[t], shape, &mut record);
                        selection.matches.insert(t, stream.shape, dirs);
                    }
                }
            }
        }
        Ok(selection)
    }

    /// The streams of an account and region.
    pub(crate) fn streams(&self, account: AccountId, region: RegionId) -> &[CellEvents] {
        self.streams
            .get(account * self.regions + region)
            .map_or(&[], Vec::as_slice)
    }

    /// The trails that can deliver events in an account and region, in free-copy order.
    pub(crate) fn covering<'a>(
        &'a self,
        scenario: &'a Scenario,
        account: AccountId,
        region: RegionId,
    ) -> impl Iterator<Item = TrailId> + 'a {
        let own = self.by_account.get(account).map_or(&[][..], Vec::as_slice);
        self.org
            .iter()
            .chain(own)
            .copied()
            .filter(move |&t| scenario.trails[t].covers(account, region))
    }

    /// Which directions of a shape a trail delivers (nothing for pairs never seen together).
    pub(crate) fn delivers(&self, trail: TrailId, shape: ShapeId) -> Dirs {
        self.matches.get(trail, shape).unwrap_or_default()
    }
}

/// Adds every volume into its cells, aggregating identical shapes; overflow is an error.
fn fold_streams(scenario: &Scenario) -> Result<Vec<Vec<CellEvents>>, Error> {
    let regions = scenario.regions.len();
    let cells = scenario
        .accounts
        .len()
        .checked_mul(regions)
        .ok_or_else(|| {
            scenario
                .source
                .error_at(None, "too many accounts × regions")
        })?;
    let mut streams: Vec<Vec<CellEvents>> = vec![Vec::new(); cells];
    // Where each (cell, shape) already has a stream: a linear search per volume was quadratic in
    // the volumes of a cell, which a hostile file can make large.
    let mut index: PairMap<usize> = PairMap::default();
    for volume in &scenario.volumes {
        if volume.read == 0 && volume.write == 0 {
            continue;
        }
        for &account in &volume.accounts {
            for &region in &volume.regions {
                let cell_id = account * regions + region;
                let cell = &mut streams[cell_id];
                // The place is the count that overflowed (`read` or `write`), else the table.
                let overflow_at = |count: &Option<Span>| {
                    scenario.source.error_at(
                        Some(count.clone().unwrap_or_else(|| volume.span.clone())),
                        format!(
                            "event counts for {}/{} add up to more than {} a month",
                            scenario.accounts[account].name,
                            scenario.regions[region].name,
                            u64::MAX
                        ),
                    )
                };
                if let Some(s) = index
                    .get(&(cell_id, volume.shape))
                    .and_then(|&i| cell.get_mut(i))
                {
                    s.read = s
                        .read
                        .checked_add(volume.read)
                        .ok_or_else(|| overflow_at(&volume.read_span))?;
                    s.write = s
                        .write
                        .checked_add(volume.write)
                        .ok_or_else(|| overflow_at(&volume.write_span))?;
                } else {
                    index.insert((cell_id, volume.shape), cell.len());
                    cell.push(CellEvents {
                        shape: volume.shape,
                        read: volume.read,
                        write: volume.write,
                    });
                }
            }
        }
    }
    Ok(streams)
}

struct Record<'a> {
    hits: &'a mut Vec<bool>,
    undeclared: &'a mut BTreeSet<(TrailId, String)>,
    trail: TrailId,
}

impl Record<'_> {
    fn hit(&mut self, item: usize) {
        if let Some(h) = self.hits.get_mut(item) {
            *h = true;
        }
    }

    fn undeclared(&mut self, field: &str) {
        if !self.undeclared.contains(&(self.trail, field.to_string())) {
            self.undeclared.insert((self.trail, field.to_string()));
        }
    }
}

/// A trail's selectors, compiled, with the item numbers of its selectors and data resource values.
struct CompiledTrail {
    items: Vec<SelectorItem>,
    /// Per basic selector: its item, and per data resource the items of its values.
    basic_items: Vec<(usize, Vec<Vec<usize>>)>,
    advanced: Vec<(usize, CompiledAdvanced)>,
}

impl CompiledTrail {
    fn new(trail: &Trail) -> CompiledTrail {
        let mut items = Vec::new();
        let mut push = |span: &Span, label: String| {
            items.push(SelectorItem {
                span: span.clone(),
                label,
            });
            items.len() - 1
        };
        let basic_items = trail
            .basic
            .iter()
            .enumerate()
            .map(|(i, sel)| {
                let item = push(&sel.span, format!("event selector #{}", i + 1));
                let values = sel
                    .data_resources
                    .iter()
                    .map(|dr| {
                        dr.values
                            .iter()
                            .map(|(v, span)| push(span, format!("{} data resource `{v}`", dr.kind)))
                            .collect()
                    })
                    .collect();
                (item, values)
            })
            .collect();
        let advanced = trail
            .advanced
            .iter()
            .enumerate()
            .map(|(i, sel)| {
                let label = match &sel.name {
                    Some(name) => format!("advanced event selector \"{name}\""),
                    None => format!("advanced event selector #{}", i + 1),
                };
                (push(&sel.span, label), CompiledAdvanced::compile(sel))
            })
            .collect();
        CompiledTrail {
            items,
            basic_items,
            advanced,
        }
    }

    /// Which directions of a shape the trail delivers. A trail with both kinds of selectors (CT005)
    /// delivers the union of what each kind selects.
    fn select(&self, trail: &Trail, shape: &Shape, record: &mut Record) -> Dirs {
        if !trail.logging || (shape.is_global_service() && !trail.include_global_service_events) {
            return Dirs::default();
        }
        if trail.has_default_selection() {
            let management = shape.category == Category::Management;
            return Dirs {
                read: management,
                write: management,
            };
        }
        let mut dirs = Dirs::default();
        for (sel, (item, value_items)) in trail.basic.iter().zip(&self.basic_items) {
            let mut selected = false;
            match shape.category {
                Category::Management => {
                    let excluded = shape.event_source.as_deref().is_some_and(|source| {
                        sel.exclude_management_event_sources
                            .iter()
                            .any(|(s, _)| s == source)
                    });
                    selected = sel.include_management_events && !excluded;
                }
                Category::Data => {
                    for (dr, items) in sel.data_resources.iter().zip(value_items) {
                        if shape.resource_type.as_deref() != Some(dr.kind.as_str()) {
                            continue;
                        }
                        for ((value, _), &value_item) in dr.values.iter().zip(items) {
                            let hit = if ALL_RESOURCES_VALUES.contains(&value.as_str()) {
                                true
                            } else if let Some(arn) = &shape.resource_arn {
                                // S3 values are prefixes (a bucket, or a bucket and an object
                                // prefix); Lambda function and DynamoDB table values are exact
                                // ARNs (API reference, DataResource).
                                if dr.kind == "AWS::S3::Object" {
                                    arn.starts_with(value.as_str())
                                } else {
                                    arn == value
                                }
                            } else {
                                record.undeclared("resources.ARN");
                                false
                            };
                            if hit {
                                record.hit(value_item);
                                selected = true;
                            }
                        }
                    }
                }
                Category::NetworkActivity => {}
            }
            if selected {
                record.hit(*item);
                dirs.read |= sel.read_write_type.selects(true);
                dirs.write |= sel.read_write_type.selects(false);
            }
        }
        for (item, sel) in &self.advanced {
            let mut undeclared = |field: &str| record.undeclared(field);
            let read = sel.selects(shape, true, &mut undeclared);
            let write = sel.selects(shape, false, &mut undeclared);
            if read || write {
                record.hit(*item);
            }
            dirs.read |= read;
            dirs.write |= write;
        }
        dirs
    }
}
