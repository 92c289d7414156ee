//! Terraform: `aws_cloudtrail` resources of a plan, as printed by `terraform show -json`.
//!
//! Trails come from `resource_changes` (every module, every `count`/`for_each` instance): planned
//! creations, updates, replacements and unchanged resources are kept; deletions are dropped, with
//! a note. Without `resource_changes` (the JSON of a state rather than of a plan), the resources
//! of `planned_values` or `values` are read instead.
//!
//! Values unknown at plan time (`after_unknown`) are never guessed: the attribute keeps the
//! provider's default (`enable_logging` and `include_global_service_events` true,
//! `is_multi_region_trail` and `is_organization_trail` false) and the trail says so. The home
//! region is the resource's `region` attribute (AWS provider v6), else its known `home_region`,
//! else the `region` of the provider configuration the resource uses.
//!
//! Sources: Terraform "JSON Output Format"; AWS provider `aws_cloudtrail` resource documentation.

use super::node::{Node, parse_json};
use super::{
    FromApiName, ImportError, Imported, ImportedTrail, Origin, PathStep, RawAdvancedSelector,
    RawEventSelector, S, build, push_unique,
};
use crate::model::{InsightType, ReadWriteType};

const RESOURCE_TYPE: &str = "aws_cloudtrail";

/// The attributes read from a trail, and what an unknown value of each becomes.
const ATTRIBUTES: &[(&str, &str)] = &[
    ("name", "the trail is named after its resource address"),
    (
        "region",
        "the home region comes from the provider configuration",
    ),
    ("is_multi_region_trail", "written as false (the default)"),
    ("is_organization_trail", "written as false (the default)"),
    (
        "include_global_service_events",
        "written as true (the default)",
    ),
    ("enable_logging", "written as true (the default)"),
    (
        "cloud_watch_logs_group_arn",
        "a log group is set at apply time, so cloudwatch_logs = true",
    ),
    ("event_selector", "left out"),
    ("advanced_event_selector", "left out"),
    ("insight_selector", "left out"),
];

/// Reads the `aws_cloudtrail` resources of `terraform show -json` output.
///
/// # Errors
/// The text is not JSON (with line and column), is not the JSON of a plan or state, or an
/// attribute has a type the AWS provider never produces.
pub fn terraform(text: &str, file: &str) -> Result<Imported, ImportError> {
    terraform_with(text, file, &PlanOptions::default())
}

/// How a plan is read.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlanOptions {
    /// Read a plan that Terraform could not finish (`"errored": true`) instead of refusing it.
    pub(crate) allow_errored: bool,
}

/// Reads the `aws_cloudtrail` resources of `terraform show -json` output, with options.
///
/// # Errors
/// As [`terraform`], and an errored plan unless [`PlanOptions::allow_errored`].
pub(crate) fn terraform_with(
    text: &str,
    file: &str,
    options: &PlanOptions,
) -> Result<Imported, ImportError> {
    read_plan(text, file, options).map_err(|e| e.placed(file, text))
}

fn read_plan(text: &str, file: &str, options: &PlanOptions) -> Result<Imported, ImportError> {
    let plan = parse_json(text, file)?;
    if !matches!(plan, Node::Map(_)) {
        return Err(ImportError::invalid(
            file,
            "expected a JSON object from `terraform show -json`",
        ));
    }
    if plan.get("errored") == Some(&Node::Bool(true)) && !options.allow_errored {
        return Err(ImportError::invalid(
            file,
            "this plan is errored (\"errored\": true): Terraform stopped before planning every \
             resource, so trails may be missing; fix the errors and plan again, or pass \
             --allow-errored to read what it holds",
        ));
    }
    let mut imported = Imported::default();
    if let Some(changes) = plan.get("resource_changes") {
        let Node::Seq(changes) = changes else {
            return Err(ImportError::invalid_at(
                file,
                vec![key("resource_changes")],
                "resource_changes: expected a list",
            ));
        };
        for (i, change) in changes.iter().enumerate() {
            if change.get("mode").and_then(Node::as_str) != Some("managed")
                || change.get("type").and_then(Node::as_str) != Some(RESOURCE_TYPE)
            {
                continue;
            }
            let address = text_of(change.get("address")).unwrap_or_default();
            let actions: Vec<&str> = match change.get("change").and_then(|c| c.get("actions")) {
                Some(Node::Seq(actions)) => actions.iter().filter_map(Node::as_str).collect(),
                _ => Vec::new(),
            };
            let kept = actions
                .iter()
                .any(|a| matches!(*a, "create" | "update" | "no-op"));
            if !kept {
                if actions.contains(&"delete") {
                    imported
                        .notes
                        .push(format!("{address} is planned for deletion: left out"));
                }
                continue;
            }
            let Some(after @ Node::Map(_)) = change.get("change").and_then(|c| c.get("after"))
            else {
                return Err(ImportError::invalid_at(
                    file,
                    vec![
                        key("resource_changes"),
                        PathStep::Index(i),
                        key("change"),
                        key("after"),
                    ],
                    format!("{address}: change.after: expected an object"),
                ));
            };
            let after_unknown = change.get("change").and_then(|c| c.get("after_unknown"));
            let resource = Resource {
                file,
                address: &address,
                module_address: text_of(change.get("module_address")),
                name: text_of(change.get("name")).unwrap_or_default(),
                index: text_of(change.get("index")),
                converts: false,
                at: vec![
                    key("resource_changes"),
                    PathStep::Index(i),
                    key("change"),
                    key("after"),
                ],
            };
            let unknown = resource.unknown_values(after_unknown, &plan);
            let region = resource.provider_region(&plan);
            let mut trail = resource.trail(after, &unknown, region)?;
            trail.origin.place = super::node::locate(text, &resource.at[..2]);
            imported.trails.push(trail);
        }
    } else if let Some(root) = plan
        .get("planned_values")
        .or_else(|| plan.get("values"))
        .and_then(|v| v.get("root_module"))
    {
        let top = if plan.get("planned_values").is_some() {
            "planned_values"
        } else {
            "values"
        };
        let at = vec![key(top), key("root_module")];
        walk_module(root, &at, (file, text), &plan, &mut imported)?;
    } else {
        return Err(ImportError::invalid(
            file,
            "no resource_changes, planned_values or values: not the output of `terraform show -json`",
        ));
    }
    Ok(imported)
}

/// A module of `planned_values` / `values`: its resources, then its child modules.
fn walk_module(
    module: &Node,
    at: &[PathStep],
    (file, text): (&str, &str),
    plan: &Node,
    imported: &mut Imported,
) -> Result<(), ImportError> {
    let module_address = text_of(module.get("address"));
    if let Some(Node::Seq(resources)) = module.get("resources") {
        for (i, r) in resources.iter().enumerate() {
            let mut here = at.to_vec();
            here.extend([key("resources"), PathStep::Index(i), key("values")]);
            if r.get("mode").and_then(Node::as_str) != Some("managed")
                || r.get("type").and_then(Node::as_str) != Some(RESOURCE_TYPE)
            {
                continue;
            }
            let address = text_of(r.get("address")).unwrap_or_default();
            let Some(values @ Node::Map(_)) = r.get("values") else {
                return Err(ImportError::invalid_at(
                    file,
                    here,
                    format!("{address}: values: expected an object"),
                ));
            };
            let resource = Resource {
                file,
                address: &address,
                module_address: module_address.clone(),
                name: text_of(r.get("name")).unwrap_or_default(),
                index: text_of(r.get("index")),
                converts: false,
                at: here,
            };
            let region = resource.provider_region(plan);
            let mut trail = resource.trail(values, &[], region)?;
            trail.origin.place =
                super::node::locate(text, &resource.at[..resource.at.len().saturating_sub(1)]);
            imported.trails.push(trail);
        }
    }
    if let Some(Node::Seq(children)) = module.get("child_modules") {
        for (i, child) in children.iter().enumerate() {
            let mut here = at.to_vec();
            here.extend([key("child_modules"), PathStep::Index(i)]);
            walk_module(child, &here, (file, text), plan, imported)?;
        }
    }
    Ok(())
}

/// Strings, and numbers as text (a `count` index is a number).
fn text_of(node: Option<&Node>) -> Option<String> {
    match node {
        Some(Node::Str(s) | Node::Num(s)) => Some(s.clone()),
        _ => None,
    }
}

/// One `aws_cloudtrail` resource instance, from a plan or from HCL.
pub(crate) struct Resource<'a> {
    /// The file it is read from.
    pub(crate) file: &'a str,
    /// `module.audit.aws_cloudtrail.org["x"]`.
    pub(crate) address: &'a str,
    /// `module.audit`, for a resource in a child module.
    pub(crate) module_address: Option<String>,
    /// The resource name (`org`).
    pub(crate) name: String,
    /// The `count` index or `for_each` key, as text.
    pub(crate) index: Option<String>,
    /// Whether the values are as the configuration writes them, before Terraform converts each
    /// to its attribute's type (HCL): a Boolean attribute then takes the strings `"true"`,
    /// `"false"`, `"1"` and `"0"`, and a string attribute takes a number or a Boolean as its
    /// text, as Terraform's conversions do. A plan's JSON holds converted values.
    pub(crate) converts: bool,
    /// Where its attributes are in a JSON document (empty for HCL, whose errors are placed by
    /// its own reader).
    pub(crate) at: Vec<PathStep>,
}

fn key(name: &str) -> PathStep {
    PathStep::Key(name.to_owned())
}

/// A value of a resource that is unknown before apply: the attribute path (`name`,
/// `event_selector[0].data_resource[0].values`) and, when the source says, the expression that
/// gives it and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownValue {
    pub(crate) path: String,
    pub(crate) expression: Option<String>,
    pub(crate) at: Option<String>,
}

/// Attributes whose value decides what a trail delivers or whether it exists: an unknown one is
/// CT109, never a default priced as nothing.
const DECISIVE: &[&str] = &[
    "count",
    "for_each",
    "region",
    "is_multi_region_trail",
    "is_organization_trail",
    "include_global_service_events",
    "enable_logging",
    "event_selector",
    "advanced_event_selector",
    "insight_selector",
];

/// `event_selector[0].data_resource[0].values[1]` is the attribute
/// `event_selector[0].data_resource[0].values`: unknown elements are reported by attribute.
pub(crate) fn attribute_path(path: &str) -> &str {
    let mut end = path.len();
    while path[..end].ends_with(']') {
        match path[..end].rfind('[') {
            Some(open) => end = open,
            None => break,
        }
    }
    &path[..end]
}

impl Resource<'_> {
    fn error(&self, path: &str, expected: &str, found: &Node) -> ImportError {
        self.value_error(
            path,
            &format!("expected {expected}, found {}", found.kind()),
        )
    }

    /// An error about the value of the attribute at `path`, placed at that value.
    fn value_error(&self, path: &str, message: &str) -> ImportError {
        ImportError::invalid_below(
            self.file,
            &self.at,
            path,
            format!("{}: {path}: {message}", self.address),
        )
    }

    /// An attribute that names one of a scenario enum's values (`read_write_type`,
    /// `insight_type`), read into its type here, where an unknown name is an error at its place.
    fn enum_attr<T: FromApiName>(
        &self,
        obj: &Node,
        key: &str,
        path: &str,
    ) -> Result<Option<T>, ImportError> {
        match self.str_attr(obj, key, path)? {
            Some(word) => T::from_api_name(&word)
                .map(Some)
                .map_err(|message| self.value_error(path, &message)),
            None => Ok(None),
        }
    }

    /// A scalar as a string attribute takes it: a string, or (as written in HCL) a number or a
    /// Boolean, which Terraform converts to its text.
    fn string_of(&self, node: &Node) -> Option<String> {
        match node {
            Node::Str(s) => Some(s.clone()),
            Node::Num(s) if self.converts => Some(s.clone()),
            Node::Bool(b) if self.converts => Some(b.to_string()),
            _ => None,
        }
    }

    fn bool_attr(
        &self,
        obj: &Node,
        key: &str,
        path: &str,
        default: bool,
    ) -> Result<bool, ImportError> {
        match obj.get(key) {
            None | Some(Node::Null) => Ok(default),
            Some(Node::Bool(b)) => Ok(*b),
            Some(Node::Str(s)) if self.converts && matches!(s.as_str(), "true" | "1") => Ok(true),
            Some(Node::Str(s)) if self.converts && matches!(s.as_str(), "false" | "0") => Ok(false),
            Some(other) => Err(self.error(path, "a boolean", other)),
        }
    }

    fn str_attr(&self, obj: &Node, key: &str, path: &str) -> Result<Option<String>, ImportError> {
        match obj.get(key) {
            None | Some(Node::Null) => Ok(None),
            Some(other) => match self.string_of(other) {
                Some(s) => Ok(Some(s)),
                None => Err(self.error(path, "a string", other)),
            },
        }
    }

    /// A list or set of strings; unknown elements are `null` in `after` and are left out.
    fn str_list(&self, obj: &Node, key: &str, path: &str) -> Result<Vec<String>, ImportError> {
        match obj.get(key) {
            None | Some(Node::Null) => Ok(Vec::new()),
            Some(Node::Seq(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match (item, self.string_of(item)) {
                        (Node::Null, _) => {}
                        (_, Some(s)) => out.push(s),
                        (other, None) => {
                            return Err(self.error(&format!("{path}[{i}]"), "a string", other));
                        }
                    }
                }
                Ok(out)
            }
            Some(other) => Err(self.error(path, "a list", other)),
        }
    }

    /// Nested blocks are lists of objects.
    fn blocks<'n>(
        &self,
        obj: &'n Node,
        key: &str,
        path: &str,
    ) -> Result<Vec<&'n Node>, ImportError> {
        match obj.get(key) {
            None | Some(Node::Null) => Ok(Vec::new()),
            Some(Node::Seq(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Node::Map(_) => out.push(item),
                        Node::Null => {}
                        other => {
                            return Err(self.error(&format!("{path}[{i}]"), "an object", other));
                        }
                    }
                }
                Ok(out)
            }
            Some(other) => Err(self.error(path, "a list of blocks", other)),
        }
    }

    /// The unknown values of a planned change: the `true` leaves of `after_unknown`, each with
    /// the expression the configuration writes for it.
    fn unknown_values(&self, after_unknown: Option<&Node>, plan: &Node) -> Vec<UnknownValue> {
        let mut paths = Vec::new();
        if let Some(tree) = after_unknown {
            collect_unknown(tree, String::new(), &mut paths);
        }
        let expressions = self.configuration(plan).and_then(|r| r.get("expressions"));
        let mut out: Vec<UnknownValue> = Vec::new();
        for path in paths {
            let path = attribute_path(&path).to_owned();
            if out.iter().any(|u| u.path == path) {
                continue;
            }
            let expression =
                expressions.and_then(|e| reference_at(e, &path, |r| self.known_in_plan(plan, r)));
            out.push(UnknownValue {
                path,
                expression,
                at: None,
            });
        }
        out
    }

    /// Converts the attribute values of a trail (a plan's `after`, a state's `values`, or HCL
    /// evaluated the way `terraform plan` would) into a trail.
    pub(crate) fn trail(
        &self,
        after: &Node,
        unknown: &[UnknownValue],
        provider_region: Option<String>,
    ) -> Result<ImportedTrail, ImportError> {
        let (unknowns, unresolved) = unknowns(unknown);
        let is_unknown = |attr: &str| unknown.iter().any(|u| u.path == attr);

        let name = match self.str_attr(after, "name", "name")? {
            Some(name) if !name.is_empty() => name,
            _ => self.fallback_name(),
        };
        let home_region = match self.str_attr(after, "region", "region")? {
            Some(region) if !region.is_empty() => Some(region),
            _ => match self.str_attr(after, "home_region", "home_region")? {
                Some(region) if !region.is_empty() => Some(region),
                _ => provider_region,
            },
        };
        let cloudwatch_logs = is_unknown("cloud_watch_logs_group_arn")
            || self
                .str_attr(
                    after,
                    "cloud_watch_logs_group_arn",
                    "cloud_watch_logs_group_arn",
                )?
                .is_some_and(|arn| !arn.is_empty());

        let event_selector = self.event_selectors(after)?;
        let advanced_event_selector = self.advanced_event_selectors(after)?;
        let (insights, data_insights) = self.insight_types(after)?;

        let trail = build::Trail {
            name,
            home_region,
            multi_region: self.bool_attr(
                after,
                "is_multi_region_trail",
                "is_multi_region_trail",
                false,
            )?,
            organization: self.bool_attr(
                after,
                "is_organization_trail",
                "is_organization_trail",
                false,
            )?,
            include_global_service_events: self.bool_attr(
                after,
                "include_global_service_events",
                "include_global_service_events",
                true,
            )?,
            logging: self.bool_attr(after, "enable_logging", "enable_logging", true)?,
            cloudwatch_logs,
            insights,
            data_insights,
            event_selector,
            advanced_event_selector,
        };
        Ok(ImportedTrail {
            origin: Origin {
                file: self.file.to_owned(),
                address: self.address.to_owned(),
                place: None,
            },
            trail: trail.into_raw(),
            unknowns,
            unresolved,
        })
    }

    /// The `event_selector` blocks.
    fn event_selectors(&self, after: &Node) -> Result<Vec<S<RawEventSelector>>, ImportError> {
        let mut event_selectors = Vec::new();
        for (i, sel) in self
            .blocks(after, "event_selector", "event_selector")?
            .into_iter()
            .enumerate()
        {
            let path = format!("event_selector[{i}]");
            let mut data_resources = Vec::new();
            let dr_path = format!("{path}.data_resource");
            for (j, dr) in self
                .blocks(sel, "data_resource", &dr_path)?
                .into_iter()
                .enumerate()
            {
                let path = format!("{dr_path}[{j}]");
                let values = self.str_list(dr, "values", &format!("{path}.values"))?;
                if let Some(r#type) = self.str_attr(dr, "type", &format!("{path}.type"))? {
                    data_resources.push(build::data_resource(r#type, values));
                }
            }
            event_selectors.push(build::basic_selector(
                self.enum_attr::<ReadWriteType>(
                    sel,
                    "read_write_type",
                    &format!("{path}.read_write_type"),
                )?
                .unwrap_or_default(),
                self.bool_attr(
                    sel,
                    "include_management_events",
                    &format!("{path}.include_management_events"),
                    true,
                )?,
                self.str_list(
                    sel,
                    "exclude_management_event_sources",
                    &format!("{path}.exclude_management_event_sources"),
                )?,
                data_resources,
            ));
        }
        Ok(event_selectors)
    }

    /// The `advanced_event_selector` blocks.
    fn advanced_event_selectors(
        &self,
        after: &Node,
    ) -> Result<Vec<S<RawAdvancedSelector>>, ImportError> {
        let mut advanced_event_selectors = Vec::new();
        let selectors = self.blocks(after, "advanced_event_selector", "advanced_event_selector")?;
        for (i, sel) in selectors.into_iter().enumerate() {
            let path = format!("advanced_event_selector[{i}]");
            let mut field_selectors = Vec::new();
            let fs_path = format!("{path}.field_selector");
            for (j, fs) in self
                .blocks(sel, "field_selector", &fs_path)?
                .into_iter()
                .enumerate()
            {
                let path = format!("{fs_path}[{j}]");
                let Some(field) = self.str_attr(fs, "field", &format!("{path}.field"))? else {
                    continue;
                };
                let op = |key: &str| self.str_list(fs, key, &format!("{path}.{key}"));
                let mut operators = Vec::new();
                for key in build::OPERATORS {
                    operators.push((key, op(key)?));
                }
                field_selectors.push(build::field_selector(field, operators));
            }
            advanced_event_selectors.push(build::advanced_selector(
                self.str_attr(sel, "name", &format!("{path}.name"))?
                    .filter(|n| !n.is_empty()),
                field_selectors,
            ));
        }
        Ok(advanced_event_selectors)
    }

    /// The Insights types of the `insight_selector` blocks: on management events, on data events.
    fn insight_types(
        &self,
        after: &Node,
    ) -> Result<(Vec<InsightType>, Vec<InsightType>), ImportError> {
        let mut insights = Vec::new();
        let mut data_insights = Vec::new();
        for (i, sel) in self
            .blocks(after, "insight_selector", "insight_selector")?
            .into_iter()
            .enumerate()
        {
            let path = format!("insight_selector[{i}]");
            let Some(kind) = self.enum_attr::<InsightType>(
                sel,
                "insight_type",
                &format!("{path}.insight_type"),
            )?
            else {
                continue;
            };
            // Provider versions that know data-event Insights spell the API's EventCategories
            // `event_categories`; without it, Insights apply to management events.
            let categories =
                self.str_list(sel, "event_categories", &format!("{path}.event_categories"))?;
            if categories.is_empty() || categories.iter().any(|c| c == "Management") {
                push_unique(&mut insights, kind);
            }
            if categories.iter().any(|c| c == "Data") {
                push_unique(&mut data_insights, kind);
            }
        }
        Ok((insights, data_insights))
    }

    /// `aws_cloudtrail.account["prod"]` becomes `account-prod`: a valid trail name that says
    /// where it came from.
    fn fallback_name(&self) -> String {
        let mut raw = self.name.clone();
        if let Some(index) = &self.index {
            raw.push('-');
            raw.push_str(index);
        }
        let mut out = String::new();
        for c in raw.chars() {
            let c = if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                c
            } else {
                '-'
            };
            if c == '-' && (out.is_empty() || out.ends_with('-')) {
                continue;
            }
            out.push(c);
        }
        out.trim_end_matches('-').to_owned()
    }

    /// Whether the plan knows the value of a reference `TYPE.NAME.ATTRIBUTE` made from this
    /// resource's module: the referenced resource's planned change has it in `after` and not in
    /// `after_unknown`.
    fn known_in_plan(&self, plan: &Node, reference: &str) -> bool {
        let parts: Vec<&str> = reference.split('.').collect();
        let [kind, name, attribute] = parts.as_slice() else {
            return false;
        };
        let address = match &self.module_address {
            Some(m) => format!("{m}.{kind}.{name}"),
            None => format!("{kind}.{name}"),
        };
        let Some(Node::Seq(changes)) = plan.get("resource_changes") else {
            return false;
        };
        changes
            .iter()
            .find(|c| c.get("address").and_then(Node::as_str) == Some(address.as_str()))
            .and_then(|c| c.get("change"))
            .is_some_and(|c| {
                let unknown = c
                    .get("after_unknown")
                    .and_then(|u| u.get(attribute))
                    .is_some_and(|u| *u == Node::Bool(true));
                let present = c
                    .get("after")
                    .and_then(|a| a.get(attribute))
                    .is_some_and(|v| *v != Node::Null);
                present && !unknown
            })
    }

    /// The resource's block in the plan's `configuration` section.
    fn configuration<'p>(&self, plan: &'p Node) -> Option<&'p Node> {
        let mut module = plan.get("configuration")?.get("root_module")?;
        if let Some(address) = &self.module_address {
            for call in module_calls(address) {
                module = module.get("module_calls")?.get(&call)?.get("module")?;
            }
        }
        match module.get("resources") {
            Some(Node::Seq(resources)) => resources.iter().find(|r| {
                r.get("mode").and_then(Node::as_str) == Some("managed")
                    && r.get("type").and_then(Node::as_str) == Some(RESOURCE_TYPE)
                    && r.get("name").and_then(Node::as_str) == Some(self.name.as_str())
            }),
            _ => None,
        }
    }

    /// The `region` of the provider configuration this resource uses, when it is a constant or a
    /// root variable.
    fn provider_region(&self, plan: &Node) -> Option<String> {
        let config = plan.get("configuration")?;
        let key = self
            .configuration(plan)
            .and_then(|r| r.get("provider_config_key"))
            .and_then(Node::as_str)
            .unwrap_or("aws");
        let providers = config.get("provider_config")?;
        let provider = providers
            .get(key)
            .or_else(|| key.rsplit_once(':').and_then(|(_, k)| providers.get(k)))
            .or_else(|| providers.get("aws"))?;
        let region = provider.get("expressions")?.get("region")?;
        if let Some(Node::Str(region)) = region.get("constant_value") {
            return Some(region.clone());
        }
        // `region = var.region` in the root module: the plan records the variable's value.
        if provider.get("module_address").is_some() {
            return None;
        }
        let Some(Node::Seq(refs)) = region.get("references") else {
            return None;
        };
        let variable = refs
            .iter()
            .filter_map(Node::as_str)
            .find_map(|r| r.strip_prefix("var."))?;
        match plan.get("variables")?.get(variable)?.get("value")? {
            Node::Str(region) => Some(region.clone()),
            _ => None,
        }
    }
}

/// The expression the configuration writes at `path` (`event_selector[0].data_resource[0].values`):
/// its first reference to something outside the module's variables and locals (a resource, a data
/// source, a module output), else its first reference. Dynamic blocks have no entry here.
fn reference_at(expressions: &Node, path: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let mut node = expressions;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(open) => (&part[..open], &part[open..]),
            None => (part, ""),
        };
        node = node.get(key)?;
        for index in indices
            .split(']')
            .filter_map(|i| i.strip_prefix('['))
            .filter(|i| !i.is_empty())
        {
            let i: usize = index.parse().ok()?;
            node = match node {
                Node::Seq(items) => items.get(i)?,
                _ => return None,
            };
        }
    }
    let Some(Node::Seq(refs)) = node.get("references") else {
        return None;
    };
    let refs: Vec<&str> = refs.iter().filter_map(Node::as_str).collect();
    let internal = |r: &str| {
        ["var.", "local.", "count.", "each.", "path.", "terraform."]
            .iter()
            .any(|p| r.starts_with(p))
    };
    // `aws_s3_bucket.logs` is listed beside `aws_s3_bucket.logs.arn`: the longer one says more.
    let covered = |r: &str| {
        refs.iter()
            .any(|o| o.len() > r.len() && o.starts_with(r) && o[r.len()..].starts_with('.'))
    };
    refs.iter()
        .find(|r| !internal(r) && !known(r) && !covered(r))
        .or_else(|| refs.iter().find(|r| !internal(r)))
        .or_else(|| refs.first())
        .map(|r| (*r).to_owned())
}

/// `module.a["x"].module.b[0]` calls `a` then `b`.
fn module_calls(address: &str) -> Vec<String> {
    let mut calls = Vec::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '[']).unwrap_or(after.len());
        calls.push(after[..end].to_owned());
        rest = &after[end..];
        if rest.starts_with('[') {
            // Skip the instance key, which may hold dots and brackets inside quotes.
            let mut in_quotes = false;
            let mut escaped = false;
            let mut close = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_quotes = !in_quotes,
                    ']' if !in_quotes => {
                        close = i;
                        break;
                    }
                    _ => {}
                }
            }
            rest = rest.get(close.saturating_add(1)..).unwrap_or_default();
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    calls
}

/// Paths of the `true` leaves of `after_unknown`: `cloud_watch_logs_group_arn`,
/// `event_selector[0].data_resource[0].values`...
fn collect_unknown(node: &Node, path: String, out: &mut Vec<String>) {
    match node {
        Node::Bool(true) if !path.is_empty() => out.push(path),
        Node::Map(entries) => {
            for (key, value) in entries {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                collect_unknown(value, child, out);
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_unknown(item, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// What the values unknown at plan time mean for a trail: the notes to write, and the values that
/// decide what the trail is (CT109).
fn unknowns(unknown: &[UnknownValue]) -> (Vec<String>, Vec<super::Unresolved>) {
    let mut unknowns = Vec::new();
    let mut unresolved = Vec::new();
    for u in unknown {
        let top = u.path.split(['.', '[']).next().unwrap_or_default();
        let decides = DECISIVE.contains(&top);
        let written = match (&u.expression, &u.at) {
            (Some(e), Some(at)) => format!(" ({e} at {at})"),
            (Some(e), None) => format!(" ({e})"),
            _ => String::new(),
        };
        if let Some((_, consequence)) = ATTRIBUTES.iter().find(|(attr, _)| *attr == top) {
            unknowns.push(format!(
                "{} unknown at plan time{written}; {consequence}",
                u.path
            ));
        } else if decides {
            unknowns.push(format!("{} unknown at plan time{written}", u.path));
        }
        if decides && u.at.is_none() && u.expression.is_some() {
            // A plan's JSON keeps the references, not the expression around them.
            unknowns.push(format!(
                "{}: a plan's JSON cannot evaluate [import.values] in its expression; \
                     import the module folder (HCL) to set it",
                u.path
            ));
        }
        if decides {
            unresolved.push(super::Unresolved {
                property: u.path.clone(),
                expression: u.expression.clone().unwrap_or_else(|| u.path.clone()),
                at: u.at.clone(),
                decides,
            });
        }
    }
    (unknowns, unresolved)
}

#[cfg(test)]
mod unit {
    use super::module_calls;

    #[test]
    fn module_addresses_split_into_calls() {
        assert_eq!(module_calls("module.audit"), vec!["audit"]);
        assert_eq!(
            module_calls(r#"module.accounts["a.b]"].module.trail[0]"#),
            vec!["accounts", "trail"]
        );
    }
}
