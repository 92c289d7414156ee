//! Expressions evaluated the way `terraform plan` would, for what trails need.
//!
//! An expression is evaluated with `hcl::eval` in a [`Scope`] that holds the module's variables,
//! locals, the attributes resources set in configuration, and module outputs. When evaluation
//! fails, the expression is walked to find why: a reference to something only known after apply
//! (a computed resource attribute, a data source, a remote module's output, a function trailplan
//! does not evaluate) makes the value *unknown*, named by the reference as written and where it
//! is; a reference to something not evaluated yet makes it *pending*; anything else is an error
//! with its file and line, as Terraform would stop there too.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use hcl::Value;
use hcl::edit::Span;
use hcl::edit::expr::{Expression as EditExpr, ForExpr, FuncCall, Traversal, TraversalOperator};
use hcl::edit::template::ForTemplateExpr;
use hcl::edit::visit::{self, Visit};
use hcl::edit::visit_mut::{self, VisitMut};
use hcl::eval::{Context, Evaluate};
use hcl::value::Map;

use super::super::ImportError;
use super::funcs;

/// A file of the module, for line numbers and expressions as written.
#[derive(Debug)]
pub(super) struct Src {
    /// The file as the user names it.
    pub(super) file: String,
    pub(super) text: String,
}

impl Src {
    /// 1-based line and column of a byte offset.
    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let before = self.text.get(..offset).unwrap_or(&self.text);
        let line = before.matches('\n').count().saturating_add(1);
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            .saturating_add(1);
        (line, column)
    }

    /// `main.tf:12`.
    pub(super) fn at(&self, span: Option<&Range<usize>>) -> String {
        match span {
            Some(span) => format!("{}:{}", self.file, self.position(span.start).0),
            None => self.file.clone(),
        }
    }

    /// The text of a span, on one line.
    pub(super) fn written(&self, span: Option<&Range<usize>>) -> Option<String> {
        let text = self.text.get(span?.clone())?;
        Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    pub(super) fn error(&self, span: Option<&Range<usize>>, message: String) -> ImportError {
        let (line, column) = span.map_or((1, 1), |s| self.position(s.start));
        ImportError::Syntax {
            file: self.file.clone(),
            line,
            column,
            message,
        }
    }
}

/// A value known only after apply: the expression as written and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unknown {
    pub(super) expression: String,
    pub(super) at: String,
}

/// What evaluating an expression gives.
#[derive(Debug, Clone)]
pub(super) enum Outcome {
    Known(Value),
    /// Known after apply; the references that make it so.
    Unknown(Vec<Unknown>),
    /// Refers to a local, resource or module not evaluated yet.
    Pending,
}

/// Names whose missing attributes are errors rather than unknowns (Terraform refuses a
/// reference to an undeclared variable or local).
const STRICT_ROOTS: &[&str] = &["var", "local", "count", "each", "path", "terraform", "self"];

/// The names an expression can see.
#[derive(Debug, Clone)]
pub(super) struct Scope {
    ctx: Context<'static>,
    roots: BTreeMap<String, Value>,
    /// `var.x`, `local.y`, `module.m.out`: values that are themselves unknown, with why.
    pub(super) unknown: BTreeMap<String, Vec<Unknown>>,
    /// `local.y`, `aws_s3_bucket.logs`, `module.m`: not evaluated yet.
    pub(super) pending: BTreeSet<String>,
    /// Iterator names of `dynamic` blocks, strict like `each`.
    strict: Vec<String>,
    /// `[import.values]`: unknowns the user has set, by the expression as written.
    values: BTreeMap<String, Value>,
}

impl Scope {
    pub(super) fn new(values: &BTreeMap<String, Value>) -> Self {
        let mut ctx = Context::new();
        funcs::declare(&mut ctx);
        let mut scope = Self {
            ctx,
            roots: BTreeMap::new(),
            unknown: BTreeMap::new(),
            pending: BTreeSet::new(),
            strict: Vec::new(),
            values: values.clone(),
        };
        for (key, value) in values {
            scope.set_path(key, value.clone());
        }
        scope
    }

    /// Declares a top-level name (`var`, `local`, `aws_s3_bucket`...). Values set in
    /// `[import.values]` under it stay set.
    pub(super) fn declare(&mut self, root: &str, value: Value) {
        self.roots.insert(root.to_owned(), value.clone());
        self.ctx.declare_var(root, value);
        self.reapply(root);
    }

    /// Sets again the user's values under `root`: they win over what the configuration says.
    fn reapply(&mut self, root: &str) {
        let keys: Vec<(String, Value)> = self
            .values
            .iter()
            .filter(|(k, _)| k.split(['.', '[']).next() == Some(root))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in keys {
            self.set_path(&k, v);
        }
    }

    /// Sets one attribute of a top-level object: `local` `x`.
    pub(super) fn declare_attr(&mut self, root: &str, key: &str, value: Value) {
        let mut object = match self.roots.get(root) {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::new(),
        };
        object.insert(key.to_owned(), value);
        self.roots
            .insert(root.to_owned(), Value::Object(object.clone()));
        self.ctx.declare_var(root, Value::Object(object));
        self.reapply(root);
    }

    /// Declares a dynamic block's iterator or `each`/`count`: a strict name.
    pub(super) fn declare_strict(&mut self, name: &str, value: Value) {
        self.strict.push(name.to_owned());
        self.roots.insert(name.to_owned(), value.clone());
        self.ctx.declare_var(name, value);
    }

    /// `aws_s3_bucket.logs.arn = "..."` becomes `aws_s3_bucket = {logs = {arn = "..."}}`.
    fn set_path(&mut self, key: &str, value: Value) {
        let Ok(EditExpr::Traversal(t)) = hcl::edit::parser::parse_expr(key) else {
            return;
        };
        let EditExpr::Variable(root) = &t.expr else {
            return;
        };
        let mut path = Vec::new();
        for op in &t.operators {
            match op.value() {
                TraversalOperator::GetAttr(ident) => path.push(ident.as_str().to_owned()),
                TraversalOperator::Index(EditExpr::String(s)) => path.push(s.value().clone()),
                TraversalOperator::Index(EditExpr::Number(n)) => path.push(n.value().to_string()),
                TraversalOperator::LegacyIndex(i) => path.push(i.value().to_string()),
                _ => return,
            }
        }
        let root = root.as_str().to_owned();
        let mut top = match self.roots.remove(&root) {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        insert_path(&mut top, &path, value);
        self.roots.insert(root.clone(), Value::Object(top.clone()));
        self.ctx.declare_var(root, Value::Object(top));
    }

    /// Evaluates an expression of `src`.
    pub(super) fn eval(&self, expr: &EditExpr, src: &Src) -> Result<Outcome, ImportError> {
        let mut expr = expr.clone();
        let mut lazy = Lazy {
            scope: self,
            src,
            error: None,
        };
        lazy.visit_expr_mut(&mut expr);
        if let Some(e) = lazy.error {
            return Err(e);
        }
        let converted: hcl::Expression = expr.clone().into();
        match converted.evaluate(&self.ctx) {
            Ok(value) => Ok(Outcome::Known(value)),
            Err(err) => {
                let mut finder = Finder::new(self, src);
                finder.visit_expr(&expr);
                if finder.pending {
                    return Ok(Outcome::Pending);
                }
                if let Some(e) = finder.error {
                    return Err(e);
                }
                if finder.found.is_empty() {
                    let written = src.written(expr.span().as_ref()).unwrap_or_default();
                    return Err(src.error(
                        expr.span().as_ref(),
                        format!("cannot evaluate `{written}`: {}", err.kind()),
                    ));
                }
                let mut found: Vec<Unknown> = Vec::new();
                for u in finder.found {
                    if !found.contains(&u) {
                        found.push(u);
                    }
                }
                Ok(Outcome::Unknown(found))
            }
        }
    }

    fn evaluates(&self, expr: &EditExpr) -> bool {
        let converted: hcl::Expression = expr.clone().into();
        converted.evaluate(&self.ctx).is_ok()
    }

    fn is_strict(&self, root: &str) -> bool {
        STRICT_ROOTS.contains(&root) || self.strict.iter().any(|s| s == root)
    }
}

fn insert_path(map: &mut Map<String, Value>, path: &[String], value: Value) {
    let [first, rest @ ..] = path else {
        return;
    };
    if rest.is_empty() {
        map.insert(first.clone(), value);
        return;
    }
    let entry = map
        .entry(first.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    if !matches!(entry, Value::Object(_)) {
        *entry = Value::Object(Map::new());
    }
    if let Value::Object(inner) = entry {
        insert_path(inner, rest, value);
    }
}

/// The name a reference is pending or unknown under: `local.x`, `aws_s3_bucket.logs`,
/// `module.m`, `var.x`, and with one more attribute `module.m.out`.
fn reference_keys(t: &Traversal, root: &str) -> Vec<String> {
    let mut keys = vec![root.to_owned()];
    let mut current = root.to_owned();
    for op in t.operators.iter().take(2) {
        match op.value() {
            TraversalOperator::GetAttr(ident) => {
                current = format!("{current}.{}", ident.as_str());
                keys.push(current.clone());
            }
            _ => break,
        }
    }
    keys
}

/// Walks a failed expression for the references that explain the failure.
struct Finder<'s> {
    scope: &'s Scope,
    src: &'s Src,
    bound: Vec<String>,
    /// Bound names of `for` expressions over something known only after apply (a resource, a
    /// data source, a remote module): `t` of `for k, t in aws_cloudtrail.app : k => t.arn`.
    after_apply: Vec<String>,
    found: Vec<Unknown>,
    pending: bool,
    error: Option<ImportError>,
}

impl<'s> Finder<'s> {
    fn new(scope: &'s Scope, src: &'s Src) -> Self {
        Self {
            scope,
            src,
            bound: Vec::new(),
            after_apply: Vec::new(),
            found: Vec::new(),
            pending: false,
            error: None,
        }
    }

    fn unknown_here(&mut self, span: Option<Range<usize>>) {
        let expression = self.src.written(span.as_ref()).unwrap_or_default();
        self.found.push(Unknown {
            expression,
            at: self.src.at(span.as_ref()),
        });
    }

    /// A reference (`root` alone, or a traversal from it) that did not evaluate.
    fn reference(&mut self, root: &str, traversal: Option<&Traversal>, whole: &EditExpr) {
        if self.bound.iter().any(|b| b == root) {
            // An attribute of an element of a resource (`t.arn`) is known only after apply.
            if traversal.is_some() && self.after_apply.iter().any(|b| b == root) {
                self.unknown_here(whole.span());
            }
            return;
        }
        if self.scope.evaluates(whole) {
            return;
        }
        let keys = match traversal {
            Some(t) => reference_keys(t, root),
            None => vec![root.to_owned()],
        };
        if keys.iter().any(|k| self.scope.pending.contains(k)) {
            self.pending = true;
            return;
        }
        if let Some(why) = keys.iter().rev().find_map(|k| self.scope.unknown.get(k)) {
            if why.is_empty() {
                // A remote module: its outputs are unknown as written here.
                self.unknown_here(whole.span());
            } else {
                self.found.extend(why.iter().cloned());
            }
            return;
        }
        if self.scope.is_strict(root) {
            if self.error.is_none() {
                let written = self.src.written(whole.span().as_ref()).unwrap_or_default();
                self.error = Some(self.src.error(
                    whole.span().as_ref(),
                    format!("`{written}` refers to something this module does not declare"),
                ));
            }
            return;
        }
        self.unknown_here(whole.span());
    }
}

impl Finder<'_> {
    /// Whether a `for` collection refers to something other than variables, locals and the
    /// names Terraform declares (`var`, `local`, `each`...): a resource, a data source or a
    /// module, whose elements have attributes known only after apply.
    fn after_apply_collection(&self, collection: &EditExpr) -> bool {
        let mut roots = Roots::default();
        roots.visit_expr(collection);
        roots.names.iter().any(|root| {
            if self.bound.iter().any(|b| b == root) {
                self.after_apply.iter().any(|b| b == root)
            } else {
                !self.scope.is_strict(root)
            }
        })
    }
}

/// The root names an expression refers to.
#[derive(Default)]
struct Roots {
    names: Vec<String>,
}

impl Visit for Roots {
    fn visit_expr(&mut self, node: &EditExpr) {
        match node {
            EditExpr::Variable(v) => self.names.push(v.as_str().to_owned()),
            EditExpr::Traversal(t) => {
                if let EditExpr::Variable(root) = &t.expr {
                    self.names.push(root.as_str().to_owned());
                }
                visit::visit_traversal(self, t);
            }
            _ => visit::visit_expr(self, node),
        }
    }
}

impl Visit for Finder<'_> {
    fn visit_expr(&mut self, node: &EditExpr) {
        match node {
            EditExpr::Variable(v) => self.reference(v.as_str(), None, node),
            EditExpr::Traversal(t) => {
                if let EditExpr::Variable(root) = &t.expr {
                    let root = root.as_str().to_owned();
                    // Index expressions inside the traversal may be the unknown part.
                    for op in &t.operators {
                        if let TraversalOperator::Index(inner) = op.value() {
                            self.visit_expr(inner);
                        }
                    }
                    self.reference(&root, Some(t), node);
                } else {
                    visit::visit_traversal(self, t);
                }
            }
            EditExpr::FuncCall(call) => self.visit_func_call(call),
            _ => visit::visit_expr(self, node),
        }
    }

    fn visit_func_call(&mut self, node: &FuncCall) {
        let name = node.name.name.as_str();
        let known = node.name.namespace.is_empty()
            && (matches!(name, "try" | "can") || {
                let probe: hcl::Expression =
                    hcl::Expression::FuncCall(Box::new(hcl::expr::FuncCall::new(name)));
                // An undefined function fails with its own error; a defined one with arity.
                !matches!(
                    probe.evaluate(&self.scope.ctx).map_err(|e| e.into_kind()),
                    Err(hcl::eval::ErrorKind::UndefinedFunc(_))
                )
            });
        if known {
            visit::visit_func_call(self, node);
        } else {
            let written = self.src.written(node.span().as_ref()).unwrap_or_default();
            self.found.push(Unknown {
                expression: written,
                at: self.src.at(node.span().as_ref()),
            });
        }
    }

    fn visit_for_expr(&mut self, node: &ForExpr) {
        self.visit_expr(&node.intro.collection_expr);
        let after_apply = self.after_apply_collection(&node.intro.collection_expr);
        let (before, before_after) = (self.bound.len(), self.after_apply.len());
        let mut names = vec![node.intro.value_var.as_str().to_owned()];
        if let Some(k) = &node.intro.key_var {
            names.push(k.as_str().to_owned());
        }
        for name in names {
            if after_apply {
                self.after_apply.push(name.clone());
            }
            self.bound.push(name);
        }
        if let Some(key) = &node.key_expr {
            self.visit_expr(key);
        }
        self.visit_expr(&node.value_expr);
        if let Some(cond) = &node.cond {
            self.visit_expr(&cond.expr);
        }
        self.bound.truncate(before);
        self.after_apply.truncate(before_after);
    }

    fn visit_for_template_expr(&mut self, node: &ForTemplateExpr) {
        self.visit_expr(&node.collection_expr);
        let after_apply = self.after_apply_collection(&node.collection_expr);
        let (before, before_after) = (self.bound.len(), self.after_apply.len());
        let mut names = vec![node.value_var.as_str().to_owned()];
        if let Some(k) = &node.key_var {
            names.push(k.as_str().to_owned());
        }
        for name in names {
            if after_apply {
                self.after_apply.push(name.clone());
            }
            self.bound.push(name);
        }
        self.visit_template(&node.template);
        self.bound.truncate(before);
        self.after_apply.truncate(before_after);
    }
}

/// Evaluates `try(...)` and `can(...)` before the rest, since their arguments may fail.
struct Lazy<'s> {
    scope: &'s Scope,
    src: &'s Src,
    error: Option<ImportError>,
}

impl VisitMut for Lazy<'_> {
    fn visit_expr_mut(&mut self, node: &mut EditExpr) {
        visit_mut::visit_expr_mut(self, node);
        let EditExpr::FuncCall(call) = node else {
            return;
        };
        let name = call.name.name.as_str();
        if !call.name.namespace.is_empty() || !matches!(name, "try" | "can") {
            return;
        }
        let is_try = name == "try";
        let args: Vec<EditExpr> = call.args.iter().cloned().collect();
        for arg in &args {
            let converted: hcl::Expression = arg.clone().into();
            if let Ok(value) = converted.evaluate(&self.scope.ctx) {
                let value = if is_try { value } else { Value::Bool(true) };
                *node = hcl::Expression::from(value).into();
                return;
            }
            let mut finder = Finder::new(self.scope, self.src);
            finder.visit_expr(arg);
            if finder.pending || !finder.found.is_empty() {
                // Unknown until apply: so is the call; the finder reports it later.
                return;
            }
            if !is_try {
                *node = hcl::Expression::from(false).into();
                return;
            }
        }
        if is_try && self.error.is_none() {
            let written = self.src.written(node.span().as_ref()).unwrap_or_default();
            self.error = Some(self.src.error(
                node.span().as_ref(),
                format!("no argument of `{written}` can be evaluated"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Src {
        Src {
            file: "main.tf".to_owned(),
            text: text.to_owned(),
        }
    }

    fn expr(text: &str) -> EditExpr {
        hcl::edit::parser::parse_expr(text).unwrap()
    }

    fn scope() -> Scope {
        let mut scope = Scope::new(&BTreeMap::new());
        let mut vars = Map::new();
        vars.insert("env".to_owned(), Value::from("prod"));
        scope.declare("var", Value::Object(vars));
        scope
    }

    #[test]
    fn known_values_evaluate() {
        let text = r#""acme-${var.env}""#;
        match scope().eval(&expr(text), &src(text)).unwrap() {
            Outcome::Known(v) => assert_eq!(v, Value::from("acme-prod")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn resource_attributes_are_unknown_as_written() {
        let text = r#"["${aws_s3_bucket.logs.arn}/", upper(var.env)]"#;
        match scope().eval(&expr(text), &src(text)).unwrap() {
            Outcome::Unknown(u) => assert_eq!(
                u,
                [Unknown {
                    expression: "aws_s3_bucket.logs.arn".to_owned(),
                    at: "main.tf:1".to_owned()
                }]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn computed_attributes_of_for_elements_are_unknown_and_typos_over_variables_are_errors() {
        // `output "arns" { value = { for k, t in aws_cloudtrail.app : k => t.arn } }`: the
        // trails' attributes set in configuration are known, `arn` only after apply.
        let mut s = scope();
        let mut app = Map::new();
        let mut a = Map::new();
        a.insert("name".to_owned(), Value::from("app-a"));
        app.insert("a".to_owned(), Value::Object(a));
        s.declare_attr("aws_cloudtrail", "app", Value::Object(app));
        let text = "{ for k, t in aws_cloudtrail.app : k => t.arn }";
        match s.eval(&expr(text), &src(text)).unwrap() {
            Outcome::Unknown(u) => assert_eq!(u[0].expression, "t.arn"),
            other => panic!("{other:?}"),
        }
        let text = "[for t in aws_cloudtrail.app : t.name]";
        assert!(matches!(
            s.eval(&expr(text), &src(text)).unwrap(),
            Outcome::Known(_)
        ));
        let text = r#"[for k, v in { a = "x" } : v.arn]"#;
        assert!(s.eval(&expr(text), &src(text)).is_err());
    }

    #[test]
    fn values_set_by_the_user_are_evaluated_in_their_template() {
        let mut values = BTreeMap::new();
        values.insert(
            "aws_s3_bucket.logs.arn".to_owned(),
            Value::from("arn:aws:s3:::acme-logs"),
        );
        let scope = Scope::new(&values);
        let text = r#""${aws_s3_bucket.logs.arn}/""#;
        match scope.eval(&expr(text), &src(text)).unwrap() {
            Outcome::Known(v) => assert_eq!(v, Value::from("arn:aws:s3:::acme-logs/")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn try_and_can_are_lazy() {
        let text = r#"try(var.missing.x, "fallback")"#;
        match scope().eval(&expr(text), &src(text)).unwrap() {
            Outcome::Known(v) => assert_eq!(v, Value::from("fallback")),
            other => panic!("{other:?}"),
        }
        let text = "can(var.missing.x)";
        match scope().eval(&expr(text), &src(text)).unwrap() {
            Outcome::Known(v) => assert_eq!(v, Value::from(false)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn undeclared_variables_are_errors_with_their_line() {
        let text = "\n  var.nope";
        let err = scope()
            .eval(&expr(text.trim()), &src(text.trim()))
            .unwrap_err();
        assert!(err.to_string().contains("main.tf:1:1"), "{err}");
        assert!(err.to_string().contains("var.nope"), "{err}");
    }

    #[test]
    fn functions_not_evaluated_are_unknown() {
        let text = r#"templatefile("x.tpl", {})"#;
        match scope().eval(&expr(text), &src(text)).unwrap() {
            Outcome::Unknown(u) => assert_eq!(u[0].expression, text),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pending_locals_wait() {
        let mut scope = scope();
        scope.pending.insert("local.later".to_owned());
        let text = "local.later";
        assert!(matches!(
            scope.eval(&expr(text), &src(text)).unwrap(),
            Outcome::Pending
        ));
    }
}
