//! Price overrides: a scenario's `[prices]` table and a `--prices FILE` hold the same keys
//! ([`RawPrices`]) and take one path onto the price book, with one rule for what is refused (a
//! negative price) and the line and column of the value that breaks it.
//! <https://aws.amazon.com/cloudtrail/pricing/>

use super::raw::RawPrices;
use crate::error::{Error, SourceFile};
use crate::model::PriceBook;

/// The book with the prices of `raw` (read from `source`) set; a price is never negative.
/// `label` says where the prices now come from, when any is set.
pub(crate) fn apply(
    raw: &RawPrices,
    book: &PriceBook,
    source: &SourceFile,
    label: impl FnOnce() -> String,
) -> Result<PriceBook, Error> {
    let mut out = book.clone();
    let mut given = out.given.clone();
    let fields = [
        (&raw.management_additional, &mut out.management_additional),
        (&raw.data, &mut out.data),
        (&raw.network_activity, &mut out.network_activity),
        (&raw.insights, &mut out.insights),
        (&raw.data_insights, &mut out.data_insights),
    ];
    let mut overridden = false;
    for ((value, slot), key) in fields.into_iter().zip(PriceBook::KEYS) {
        if let Some(v) = value {
            if v.get_ref().0.is_sign_negative() {
                return Err(source.error_at(Some(v.span()), "a price must not be negative"));
            }
            *slot = v.get_ref().0;
            overridden = true;
            if let crate::error::Error::Invalid {
                file,
                location: Some(location),
                snippet,
                ..
            } = source.error_at(Some(v.span()), "")
            {
                out.places.retain(|p| p.key != key);
                out.places.push(crate::model::PricePlace {
                    key,
                    file,
                    location,
                    snippet,
                });
            }
            if !given.contains(&key) {
                given.push(key);
            }
        }
    }
    if let Some(currency) = &raw.currency {
        let code = currency.get_ref();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(source.error_at(
                Some(currency.span()),
                format!("`currency` is an ISO 4217 code of three capital letters (\"USD\", \"CNY\"), not \"{code}\""),
            ));
        }
        out.currency.clone_from(code);
        overridden = true;
        if !given.contains(&"currency") {
            given.push("currency");
        }
    }
    out.given = given;
    if overridden {
        out.source = label();
    }
    Ok(out)
}

/// A `--prices FILE`: the keys of a scenario's `[prices]` table at the top level.
#[derive(Debug)]
pub(crate) struct PriceFile {
    raw: RawPrices,
    source: SourceFile,
}

impl PriceFile {
    /// Reads and parses the file (unknown keys are errors, with their line and column).
    pub(crate) fn load(path: &std::path::Path) -> Result<PriceFile, Error> {
        let source = super::read_source(path)?;
        let raw = super::parse_raw(&source)?;
        Ok(PriceFile { raw, source })
    }

    /// The book with this file's prices set; the book's source names the file.
    pub(crate) fn apply(&self, book: &PriceBook) -> Result<PriceBook, Error> {
        let mut out = apply(&self.raw, book, &self.source, || self.source.name.clone())?;
        out.source.clone_from(&self.source.name);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::PriceFile;
    use crate::error::{Error, Location, SourceFile};
    use crate::model::PriceBook;

    fn file(text: &str) -> PriceFile {
        let source = SourceFile::new("prices.toml", text);
        let raw = crate::scenario::parse_raw(&source).unwrap();
        PriceFile { raw, source }
    }

    #[test]
    fn a_price_file_sets_its_prices_and_names_itself() {
        let book = file("data = \"0.12\"\n")
            .apply(&PriceBook::default())
            .unwrap();
        assert_eq!(book.data.to_string(), "0.12");
        assert_eq!(book.management_additional.to_string(), "2.00");
        assert_eq!(book.source, "prices.toml");
    }

    #[test]
    fn a_negative_price_points_at_its_line_and_column_in_either_place() {
        match file("data = \"0.10\"\ninsights = \"-0.35\"\n").apply(&PriceBook::default()) {
            Err(Error::Invalid {
                file,
                location,
                message,
                ..
            }) => {
                assert_eq!(file, "prices.toml");
                assert_eq!(
                    location,
                    Some(Location {
                        line: 2,
                        column: 12
                    })
                );
                assert_eq!(message, "a price must not be negative");
            }
            other => panic!("{other:?}"),
        }
        let text = "format = 1\nname = \"n\"\nregions = [\"us-east-1\"]\n[prices]\ndata = \"-1\"\n";
        match crate::scenario::parse(SourceFile::new("s.toml", text)) {
            Err(Error::Invalid {
                location, message, ..
            }) => {
                assert_eq!(location, Some(Location { line: 5, column: 8 }));
                assert_eq!(message, "a price must not be negative");
            }
            other => panic!("{other:?}"),
        }
    }
}
