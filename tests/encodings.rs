//! Encodings (issue 13, item 12): a source says `encoding = "windows-1252" | "latin-1" | "utf-16"`
//! and is decoded before reading; a file that is not UTF-8 and says nothing is an error at its
//! first bad byte, with the encoding to set when the bytes look like one, never a lossy read nor
//! "has no column".

mod common;
use common::{copy_dir, hide_tmp, root, run_in};

use std::path::Path;

fn acme_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("examples/acme"),
        &dir.path().join("examples/acme"),
    );
    copy_dir(&root().join("plans"), &dir.path().join("plans"));
    dir
}

/// Characters as windows-1252 (every character of the example's exports is in it).
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            c if (c as u32) < 0x100 => c as u32 as u8,
            c => panic!("{c} is not in windows-1252"),
        })
        .collect()
}

fn utf_16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

fn calc(dir: &Path) -> (i32, String) {
    run_in(
        dir,
        &[
            "--workspace",
            "examples/acme/comp.toml",
            "calc",
            "--period",
            "2024-Q1",
            "--format",
            "csv",
        ],
    )
}

fn set_encoding(dir: &Path, source: &str, encoding: &str) {
    let toml = dir.join("examples/acme/comp.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let header = format!("[sources.{source}]\n");
    assert!(text.contains(&header));
    let text = text.replacen(&header, &format!("{header}encoding = \"{encoding}\"\n"), 1);
    std::fs::write(&toml, text).unwrap();
}

/// The example's deals saved by Excel in windows-1252 (or latin-1), and its meetings as UTF-16:
/// with `encoding` set, every statement is what the UTF-8 files give.
#[test]
fn a_source_in_another_encoding_reads_as_its_utf8_self() {
    let dir = acme_copy();
    let d = dir.path();
    let (code, expected) = calc(d);
    assert_eq!(code, 0, "{expected}");
    for (deals_enc, meetings_enc) in [("windows-1252", "utf-16"), ("latin-1", "utf-16")] {
        let dir = acme_copy();
        let d = dir.path();
        let deals = d.join("examples/acme/data/deals.csv");
        let meetings = d.join("examples/acme/data/meetings.csv");
        std::fs::write(
            &deals,
            windows_1252(&std::fs::read_to_string(&deals).unwrap()),
        )
        .unwrap();
        std::fs::write(
            &meetings,
            utf_16le(&std::fs::read_to_string(&meetings).unwrap()),
        )
        .unwrap();
        set_encoding(d, "deals", deals_enc);
        set_encoding(d, "meetings", meetings_enc);
        let (code, text) = calc(d);
        assert_eq!(code, 0, "{text}");
        assert_eq!(text, expected, "{deals_enc}");
    }
}

/// Regression (issue 13, item 12): a windows-1252 export read as UTF-8 said "has no column
/// \"Réf\"". Its header line is not UTF-8, and the error says which encoding to set.
#[test]
fn a_windows_1252_file_without_encoding_is_an_error_at_the_first_bad_byte() {
    let dir = acme_copy();
    let d = dir.path();
    let deals = d.join("examples/acme/data/deals.csv");
    std::fs::write(
        &deals,
        windows_1252(&std::fs::read_to_string(&deals).unwrap()),
    )
    .unwrap();
    let (code, text) = calc(d);
    assert_eq!(code, 2, "{text}");
    insta::assert_snapshot!(hide_tmp(&text, d));
}

/// Regression (issue 13, item 12): one cell in windows-1252 in a UTF-8 file: an error at the cell's
/// first bad byte, with the hint.
#[test]
fn a_windows_1252_cell_in_a_utf8_file_is_an_error_at_the_byte() {
    let dir = acme_copy();
    let d = dir.path();
    let customers = d.join("examples/acme/data/customers.csv");
    let text = std::fs::read_to_string(&customers).unwrap();
    let mut bytes = text.into_bytes();
    let at = bytes.windows(11).position(|w| w == b"La Fourchet").unwrap();
    // "La Fourchette" -> "La Fourch\xe9tte"
    bytes[at + 9] = 0xE9;
    std::fs::write(&customers, bytes).unwrap();
    let (code, text) = calc(d);
    assert_eq!(code, 2, "{text}");
    insta::assert_snapshot!(hide_tmp(&text, d));
}

/// A UTF-16 file without `encoding` says so.
#[test]
fn a_utf16_file_without_encoding_says_so() {
    let dir = acme_copy();
    let d = dir.path();
    let meetings = d.join("examples/acme/data/meetings.csv");
    std::fs::write(
        &meetings,
        utf_16le(&std::fs::read_to_string(&meetings).unwrap()),
    )
    .unwrap();
    let (code, text) = calc(d);
    assert_eq!(code, 2, "{text}");
    insta::assert_snapshot!(hide_tmp(&text, d));
}

/// An encoding comp does not know is an error in comp.toml.
#[test]
fn an_unknown_encoding_is_an_error() {
    let dir = acme_copy();
    let d = dir.path();
    set_encoding(d, "deals", "cp850");
    let (code, text) = calc(d);
    assert_eq!(code, 2, "{text}");
    insta::assert_snapshot!(hide_tmp(&text, d));
}

/// Regression (issue 13, item 13): a comp.toml that is not UTF-8 got no line:column.
#[test]
fn a_workspace_file_that_is_not_utf8_is_an_error_at_the_byte() {
    let dir = acme_copy();
    let d = dir.path();
    let toml = d.join("examples/acme/comp.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, windows_1252(&text)).unwrap();
    let (code, text) = calc(d);
    assert_eq!(code, 2, "{text}");
    insta::assert_snapshot!(hide_tmp(&text, d));
}
