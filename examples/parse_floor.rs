//! The floor that `trailplan plan` is measured against: read a scenario file and parse it into a
//! bare `toml::Table`, with no validation, no model and no output.
//!
//! cargo run --release --example parse_floor -- FILE

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor FILE");
        std::process::exit(2)
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(3)
        }
    };
    match toml::from_str::<toml::Table>(&text) {
        Ok(table) => println!("{} top-level keys", table.len()),
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(3)
        }
    }
}
