//! A module folder evaluated the way `terraform plan` would, for what trails need: its variables,
//! `locals`, the attributes its resources set, local module calls (followed) and remote ones
//! (reported), provider configurations with their aliases, and every `aws_cloudtrail` instance
//! (`count`, `for_each`, `dynamic` blocks) with the attribute structure that a plan's
//! `planned_values` holds.
//!
//! Locals, resources and module calls are evaluated in the order their references allow, as
//! Terraform's graph does: an item that refers to one not evaluated yet waits for the next round.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hcl::Value;
use hcl::edit::Span;
use hcl::edit::expr::{Expression as EditExpr, ObjectKey};
use hcl::edit::structure::{Attribute, Block, Body, Structure};
use hcl::value::Map;

use super::super::node::Node;
use super::super::terraform::UnknownValue;
use super::super::{ImportError, UnfetchedModule};
use super::eval::{Outcome, Scope, Src, Unknown};

/// Files larger than this are not HCL that people write.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Module instances read in all: beyond this, a tree of calls is an abuse, not a repository.
const MAX_MODULES: usize = 500;
/// Instances of one resource (`count`, `for_each`): CloudTrail allows 5 trails a region.
const MAX_INSTANCES: usize = 10_000;
/// Module calls nested deeper than this are a cycle (`source = "../"`).
const MAX_DEPTH: usize = 16;
const TRAIL: &str = "aws_cloudtrail";
/// Resource arguments that are Terraform's, not the provider's.
const META: &[&str] = &["count", "for_each", "provider", "depends_on", "lifecycle"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection", "dynamic"];

/// What the root module is given.
#[derive(Debug, Default)]
pub(super) struct Inputs {
    /// Files of `--var-file`, in order, then `--var` values.
    pub(super) var_files: Vec<PathBuf>,
    pub(super) vars: Vec<(String, String)>,
    /// `TF_VAR_name` values of the environment, as the caller read them.
    pub(super) env_vars: Vec<(String, String)>,
    /// `[import.values]`.
    pub(super) values: BTreeMap<String, Value>,
    /// Module instances read so far (at most [`MAX_MODULES`]).
    pub(super) modules: std::cell::Cell<usize>,
}

/// One `aws_cloudtrail` instance, evaluated.
#[derive(Debug)]
pub(super) struct TrailInstance {
    pub(super) file: String,
    pub(super) address: String,
    pub(super) module_address: Option<String>,
    pub(super) name: String,
    pub(super) index: Option<String>,
    pub(super) values: Node,
    pub(super) unknown: Vec<UnknownValue>,
    pub(super) region: Option<String>,
    /// The 1-based line and column of the resource block.
    pub(super) place: Option<(usize, usize)>,
    /// The 1-based line and column of each attribute's value and of each nested block, by the
    /// attribute path the plan reader names (`event_selector[0].read_write_type`): an error
    /// about a value points there.
    pub(super) places: Vec<(String, (usize, usize))>,
}

/// Everything the module tree gives.
#[derive(Debug, Default)]
pub(super) struct Evaluated {
    pub(super) trails: Vec<TrailInstance>,
    pub(super) notes: Vec<String>,
    /// Remote module calls that `terraform init` has not fetched (CT109).
    pub(super) unfetched: Vec<UnfetchedModule>,
}

/// Where `terraform init` put the remote modules of the root: `.terraform/modules/modules.json`
/// maps each module call's key (`trail`, `parent.child`) to its folder, relative to the root.
#[derive(Debug, Default)]
struct Registry {
    root: PathBuf,
    root_display: String,
    /// Module key to the folder `terraform init` wrote it in (`Dir`).
    dirs: BTreeMap<String, String>,
}

/// The manifest `terraform init` writes: `{"Modules":[{"Key":"trail","Source":"...","Dir":"..."}]}`.
#[derive(serde::Deserialize)]
struct Manifest {
    #[serde(rename = "Modules", default)]
    modules: Vec<ManifestEntry>,
}

#[derive(serde::Deserialize)]
struct ManifestEntry {
    #[serde(rename = "Key", default)]
    key: String,
    #[serde(rename = "Dir", default)]
    dir: String,
}

impl Registry {
    /// The manifest of the root folder `dir`, if `terraform init` has run there.
    fn read(dir: &Path, display: &str) -> Result<Self, ImportError> {
        let manifest = dir.join(".terraform").join("modules").join("modules.json");
        let shown = join_display(display, ".terraform/modules/modules.json");
        let mut registry = Self {
            root: dir.to_path_buf(),
            root_display: display.to_owned(),
            dirs: BTreeMap::new(),
        };
        if !manifest.is_file() {
            return Ok(registry);
        }
        let text = super::super::read_text(&manifest, &shown)?;
        let parsed: Manifest = serde_json::from_str(&text).map_err(|e| ImportError::Syntax {
            file: shown.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        for entry in parsed.modules {
            if !entry.key.is_empty() {
                registry.dirs.insert(entry.key, entry.dir);
            }
        }
        Ok(registry)
    }

    /// The folder and its display name of the remote module called by `key`, when it is there.
    fn folder(&self, key: &str) -> Option<(PathBuf, String)> {
        let dir = self.dirs.get(key)?;
        let path = self.root.join(dir);
        path.is_dir()
            .then(|| (path, join_display(&self.root_display, dir)))
    }
}

/// The region of each provider configuration a module can use: `aws`, `aws.west`.
type Providers = BTreeMap<String, Option<String>>;

struct File {
    src: Src,
    body: Body,
}

/// Reads the `.tf` files of a folder (or one file) in name order.
fn load(path: &Path, display: &str, notes: &mut Vec<String>) -> Result<Vec<File>, ImportError> {
    let mut paths = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path)
            .map_err(|e| ImportError::invalid(display, format!("cannot read the folder: {e}")))?;
        for entry in entries {
            let entry = entry.map_err(|e| {
                ImportError::invalid(display, format!("cannot read the folder: {e}"))
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tf.json") {
                notes.push(format!(
                    "{}: JSON-syntax configuration is not read",
                    join_display(display, &name)
                ));
            } else if is_tf(&name) && entry.path().is_file() {
                if name == "override.tf" || name.ends_with("_override.tf") {
                    notes.push(format!(
                        "{}: override files are not merged; it was not read",
                        join_display(display, &name)
                    ));
                    continue;
                }
                paths.push((name, entry.path()));
            }
        }
        paths.sort();
    } else {
        paths.push((String::new(), path.to_path_buf()));
    }
    let mut files = Vec::new();
    for (name, p) in paths {
        let shown = if name.is_empty() {
            display.to_owned()
        } else {
            join_display(display, &name)
        };
        files.push(read_file(&p, &shown)?);
    }
    Ok(files)
}

/// `dir` and `name` joined as people write paths: `root/./modules/x/../y` is `root/modules/y`.
fn join_display(dir: &str, name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined = format!("{dir}/{name}");
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let out = parts.join("/");
    if joined.starts_with('/') {
        format!("/{out}")
    } else {
        out
    }
}

fn read_file(path: &Path, shown: &str) -> Result<File, ImportError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| ImportError::invalid(shown, format!("cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(ImportError::invalid(
            shown,
            format!("is {} bytes; .tf files are read up to 16 MiB", meta.len()),
        ));
    }
    let text = super::super::read_text(path, shown)?;
    let body = hcl::edit::parser::parse_body(&text).map_err(|e| ImportError::Syntax {
        file: shown.to_owned(),
        line: e.location().line(),
        column: e.location().column(),
        message: e.message().to_owned(),
    })?;
    Ok(File {
        src: Src {
            file: shown.to_owned(),
            text,
        },
        body,
    })
}

fn attr<'b>(body: &'b Body, key: &str) -> Option<&'b Attribute> {
    body.get_attribute(key)
}

/// A Terraform configuration file: Terraform itself reads `*.tf` names only, in lower case.
#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "Terraform reads `.tf` in lower case only"
)]
fn is_tf(name: &str) -> bool {
    name.ends_with(".tf")
}

fn label(block: &Block, i: usize) -> Option<&str> {
    block.labels.get(i).map(|l| l.as_str())
}

/// Converts an evaluated value into the document tree the plan reader reads.
fn to_node(value: &Value) -> Node {
    match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(*b),
        Value::Number(n) => Node::Num(n.to_string()),
        Value::String(s) => Node::Str(s.clone()),
        Value::Array(items) => Node::Seq(items.iter().map(to_node).collect()),
        Value::Object(map) => Node::Map(map.iter().map(|(k, v)| (k.clone(), to_node(v))).collect()),
    }
}

/// The text of a reference written as a bare traversal (`aws.west`), not evaluated.
fn reference_text(expr: &EditExpr, src: &Src) -> Option<String> {
    src.written(expr.span().as_ref())
}

/// A module being evaluated.
struct Module<'a> {
    files: Vec<File>,
    display: String,
    dir: PathBuf,
    /// `module.a["x"]`, empty for the root.
    address: String,
    depth: usize,
    inputs: &'a Inputs,
    /// The module's key in `.terraform/modules/modules.json`: empty for the root, `trail`,
    /// `trail.child` (instance keys are not part of it).
    key: String,
    registry: &'a Registry,
}

/// Evaluates the root module at `path` (a folder or one `.tf` file).
pub(super) fn evaluate_root(
    path: &Path,
    display: &str,
    inputs: &Inputs,
) -> Result<Evaluated, ImportError> {
    let mut out = Evaluated::default();
    let files = load(path, display, &mut out.notes)?;
    if files.is_empty() {
        return Err(ImportError::invalid(
            display,
            "holds no .tf files: not a Terraform module folder",
        ));
    }
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map_or_else(PathBuf::new, Path::to_path_buf)
    };
    let dir_display = if path.is_dir() {
        display.to_owned()
    } else {
        Path::new(display)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    };
    let values = root_variables(&files, &dir, &dir_display, inputs)?;
    let registry = Registry::read(&dir, &dir_display)?;
    let module = Module {
        files,
        display: dir_display,
        dir,
        address: String::new(),
        depth: 0,
        inputs,
        key: String::new(),
        registry: &registry,
    };
    module.evaluate(values, &Providers::new(), &mut out)?;
    Ok(out)
}

/// Values of the root module's variables: defaults, `terraform.tfvars`, `*.auto.tfvars` in name
/// order, then `--var-file` and `--var` (Terraform's precedence, later wins).
fn root_variables(
    files: &[File],
    dir: &Path,
    dir_display: &str,
    inputs: &Inputs,
) -> Result<BTreeMap<String, Outcome>, ImportError> {
    let mut values: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut tfvars = Vec::new();
    let standard = dir.join("terraform.tfvars");
    if standard.is_file() {
        tfvars.push((standard, join_display(dir_display, "terraform.tfvars")));
    }
    let mut auto = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".auto.tfvars") {
                auto.push((entry.path(), join_display(dir_display, &name)));
            }
        }
    }
    auto.sort();
    tfvars.extend(auto);
    for f in &inputs.var_files {
        tfvars.push((f.clone(), f.display().to_string()));
    }
    let scope = Scope::new(&BTreeMap::new());
    // `TF_VAR_name` comes first; Terraform ignores those of undeclared variables.
    for (name, text) in &inputs.env_vars {
        let declared = files.iter().any(|f| {
            f.body
                .get_blocks("variable")
                .any(|b| label(b, 0) == Some(name.as_str()))
        });
        if declared {
            let value = typed_value(files, &scope, name, text, &format!("TF_VAR_{name}"))?;
            values.insert(name.clone(), Outcome::Known(value));
        }
    }
    for (path, shown) in tfvars {
        let file = read_file(&path, &shown)?;
        for structure in &file.body {
            match structure {
                Structure::Attribute(a) => {
                    let value = scope.eval(&a.value, &file.src)?;
                    values.insert(a.key.as_str().to_owned(), value);
                }
                Structure::Block(b) => {
                    return Err(file.src.error(
                        b.span().as_ref(),
                        format!(
                            "a variables file holds `name = value` lines, not a `{}` block",
                            b.ident.as_str()
                        ),
                    ));
                }
            }
        }
    }
    for (name, text) in &inputs.vars {
        let value = typed_value(files, &scope, name, text, &format!("--var {name}"))?;
        values.insert(name.clone(), Outcome::Known(value));
    }
    Ok(values)
}

/// A variable's value given as text (`--var`, `TF_VAR_name`): a string for a `string` variable
/// (or one without a type), else an HCL value, as Terraform reads them.
fn typed_value(
    files: &[File],
    scope: &Scope,
    name: &str,
    text: &str,
    shown: &str,
) -> Result<Value, ImportError> {
    let typed = files.iter().find_map(|f| {
        f.body
            .get_blocks("variable")
            .find(|b| label(b, 0) == Some(name))
            .and_then(|b| attr(&b.body, "type"))
            .and_then(|t| reference_text(&t.value, &f.src))
    });
    if matches!(typed.as_deref(), None | Some("string")) {
        return Ok(Value::String(text.to_owned()));
    }
    let expr = hcl::edit::parser::parse_expr(text).map_err(|e| {
        ImportError::invalid(
            shown,
            format!("`{text}` is not an HCL value: {}", e.message()),
        )
    })?;
    let src = Src {
        file: shown.to_owned(),
        text: text.to_owned(),
    };
    match scope.eval(&expr, &src)? {
        Outcome::Known(v) => Ok(v),
        _ => Err(ImportError::invalid(
            shown,
            format!("`{text}` is not a constant value"),
        )),
    }
}

enum Item<'f> {
    Local {
        name: String,
        attr: &'f Attribute,
        src: &'f Src,
    },
    Resource {
        kind: String,
        name: String,
        block: &'f Block,
        src: &'f Src,
    },
    Call {
        name: String,
        block: &'f Block,
        src: &'f Src,
    },
}

impl Item<'_> {
    fn key(&self) -> String {
        match self {
            Item::Local { name, .. } => format!("local.{name}"),
            Item::Resource { kind, name, .. } => format!("{kind}.{name}"),
            Item::Call { name, .. } => format!("module.{name}"),
        }
    }
}

/// One instance: its `count.index`, or its `each.key` and `each.value`.
type InstanceKey = (Option<Value>, Option<(String, Value)>);

/// How many instances a resource or module call has, and their keys.
enum Instances {
    One,
    Count(usize),
    Each(Vec<(String, Value)>),
}

impl Instances {
    fn keys(&self) -> Vec<InstanceKey> {
        match self {
            Instances::One => vec![(None, None)],
            Instances::Count(n) => (0..*n)
                .map(|i| (Some(Value::from(i as u64)), None))
                .collect(),
            Instances::Each(entries) => entries
                .iter()
                .map(|(k, v)| (None, Some((k.clone(), v.clone()))))
                .collect(),
        }
    }
}

/// `[0]` or `["prod"]`, and the index as the plan writes it.
fn instance_suffix(
    count: Option<&Value>,
    each: Option<&(String, Value)>,
) -> (String, Option<String>) {
    match (count, each) {
        (Some(i), _) => (format!("[{i}]"), Some(i.to_string())),
        (None, Some((k, _))) => (format!("[{k:?}]"), Some(k.clone())),
        _ => (String::new(), None),
    }
}

fn instance_scope(scope: &Scope, count: Option<&Value>, each: Option<&(String, Value)>) -> Scope {
    let mut s = scope.clone();
    if let Some(i) = count {
        let mut m = Map::new();
        m.insert("index".to_owned(), i.clone());
        s.declare_strict("count", Value::Object(m));
    }
    if let Some((k, v)) = each {
        let mut m = Map::new();
        m.insert("key".to_owned(), Value::from(k.clone()));
        m.insert("value".to_owned(), v.clone());
        s.declare_strict("each", Value::Object(m));
    }
    s
}

/// `count` or `for_each` of a resource or module call.
enum Repeat {
    Ready(Instances),
    Unknown(String, Vec<Unknown>),
    Pending,
}

fn repeat(body: &Body, scope: &Scope, src: &Src) -> Result<Repeat, ImportError> {
    if let Some(count) = attr(body, "count") {
        return Ok(match scope.eval(&count.value, src)? {
            Outcome::Known(v) => {
                let n = match &v {
                    Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
                    _ => None,
                };
                let Some(n) = n else {
                    return Err(src.error(
                        count.value.span().as_ref(),
                        format!("count = {v}: a count must be a whole number ≥ 0"),
                    ));
                };
                if n > MAX_INSTANCES {
                    return Err(src.error(
                        count.value.span().as_ref(),
                        format!("count = {n}: trailplan reads up to {MAX_INSTANCES} instances"),
                    ));
                }
                Repeat::Ready(Instances::Count(n))
            }
            Outcome::Unknown(u) => Repeat::Unknown("count".to_owned(), u),
            Outcome::Pending => Repeat::Pending,
        });
    }
    if let Some(each) = attr(body, "for_each") {
        return Ok(match scope.eval(&each.value, src)? {
            Outcome::Known(v) => Repeat::Ready(Instances::Each(for_each_entries(&v, src, each)?)),
            Outcome::Unknown(u) => Repeat::Unknown("for_each".to_owned(), u),
            Outcome::Pending => Repeat::Pending,
        });
    }
    Ok(Repeat::Ready(Instances::One))
}

/// A map's entries in key order, or a set of strings (each its own key), as Terraform iterates.
fn for_each_entries(
    v: &Value,
    src: &Src,
    at: &Attribute,
) -> Result<Vec<(String, Value)>, ImportError> {
    let mut entries: Vec<(String, Value)> = match v {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => out.push((s.clone(), item.clone())),
                    other => {
                        return Err(src.error(
                            at.value.span().as_ref(),
                            format!(
                                "for_each takes a map or a set of strings; this set holds {other}"
                            ),
                        ));
                    }
                }
            }
            out
        }
        other => {
            return Err(src.error(
                at.value.span().as_ref(),
                format!("for_each takes a map or a set of strings, not {other}"),
            ));
        }
    };
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    if entries.len() > MAX_INSTANCES {
        return Err(src.error(
            at.value.span().as_ref(),
            format!(
                "for_each of {} elements: trailplan reads up to {MAX_INSTANCES} instances",
                entries.len()
            ),
        ));
    }
    Ok(entries)
}

/// A module call being read: where its module is and what it passes on.
struct Call<'c> {
    name: &'c str,
    block: &'c Block,
    src: &'c Src,
    /// `module.NAME`, under the calling module's address.
    address: &'c str,
    /// The key of the called module in `.terraform/modules/modules.json`.
    key: String,
    dir: PathBuf,
    display: String,
    providers: Providers,
}

/// The value of a resource or module call: one object, a list of them (`count`), or a map of
/// them by key (`for_each`).
fn instances_value(instances: &Instances, mut objects: Vec<(Option<String>, Value)>) -> Value {
    match instances {
        Instances::One => objects.pop().map_or(Value::Null, |(_, v)| v),
        Instances::Count(_) => Value::Array(objects.into_iter().map(|(_, v)| v).collect()),
        Instances::Each(_) => Value::Object(
            objects
                .into_iter()
                .map(|(k, v)| (k.unwrap_or_default(), v))
                .collect(),
        ),
    }
}

/// A resource's attributes, per instance, declared as `KIND.NAME`; `false` while one waits for a
/// value not evaluated yet.
fn try_resource(
    kind: &str,
    name: &str,
    block: &Block,
    src: &Src,
    scope: &mut Scope,
) -> Result<bool, ImportError> {
    let instances = match repeat(&block.body, scope, src)? {
        Repeat::Pending => return Ok(false),
        Repeat::Unknown(..) => return Ok(true),
        Repeat::Ready(i) => i,
    };
    let mut objects = Vec::new();
    for (count, each) in instances.keys() {
        let s = instance_scope(scope, count.as_ref(), each.as_ref());
        let mut object = Map::new();
        for a in block.body.attributes() {
            if META.contains(&a.key.as_str()) {
                continue;
            }
            match s.eval(&a.value, src)? {
                Outcome::Pending => return Ok(false),
                Outcome::Known(v) => {
                    object.insert(a.key.as_str().to_owned(), v);
                }
                Outcome::Unknown(_) => {}
            }
        }
        objects.push((each.map(|(k, _)| k), Value::Object(object)));
    }
    scope.declare_attr(kind, name, instances_value(&instances, objects));
    Ok(true)
}

/// Each instance of a module call with the inputs it gives its module.
type CallInputs = Vec<(
    Option<Value>,
    Option<(String, Value)>,
    BTreeMap<String, Outcome>,
)>;

/// The inputs of every instance of a module call, or `None` while one waits for a value.
fn call_inputs(
    instances: &Instances,
    block: &Block,
    src: &Src,
    scope: &Scope,
) -> Result<Option<CallInputs>, ImportError> {
    let mut ready = Vec::new();
    for (count, each) in instances.keys() {
        let s = instance_scope(scope, count.as_ref(), each.as_ref());
        let mut variables = BTreeMap::new();
        for a in block.body.attributes() {
            let key = a.key.as_str();
            if matches!(
                key,
                "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
            ) {
                continue;
            }
            match s.eval(&a.value, src)? {
                Outcome::Pending => return Ok(None),
                other => {
                    variables.insert(key.to_owned(), other);
                }
            }
        }
        ready.push((count, each, variables));
    }
    Ok(Some(ready))
}

impl Module<'_> {
    fn evaluate(
        &self,
        variables: BTreeMap<String, Outcome>,
        inherited: &Providers,
        out: &mut Evaluated,
    ) -> Result<BTreeMap<String, Outcome>, ImportError> {
        let mut scope = self.base_scope();
        self.declare_variables(&mut scope, variables)?;
        scope.declare("local", Value::Object(Map::new()));

        // Locals, resources and module calls, in the order their references allow.
        let items = self.items();
        self.resolve(&items, &mut scope, inherited, out)?;

        let Some(providers) = self.providers(&scope, inherited, out)? else {
            return Err(ImportError::invalid(
                &self.display,
                "a provider's region refers to a value that is never evaluated",
            ));
        };

        // Trails.
        for item in &items {
            if let Item::Resource {
                kind,
                name,
                block,
                src,
            } = item
                && kind == TRAIL
            {
                self.trail(name, block, src, &scope, &providers, out)?;
            }
        }
        self.outputs(&scope)
    }

    /// A scope with `path` and `terraform` declared.
    fn base_scope(&self) -> Scope {
        let mut scope = Scope::new(&self.inputs.values);
        let mut path = Map::new();
        path.insert("module".to_owned(), Value::from(self.display.clone()));
        path.insert("root".to_owned(), Value::from("."));
        path.insert("cwd".to_owned(), Value::from("."));
        scope.declare("path", Value::Object(path));
        let mut terraform = Map::new();
        terraform.insert("workspace".to_owned(), Value::from("default"));
        scope.declare("terraform", Value::Object(terraform));
        scope
    }

    /// `var`: the values given, else the defaults, converted to their declared types.
    fn declare_variables(
        &self,
        scope: &mut Scope,
        variables: BTreeMap<String, Outcome>,
    ) -> Result<(), ImportError> {
        let mut vars = Map::new();
        let mut variables = variables;
        for file in &self.files {
            for block in file.body.get_blocks("variable") {
                let Some(name) = label(block, 0) else {
                    continue;
                };
                let value = match variables.remove(name) {
                    Some(v) => v,
                    None => {
                        if let Some(default) = attr(&block.body, "default") {
                            scope.eval(&default.value, &file.src)?
                        } else {
                            let how = if self.address.is_empty() {
                                format!(
                                    "give it with --var {name}=VALUE, a terraform.tfvars file or --var-file"
                                )
                            } else {
                                format!("the call of {} does not set it", self.address)
                            };
                            return Err(file.src.error(
                                block.span().as_ref(),
                                format!("variable {name:?} has no value: {how}"),
                            ));
                        }
                    }
                };
                match value {
                    Outcome::Known(v) => {
                        let v = match attr(&block.body, "type") {
                            Some(ty) => convert(v, &ty.value, scope, &file.src)?,
                            None => v,
                        };
                        vars.insert(name.to_owned(), v);
                    }
                    Outcome::Unknown(u) => {
                        scope.unknown.insert(format!("var.{name}"), u);
                    }
                    Outcome::Pending => {}
                }
            }
        }
        scope.declare("var", Value::Object(vars));
        Ok(())
    }

    /// The locals, resources and module calls of the module's files.
    fn items(&self) -> Vec<Item<'_>> {
        let mut items = Vec::new();
        for file in &self.files {
            for structure in &file.body {
                let Structure::Block(block) = structure else {
                    continue;
                };
                match block.ident.as_str() {
                    "locals" => {
                        for a in block.body.attributes() {
                            items.push(Item::Local {
                                name: a.key.as_str().to_owned(),
                                attr: a,
                                src: &file.src,
                            });
                        }
                    }
                    "resource" => {
                        if let (Some(kind), Some(name)) = (label(block, 0), label(block, 1)) {
                            items.push(Item::Resource {
                                kind: kind.to_owned(),
                                name: name.to_owned(),
                                block,
                                src: &file.src,
                            });
                        }
                    }
                    "module" => {
                        if let Some(name) = label(block, 0) {
                            items.push(Item::Call {
                                name: name.to_owned(),
                                block,
                                src: &file.src,
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        items
    }

    /// Evaluates the items in the order their references allow; one left over is in a cycle.
    fn resolve(
        &self,
        items: &[Item<'_>],
        scope: &mut Scope,
        inherited: &Providers,
        out: &mut Evaluated,
    ) -> Result<(), ImportError> {
        for item in items {
            scope.pending.insert(item.key());
        }
        let mut done: BTreeSet<usize> = BTreeSet::new();
        loop {
            let mut progress = false;
            for (i, item) in items.iter().enumerate() {
                if done.contains(&i) {
                    continue;
                }
                if self.try_item(item, scope, inherited, out)? {
                    done.insert(i);
                    scope.pending.remove(&item.key());
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
        if let Some((_, item)) = items.iter().enumerate().find(|(i, _)| !done.contains(i)) {
            let (src, span) = match item {
                Item::Local { attr, src, .. } => (*src, attr.span()),
                Item::Resource { block, src, .. } | Item::Call { block, src, .. } => {
                    (*src, block.span())
                }
            };
            return Err(src.error(
                span.as_ref(),
                format!(
                    "{} refers to itself through other values (a cycle)",
                    item.key()
                ),
            ));
        }
        Ok(())
    }

    /// The module's `output` values.
    fn outputs(&self, scope: &Scope) -> Result<BTreeMap<String, Outcome>, ImportError> {
        let mut outputs = BTreeMap::new();
        for file in &self.files {
            for block in file.body.get_blocks("output") {
                let (Some(name), Some(value)) = (label(block, 0), attr(&block.body, "value"))
                else {
                    continue;
                };
                outputs.insert(name.to_owned(), scope.eval(&value.value, &file.src)?);
            }
        }
        Ok(outputs)
    }

    /// Evaluates one item; `false` when it waits for another.
    fn try_item(
        &self,
        item: &Item<'_>,
        scope: &mut Scope,
        inherited: &Providers,
        out: &mut Evaluated,
    ) -> Result<bool, ImportError> {
        match item {
            Item::Local { name, attr, src } => match scope.eval(&attr.value, src)? {
                Outcome::Pending => Ok(false),
                Outcome::Known(v) => {
                    scope.declare_attr("local", name, v);
                    Ok(true)
                }
                Outcome::Unknown(u) => {
                    scope.unknown.insert(format!("local.{name}"), u);
                    Ok(true)
                }
            },
            Item::Resource {
                kind,
                name,
                block,
                src,
            } => try_resource(kind, name, block, src, scope),
            Item::Call { name, block, src } => {
                self.try_call(name, block, src, scope, inherited, out)
            }
        }
    }

    /// A module call: its source, its instances, and each instance's module read with the inputs
    /// the call gives it; `false` while an input waits for a value not evaluated yet.
    fn try_call(
        &self,
        name: &str,
        block: &Block,
        src: &Src,
        scope: &mut Scope,
        inherited: &Providers,
        out: &mut Evaluated,
    ) -> Result<bool, ImportError> {
        let Some(source) = attr(&block.body, "source") else {
            return Err(src.error(
                block.span().as_ref(),
                format!("module {name:?} has no source"),
            ));
        };
        let Outcome::Known(Value::String(source)) = scope.eval(&source.value, src)? else {
            return Err(src.error(
                source.value.span().as_ref(),
                "a module's source must be a literal string".to_owned(),
            ));
        };
        let address = if self.address.is_empty() {
            format!("module.{name}")
        } else {
            format!("{}.module.{name}", self.address)
        };
        let key = if self.key.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.key)
        };
        let local = source.starts_with("./") || source.starts_with("../");
        let (dir, display) = if local {
            (self.dir.join(&source), join_display(&self.display, &source))
        } else if let Some(found) = self.registry.folder(&key) {
            found
        } else {
            // Never skipped quietly: the trails it may declare are not read (CT109).
            let unfetched = UnfetchedModule {
                call: address.clone(),
                source: source.clone(),
                at: Some(src.at(block.span().as_ref())),
            };
            if !out.unfetched.contains(&unfetched) {
                out.unfetched.push(unfetched);
            }
            scope.unknown.insert(format!("module.{name}"), Vec::new());
            return Ok(true);
        };
        if self.depth >= MAX_DEPTH {
            return Err(src.error(
                block.span().as_ref(),
                format!("modules nest deeper than {MAX_DEPTH} levels: a cycle of sources?"),
            ));
        }
        let instances = match repeat(&block.body, scope, src)? {
            Repeat::Pending => return Ok(false),
            Repeat::Unknown(what, u) => {
                out.notes.push(format!(
                    "{address}: {what} is unknown before apply ({}); the module is not read",
                    describe(&u)
                ));
                scope.unknown.insert(format!("module.{name}"), u);
                return Ok(true);
            }
            Repeat::Ready(i) => i,
        };
        // This module's providers, as the call passes them on.
        let Some(providers) = self.providers(scope, inherited, out)? else {
            return Ok(false);
        };
        // Every instance's inputs first: a call is read once, when all of them are known.
        let Some(ready) = call_inputs(&instances, block, src, scope)? else {
            return Ok(false);
        };
        let call = Call {
            name,
            block,
            src,
            address: &address,
            key,
            dir,
            display,
            providers: self.child_providers(block, src, &providers),
        };
        let mut values = Vec::new();
        for (count, each, variables) in ready {
            let object =
                self.read_instance(&call, count.as_ref(), each.as_ref(), variables, scope, out)?;
            values.push((each.map(|(k, _)| k), Value::Object(object)));
        }
        scope.declare_attr("module", name, instances_value(&instances, values));
        Ok(true)
    }

    /// One instance of a module call: its module read with `variables`, its outputs as an object
    /// (the unknown ones declared unknown in `scope`).
    fn read_instance(
        &self,
        call: &Call<'_>,
        count: Option<&Value>,
        each: Option<&(String, Value)>,
        variables: BTreeMap<String, Outcome>,
        scope: &mut Scope,
        out: &mut Evaluated,
    ) -> Result<Map<String, Value>, ImportError> {
        let (name, block, src, display) = (call.name, call.block, call.src, &call.display);
        let used = self.inputs.modules.get().saturating_add(1);
        if used > MAX_MODULES {
            return Err(src.error(
                block.span().as_ref(),
                format!(
                    "more than {MAX_MODULES} module instances: trailplan reads up to {MAX_MODULES}"
                ),
            ));
        }
        self.inputs.modules.set(used);
        let (suffix, _) = instance_suffix(count, each);
        let mut notes = Vec::new();
        let files = load(&call.dir, display, &mut notes)?;
        for note in notes {
            if !out.notes.contains(&note) {
                out.notes.push(note);
            }
        }
        if files.is_empty() {
            return Err(src.error(
                block.span().as_ref(),
                format!("module {name:?}: {display} holds no .tf files"),
            ));
        }
        let module = Module {
            files,
            display: display.clone(),
            dir: call.dir.clone(),
            address: format!("{}{suffix}", call.address),
            depth: self.depth.saturating_add(1),
            inputs: self.inputs,
            key: call.key.clone(),
            registry: self.registry,
        };
        let outputs = module.evaluate(variables, &call.providers, out)?;
        let mut object = Map::new();
        for (k, v) in outputs {
            match v {
                Outcome::Known(v) => {
                    object.insert(k, v);
                }
                Outcome::Unknown(u) => {
                    scope.unknown.insert(format!("module.{name}.{k}"), u);
                }
                Outcome::Pending => {}
            }
        }
        Ok(object)
    }

    /// The provider configurations this module can use: inherited ones, then its own blocks;
    /// `None` while a region waits for a local not evaluated yet.
    fn providers(
        &self,
        scope: &Scope,
        inherited: &Providers,
        out: &mut Evaluated,
    ) -> Result<Option<Providers>, ImportError> {
        let mut providers = inherited.clone();
        for file in &self.files {
            for block in file.body.get_blocks("provider") {
                let Some(kind) = label(block, 0) else {
                    continue;
                };
                let key = match attr(&block.body, "alias") {
                    Some(alias) => match scope.eval(&alias.value, &file.src)? {
                        Outcome::Known(Value::String(a)) => format!("{kind}.{a}"),
                        Outcome::Pending => return Ok(None),
                        _ => continue,
                    },
                    None => kind.to_owned(),
                };
                let region = match attr(&block.body, "region") {
                    Some(region) => match scope.eval(&region.value, &file.src)? {
                        Outcome::Known(Value::String(r)) => Some(r),
                        Outcome::Unknown(u) => {
                            let note = format!(
                                "provider {key}: region {} is unknown before apply; trails that use it take --region",
                                describe(&u)
                            );
                            if !out.notes.contains(&note) {
                                out.notes.push(note);
                            }
                            None
                        }
                        Outcome::Pending => return Ok(None),
                        Outcome::Known(_) => None,
                    },
                    None => None,
                };
                providers.insert(key, region);
            }
        }
        Ok(Some(providers))
    }

    /// The providers a child module sees: the default ones, or those `providers = {...}` passes.
    #[allow(
        clippy::unused_self,
        reason = "a step of the module reader, called like its others"
    )]
    fn child_providers(&self, block: &Block, src: &Src, providers: &Providers) -> Providers {
        let mut child = Providers::new();
        match attr(&block.body, "providers").map(|a| &a.value) {
            Some(EditExpr::Object(object)) => {
                for (key, value) in object {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                        ObjectKey::Expression(e) => reference_text(e, src).unwrap_or_default(),
                    };
                    let target = reference_text(value.expr(), src).unwrap_or_default();
                    child.insert(key, providers.get(&target).cloned().flatten());
                }
            }
            _ => {
                for (key, region) in providers {
                    if !key.contains('.') {
                        child.insert(key.clone(), region.clone());
                    }
                }
            }
        }
        child
    }

    /// Every instance of one `aws_cloudtrail` resource.
    fn trail(
        &self,
        name: &str,
        block: &Block,
        src: &Src,
        scope: &Scope,
        providers: &Providers,
        out: &mut Evaluated,
    ) -> Result<(), ImportError> {
        let base = if self.address.is_empty() {
            format!("{TRAIL}.{name}")
        } else {
            format!("{}.{TRAIL}.{name}", self.address)
        };
        let provider = attr(&block.body, "provider")
            .and_then(|p| reference_text(&p.value, src))
            .unwrap_or_else(|| "aws".to_owned());
        let region = providers.get(&provider).cloned().flatten();
        let module_address = (!self.address.is_empty()).then(|| self.address.clone());
        let (instances, unknown_repeat) = match repeat(&block.body, scope, src)? {
            Repeat::Ready(i) => (i, None),
            Repeat::Unknown(what, u) => (Instances::One, Some((what, u))),
            Repeat::Pending => (Instances::One, None),
        };
        for (count, each) in instances.keys() {
            let s = instance_scope(scope, count.as_ref(), each.as_ref());
            let (suffix, index) = instance_suffix(count.as_ref(), each.as_ref());
            let mut unknown = Vec::new();
            if let Some((what, u)) = &unknown_repeat {
                push_unknown(&mut unknown, what, u);
            }
            let mut offsets = Vec::new();
            let mut at = Place {
                unknown: &mut unknown,
                offsets: &mut offsets,
            };
            let values = self.body(&block.body, src, &s, "", &mut at)?;
            let place = block
                .span()
                .map(|span| (span.start, src.position(span.start)));
            let places = match place {
                Some((start, position)) => offsets
                    .into_iter()
                    .map(|(path, offset)| (path, after(&src.text, start, position, offset)))
                    .collect(),
                None => Vec::new(),
            };
            out.trails.push(TrailInstance {
                file: src.file.clone(),
                address: format!("{base}{suffix}"),
                module_address: module_address.clone(),
                name: name.to_owned(),
                index,
                values,
                unknown,
                region: region.clone(),
                place: place.map(|(_, position)| position),
                places,
            });
        }
        Ok(())
    }

    /// A block body as the plan writes it: attributes, and nested blocks as lists of objects.
    fn body(
        &self,
        body: &Body,
        src: &Src,
        scope: &Scope,
        path: &str,
        at: &mut Place<'_>,
    ) -> Result<Node, ImportError> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        let mut blocks: Vec<(String, Vec<Node>)> = Vec::new();
        let add_block = |blocks: &mut Vec<(String, Vec<Node>)>, kind: &str, node: Node| match blocks
            .iter_mut()
            .find(|(k, _)| k == kind)
        {
            Some((_, list)) => list.push(node),
            None => blocks.push((kind.to_owned(), vec![node])),
        };
        let count_of = |blocks: &Vec<(String, Vec<Node>)>, kind: &str| {
            blocks
                .iter()
                .find(|(k, _)| k == kind)
                .map_or(0, |(_, l)| l.len())
        };
        for structure in body {
            match structure {
                Structure::Attribute(a) => {
                    let key = a.key.as_str();
                    if path.is_empty() && META.contains(&key) {
                        continue;
                    }
                    let here = join_path(path, key);
                    if let Some(span) = a.value.span() {
                        at.offsets.push((here.clone(), span.start));
                    }
                    if let Some(node) = self.attribute(&a.value, src, scope, &here, at.unknown)? {
                        entries.push((key.to_owned(), node));
                    }
                }
                Structure::Block(b) => {
                    let kind = b.ident.as_str();
                    if kind == "dynamic" {
                        let Some(target) = label(b, 0) else {
                            continue;
                        };
                        let Some(each) = attr(&b.body, "for_each") else {
                            return Err(src.error(
                                b.span().as_ref(),
                                format!("dynamic {target:?} has no for_each"),
                            ));
                        };
                        let iterator = attr(&b.body, "iterator")
                            .and_then(|i| reference_text(&i.value, src))
                            .unwrap_or_else(|| target.to_owned());
                        let Some(content) = b.body.get_blocks("content").next() else {
                            return Err(src.error(
                                b.span().as_ref(),
                                format!("dynamic {target:?} has no content block"),
                            ));
                        };
                        let items = match scope.eval(&each.value, src)? {
                            Outcome::Known(v) => dynamic_items(&v),
                            Outcome::Unknown(u) => {
                                let here = format!(
                                    "{}[{}]",
                                    join_path(path, target),
                                    count_of(&blocks, target)
                                );
                                push_unknown(at.unknown, attribute_of(&here), &u);
                                Vec::new()
                            }
                            Outcome::Pending => Vec::new(),
                        };
                        for (key, value) in items {
                            let mut s = scope.clone();
                            let mut m = Map::new();
                            m.insert("key".to_owned(), key);
                            m.insert("value".to_owned(), value);
                            s.declare_strict(&iterator, Value::Object(m));
                            let here = format!(
                                "{}[{}]",
                                join_path(path, target),
                                count_of(&blocks, target)
                            );
                            if let Some(span) = content.span() {
                                at.offsets.push((here.clone(), span.start));
                            }
                            let node = self.body(&content.body, src, &s, &here, at)?;
                            add_block(&mut blocks, target, node);
                        }
                    } else if !(path.is_empty() && META_BLOCKS.contains(&kind)) {
                        let here =
                            format!("{}[{}]", join_path(path, kind), count_of(&blocks, kind));
                        if let Some(span) = b.span() {
                            at.offsets.push((here.clone(), span.start));
                        }
                        let node = self.body(&b.body, src, scope, &here, at)?;
                        add_block(&mut blocks, kind, node);
                    }
                }
            }
        }
        for (kind, list) in blocks {
            entries.push((kind, Node::Seq(list)));
        }
        Ok(Node::Map(entries))
    }

    /// One attribute. A list with one unknown element is unknown as a whole, as the AWS
    /// provider plans it.
    #[allow(
        clippy::unused_self,
        reason = "a step of the module reader, called like its others"
    )]
    fn attribute(
        &self,
        expr: &EditExpr,
        src: &Src,
        scope: &Scope,
        path: &str,
        unknown: &mut Vec<UnknownValue>,
    ) -> Result<Option<Node>, ImportError> {
        match scope.eval(expr, src)? {
            Outcome::Known(v) => Ok(Some(to_node(&v))),
            Outcome::Pending => Ok(None),
            Outcome::Unknown(u) => {
                push_unknown(unknown, path, &u);
                Ok(None)
            }
        }
    }
}

/// What [`Module::body`] collects beside the values: the unknowns, and the byte offset of each
/// value and nested block by its attribute path.
struct Place<'a> {
    unknown: &'a mut Vec<UnknownValue>,
    offsets: &'a mut Vec<(String, usize)>,
}

/// The 1-based line and column of byte `offset` of `text`, from the known `position` of the
/// earlier byte `start`: only the text between them is counted, so that placing every value of
/// a block costs the length of the block, not of the file.
fn after(text: &str, start: usize, position: (usize, usize), offset: usize) -> (usize, usize) {
    let between = text.get(start..offset).unwrap_or_default();
    let (line, column) = position;
    match between.rsplit_once('\n') {
        None => (line, column.saturating_add(between.chars().count())),
        Some((before, last)) => (
            line.saturating_add(before.matches('\n').count())
                .saturating_add(1),
            last.chars().count().saturating_add(1),
        ),
    }
}

fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `event_selector[0]` of an unknown dynamic block is reported as `event_selector`.
fn attribute_of(path: &str) -> &str {
    super::super::terraform::attribute_path(path)
}

fn push_unknown(unknown: &mut Vec<UnknownValue>, path: &str, why: &[Unknown]) {
    for u in why {
        let value = UnknownValue {
            path: path.to_owned(),
            expression: Some(u.expression.clone()),
            at: Some(u.at.clone()),
        };
        if !unknown.contains(&value) {
            unknown.push(value);
        }
    }
}

fn describe(u: &[Unknown]) -> String {
    u.iter()
        .map(|u| format!("{} at {}", u.expression, u.at))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The elements a `dynamic` block iterates: `(key, value)`, keys being indexes for lists.
fn dynamic_items(v: &Value) -> Vec<(Value, Value)> {
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Value::from(i as u64), v.clone()))
            .collect(),
        Value::Object(map) => {
            let mut entries: Vec<(Value, Value)> = map
                .iter()
                .map(|(k, v)| (Value::from(k.clone()), v.clone()))
                .collect();
            entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
            entries
        }
        Value::Null => Vec::new(),
        other => vec![(Value::from(0u64), other.clone())],
    }
}

/// A variable's value converted to its `type` the way Terraform converts it for what trails
/// need: `optional(T, default)` attributes of objects filled in (null when no default), sets of
/// strings sorted with duplicates dropped, and the same inside lists, maps and objects.
fn convert(value: Value, ty: &EditExpr, scope: &Scope, src: &Src) -> Result<Value, ImportError> {
    let EditExpr::FuncCall(call) = ty else {
        return Ok(value);
    };
    let args: Vec<&EditExpr> = call.args.iter().collect();
    let inner = args.first().copied();
    Ok(match (call.name.name.as_str(), value, inner) {
        ("list" | "set", Value::Array(items), Some(t)) => {
            let mut items = items
                .into_iter()
                .map(|v| convert(v, t, scope, src))
                .collect::<Result<Vec<_>, _>>()?;
            if call.name.name.as_str() == "set" && items.iter().all(|v| v.is_string()) {
                items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                items.dedup();
            }
            Value::Array(items)
        }
        ("map", Value::Object(map), Some(t)) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(k, convert(v, t, scope, src)?);
            }
            Value::Object(out)
        }
        ("object", Value::Object(mut map), Some(EditExpr::Object(fields))) => {
            for (key, field) in fields {
                let key = match key {
                    ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                    ObjectKey::Expression(e) => match scope.eval(e, src)? {
                        Outcome::Known(Value::String(k)) => k,
                        _ => continue,
                    },
                };
                let mut field_ty = field.expr();
                let mut default = None;
                if let EditExpr::FuncCall(opt) = field_ty
                    && opt.name.name.as_str() == "optional"
                {
                    let opt_args: Vec<&EditExpr> = opt.args.iter().collect();
                    if let Some(t) = opt_args.first() {
                        field_ty = t;
                    }
                    default = Some(opt_args.get(1).copied());
                }
                let current = map.shift_remove(&key);
                let filled = match (current, default) {
                    (Some(v), Some(Some(d))) if v.is_null() => match scope.eval(d, src)? {
                        Outcome::Known(d) => Some(d),
                        _ => Some(Value::Null),
                    },
                    (Some(v), _) => Some(v),
                    (None, Some(Some(d))) => match scope.eval(d, src)? {
                        Outcome::Known(d) => Some(d),
                        _ => Some(Value::Null),
                    },
                    (None, Some(None)) => Some(Value::Null),
                    (None, None) => None,
                };
                if let Some(v) = filled {
                    map.insert(key, convert(v, field_ty, scope, src)?);
                }
            }
            Value::Object(map)
        }
        (_, value, _) => value,
    })
}

#[cfg(test)]
mod tests {
    use super::after;

    #[test]
    fn a_place_is_counted_from_the_block_before_it() {
        let text = "# é\nresource \"a\" \"b\" { x = 1\n  y = \"é\"\n  z = 2 }\n";
        let start = text.find("resource").unwrap();
        let at = |needle: &str| after(text, start, (2, 1), text.find(needle).unwrap());
        assert_eq!(at("x ="), (2, 20), "on the block's line");
        assert_eq!(at("\"é\""), (3, 7), "a later line");
        assert_eq!(at("z ="), (4, 3), "columns count characters, not bytes");
    }
}
