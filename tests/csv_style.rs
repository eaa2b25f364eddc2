//! CSV for a French Excel: `--csv-delimiter ';' --decimal-comma` (or comp.toml's `[output]`)
//! writes the same payroll as comp's own CSV, with `;` between fields and `,` as decimal mark.

mod common;
use common::comp;
use rust_decimal::Decimal;
use std::path::Path;

/// The rows of a CSV text split on `delimiter`, its header first.
fn rows(text: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(text)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn payroll(workspace: &Path, extra: &[&str]) -> Vec<u8> {
    let run = comp()
        .workspace(workspace)
        .args(["calc", "--period", "2024-Q1", "--format", "payroll"])
        .args(extra)
        .run();
    assert!(run.success(), "{}", run.text());
    run.stdout
}

/// The French rows hold the default rows' cells, amounts with `,` for `.`; the amounts parse to
/// the same decimals.
fn assert_same_payroll(default: &[u8], french: &[u8]) {
    let default = rows(default, b',');
    let french = rows(french, b';');
    assert_eq!(default.len(), french.len());
    assert!(default.len() > 2, "the example pays several payees");
    assert_eq!(default[0], french[0], "the header");
    for (d, f) in default.iter().zip(&french).skip(1) {
        assert_eq!(d.len(), 5);
        assert_eq!(f.len(), 5, "{f:?}");
        for col in [0, 1, 2, 4] {
            assert_eq!(d[col], f[col], "text stays as written");
        }
        assert_eq!(f[3], d[3].replace('.', ","));
        assert!(!f[3].contains('.'), "{f:?}");
        let amount: Decimal = d[3].parse().unwrap();
        let french_amount: Decimal = f[3].replace(',', ".").parse().unwrap();
        assert_eq!(amount, french_amount);
    }
}

#[test]
fn payroll_for_a_french_excel_has_the_default_amounts() {
    let acme = common::root().join("examples/acme");
    let default = payroll(&acme, &[]);
    let french = payroll(&acme, &["--csv-delimiter", ";", "--decimal-comma"]);
    assert_same_payroll(&default, &french);
    // the amounts do have decimals to write
    assert!(String::from_utf8_lossy(&french).contains(','));
}

#[test]
fn the_output_table_of_comp_toml_writes_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::root();
    let acme = tmp.path().join("examples/acme");
    common::copy_dir(&root.join("examples/acme"), &acme);
    common::copy_dir(&root.join("plans"), &tmp.path().join("plans"));
    let default = payroll(&acme, &[]);
    let toml = acme.join("comp.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[output]\ncsv_delimiter = \";\"\ndecimal_comma = true\n");
    std::fs::write(&toml, text).unwrap();
    let french = payroll(&acme, &[]);
    assert_same_payroll(&default, &french);
    // the command line overrides comp.toml's delimiter
    let piped = payroll(&acme, &["--csv-delimiter", "|"]);
    assert_eq!(
        String::from_utf8(piped).unwrap(),
        String::from_utf8(french).unwrap().replace(';', "|")
    );
}

/// The statements CSV: numbers in their columns take the decimal comma; ids, periods and words do
/// not.
#[test]
fn statements_csv_for_a_french_excel() {
    let acme = common::root().join("examples/acme");
    let run = |extra: &[&str]| {
        let run = comp()
            .workspace(&acme)
            .args(["calc", "--period", "2024-Q1", "--format", "csv"])
            .args(extra)
            .run();
        assert!(run.success(), "{}", run.text());
        run.stdout
    };
    let default = rows(&run(&[]), b',');
    let french = rows(&run(&["--csv-delimiter", ";", "--decimal-comma"]), b';');
    assert_eq!(default.len(), french.len());
    for (d, f) in default.iter().zip(&french) {
        assert_eq!(d.len(), f.len());
        for (col, (dc, fc)) in d.iter().zip(f).enumerate() {
            let number = [4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16].contains(&col)
                && dc.parse::<Decimal>().is_ok();
            if number {
                assert_eq!(*fc, dc.replace('.', ","), "column {col}");
            } else {
                assert_eq!(fc, dc, "column {col}");
            }
        }
    }
}

/// `curve` and `whatif` CSV: the same cells as comp's own CSV, numbers in the declared columns
/// with a decimal comma.
#[test]
fn curve_and_whatif_csv_for_a_french_excel() {
    let acme = common::root().join("examples/acme");
    for (workspace, args, numbers) in [
        (
            acme.join("comp.toml"),
            vec!["curve", "ae-enterprise", "account_growth", "--ti", "12500"],
            vec![0, 1, 2, 3],
        ),
        (
            acme.join("2023/comp.toml"),
            vec![
                "whatif",
                "--scenario",
                "examples/acme/2023/scenario-2024.toml",
            ],
            vec![0, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
        ),
    ] {
        let run = |extra: &[&str]| {
            let run = comp()
                .arg("--workspace")
                .arg(&workspace)
                .args(&args)
                .args(["--format", "csv"])
                .args(extra)
                .run();
            assert!(run.success(), "{}", run.text());
            run.stdout
        };
        let default = rows(&run(&[]), b',');
        let french = rows(&run(&["--csv-delimiter", ";", "--decimal-comma"]), b';');
        assert_eq!(default.len(), french.len(), "{args:?}");
        assert!(default.len() > 1, "{args:?}");
        for (d, f) in default.iter().zip(&french) {
            assert_eq!(d.len(), f.len());
            for (col, (dc, fc)) in d.iter().zip(f).enumerate() {
                let number =
                    numbers.contains(&col) && dc.trim_end_matches('%').parse::<Decimal>().is_ok();
                if number {
                    assert_eq!(*fc, dc.replace('.', ","), "{args:?} column {col}");
                } else {
                    assert_eq!(fc, dc, "{args:?} column {col}");
                }
            }
        }
    }
}
