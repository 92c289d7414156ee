//! The Terraform functions that trail modules use, with Terraform's meaning (Terraform language
//! documentation, "Functions"). A function not listed here is not guessed: a call to it is an
//! unknown value, reported with the call as written.
//!
//! `try` and `can` are not here: their arguments must be evaluated lazily, which the evaluator
//! does itself.

use hcl::Value;
use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use hcl::value::Map;
use std::fmt::Write as _;

type Out = Result<Value, String>;

/// Declares every function below in `ctx`.
pub(super) fn declare(ctx: &mut Context<'_>) {
    let variadic =
        |f: fn(FuncArgs) -> Out| FuncDef::builder().variadic_param(ParamType::Any).build(f);
    let fixed = |n: usize, f: fn(FuncArgs) -> Out| {
        FuncDef::builder()
            .params(std::iter::repeat_n(ParamType::Any, n))
            .build(f)
    };
    ctx.declare_func("format", variadic(format));
    ctx.declare_func("formatlist", variadic(formatlist));
    ctx.declare_func("join", variadic(join));
    ctx.declare_func("concat", variadic(concat));
    ctx.declare_func("merge", variadic(merge));
    ctx.declare_func("lookup", variadic(lookup));
    ctx.declare_func("coalesce", variadic(coalesce));
    ctx.declare_func("coalescelist", variadic(coalescelist));
    ctx.declare_func("tolist", fixed(1, tolist));
    ctx.declare_func("toset", fixed(1, toset));
    ctx.declare_func("tomap", fixed(1, tomap));
    ctx.declare_func("tostring", fixed(1, tostring));
    ctx.declare_func("tobool", fixed(1, tobool));
    ctx.declare_func("tonumber", fixed(1, tonumber));
    ctx.declare_func("length", fixed(1, length));
    ctx.declare_func("element", fixed(2, element));
    ctx.declare_func("contains", fixed(2, contains));
    ctx.declare_func("lower", fixed(1, lower));
    ctx.declare_func("upper", fixed(1, upper));
    ctx.declare_func("replace", fixed(3, replace));
    ctx.declare_func("trimspace", fixed(1, trimspace));
    ctx.declare_func("trimprefix", fixed(2, trimprefix));
    ctx.declare_func("trimsuffix", fixed(2, trimsuffix));
    ctx.declare_func("startswith", fixed(2, startswith));
    ctx.declare_func("endswith", fixed(2, endswith));
    ctx.declare_func("split", fixed(2, split));
    ctx.declare_func("keys", fixed(1, keys));
    ctx.declare_func("values", fixed(1, values));
    ctx.declare_func("distinct", fixed(1, distinct));
    ctx.declare_func("flatten", fixed(1, flatten));
    ctx.declare_func("compact", fixed(1, compact));
    ctx.declare_func("sort", fixed(1, sort));
    ctx.declare_func("reverse", fixed(1, reverse));
    ctx.declare_func("zipmap", fixed(2, zipmap));
    ctx.declare_func("one", fixed(1, one));
    ctx.declare_func("jsonencode", fixed(1, jsonencode));
}

/// The `i`th argument; the definitions above fix how many a function takes.
fn arg(args: &FuncArgs, i: usize) -> Result<&Value, String> {
    args.get(i)
        .ok_or_else(|| format!("argument {} is missing", i.saturating_add(1)))
}

fn text(v: &Value, what: &str) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("{what}: expected a string, found {}", kind(other))),
    }
}

fn list<'v>(v: &'v Value, what: &str) -> Result<&'v [Value], String> {
    match v {
        Value::Array(items) => Ok(items),
        other => Err(format!("{what}: expected a list, found {}", kind(other))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn whole(v: &Value, what: &str) -> Result<usize, String> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("{what}: expected a whole number ≥ 0, found {n}")),
        Value::String(s) => s
            .parse()
            .map_err(|_| format!("{what}: expected a whole number ≥ 0, found {s:?}")),
        other => Err(format!("{what}: expected a number, found {}", kind(other))),
    }
}

/// `format("%s-%d", a, b)`: the verbs `%s`, `%d`, `%v`, `%q` and `%%`.
fn format_one(spec: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let verb = chars.next().ok_or("format: a lone % at the end")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = args
            .next()
            .ok_or_else(|| format!("format: too few arguments for %{verb}"))?;
        match verb {
            's' | 'v' => out.push_str(&text(arg, "format")?),
            'd' => match arg {
                Value::Number(n) if n.is_i64() || n.is_u64() => out.push_str(&n.to_string()),
                other => {
                    return Err(format!(
                        "format: %d takes a whole number, found {}",
                        kind(other)
                    ));
                }
            },
            'q' => {
                let _ = write!(out, "{:?}", text(arg, "format")?);
            }
            other => return Err(format!("format: the verb %{other} is not supported")),
        }
    }
    Ok(out)
}

fn format(args: FuncArgs) -> Out {
    let [spec, rest @ ..] = args.as_slice() else {
        return Err("format takes a format string".to_owned());
    };
    format_one(&text(spec, "format")?, rest).map(Value::String)
}

fn formatlist(args: FuncArgs) -> Out {
    let [spec, rest @ ..] = args.as_slice() else {
        return Err("formatlist takes a format string".to_owned());
    };
    let spec = text(spec, "formatlist")?;
    let len = rest
        .iter()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .max()
        .unwrap_or(1);
    let mut out = Vec::new();
    for i in 0..len {
        let row: Vec<Value> = rest
            .iter()
            .map(|a| match a {
                Value::Array(items) => items.get(i).cloned().unwrap_or(Value::Null),
                other => other.clone(),
            })
            .collect();
        out.push(Value::String(format_one(&spec, &row)?));
    }
    Ok(Value::Array(out))
}

fn join(args: FuncArgs) -> Out {
    let [sep, lists @ ..] = args.as_slice() else {
        return Err("join takes a separator and lists".to_owned());
    };
    let sep = text(sep, "join")?;
    let mut parts = Vec::new();
    for l in lists {
        for item in list(l, "join")? {
            parts.push(text(item, "join")?);
        }
    }
    Ok(Value::String(parts.join(&sep)))
}

fn concat(args: FuncArgs) -> Out {
    let mut out = Vec::new();
    for l in args.iter() {
        out.extend(list(l, "concat")?.iter().cloned());
    }
    Ok(Value::Array(out))
}

fn merge(args: FuncArgs) -> Out {
    let mut out = Map::new();
    for m in args.iter() {
        match m {
            Value::Object(entries) => {
                for (k, v) in entries {
                    out.insert(k.clone(), v.clone());
                }
            }
            Value::Null => {}
            other => return Err(format!("merge: expected maps, found {}", kind(other))),
        }
    }
    Ok(Value::Object(out))
}

fn lookup(args: FuncArgs) -> Out {
    match args.as_slice() {
        [Value::Object(map), key, rest @ ..] if rest.len() <= 1 => {
            let key = text(key, "lookup")?;
            match (map.get(&key), rest.first()) {
                (Some(v), _) => Ok(v.clone()),
                (None, Some(default)) => Ok(default.clone()),
                (None, None) => Err(format!("lookup: no key {key:?} and no default")),
            }
        }
        _ => Err("lookup takes a map, a key and a default".to_owned()),
    }
}

fn coalesce(args: FuncArgs) -> Out {
    args.iter()
        .find(|v| !matches!(v, Value::Null) && *v != &Value::String(String::new()))
        .cloned()
        .ok_or_else(|| "coalesce: no non-null, non-empty argument".to_owned())
}

fn coalescelist(args: FuncArgs) -> Out {
    for l in args.iter() {
        if !list(l, "coalescelist")?.is_empty() {
            return Ok(l.clone());
        }
    }
    Ok(Value::Array(Vec::new()))
}

fn tolist(args: FuncArgs) -> Out {
    list(arg(&args, 0)?, "tolist").map(|l| Value::Array(l.to_vec()))
}

/// Terraform orders a set of strings lexically and drops duplicates.
fn toset(args: FuncArgs) -> Out {
    let mut items = list(arg(&args, 0)?, "toset")?.to_vec();
    if items.iter().all(|v| matches!(v, Value::String(_))) {
        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Ok(Value::Array(out))
}

fn tomap(args: FuncArgs) -> Out {
    match arg(&args, 0)? {
        Value::Object(_) => Ok(arg(&args, 0)?.clone()),
        other => Err(format!("tomap: expected a map, found {}", kind(other))),
    }
}

fn tostring(args: FuncArgs) -> Out {
    match arg(&args, 0)? {
        Value::Null => Ok(Value::Null),
        v => text(v, "tostring").map(Value::String),
    }
}

fn tobool(args: FuncArgs) -> Out {
    match arg(&args, 0)? {
        Value::Bool(_) | Value::Null => Ok(arg(&args, 0)?.clone()),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        other => Err(format!("tobool: cannot convert {} to a bool", kind(other))),
    }
}

fn tonumber(args: FuncArgs) -> Out {
    match arg(&args, 0)? {
        Value::Number(_) | Value::Null => Ok(arg(&args, 0)?.clone()),
        Value::String(s) => s
            .parse::<u64>()
            .map(Value::from)
            .or_else(|_| s.parse::<i64>().map(Value::from))
            .map_err(|_| format!("tonumber: {s:?} is not a whole number")),
        other => Err(format!("tonumber: cannot convert {}", kind(other))),
    }
}

fn length(args: FuncArgs) -> Out {
    let n = match arg(&args, 0)? {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        Value::String(s) => s.chars().count(),
        other => {
            return Err(format!(
                "length: expected a collection, found {}",
                kind(other)
            ));
        }
    };
    Ok(Value::from(n as u64))
}

fn element(args: FuncArgs) -> Out {
    let items = list(arg(&args, 0)?, "element")?;
    if items.is_empty() {
        return Err("element: the list is empty".to_owned());
    }
    let i = whole(arg(&args, 1)?, "element")?;
    items
        .get(i % items.len())
        .cloned()
        .ok_or_else(|| "element: out of range".to_owned())
}

fn contains(args: FuncArgs) -> Out {
    Ok(Value::Bool(
        list(arg(&args, 0)?, "contains")?.contains(arg(&args, 1)?),
    ))
}

fn lower(args: FuncArgs) -> Out {
    Ok(Value::String(text(arg(&args, 0)?, "lower")?.to_lowercase()))
}

fn upper(args: FuncArgs) -> Out {
    Ok(Value::String(text(arg(&args, 0)?, "upper")?.to_uppercase()))
}

fn replace(args: FuncArgs) -> Out {
    let s = text(arg(&args, 0)?, "replace")?;
    let from = text(arg(&args, 1)?, "replace")?;
    if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
        return Err("replace: regular expressions are not evaluated".to_owned());
    }
    Ok(Value::String(
        s.replace(&from, &text(arg(&args, 2)?, "replace")?),
    ))
}

fn trimspace(args: FuncArgs) -> Out {
    Ok(Value::String(
        text(arg(&args, 0)?, "trimspace")?.trim().to_owned(),
    ))
}

fn trimprefix(args: FuncArgs) -> Out {
    let s = text(arg(&args, 0)?, "trimprefix")?;
    let p = text(arg(&args, 1)?, "trimprefix")?;
    Ok(Value::String(s.strip_prefix(&p).unwrap_or(&s).to_owned()))
}

fn trimsuffix(args: FuncArgs) -> Out {
    let s = text(arg(&args, 0)?, "trimsuffix")?;
    let p = text(arg(&args, 1)?, "trimsuffix")?;
    Ok(Value::String(s.strip_suffix(&p).unwrap_or(&s).to_owned()))
}

fn startswith(args: FuncArgs) -> Out {
    Ok(Value::Bool(
        text(arg(&args, 0)?, "startswith")?.starts_with(&text(arg(&args, 1)?, "startswith")?),
    ))
}

fn endswith(args: FuncArgs) -> Out {
    Ok(Value::Bool(
        text(arg(&args, 0)?, "endswith")?.ends_with(&text(arg(&args, 1)?, "endswith")?),
    ))
}

fn split(args: FuncArgs) -> Out {
    let sep = text(arg(&args, 0)?, "split")?;
    let s = text(arg(&args, 1)?, "split")?;
    if sep.is_empty() {
        return Err("split: the separator is empty".to_owned());
    }
    Ok(Value::Array(
        s.split(sep.as_str())
            .map(|p| Value::String(p.to_owned()))
            .collect(),
    ))
}

fn sorted_entries(v: &Value, what: &str) -> Result<Vec<(String, Value)>, String> {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(entries)
        }
        other => Err(format!("{what}: expected a map, found {}", kind(other))),
    }
}

fn keys(args: FuncArgs) -> Out {
    Ok(Value::Array(
        sorted_entries(arg(&args, 0)?, "keys")?
            .into_iter()
            .map(|(k, _)| Value::String(k))
            .collect(),
    ))
}

fn values(args: FuncArgs) -> Out {
    Ok(Value::Array(
        sorted_entries(arg(&args, 0)?, "values")?
            .into_iter()
            .map(|(_, v)| v)
            .collect(),
    ))
}

fn distinct(args: FuncArgs) -> Out {
    let mut out: Vec<Value> = Vec::new();
    for item in list(arg(&args, 0)?, "distinct")? {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Ok(Value::Array(out))
}

fn flatten_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| flatten_into(i, out)),
        other => out.push(other.clone()),
    }
}

fn flatten(args: FuncArgs) -> Out {
    let mut out = Vec::new();
    for item in list(arg(&args, 0)?, "flatten")? {
        flatten_into(item, &mut out);
    }
    Ok(Value::Array(out))
}

fn compact(args: FuncArgs) -> Out {
    Ok(Value::Array(
        list(arg(&args, 0)?, "compact")?
            .iter()
            .filter(|v| !matches!(v, Value::Null) && *v != &Value::String(String::new()))
            .cloned()
            .collect(),
    ))
}

fn sort(args: FuncArgs) -> Out {
    let mut items = Vec::new();
    for item in list(arg(&args, 0)?, "sort")? {
        items.push(text(item, "sort")?);
    }
    items.sort();
    Ok(Value::Array(items.into_iter().map(Value::String).collect()))
}

fn reverse(args: FuncArgs) -> Out {
    let mut items = list(arg(&args, 0)?, "reverse")?.to_vec();
    items.reverse();
    Ok(Value::Array(items))
}

fn zipmap(args: FuncArgs) -> Out {
    let keys = list(arg(&args, 0)?, "zipmap")?;
    let values = list(arg(&args, 1)?, "zipmap")?;
    if keys.len() != values.len() {
        return Err("zipmap: the lists differ in length".to_owned());
    }
    let mut out = Map::new();
    for (k, v) in keys.iter().zip(values) {
        out.insert(text(k, "zipmap")?, v.clone());
    }
    Ok(Value::Object(out))
}

fn one(args: FuncArgs) -> Out {
    match list(arg(&args, 0)?, "one")? {
        [] => Ok(Value::Null),
        [only] => Ok(only.clone()),
        _ => Err("one: the list has more than one element".to_owned()),
    }
}

fn jsonencode(args: FuncArgs) -> Out {
    serde_json::to_string(arg(&args, 0)?)
        .map(Value::String)
        .map_err(|e| format!("jsonencode: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::eval::Evaluate;

    fn eval(text: &str) -> Value {
        let mut ctx = Context::new();
        declare(&mut ctx);
        let expr: hcl::Expression = text.parse().unwrap();
        expr.evaluate(&ctx)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn functions_follow_terraform() {
        assert_eq!(eval(r#"format("%s-%d", "a", 3)"#), Value::from("a-3"));
        assert_eq!(eval(r#"join(",", ["a"], ["b"])"#), Value::from("a,b"));
        assert_eq!(
            eval(r#"toset(["b", "a", "b"])"#),
            Value::from(vec!["a", "b"])
        );
        assert_eq!(eval(r#"lookup({a = 1}, "b", 2)"#), Value::from(2));
        assert_eq!(eval(r#"coalesce("", "x")"#), Value::from("x"));
        assert_eq!(eval(r#"element(["a", "b"], 3)"#), Value::from("b"));
        assert_eq!(eval(r"keys({b = 1, a = 2})"), Value::from(vec!["a", "b"]));
        assert_eq!(
            eval(r#"formatlist("arn:aws:s3:::%s/", ["x", "y"])"#),
            Value::from(vec!["arn:aws:s3:::x/", "arn:aws:s3:::y/"])
        );
        assert_eq!(eval(r#"replace("a-b", "-", "_")"#), Value::from("a_b"));
        assert_eq!(eval(r"length(merge({a = 1}, {b = 2}))"), Value::from(2));
    }
}
