//! CloudFormation: `AWS::CloudTrail::Trail` resources of a JSON or YAML template.
//!
//! Intrinsic functions are resolved where the template alone decides them: `Ref` to a parameter
//! with a `Default`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, `Fn::If`
//! with conditions built from `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` and `Condition`.
//! `AWS::Partition` is `aws` and `AWS::URLSuffix` is `amazonaws.com` (trailplan models the
//! commercial regions); `AWS::NoValue` removes the property. Everything else (`Fn::GetAtt`, other
//! pseudo parameters, parameters without a default, `Fn::ImportValue`...) is known only when the
//! stack is deployed: the trail keeps the property's default and the importer says so. Inside
//! `Fn::Sub`, such a variable is left as written (`${AWS::Region}`).
//!
//! Property names and defaults: "AWS::CloudTrail::Trail" in the CloudFormation Template Reference
//! and its property types `EventSelector`, `DataResource`, `AdvancedEventSelector`,
//! `AdvancedFieldSelector`, `InsightSelector` (an `InsightSelector` without `EventCategories`
//! applies to management events).

use crate::limits::{TEMPLATE_WORK, WorkBudget};
use std::cell::RefCell;
use std::collections::BTreeMap;

use super::node::{Node, Spans, parse_json, parse_yaml};
use super::{
    FromApiName, ImportError, Imported, ImportedTrail, Origin, PathStep, RawAdvancedSelector,
    RawEventSelector, S, Unresolved, build, path_steps, push_unique,
};
use crate::model::{InsightType, ReadWriteType};

const TRAIL_TYPE: &str = "AWS::CloudTrail::Trail";
/// Deeper nesting than this is a cycle or an abuse; real templates stay far below it.
const MAX_DEPTH: usize = 64;
const TOO_DEEP: &str = "conditions nested too deeply";
const OVER_BUDGET: &str = "over the template work budget";

/// Reads the `AWS::CloudTrail::Trail` resources of a CloudFormation template (JSON or YAML).
///
/// # Errors
/// The text is neither JSON nor YAML (with line and column), has no `Resources` mapping, or a
/// trail property has a type CloudFormation would refuse.
pub fn cloudformation(text: &str, file: &str) -> Result<Imported, ImportError> {
    cloudformation_with(text, file, &CloudFormationOptions::default())
}

/// Reads the `AWS::CloudTrail::Trail` resources of a template with parameters and values.
///
/// # Errors
/// As [`cloudformation`]; a parameter that the template does not declare.
pub(crate) fn cloudformation_with(
    text: &str,
    file: &str,
    options: &CloudFormationOptions,
) -> Result<Imported, ImportError> {
    read_template(text, file, options).map_err(|e| e.placed(file, text))
}

fn read_template(
    text: &str,
    file: &str,
    options: &CloudFormationOptions,
) -> Result<Imported, ImportError> {
    let template = if text.trim_start().starts_with('{') {
        parse_json(text, file)?
    } else {
        parse_yaml(text, file).map_err(|e| match &e {
            // The YAML reader refuses a repeated key without saying where the first one is.
            ImportError::Syntax { message, .. } if message.contains("duplicated key") => {
                repeated_key(&Spans::new(text), file).unwrap_or(e)
            }
            _ => e,
        })?
    };
    // One pass over the text places every trail and every error (it was one pass per trail).
    let source = Source::new(text);
    if let Some(err) = repeated_key(&source.spans, file) {
        return Err(err);
    }
    let Some(Node::Map(resources)) = template.get("Resources") else {
        return Err(ImportError::invalid_at(
            file,
            Vec::new(),
            "no `Resources` mapping: this is not a CloudFormation template",
        ));
    };
    check_parameters(&template, options, file)?;
    let resolver = Resolver::new(&template, options);
    let mut imported = Imported::default();
    for (id, resource) in resources {
        if resource.get("Type").and_then(Node::as_str) != Some(TRAIL_TYPE) {
            continue;
        }
        let (unknowns, condition_unresolved) = match created(&resolver, resource, id, file)? {
            Created::Yes {
                unknowns,
                unresolved,
            } => (unknowns, unresolved),
            Created::No(note) => {
                imported.notes.push(note);
                continue;
            }
        };
        let empty = Node::Map(Vec::new());
        let props = properties(resource, id, file, &empty)?;
        let mut ex = Extract::new(
            &resolver,
            file,
            format!("Resources.{id}.Properties"),
            Reading::Template,
        );
        ex.notes = unknowns;
        ex.locate = Some((&source, id.clone()));
        ex.base = vec![
            PathStep::Key("Resources".to_owned()),
            PathStep::Key(id.clone()),
            PathStep::Key("Properties".to_owned()),
        ];
        if let Some(reason) = condition_unresolved {
            ex.unresolved("Condition", &reason);
        }
        let mut found = trail(&mut ex, id, props)?;
        found.origin.place = source.spans.locate(&ex.base[..2]);
        imported.trails.push(found);
        if resolver.exhausted() {
            return Err(ImportError::invalid_at(
                file,
                vec![
                    PathStep::Key("Resources".to_owned()),
                    PathStep::Key(id.clone()),
                ],
                format!(
                    "Resources.{id}: evaluating the template's conditions and intrinsic functions \
                     takes more than {TEMPLATE_WORK} steps (the template work budget); the \
                     template is refused rather than evaluated for hours"
                ),
            ));
        }
    }
    if resolver.partition_used.get() {
        imported.notes.push(
            "AWS::Partition was read as `aws` and AWS::URLSuffix as `amazonaws.com` (commercial regions)"
                .to_owned(),
        );
    }
    Ok(imported)
}

/// Every parameter given is one the template declares (or a pseudo parameter).
fn check_parameters(
    template: &Node,
    options: &CloudFormationOptions,
    file: &str,
) -> Result<(), ImportError> {
    for name in options.parameters.keys() {
        let declared = template
            .get("Parameters")
            .and_then(|p| p.get(name))
            .is_some();
        if !declared && !matches!(name.as_str(), "AWS::Region" | "AWS::AccountId") {
            return Err(ImportError::invalid(
                file,
                format!("parameter {name} is given but the template does not declare it"),
            ));
        }
    }
    Ok(())
}

/// What a resource's `Condition` says about its creation.
enum Created {
    /// Created, or maybe: the notes and the reason when the condition could not be resolved.
    Yes {
        unknowns: Vec<String>,
        unresolved: Option<String>,
    },
    /// Not created, with the note that says so.
    No(String),
}

fn created(
    resolver: &Resolver<'_>,
    resource: &Node,
    id: &str,
    file: &str,
) -> Result<Created, ImportError> {
    let mut unknowns = Vec::new();
    let mut unresolved = None;
    if let Some(condition) = resource.get("Condition") {
        let Some(name) = condition.as_str() else {
            return Err(ImportError::invalid_at(
                file,
                path_steps(&format!("Resources.{id}.Condition")),
                format!(
                    "Resources.{id}.Condition: expected a condition name, found {}",
                    condition.kind()
                ),
            ));
        };
        resolver.unknown_keys.borrow_mut().clear();
        match resolver.condition(name, 0) {
            Ok(true) => {}
            Ok(false) => {
                return Ok(Created::No(format!(
                    "{id} is not created: its condition {name} is false with these parameters"
                )));
            }
            Err(reason) => {
                unknowns.push(format!(
                    "created only when condition {name} holds, which could not be resolved: {reason}"
                ));
                unresolved = Some(reason);
            }
        }
    }
    Ok(Created::Yes {
        unknowns,
        unresolved,
    })
}

/// A resource's `Properties`, a mapping (none is an empty one).
fn properties<'n>(
    resource: &'n Node,
    id: &str,
    file: &str,
    empty: &'n Node,
) -> Result<&'n Node, ImportError> {
    match resource.get("Properties") {
        None | Some(Node::Null) => Ok(empty),
        Some(props @ Node::Map(_)) => Ok(props),
        Some(other) => Err(ImportError::invalid_at(
            file,
            vec![
                PathStep::Key("Resources".to_owned()),
                PathStep::Key(id.to_owned()),
                PathStep::Key("Properties".to_owned()),
            ],
            format!(
                "Resources.{id}.Properties: expected a mapping, found {}",
                other.kind()
            ),
        )),
    }
}

/// The operators of a field selector as the CloudTrail API spells them, in the order of
/// [`build::OPERATORS`].
const API_OPERATORS: [&str; 6] = [
    "Equals",
    "StartsWith",
    "EndsWith",
    "NotEquals",
    "NotStartsWith",
    "NotEndsWith",
];

fn trail(ex: &mut Extract<'_>, id: &str, props: &Node) -> Result<ImportedTrail, ImportError> {
    let name = match props.get("TrailName") {
        None => id.to_owned(),
        Some(raw) => match ex.resolver.resolve_string(raw, 0) {
            Res::Known(Node::Str(name)) => name,
            Res::NoValue => id.to_owned(),
            Res::Unknown(reason) => {
                ex.notes.push(format!(
                    "TrailName: {reason}; the trail is named after its logical ID"
                ));
                id.to_owned()
            }
            Res::Known(other) => return Err(ex.type_error("TrailName", "a string", &other)),
        },
    };
    if props.get("IsLogging").is_none() {
        ex.notes
            .push("IsLogging is missing (CloudFormation requires it); written as true".to_owned());
    }
    let logging = ex.bool_prop(props, "IsLogging", "IsLogging", true)?;
    let multi_region = ex.bool_prop(props, "IsMultiRegionTrail", "IsMultiRegionTrail", false)?;
    let organization = ex.bool_prop(props, "IsOrganizationTrail", "IsOrganizationTrail", false)?;
    let include_global_service_events = ex.bool_prop(
        props,
        "IncludeGlobalServiceEvents",
        "IncludeGlobalServiceEvents",
        true,
    )?;
    let cloudwatch_logs = cloudwatch_logs(ex, props);
    let event_selector = ex.event_selectors(props)?;
    let advanced_event_selector = ex.advanced_event_selectors(props)?;
    let (insights, data_insights) = ex.insight_selectors(props)?;
    let trail = build::Trail {
        name,
        home_region: None,
        multi_region,
        organization,
        include_global_service_events,
        logging,
        cloudwatch_logs,
        insights,
        data_insights,
        event_selector,
        advanced_event_selector,
    };
    Ok(ImportedTrail {
        origin: Origin {
            file: ex.file.to_owned(),
            address: id.to_owned(),
            place: None,
        },
        trail: trail.into_raw(),
        unknowns: std::mem::take(&mut ex.notes),
        unresolved: std::mem::take(&mut ex.unresolved),
    })
}

/// A log group ARN is usually `!GetAtt LogGroup.Arn`: unknown, but certainly present.
fn cloudwatch_logs(ex: &mut Extract<'_>, props: &Node) -> bool {
    let Some(raw) = props.get("CloudWatchLogsLogGroupArn") else {
        return false;
    };
    match ex.resolver.resolve(raw, 0) {
        Res::NoValue | Res::Known(Node::Null) => false,
        Res::Known(Node::Str(s)) => !s.is_empty(),
        Res::Known(_) => true,
        Res::Unknown(reason) => {
            if intrinsic(raw).is_none_or(|(name, _)| name != "Fn::GetAtt") {
                ex.notes.push(format!(
                    "CloudWatchLogsLogGroupArn: {reason}; written as cloudwatch_logs = true"
                ));
            }
            true
        }
    }
}

/// The outcome of resolving a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Res {
    /// Fully known (intrinsics at the top level resolved; nested values may still hold some).
    Known(Node),
    /// `AWS::NoValue`: the property is absent.
    NoValue,
    /// Known only at deploy time, and why.
    Unknown(String),
}

/// What the template alone says about intrinsic functions.
#[derive(Debug, Default)]
pub(super) struct Resolver<'t> {
    parameters: Vec<(String, Option<Node>)>,
    resources: std::collections::HashSet<String>,
    /// Resources with a type and properties, by logical ID: `(type, properties)` (the first of a
    /// repeated ID, which the import refuses anyway).
    typed: std::collections::HashMap<String, (String, &'t Node)>,
    conditions: Option<&'t Node>,
    mappings: Option<&'t Node>,
    partition_used: std::cell::Cell<bool>,
    /// Named conditions already evaluated: each is evaluated once however often it is referenced.
    conditions_done: RefCell<std::collections::HashMap<String, Result<bool, String>>>,
    /// Steps, characters and elements spent of [`TEMPLATE_WORK`], each counted before it is
    /// allocated; once it is spent every evaluation fails and the import is refused.
    work: WorkBudget,
    /// `AWS::Region` and `AWS::AccountId` when the user gives them.
    region: Option<String>,
    account: Option<String>,
    /// `[import.values]`: values known at deploy time, by the expression as written.
    values: BTreeMap<String, Node>,
    /// The expressions (`Bucket.Arn`, `Param`) that made the last resolution unknown.
    pub(super) unknown_keys: RefCell<Vec<String>>,
}

/// How a template is read: parameters, pseudo parameters and values known only at deploy time.
#[derive(Debug, Clone, Default)]
pub(crate) struct CloudFormationOptions {
    /// `--parameter K=V` and `[import.parameters]`: parameter values over their defaults;
    /// `AWS::Region` and `AWS::AccountId` set the pseudo parameters.
    pub(crate) parameters: BTreeMap<String, String>,
    /// `[import.values]`: `"LambdaFunctionBF21E41F.Arn" = "arn:aws:lambda:..."`, `"Bucket" = "name"`.
    pub(crate) values: BTreeMap<String, toml::Value>,
    /// The region the stack is deployed to (`--region`), for `AWS::Region`.
    pub(crate) region: Option<String>,
}

fn node_of(v: &toml::Value) -> Node {
    match v {
        toml::Value::String(s) => Node::Str(s.clone()),
        toml::Value::Integer(i) => Node::Num(i.to_string()),
        toml::Value::Boolean(b) => Node::Bool(*b),
        toml::Value::Array(items) => Node::Seq(items.iter().map(node_of).collect()),
        toml::Value::Table(t) => {
            Node::Map(t.iter().map(|(k, v)| (k.clone(), node_of(v))).collect())
        }
        other => Node::Str(other.to_string()),
    }
}

/// A key that a mapping of the template repeats (a logical ID defined twice, a property given
/// twice), which CloudFormation refuses: the error names the key and both lines.
fn repeated_key(spans: &Spans, file: &str) -> Option<ImportError> {
    let repeated = spans.duplicates().first()?;
    let (key, (first, _), (line, column)) = (&repeated.key, repeated.first, repeated.second);
    let message = match repeated.path.as_slice() {
        [PathStep::Key(section)] if section == "Resources" => format!(
            "logical ID `{key}` is defined twice in Resources (lines {first} and {line}); \
             CloudFormation refuses a template that repeats a logical ID"
        ),
        path => format!(
            "`{key}` is written twice in {} (lines {first} and {line}); CloudFormation refuses a \
             template that repeats a key",
            dotted(path)
        ),
    };
    Some(ImportError::Syntax {
        file: file.to_owned(),
        line,
        column,
        message,
    })
}

/// A path as the messages write it: `Resources.Trail.Properties.EventSelectors[0]`.
fn dotted(path: &[PathStep]) -> String {
    let mut text = String::new();
    for step in path {
        super::push_path_step(&mut text, step);
    }
    if text.is_empty() {
        text.push_str("the template");
    }
    text
}

/// A template's text with what is read once to place its values: the span index and its lines.
pub(super) struct Source<'t> {
    text: &'t str,
    spans: Spans,
    lines: std::cell::OnceCell<Lines<'t>>,
}

/// The lines of a text, and for each key written at the start of a line (`Key:` or `"Key"`) the
/// first line that writes it.
struct Lines<'t> {
    lines: Vec<&'t str>,
    first_key: std::collections::HashMap<&'t str, usize>,
}

impl<'t> Source<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            spans: Spans::new(text),
            lines: std::cell::OnceCell::new(),
        }
    }

    fn lines(&self) -> &Lines<'t> {
        self.lines.get_or_init(|| {
            let lines: Vec<&str> = self.text.lines().collect();
            let mut first_key = std::collections::HashMap::new();
            for (i, line) in lines.iter().enumerate() {
                if let Some(key) = leading_key(line) {
                    first_key.entry(key).or_insert(i);
                }
            }
            Lines { lines, first_key }
        })
    }
}

/// The alphanumeric key a line starts with (after its indentation), written `Key:` or `"Key"`.
fn leading_key(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let (quoted, body) = match t.strip_prefix('"') {
        Some(body) => (true, body),
        None => (false, t),
    };
    let end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let (key, after) = body.split_at(end);
    let closes = if quoted {
        after.starts_with('"')
    } else {
        after.starts_with(':')
    };
    (!key.is_empty() && closes).then_some(key)
}

/// The line (1-based) of property `leaf` in resource `id` of a template's text: the first line
/// after the first line that writes `id` as a key that names the property.
fn line_of(source: &Source<'_>, id: &str, leaf: &str) -> Option<usize> {
    let Lines { lines, first_key } = source.lines();
    let is_key = |line: &str, key: &str| {
        let t = line.trim_start();
        t.starts_with(&format!("\"{key}\"")) || t.starts_with(&format!("{key}:"))
    };
    let start = if id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        *first_key.get(id)?
    } else {
        lines.iter().position(|l| is_key(l, id))?
    };
    let named = |l: &str| {
        is_key(l, leaf)
            || l.contains(&format!("\"{leaf}\""))
            || l.split(|c: char| !(c.is_ascii_alphanumeric() || c == ':'))
                .any(|word| word == leaf)
    };
    let found = lines
        .iter()
        .enumerate()
        .skip(start.saturating_add(1))
        .find(|(_, l)| named(l))
        .map(|(i, _)| i)?;
    Some(found.saturating_add(1))
}

/// What a copy of `node` costs of the work budget: its characters (keys included) and its
/// elements. The nesting is within [`crate::limits::MAX_NESTING`], as every tree read is.
fn size(node: &Node) -> usize {
    match node {
        Node::Null | Node::Bool(_) => 1,
        Node::Num(s) | Node::Str(s) => s.len().saturating_add(1),
        Node::Seq(items) => items
            .iter()
            .fold(1usize, |sum, item| sum.saturating_add(size(item))),
        Node::Map(entries) => entries.iter().fold(1usize, |sum, (key, value)| {
            sum.saturating_add(key.len()).saturating_add(size(value))
        }),
    }
}

/// The room a `!Sub` piece starting with `${` at `start` of `rest` may write besides the text
/// before it: a `${` literal or a name written back when its value is unknown.
fn name_room(rest: &str, start: usize) -> usize {
    let after = rest.get(start.saturating_add(2)..).unwrap_or_default();
    after.find('}').unwrap_or(0).saturating_add(3)
}

fn intrinsic(node: &Node) -> Option<(&str, &Node)> {
    match node {
        Node::Map(entries) => match entries.as_slice() {
            [(key, value)] if key == "Ref" || key.starts_with("Fn::") => {
                Some((key.as_str(), value))
            }
            _ => None,
        },
        _ => None,
    }
}

/// `Fn::Sub` is written `!Sub` in YAML; messages use the short form people read in templates.
fn short(name: &str) -> String {
    format!("!{}", name.strip_prefix("Fn::").unwrap_or(name))
}

fn args(value: &Node) -> &[Node] {
    match value {
        Node::Seq(items) => items,
        _ => &[],
    }
}

impl<'t> Resolver<'t> {
    fn new(template: &'t Node, options: &CloudFormationOptions) -> Self {
        let mut parameters = Vec::new();
        if let Some(Node::Map(params)) = template.get("Parameters") {
            for (name, param) in params {
                let is_list = param
                    .get("Type")
                    .and_then(Node::as_str)
                    .is_some_and(|t| t == "CommaDelimitedList" || t.starts_with("List<"));
                let default = param.get("Default").cloned().map(|d| match d {
                    Node::Str(s) if is_list => Node::Seq(
                        s.split(',')
                            .map(|part| Node::Str(part.trim().to_owned()))
                            .collect(),
                    ),
                    other => other,
                });
                let given = options.parameters.get(name).map(|v| {
                    if is_list {
                        Node::Seq(
                            v.split(',')
                                .map(|part| Node::Str(part.trim().to_owned()))
                                .collect(),
                        )
                    } else {
                        Node::Str(v.clone())
                    }
                });
                parameters.push((name.clone(), given.or(default)));
            }
        }
        let (resources, typed) = match template.get("Resources") {
            Some(Node::Map(entries)) => (
                entries.iter().map(|(k, _)| k.clone()).collect(),
                entries
                    .iter()
                    .filter_map(|(k, r)| {
                        let kind = r.get("Type")?.as_str()?;
                        let props = r.get("Properties")?;
                        Some((k.clone(), (kind.to_owned(), props)))
                    })
                    .collect(),
            ),
            _ => Default::default(),
        };
        Self {
            parameters,
            resources,
            typed,
            conditions: template.get("Conditions"),
            mappings: template.get("Mappings"),
            partition_used: std::cell::Cell::new(false),
            conditions_done: RefCell::default(),
            work: WorkBudget::default(),
            region: options
                .parameters
                .get("AWS::Region")
                .cloned()
                .or_else(|| options.region.clone()),
            account: options.parameters.get("AWS::AccountId").cloned(),
            values: options
                .values
                .iter()
                .map(|(k, v)| (k.clone(), node_of(v)))
                .collect(),
            unknown_keys: RefCell::new(Vec::new()),
        }
    }

    /// Notes an expression that makes a value unknown, and says why.
    fn unknown(&self, key: &str, reason: String) -> Res {
        let mut keys = self.unknown_keys.borrow_mut();
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_owned());
        }
        Res::Unknown(reason)
    }

    /// `!GetAtt Resource.Attribute`: a value the user set, or the ARN of a resource whose name
    /// the template gives.
    fn get_att(&self, target: &str, depth: usize) -> Res {
        if let Some(value) = self.values.get(target) {
            return self.known_copy(value);
        }
        let (id, attribute) = target.split_once('.').unwrap_or((target, ""));
        if attribute == "Arn"
            && let Some(arn) = self.named_arn(id, depth)
        {
            return arn;
        }
        self.unknown(
            target,
            format!(
                "!GetAtt {target} is known only at deploy time (set it in the usage file's [import.values])"
            ),
        )
    }

    /// The physical name a template gives a bucket, function or table, and its type.
    fn physical_name(&self, id: &str, depth: usize) -> Option<(&str, String)> {
        let (kind, props) = self.typed.get(id)?;
        let key = match kind.as_str() {
            "AWS::S3::Bucket" => "BucketName",
            "AWS::Lambda::Function" => "FunctionName",
            "AWS::DynamoDB::Table" => "TableName",
            _ => return None,
        };
        let saved = self.unknown_keys.borrow().clone();
        let name = match self.resolve_string(props.get(key)?, depth.saturating_add(1)) {
            Res::Known(Node::Str(name)) => Some(name),
            _ => None,
        };
        *self.unknown_keys.borrow_mut() = saved;
        name.map(|n| (kind.as_str(), n))
    }

    fn named_arn(&self, id: &str, depth: usize) -> Option<Res> {
        let (kind, name) = self.physical_name(id, depth)?;
        let regional = |service: &str, resource: &str| {
            match (&self.region, &self.account) {
            (Some(region), Some(account)) => Res::Known(Node::Str(format!(
                "arn:aws:{service}:{region}:{account}:{resource}"
            ))),
            _ => self.unknown(
                &format!("{id}.Arn"),
                format!(
                    "!GetAtt {id}.Arn needs the stack's region and account (--region and --parameter AWS::AccountId=...)"
                ),
            ),
        }
        };
        Some(match kind {
            "AWS::S3::Bucket" => Res::Known(Node::Str(format!("arn:aws:s3:::{name}"))),
            "AWS::Lambda::Function" => regional("lambda", &format!("function:{name}")),
            _ => regional("dynamodb", &format!("table/{name}")),
        })
    }

    /// Resolves the intrinsic function at the top of `node`, if any.
    pub(super) fn resolve(&self, node: &Node, depth: usize) -> Res {
        if !self.spend(1) {
            return Res::Unknown(OVER_BUDGET.to_owned());
        }
        if depth > MAX_DEPTH {
            return Res::Unknown("intrinsic functions nested too deeply".to_owned());
        }
        let Some((name, arg)) = intrinsic(node) else {
            return self.known_copy(node);
        };
        let depth = depth.saturating_add(1);
        match name {
            "Ref" => match arg.as_str() {
                Some(target) => self.reference(target),
                None => Res::Unknown(format!("!Ref takes a name, found {}", arg.kind())),
            },
            "Fn::Sub" => self.sub(arg, depth),
            "Fn::If" => {
                let [cond, then, otherwise] = args(arg) else {
                    return Res::Unknown("!If takes [condition, value, value]".to_owned());
                };
                let Some(cond) = cond.as_str() else {
                    return Res::Unknown("!If takes a condition name first".to_owned());
                };
                match self.condition(cond, depth) {
                    Ok(true) => self.resolve(then, depth),
                    Ok(false) => self.resolve(otherwise, depth),
                    Err(reason) => Res::Unknown(format!(
                        "!If could not be resolved: condition {cond}: {reason}"
                    )),
                }
            }
            "Fn::Join" => self.join(arg, depth),
            "Fn::Select" => {
                let [index, list] = args(arg) else {
                    return Res::Unknown("!Select takes [index, list]".to_owned());
                };
                let index = match self.resolve_string(index, depth) {
                    Res::Known(Node::Str(s)) => s,
                    Res::Unknown(reason) => return Res::Unknown(reason),
                    _ => return Res::Unknown("!Select index is not a number".to_owned()),
                };
                let Ok(index) = index.parse::<usize>() else {
                    return Res::Unknown(format!("!Select index {index} is not a number"));
                };
                match self.resolve(list, depth) {
                    Res::Known(Node::Seq(items)) => match items.get(index) {
                        Some(item) => self.resolve(item, depth),
                        None => Res::Unknown(format!("!Select index {index} is out of range")),
                    },
                    Res::Unknown(reason) => Res::Unknown(reason),
                    _ => Res::Unknown("!Select takes a list".to_owned()),
                }
            }
            "Fn::Split" => {
                let [delimiter, source] = args(arg) else {
                    return Res::Unknown("!Split takes [delimiter, string]".to_owned());
                };
                match (
                    self.resolve_string(delimiter, depth),
                    self.resolve_string(source, depth),
                ) {
                    (Res::Known(Node::Str(d)), Res::Known(Node::Str(s))) if !d.is_empty() => {
                        // The pieces' characters and the list's elements, before they are made.
                        let pieces = s.matches(d.as_str()).count().saturating_add(1);
                        if !self.spend(s.len().saturating_add(pieces)) {
                            return Res::Unknown(OVER_BUDGET.to_owned());
                        }
                        Res::Known(Node::Seq(
                            s.split(d.as_str())
                                .map(|p| Node::Str(p.to_owned()))
                                .collect(),
                        ))
                    }
                    (Res::Unknown(reason), _) | (_, Res::Unknown(reason)) => Res::Unknown(reason),
                    _ => Res::Unknown("!Split takes a delimiter and a string".to_owned()),
                }
            }
            "Fn::FindInMap" => self.find_in_map(arg, depth),
            "Fn::GetAtt" => {
                let target = match arg {
                    Node::Seq(parts) => parts
                        .iter()
                        .filter_map(Node::as_str)
                        .collect::<Vec<_>>()
                        .join("."),
                    Node::Str(s) => s.clone(),
                    _ => String::new(),
                };
                self.get_att(&target, depth)
            }
            other => Res::Unknown(format!(
                "{} is not resolved before deployment",
                short(other)
            )),
        }
    }

    /// Like [`Resolver::resolve`], with numbers and booleans read as their text.
    fn resolve_string(&self, node: &Node, depth: usize) -> Res {
        match self.resolve(node, depth) {
            Res::Known(Node::Num(s)) => Res::Known(Node::Str(s)),
            Res::Known(Node::Bool(b)) => Res::Known(Node::Str(b.to_string())),
            other => other,
        }
    }

    fn reference(&self, target: &str) -> Res {
        if let Some(value) = self.values.get(target) {
            return self.known_copy(value);
        }
        if let Some((_, default)) = self.parameters.iter().find(|(name, _)| name == target) {
            return match default {
                Some(value) => self.known_copy(value),
                None => self.unknown(
                    target,
                    format!(
                        "parameter {target} has no Default (give it with --parameter {target}=VALUE or [import.parameters])"
                    ),
                ),
            };
        }
        match target {
            "AWS::NoValue" => Res::NoValue,
            "AWS::Partition" => {
                self.partition_used.set(true);
                Res::Known(Node::Str("aws".to_owned()))
            }
            "AWS::URLSuffix" => {
                self.partition_used.set(true);
                Res::Known(Node::Str("amazonaws.com".to_owned()))
            }
            "AWS::Region" if self.region.is_some() => {
                Res::Known(Node::Str(self.region.clone().unwrap_or_default()))
            }
            "AWS::AccountId" if self.account.is_some() => {
                Res::Known(Node::Str(self.account.clone().unwrap_or_default()))
            }
            _ if target.starts_with("AWS::") => {
                self.unknown(target, format!("{target} is known only at deploy time"))
            }
            _ if self.resources.contains(target) => {
                // `Ref` of a bucket, function or table is its name.
                if let Some((_, name)) = self.physical_name(target, 1) {
                    return Res::Known(Node::Str(name));
                }
                self.unknown(
                    target,
                    format!("!Ref {target} is a resource's physical ID, known only at deploy time"),
                )
            }
            _ => Res::Unknown(format!("!Ref {target}: no such parameter or resource")),
        }
    }

    fn sub(&self, arg: &Node, depth: usize) -> Res {
        let (template, vars) = match arg {
            Node::Str(template) => (template.as_str(), None),
            Node::Seq(items) => match items.as_slice() {
                [Node::Str(template), vars @ Node::Map(_)] => (template.as_str(), Some(vars)),
                [Node::Str(template)] => (template.as_str(), None),
                _ => return Res::Unknown("!Sub takes a string or [string, variables]".to_owned()),
            },
            _ => return Res::Unknown("!Sub takes a string or [string, variables]".to_owned()),
        };
        let mut out = String::new();
        let mut reasons: Vec<String> = Vec::new();
        let mut rest = template;
        // Every piece is spent before it is appended: the string never outgrows the budget.
        let over = || Res::Unknown(OVER_BUDGET.to_owned());
        while let Some(start) = rest.find("${") {
            if !self.spend(start.saturating_add(name_room(rest, start))) {
                return over();
            }
            out.push_str(&rest[..start]);
            let after = &rest[start.saturating_add(2)..];
            if let Some(literal) = after.strip_prefix('!') {
                // `${!Literal}` writes `${Literal}`.
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = after[..end].trim();
            let value = match vars.and_then(|v| v.get(name)) {
                Some(value) => self.resolve_string(value, depth),
                None if name.contains('.') => self.get_att(name, depth),
                None => match self.reference(name) {
                    Res::Known(Node::Num(s)) => Res::Known(Node::Str(s)),
                    other => other,
                },
            };
            let spent = match &value {
                Res::Known(Node::Str(s)) => s.len(),
                Res::Unknown(reason) => reason.len(),
                _ => 0,
            };
            if !self.spend(spent) {
                return over();
            }
            match value {
                Res::Known(Node::Str(s)) => out.push_str(&s),
                Res::NoValue => {}
                Res::Unknown(reason) => {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                    reasons.push(reason);
                }
                Res::Known(other) => {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                    reasons.push(format!("${{{name}}} is {}, not a string", other.kind()));
                }
            }
            rest = &after[end.saturating_add(1)..];
        }
        if !self.spend(rest.len().saturating_add(template.len())) {
            return over();
        }
        out.push_str(rest);
        if reasons.is_empty() {
            Res::Known(Node::Str(out))
        } else {
            // Like `!Join` of an unknown: the whole string is unknown, never a literal `${...}`.
            Res::Unknown(format!("!Sub '{template}' needs {}", reasons.join(", ")))
        }
    }

    fn join(&self, arg: &Node, depth: usize) -> Res {
        let [delimiter, list] = args(arg) else {
            return Res::Unknown("!Join takes [delimiter, list]".to_owned());
        };
        let delimiter = match self.resolve_string(delimiter, depth) {
            Res::Known(Node::Str(d)) => d,
            Res::Unknown(reason) => return Res::Unknown(reason),
            _ => return Res::Unknown("!Join takes a string delimiter".to_owned()),
        };
        let items = match self.resolve(list, depth) {
            Res::Known(Node::Seq(items)) => items,
            Res::Unknown(reason) => return Res::Unknown(reason),
            _ => return Res::Unknown("!Join takes a list".to_owned()),
        };
        let mut parts = Vec::new();
        for item in &items {
            match self.resolve_string(item, depth) {
                Res::Known(Node::Str(s)) => parts.push(s),
                Res::NoValue => {}
                Res::Unknown(reason) => return Res::Unknown(reason),
                Res::Known(other) => {
                    return Res::Unknown(format!("!Join cannot join {}", other.kind()));
                }
            }
        }
        // The joined string's length, spent before it is built.
        let length = parts.iter().fold(
            delimiter
                .len()
                .saturating_mul(parts.len().saturating_sub(1)),
            |sum, part| sum.saturating_add(part.len()),
        );
        if !self.spend(length) {
            return Res::Unknown(OVER_BUDGET.to_owned());
        }
        Res::Known(Node::Str(parts.join(&delimiter)))
    }

    fn find_in_map(&self, arg: &Node, depth: usize) -> Res {
        let keys = args(arg);
        if keys.len() < 3 {
            return Res::Unknown("!FindInMap takes [map, key, key]".to_owned());
        }
        let mut names = Vec::new();
        for key in keys.iter().take(3) {
            match self.resolve_string(key, depth) {
                Res::Known(Node::Str(s)) => names.push(s),
                Res::Unknown(reason) => {
                    return Res::Unknown(format!("!FindInMap could not be resolved: {reason}"));
                }
                _ => return Res::Unknown("!FindInMap takes string keys".to_owned()),
            }
        }
        let [map, top, second] = names.as_slice() else {
            return Res::Unknown("!FindInMap takes [map, key, key]".to_owned());
        };
        let found = self
            .mappings
            .and_then(|m| m.get(map))
            .and_then(|m| m.get(top))
            .and_then(|m| m.get(second));
        match found {
            Some(value) => self.resolve(value, depth),
            None => Res::Unknown(format!("!FindInMap [{map}, {top}, {second}] has no entry")),
        }
    }

    /// Evaluates a named condition of the `Conditions` section.
    pub(super) fn condition(&self, name: &str, depth: usize) -> Result<bool, String> {
        if depth > MAX_DEPTH {
            return Err(TOO_DEEP.to_owned());
        }
        if let Some(done) = self.conditions_done.borrow().get(name) {
            return done.clone();
        }
        let result = match self.conditions.and_then(|c| c.get(name)) {
            Some(expr) => self.condition_expr(expr, depth.saturating_add(1)),
            None => Err(format!("condition {name} is not defined")),
        };
        // A condition cut short by the depth limit is not remembered: a shallower reference to it
        // may still evaluate it.
        if !matches!(&result, Err(reason) if reason == TOO_DEEP) {
            self.conditions_done
                .borrow_mut()
                .insert(name.to_owned(), result.clone());
        }
        result
    }

    /// Spends `amount` of the work budget; false once it is spent.
    fn spend(&self, amount: usize) -> bool {
        self.work.spend(amount)
    }

    /// A copy of `node`, its characters and elements spent before it is made; `None` (and the
    /// budget spent) when the copy would take more than what is left.
    fn copy(&self, node: &Node) -> Option<Node> {
        self.spend(size(node)).then(|| node.clone())
    }

    /// [`Resolver::copy`] as a resolution.
    fn known_copy(&self, node: &Node) -> Res {
        match self.copy(node) {
            Some(node) => Res::Known(node),
            None => Res::Unknown(OVER_BUDGET.to_owned()),
        }
    }

    /// True when the budget ran out: the results are incomplete and the import must be refused.
    fn exhausted(&self) -> bool {
        self.work.exhausted()
    }

    fn condition_expr(&self, expr: &Node, depth: usize) -> Result<bool, String> {
        if !self.spend(1) {
            return Err(OVER_BUDGET.to_owned());
        }
        if depth > MAX_DEPTH {
            return Err(TOO_DEEP.to_owned());
        }
        let depth = depth.saturating_add(1);
        if let Node::Map(entries) = expr
            && let [(key, arg)] = entries.as_slice()
        {
            match key.as_str() {
                "Condition" => {
                    return match arg.as_str() {
                        Some(name) => self.condition(name, depth),
                        None => Err("Condition takes a name".to_owned()),
                    };
                }
                "Fn::Equals" => {
                    let [a, b] = args(arg) else {
                        return Err("!Equals takes two values".to_owned());
                    };
                    return Ok(self.equals_operand(a, depth)? == self.equals_operand(b, depth)?);
                }
                "Fn::Not" => {
                    let [inner] = args(arg) else {
                        return Err("!Not takes one condition".to_owned());
                    };
                    return self.condition_expr(inner, depth).map(|b| !b);
                }
                "Fn::And" | "Fn::Or" => {
                    let mut values = Vec::new();
                    for inner in args(arg) {
                        values.push(self.condition_expr(inner, depth)?);
                    }
                    return Ok(if key == "Fn::And" {
                        values.iter().all(|b| *b)
                    } else {
                        values.iter().any(|b| *b)
                    });
                }
                _ => {}
            }
        }
        match self.resolve_string(expr, depth) {
            Res::Known(Node::Str(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
            Res::Known(Node::Str(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
            Res::Unknown(reason) => Err(reason),
            _ => Err("a condition must be a boolean".to_owned()),
        }
    }

    fn equals_operand(&self, node: &Node, depth: usize) -> Result<String, String> {
        match self.resolve_string(node, depth) {
            Res::Known(Node::Str(s)) => Ok(s),
            Res::NoValue => Ok(String::new()),
            Res::Unknown(reason) => Err(reason),
            Res::Known(other) => Err(format!("!Equals cannot compare {}", other.kind())),
        }
    }
}

/// What kind of document the properties are read from, which decides the scalars a property
/// takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// A CloudFormation template: a Boolean property takes `true` or `false` and the strings
    /// `"true"` and `"false"`, and a String property takes a number or a Boolean as its text,
    /// as CloudFormation does.
    Template,
    /// The JSON the CloudTrail API returns (what the AWS CLI prints): every value has its own
    /// JSON type, so a string is never a Boolean and a number is never a string.
    ApiOutput,
}

/// Reads PascalCase CloudTrail properties (CloudFormation and the CloudTrail API share them),
/// collecting notes on what could not be resolved.
pub(super) struct Extract<'r> {
    pub(super) resolver: &'r Resolver<'r>,
    pub(super) file: &'r str,
    prefix: String,
    reading: Reading,
    pub(super) notes: Vec<String>,
    /// Unknowns that decide the trail, with their expressions (CT109).
    pub(super) unresolved: Vec<Unresolved>,
    /// The template's text and the resource's logical ID, to say on which line a value is.
    locate: Option<(&'r Source<'r>, String)>,
    /// Where the properties read are in the document, for the place of an error.
    pub(super) base: Vec<PathStep>,
}

/// Properties whose value decides what a trail delivers or whether it exists.
const DECISIVE: &[&str] = &[
    "Condition",
    "IsLogging",
    "IsMultiRegionTrail",
    "IsOrganizationTrail",
    "IncludeGlobalServiceEvents",
    "EventSelectors",
    "AdvancedEventSelectors",
    "InsightSelectors",
];

impl<'r> Extract<'r> {
    pub(super) fn new(
        resolver: &'r Resolver<'r>,
        file: &'r str,
        prefix: String,
        reading: Reading,
    ) -> Self {
        Self {
            resolver,
            file,
            prefix,
            reading,
            notes: Vec::new(),
            unresolved: Vec::new(),
            locate: None,
            base: Vec::new(),
        }
    }

    /// Resolves a property, starting a fresh list of the unknowns it meets; in a template, a
    /// number or a Boolean read as a `string` is its text.
    fn resolve(&self, raw: &Node, string: bool) -> Res {
        self.resolver.unknown_keys.borrow_mut().clear();
        if string && self.reading == Reading::Template {
            self.resolver.resolve_string(raw, 0)
        } else {
            self.resolver.resolve(raw, 0)
        }
    }

    /// Records that the property at `path` is unknown, keyed by the expressions met.
    pub(super) fn unresolved(&mut self, path: &str, reason: &str) {
        let top = path.split(['.', '[']).next().unwrap_or_default();
        if !DECISIVE.contains(&top) {
            return;
        }
        let keys = std::mem::take(&mut *self.resolver.unknown_keys.borrow_mut());
        let expression = if keys.is_empty() {
            reason.to_owned()
        } else {
            keys.join(", ")
        };
        let at = self.locate.as_ref().and_then(|(source, id)| {
            // The line that names the unknown (`CheckoutHandler9E8F7A6B` of its `!GetAtt`), else
            // the property's own line.
            let leaf = path.rsplit('.').next().unwrap_or(path);
            let leaf = leaf.split('[').next().unwrap_or(leaf);
            keys.first()
                .and_then(|k| line_of(source, id, k.split('.').next().unwrap_or(k)))
                .or_else(|| line_of(source, id, leaf))
                .map(|line| format!("{}:{line}", self.file))
        });
        let value = Unresolved {
            property: super::terraform::attribute_path(path).to_owned(),
            expression,
            at,
            decides: true,
        };
        if !self.unresolved.contains(&value) {
            self.unresolved.push(value);
        }
    }

    fn type_error(&self, path: &str, expected: &str, found: &Node) -> ImportError {
        self.value_error(
            path,
            &format!("expected {expected}, found {}", found.kind()),
        )
    }

    /// An error about the value at `path` (below [`Extract::base`]), placed at that value.
    fn value_error(&self, path: &str, message: &str) -> ImportError {
        ImportError::invalid_below(
            self.file,
            &self.base,
            path,
            format!("{}.{path}: {message}", self.prefix),
        )
    }

    pub(super) fn bool_prop(
        &mut self,
        map: &Node,
        key: &str,
        path: &str,
        default: bool,
    ) -> Result<bool, ImportError> {
        let Some(raw) = map.get(key) else {
            return Ok(default);
        };
        let template = self.reading == Reading::Template;
        match self.resolve(raw, false) {
            Res::Known(Node::Bool(b)) => Ok(b),
            Res::Known(Node::Str(s)) if template && s.eq_ignore_ascii_case("true") => Ok(true),
            Res::Known(Node::Str(s)) if template && s.eq_ignore_ascii_case("false") => Ok(false),
            Res::Known(Node::Null) | Res::NoValue => Ok(default),
            Res::Unknown(reason) => {
                self.notes
                    .push(format!("{path}: {reason}; written as {default}"));
                self.unresolved(path, &reason);
                Ok(default)
            }
            Res::Known(other) => Err(self.type_error(path, "a boolean", &other)),
        }
    }

    /// A string property; `None` when absent or unresolved (with a note).
    fn str_prop(
        &mut self,
        map: &Node,
        key: &str,
        path: &str,
    ) -> Result<Option<String>, ImportError> {
        let Some(raw) = map.get(key) else {
            return Ok(None);
        };
        match self.resolve(raw, true) {
            Res::Known(Node::Str(s)) => Ok(Some(s)),
            Res::Known(Node::Null) | Res::NoValue => Ok(None),
            Res::Unknown(reason) => {
                self.notes.push(format!("{path}: {reason}; left out"));
                self.unresolved(path, &reason);
                Ok(None)
            }
            Res::Known(other) => Err(self.type_error(path, "a string", &other)),
        }
    }

    /// A property that names one of a scenario enum's values (`ReadWriteType`, `InsightType`),
    /// read into its type here, where an unknown name is an error at its place; `None` as
    /// [`Extract::str_prop`].
    fn enum_prop<T: FromApiName>(
        &mut self,
        map: &Node,
        key: &str,
        path: &str,
    ) -> Result<Option<T>, ImportError> {
        match self.str_prop(map, key, path)? {
            Some(word) => T::from_api_name(&word)
                .map(Some)
                .map_err(|message| self.value_error(path, &message)),
            None => Ok(None),
        }
    }

    /// The items of a list property, each resolved at its top.
    fn list_prop(&mut self, map: &Node, key: &str, path: &str) -> Result<Vec<Node>, ImportError> {
        let Some(raw) = map.get(key) else {
            return Ok(Vec::new());
        };
        match self.resolve(raw, false) {
            Res::Known(Node::Seq(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match self.resolve(item, false) {
                        Res::Known(node) => out.push(node),
                        Res::NoValue => {}
                        Res::Unknown(reason) => {
                            self.notes.push(format!("{path}[{i}]: {reason}; left out"));
                            self.unresolved(path, &reason);
                        }
                    }
                }
                Ok(out)
            }
            Res::Known(Node::Null) | Res::NoValue => Ok(Vec::new()),
            Res::Unknown(reason) => {
                self.notes.push(format!("{path}: {reason}; left out"));
                self.unresolved(path, &reason);
                Ok(Vec::new())
            }
            Res::Known(other) => Err(self.type_error(path, "a list", &other)),
        }
    }

    fn str_list(&mut self, map: &Node, key: &str, path: &str) -> Result<Vec<String>, ImportError> {
        let mut out = Vec::new();
        for (i, item) in self.list_prop(map, key, path)?.into_iter().enumerate() {
            match item {
                Node::Str(s) => out.push(s),
                Node::Num(s) if self.reading == Reading::Template => out.push(s),
                Node::Bool(b) if self.reading == Reading::Template => out.push(b.to_string()),
                other => return Err(self.type_error(&format!("{path}[{i}]"), "a string", &other)),
            }
        }
        Ok(out)
    }

    fn map_items(&mut self, map: &Node, key: &str, path: &str) -> Result<Vec<Node>, ImportError> {
        let items = self.list_prop(map, key, path)?;
        for (i, item) in items.iter().enumerate() {
            if !matches!(item, Node::Map(_)) {
                return Err(self.type_error(&format!("{path}[{i}]"), "a mapping", item));
            }
        }
        Ok(items)
    }

    /// `EventSelectors` of `map`.
    pub(super) fn event_selectors(
        &mut self,
        map: &Node,
    ) -> Result<Vec<S<RawEventSelector>>, ImportError> {
        let mut out = Vec::new();
        for (i, sel) in self
            .map_items(map, "EventSelectors", "EventSelectors")?
            .iter()
            .enumerate()
        {
            let path = format!("EventSelectors[{i}]");
            let read_write_type: ReadWriteType = self
                .enum_prop(sel, "ReadWriteType", &format!("{path}.ReadWriteType"))?
                .unwrap_or_default();
            let include_management_events = self.bool_prop(
                sel,
                "IncludeManagementEvents",
                &format!("{path}.IncludeManagementEvents"),
                true,
            )?;
            let exclude_management_event_sources = self.str_list(
                sel,
                "ExcludeManagementEventSources",
                &format!("{path}.ExcludeManagementEventSources"),
            )?;
            let mut data_resources = Vec::new();
            let dr_path = format!("{path}.DataResources");
            for (j, dr) in self
                .map_items(sel, "DataResources", &dr_path)?
                .iter()
                .enumerate()
            {
                let path = format!("{dr_path}[{j}]");
                let values = self.str_list(dr, "Values", &format!("{path}.Values"))?;
                match self.str_prop(dr, "Type", &format!("{path}.Type"))? {
                    Some(r#type) => data_resources.push(build::data_resource(r#type, values)),
                    None => self
                        .notes
                        .push(format!("{path}: no known Type; data resource left out")),
                }
            }
            out.push(build::basic_selector(
                read_write_type,
                include_management_events,
                exclude_management_event_sources,
                data_resources,
            ));
        }
        Ok(out)
    }

    /// `AdvancedEventSelectors` of `map`.
    pub(super) fn advanced_event_selectors(
        &mut self,
        map: &Node,
    ) -> Result<Vec<S<RawAdvancedSelector>>, ImportError> {
        let mut out = Vec::new();
        let selectors = self.map_items(map, "AdvancedEventSelectors", "AdvancedEventSelectors")?;
        for (i, sel) in selectors.iter().enumerate() {
            let path = format!("AdvancedEventSelectors[{i}]");
            let name = self.str_prop(sel, "Name", &format!("{path}.Name"))?;
            let mut field_selectors = Vec::new();
            let fs_path = format!("{path}.FieldSelectors");
            for (j, fs) in self
                .map_items(sel, "FieldSelectors", &fs_path)?
                .iter()
                .enumerate()
            {
                let path = format!("{fs_path}[{j}]");
                let Some(field) = self.str_prop(fs, "Field", &format!("{path}.Field"))? else {
                    self.notes
                        .push(format!("{path}: no known Field; field selector left out"));
                    continue;
                };
                let mut op = |key: &str| self.str_list(fs, key, &format!("{path}.{key}"));
                let mut operators = Vec::new();
                for (key, api) in build::OPERATORS.into_iter().zip(API_OPERATORS) {
                    operators.push((key, op(api)?));
                }
                field_selectors.push(build::field_selector(field, operators));
            }
            out.push(build::advanced_selector(name, field_selectors));
        }
        Ok(out)
    }

    /// `InsightSelectors` of `map`: (Insights on management events, Insights on data events).
    pub(super) fn insight_selectors(
        &mut self,
        map: &Node,
    ) -> Result<(Vec<InsightType>, Vec<InsightType>), ImportError> {
        let mut insights = Vec::new();
        let mut data_insights = Vec::new();
        for (i, sel) in self
            .map_items(map, "InsightSelectors", "InsightSelectors")?
            .iter()
            .enumerate()
        {
            let path = format!("InsightSelectors[{i}]");
            let Some(kind) =
                self.enum_prop::<InsightType>(sel, "InsightType", &format!("{path}.InsightType"))?
            else {
                continue;
            };
            let mut categories =
                self.str_list(sel, "EventCategories", &format!("{path}.EventCategories"))?;
            if sel.get("EventCategories").is_none() {
                // Without EventCategories, Insights apply to management events.
                categories.push("Management".to_owned());
            }
            for category in &categories {
                match category.as_str() {
                    "Management" => push_unique(&mut insights, kind),
                    "Data" => push_unique(&mut data_insights, kind),
                    other => self.notes.push(format!(
                        "{path}.EventCategories: unknown category {other}; ignored"
                    )),
                }
            }
        }
        Ok((insights, data_insights))
    }
}
