//! The floor that `trailplan usage logs` is measured against: walk the same folders, then only
//! read, decompress and parse every file (into nothing: `serde::de::IgnoredAny`) on every core.
//!
//! cargo run --release --example logs_floor -- [--decompress-only] PATH...
//!
//! `--decompress-only` leaves out the parse, to compare flate2's backend with `gzip -dc`
//! (`RAYON_NUM_THREADS=1` for one core).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parse = !args.iter().any(|a| a == "--decompress-only");
    let paths: Vec<std::path::PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(Into::into)
        .collect();
    match trailplan::usage::logs::floor(&paths, parse) {
        Ok((files, bytes, records)) => {
            println!("{files} files, {bytes} bytes, {records} records parsed");
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(3)
        }
    }
}
