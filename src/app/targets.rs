//! Where a command's reports go: `--format F --output FILE` pairs (SPEC §4), the rule that no
//! output overwrites an input of its run, and what is left for standard output.

use crate::error::Error;
use crate::plan::Plan;
use crate::report::{self, Format};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `--format` and `--output` as the command line gave them: repeatable in pairs, each `--output`
/// takes the `--format` before it; a `--format` without one goes to standard output.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// Every `--format`, in order.
    pub formats: Vec<Format>,
    /// Every `--output`, in order.
    pub files: Vec<PathBuf>,
    /// For each `--output`, how many `--format` came before it on the command line.
    pub order: Vec<usize>,
}

/// One report to make: its format and its file (`None`: standard output).
pub type Target = (Format, Option<PathBuf>);

fn name(format: Format) -> &'static str {
    format.as_str()
}

impl Outputs {
    /// Where a run that stops on an error writes it for machines: its JSON reports, and its SARIF
    /// ones when `sarif`. None when the reports asked for are themselves refused (two to standard
    /// output, or one that `refuse_clashes` refuses): nothing is written then.
    pub(super) fn error_targets(
        &self,
        sarif: bool,
        refuse_clashes: impl FnOnce(&[Target]) -> Result<(), Error>,
    ) -> Vec<Target> {
        match self.targets() {
            Ok(targets) if refuse_clashes(&targets).is_ok() => machine_targets(targets, sarif),
            _ => Vec::new(),
        }
    }

    /// Where a run over `inputs` that stops on an error writes it for machines: its JSON reports.
    /// None when the reports asked for are themselves refused, one of them over an input or
    /// another output among them.
    pub(super) fn json_error_targets(&self, inputs: &[(&str, &Path)]) -> Vec<Target> {
        self.error_targets(false, |targets| refuse_outputs_over(inputs, targets))
    }

    /// Every report to make, those with a file first: each `--output` with the `--format` before
    /// it (SPEC §4). At most one goes to standard output, and no two to the same file.
    pub fn targets(&self) -> Result<Vec<Target>, Error> {
        let mut targets = match (self.formats.as_slice(), self.files.as_slice()) {
            ([], []) => return Ok(vec![(Format::Table, None)]),
            ([], [one]) => vec![(Format::Table, Some(one.clone()))],
            ([], _) => {
                return Err(Error::usage(
                    "several --output files need a --format before each: \
                     `--format F --output FILE` pairs",
                ));
            }
            ([f], [o]) => vec![(*f, Some(o.clone()))],
            _ => self.pairs()?,
        };
        let to_stdout: Vec<&str> = targets
            .iter()
            .filter(|(_, o)| o.is_none())
            .map(|(f, _)| name(*f))
            .collect();
        if to_stdout.len() > 1 {
            return Err(Error::usage(format!(
                "--format {} would all go to standard output; give all but one of them an \
                 --output FILE after it",
                to_stdout.join(", --format ")
            )));
        }
        for (i, (_, a)) in targets.iter().enumerate() {
            for (_, b) in targets.iter().skip(i + 1) {
                if let (Some(a), Some(b)) = (a, b)
                    && (a == b || crate::output::same_file(a, b))
                {
                    return Err(Error::usage(format!(
                        "--output {} and --output {} are the same file; each report needs its own",
                        a.display(),
                        b.display()
                    )));
                }
            }
        }
        targets.sort_by_key(|(_, o)| o.is_none());
        Ok(targets)
    }

    /// Several formats: each `--output` goes to the `--format` just before it.
    fn pairs(&self) -> Result<Vec<Target>, Error> {
        let mut targets: Vec<Target> = self.formats.iter().map(|f| (*f, None)).collect();
        for (i, file) in self.files.iter().enumerate() {
            let before = self.order.get(i).copied().unwrap_or(i + 1);
            let Some(slot) = before.checked_sub(1).and_then(|k| targets.get_mut(k)) else {
                return Err(Error::usage(format!(
                    "--output {} comes before any --format: write `--format F --output FILE` \
                     pairs, each --output after its --format",
                    file.display()
                )));
            };
            if let Some(first) = &slot.1 {
                return Err(Error::usage(format!(
                    "--format {} is followed by two --output files, {} and {}: each --output \
                     takes the --format just before it",
                    name(slot.0),
                    first.display(),
                    file.display()
                )));
            }
            slot.1 = Some(file.clone());
        }
        Ok(targets)
    }
}

/// The `--output` files of `targets`, as [`refuse_overwrite`] names them.
pub(super) fn output_files(targets: &[Target]) -> impl Iterator<Item = (&'static str, &Path)> {
    targets
        .iter()
        .filter_map(|(_, f)| f.as_deref().map(|f| ("--output", f)))
}

/// Refuses any `--output` of `targets` over one of `inputs` or over another output.
pub(super) fn refuse_outputs_over(
    inputs: &[(&str, &Path)],
    targets: &[Target],
) -> Result<(), Error> {
    let outputs: Vec<(&str, &Path)> = output_files(targets).collect();
    refuse_overwrite(inputs, &outputs)
}

/// Refuses to write an output over an input of the same run (the input would be lost), or two
/// outputs to one file.
pub(super) fn refuse_overwrite(
    inputs: &[(&str, &Path)],
    outputs: &[(&str, &Path)],
) -> Result<(), Error> {
    for (i, (out_flag, out)) in outputs.iter().enumerate() {
        for (in_flag, input) in inputs {
            if crate::output::same_file(out, input) {
                return Err(Error::usage(format!(
                    "{out_flag} {} would overwrite {in_flag} {}, an input of this run; write it \
                     to another file",
                    out.display(),
                    input.display()
                )));
            }
        }
        for (other_flag, other) in outputs.iter().skip(i + 1) {
            if crate::output::same_file(out, other) {
                return Err(Error::usage(format!(
                    "{out_flag} {} and {other_flag} {} are the same file; each output needs its own",
                    out.display(),
                    other.display()
                )));
            }
        }
    }
    Ok(())
}

/// Writes `text` to `file` (whole or not at all) and leaves nothing to print, or leaves it to
/// print.
pub fn write_text(text: String, file: Option<&Path>) -> Result<String, Error> {
    match file {
        Some(path) => {
            crate::output::write_file(path, |w| w.write_all(text.as_bytes()))?;
            Ok(String::new())
        }
        None => Ok(text),
    }
}

/// Writes what machines read of a run that stopped on `errors` (exit `exit_code`) where its
/// reports would have gone (`targets`, as `machine_targets` keeps them): the JSON error object
/// and the SARIF log of a failed run, each file whole or not at all (not a file that just failed
/// to be written: it would fail again). Returns the text for standard output (empty when no such
/// report goes there) and the errors of writing the files.
pub fn write_errors(targets: &[Target], errors: &[Error], exit_code: u8) -> (String, Vec<Error>) {
    let mut stdout = String::new();
    let mut failed = Vec::new();
    let unwritable = |path: &Path| {
        let name = path.display().to_string();
        errors
            .iter()
            .any(|e| matches!(e, Error::Write { file, .. } if *file == name))
    };
    for (format, file) in targets {
        let Some(text) = report::render_errors(*format, errors, exit_code) else {
            continue;
        };
        match file {
            Some(path) if unwritable(path) => {}
            Some(path) => {
                if let Err(e) = crate::output::write_file(path, |w| w.write_all(text.as_bytes())) {
                    failed.push(e);
                }
            }
            None => stdout = text,
        }
    }
    (stdout, failed)
}

/// The reports of `targets` that carry errors for machines: JSON, and SARIF when `sarif` (the
/// command makes SARIF at all).
pub(super) fn machine_targets(targets: Vec<Target>, sarif: bool) -> Vec<Target> {
    targets
        .into_iter()
        .filter(|(f, _)| *f == Format::Json || (sarif && *f == Format::Sarif))
        .collect()
}

/// What a command leaves for standard output.
#[derive(Debug)]
pub enum Stdout {
    Text(String),
    /// Plans as a report, written to the output as it is made (the table a row at a time, JSON
    /// as the text is made).
    Report {
        format: Format,
        plans: Vec<Plan>,
        options: Box<report::Options>,
    },
}

impl From<String> for Stdout {
    fn from(text: String) -> Self {
        Stdout::Text(text)
    }
}

impl Stdout {
    /// Writes it to `out`.
    pub fn write(self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Stdout::Text(text) => out.write_all(text.as_bytes()),
            Stdout::Report {
                format,
                plans,
                options,
            } => {
                let written = report::write(format, &plans, &options, out);
                // The process ends next: handing the plans' memory back to the system in one
                // piece beats freeing millions of line items one by one.
                std::mem::forget(plans);
                written
            }
        }
    }
}

/// Reports made as text, each with its file (`None`: standard output).
#[derive(Debug)]
pub struct Texts(pub Vec<(Option<PathBuf>, String)>);

impl Texts {
    /// Writes each text that has a file (whole or not at all), and returns the one for standard
    /// output (or nothing).
    pub fn write_files(self) -> Result<String, Error> {
        let mut stdout = String::new();
        for (file, text) in self.0 {
            match file {
                Some(path) => {
                    crate::output::write_file(&path, |w| w.write_all(text.as_bytes()))?;
                }
                None => stdout = text,
            }
        }
        Ok(stdout)
    }
}
