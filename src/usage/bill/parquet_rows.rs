//! Parquet Cost and Usage Reports, row by row, with Apache Arrow's `parquet` crate (the `parquet`
//! feature). Only the columns the bill needs are read (a projection), and each value is handed on as
//! the text a CSV report would hold: strings as they are, decimals exactly, timestamps as UTC
//! `YYYY-MM-DDTHH:MM:SSZ`. AWS stores amounts in Parquet as doubles; each is written as its shortest
//! decimal text (the digits that round-trip), and no arithmetic is ever done on a float.

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use parquet::schema::types::Type;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

type Columns = ([usize; 7], Option<usize>);

/// Reads every row of `path`, calling `row` with the fields of `columns` in the bill's order.
pub(super) fn read(
    path: &Path,
    columns: impl Fn(&[String]) -> Result<Columns, String>,
    mut row: impl FnMut(&[&[u8]; 7], Option<&[u8]>) -> Result<(), String>,
) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let reader =
        SerializedFileReader::new(file).map_err(|e| format!("is not a Parquet file: {e}"))?;
    let schema = reader.metadata().file_metadata().schema();
    let fields = schema.get_fields();
    let names: Vec<String> = fields.iter().map(|f| f.name().to_string()).collect();
    let (found, end) = columns(&names)?;
    // The projection: the needed columns, each once, in the file's order.
    let mut wanted: Vec<usize> = found.iter().copied().chain(end).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let projected: Vec<Arc<Type>> = wanted.iter().map(|&i| fields[i].clone()).collect();
    let projection = Type::group_type_builder(schema.name())
        .with_fields(projected)
        .build()
        .map_err(|e| e.to_string())?;
    // Where each needed column sits in a projected row.
    let slot = |i: usize| wanted.iter().position(|&w| w == i).unwrap_or(0);
    let slots: [usize; 7] = found.map(slot);
    let end_slot = end.map(slot);
    let rows = reader
        .get_row_iter(Some(projection))
        .map_err(|e| format!("cannot be read: {e}"))?;
    let mut texts: Vec<String> = vec![String::new(); wanted.len()];
    for (n, r) in rows.enumerate() {
        let r = r.map_err(|e| format!("row {}: {e}", n + 1))?;
        for (text, (name, field)) in texts.iter_mut().zip(r.get_column_iter()) {
            text.clear();
            write_field(text, field).map_err(|what| format!("row {}: {name} {what}", n + 1))?;
        }
        let f = |s: usize| texts[s].as_bytes();
        let fields = slots.map(f);
        row(&fields, end_slot.map(f))?;
    }
    Ok(())
}

/// The text of one value, as a CSV report would write it.
fn write_field(out: &mut String, field: &Field) -> Result<(), String> {
    match field {
        Field::Null => {}
        Field::Str(s) => out.push_str(s),
        Field::Bytes(b) => match std::str::from_utf8(b.data()) {
            Ok(s) => out.push_str(s),
            Err(_) => return Err("is not UTF-8 text".into()),
        },
        Field::Byte(v) => push(out, v),
        Field::Short(v) => push(out, v),
        Field::Int(v) => push(out, v),
        Field::Long(v) => push(out, v),
        Field::UByte(v) => push(out, v),
        Field::UShort(v) => push(out, v),
        Field::UInt(v) => push(out, v),
        Field::ULong(v) => push(out, v),
        Field::Bool(v) => push(out, v),
        // Display writes the shortest decimal text that reads back as the same double.
        Field::Double(v) if v.is_finite() => push(out, v),
        Field::Float(v) if v.is_finite() => push(out, v),
        Field::Decimal(d) => {
            let bytes = d.data();
            if bytes.is_empty() || bytes.len() > 16 {
                return Err("is a decimal wider than 128 bits".into());
            }
            let fill = if bytes[0] & 0x80 != 0 { 0xff } else { 0 };
            let mut wide = [fill; 16];
            wide[16 - bytes.len()..].copy_from_slice(bytes);
            let value = i128::from_be_bytes(wide);
            let scale = u32::try_from(d.scale()).map_err(|_| "has a negative scale".to_string())?;
            let dec = rust_decimal::Decimal::try_from_i128_with_scale(value, scale)
                .map_err(|_| "is a decimal beyond 28 digits".to_string())?;
            push(out, dec);
        }
        Field::TimestampMillis(ms) => timestamp(out, ms.div_euclid(1000)),
        Field::TimestampMicros(us) => timestamp(out, us.div_euclid(1_000_000)),
        Field::Date(days) => out.push_str(&super::date_text(i64::from(*days))),
        other => return Err(format!("holds a value trailplan does not read: {other}")),
    }
    Ok(())
}

fn push(out: &mut String, v: impl std::fmt::Display) {
    let _ = write!(out, "{v}");
}

fn timestamp(out: &mut String, secs: i64) {
    out.push_str(&crate::date::utc_time_text(secs));
}
