//! Statements in a real browser: headless Chromium loads each page `comp statements` wrote for the
//! example company, and the DOM it builds must show the payee, every component and the total;
//! printing a statement must give a PDF.
//!
//! Chromium is found as `$CHROMIUM` or `chromium` on the PATH (Debian: `apt-get install chromium`).
//! Without it these tests say so on standard error and pass, unless `COMP_REQUIRE_CHROMIUM=1`
//! (set by `.ci/run`, which installs it): then a missing browser is a failure, and every statement
//! of the quarter is opened (a local run opens one per plan: a browser takes seconds a page).

mod common;
use common::comp;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// The browser, or None after saying plainly that the test is skipped (a failure when CI requires it).
fn browser(test: &str) -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var("COMP_REQUIRE_CHROMIUM").as_deref() == Ok("1") => {
            panic!("{test}: Chromium is required (COMP_REQUIRE_CHROMIUM=1) but neither $CHROMIUM nor `chromium` on the PATH was found")
        }
        None => {
            // written to the process's stderr, not through `eprintln!`: the test harness keeps
            // what a passing test prints, and a skip must be seen
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED {test}: no Chromium ($CHROMIUM or `chromium` on the PATH); install it \
                 (apt-get install chromium) to run the browser tests"
            );
            None
        }
    }
}

/// Runs headless Chromium on a page with a fresh profile; returns what it printed.
fn headless(chromium: &Path, page: &Path, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn statements(out: &Path) {
    let run = comp()
        .args(["--workspace", "examples/acme/comp.toml", "statements"])
        .args(["--period", "2024-Q1", "--out"])
        .arg(out)
        .run();
    assert!(run.success(), "{}", run.text());
}

#[test]
fn every_statement_shows_its_payee_components_and_total_in_chromium() {
    let Some(chromium) =
        browser("every_statement_shows_its_payee_components_and_total_in_chromium")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("q1");
    statements(&out);

    // sophie.laurent's quarter, worked by hand in examples/acme/expect/2024-q1.toml:
    // new_business 156,681.60 x 4% = 6,267.26; account_growth capped at 250% of 3,750 = 9,375.00;
    // 6,267.26 + 9,375.00 = 15,642.26
    let dom = headless(
        &chromium,
        &out.join("sophie.laurent-2024-Q1.html"),
        &["--dump-dom"],
    );
    for shown in [
        "Laurent, Sophie",
        "new_business (rate table)",
        "account_growth (curve)",
        "6,267.26 EUR",
        "9,375.00 EUR",
        "Total: 15,642.26 EUR",
    ] {
        assert!(dom.contains(shown), "{shown:?} not in the DOM:\n{dom}");
    }

    // the index links every statement, with its total
    let index = headless(&chromium, &out.join("index.html"), &["--dump-dom"]);
    let pages = common::files_under(&out, ".html");
    for page in pages.iter().filter(|p| !p.ends_with("index.html")) {
        let name = page.file_name().unwrap().to_string_lossy();
        assert!(
            index.contains(&format!("href=\"{name}\"")),
            "{name} not in the index"
        );
    }

    // every statement renders with its own total: each page's DOM holds "Total: ... EUR". A
    // browser takes about two seconds a page here: CI (COMP_REQUIRE_CHROMIUM=1) opens all 42, a
    // local run the first page of each plan
    let all = std::env::var("COMP_REQUIRE_CHROMIUM").as_deref() == Ok("1");
    let mut plans_seen = std::collections::HashSet::new();
    for page in &pages {
        if page.ends_with("index.html") {
            continue;
        }
        let html = std::fs::read_to_string(page).unwrap();
        let plan = html
            .split("<dt>Plan</dt><dd>")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("a plan on every statement")
            .to_string();
        if !plans_seen.insert(plan) && !all {
            continue;
        }
        let dom = headless(&chromium, page, &["--dump-dom"]);
        assert!(
            dom.contains("id=\"total\">Total: ") && dom.contains("<h2>"),
            "{}: no total or no component in the DOM",
            page.display()
        );
    }
    assert_eq!(plans_seen.len(), 7, "the example company's seven plans");
}

#[test]
fn a_statement_prints_to_pdf() {
    let Some(chromium) = browser("a_statement_prints_to_pdf") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("q1");
    statements(&out);
    let pdf = tmp.path().join("sophie.pdf");
    headless(
        &chromium,
        &out.join("sophie.laurent-2024-Q1.html"),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(bytes.len() > 1000, "a PDF of {} bytes", bytes.len());
}
