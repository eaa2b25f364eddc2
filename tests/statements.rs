//! `comp statements`: a file per payee and plan period with an index, self-contained, every text
//! value escaped, written only inside the folder asked for and never over an input.

mod common;
use common::comp;
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn statements(out: &Path, more: &[&str]) -> common::Run {
    comp()
        .args(["--workspace", "examples/acme/comp.toml", "statements"])
        .args(["--period", "2024-Q1", "--out"])
        .arg(out)
        .args(more)
        .hide_tmp(out)
        .run()
}

/// A small workspace of `comp init`, to change.
fn init() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = comp().args(["init"]).arg(dir.path().join("ws")).run();
    assert!(run.success(), "{}", run.text());
    dir
}

#[test]
fn a_page_per_payee_and_plan_period_and_an_index_with_the_totals() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("q1");
    let run = statements(&out, &[]);
    assert!(run.success(), "{}", run.text());
    // the quarter's statements: quarterly plans once, the SDRs' monthly plan three times
    let pages = common::files_under(&out, ".html");
    assert_eq!(pages.len(), 42 + 1, "{pages:?}");

    let sophie = read(&out.join("sophie.laurent-2024-Q1.html"));
    // worked by hand in examples/acme/expect/2024-q1.toml: 6,267.26 + 9,375.00 = 15,642.26
    for shown in [
        "Laurent, Sophie",
        "ae-enterprise",
        "new_business (rate table)",
        "account_growth (curve)",
        "6,267.26 EUR",
        "9,375.00 EUR",
        "Total: 15,642.26 EUR",
        // explain's sentences, as explain says them
        "In total you are paid 15,642.26 EUR for 2024-Q1.",
        "so all of it is paid at 4%: 156,681.60 x 4% = 6,267.26.",
        // the curve drawn inline, the records folded away, A4 in print
        "<svg class=\"curve\"",
        "<details>",
        "@page { size: A4;",
    ] {
        assert!(sophie.contains(shown), "missing {shown:?} in\n{sophie}");
    }
    // self-contained: nothing fetched, nothing run
    for outside in ["<script", "<link", " src=", "url(", "@import"] {
        assert!(!sophie.contains(outside), "{outside:?} in\n{sophie}");
    }

    let index = read(&out.join("index.html"));
    assert!(
        index.contains("<a href=\"sophie.laurent-2024-Q1.html\">Laurent, Sophie</a>"),
        "{index}"
    );
    assert!(index.contains("15,642.26 EUR"), "{index}");
    // the SDRs' months are listed one by one
    assert!(index.contains("ines.morel-2024-02.html"), "{index}");
}

/// `--format txt` writes explain's text: the same bytes as `comp explain` for that payee.
#[test]
fn the_text_statement_is_explains_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("txt");
    let run = statements(&out, &["--payee", "sophie.laurent", "--format", "txt"]);
    assert!(run.success(), "{}", run.text());
    let explain = comp()
        .args(["--workspace", "examples/acme/comp.toml", "explain"])
        .args(["--payee", "sophie.laurent", "--period", "2024-Q1"])
        .run();
    assert_eq!(
        read(&out.join("sophie.laurent-2024-Q1.txt")),
        String::from_utf8(explain.stdout).unwrap()
    );
    assert_eq!(
        common::files_under(&out, "").len(),
        2,
        "the statement and index.txt"
    );
}

/// A name from the roster is text, never markup: `<script>` in a payee's name is shown, not run.
#[test]
fn every_text_value_is_escaped() {
    let tmp = init();
    let ws = tmp.path().join("ws");
    let roster = read(&ws.join("data/roster.csv"))
        .replace("Alex Martin", "\"<script>alert('x')</script> & Co\"");
    std::fs::write(ws.join("data/roster.csv"), roster).unwrap();
    let out = tmp.path().join("out");
    let run = comp()
        .workspace(&ws)
        .args(["statements", "--period", "2024-Q1", "--out"])
        .arg(&out)
        .run();
    assert!(run.success(), "{}", run.text());
    for page in ["ae-01-2024-Q1.html", "index.html"] {
        let html = read(&out.join(page));
        assert!(!html.contains("<script"), "{page}:\n{html}");
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"),
            "{page}:\n{html}"
        );
    }
}

/// A file in the folder that is a link leading out of it is not written through.
#[cfg(unix)]
#[test]
fn a_link_leading_out_of_the_folder_is_refused() {
    let tmp = init();
    let ws = tmp.path().join("ws");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink("../elsewhere.html", out.join("ae-01-2024-Q1.html")).unwrap();
    let run = comp()
        .workspace(&ws)
        .args(["statements", "--period", "2024-Q1", "--out"])
        .arg(&out)
        .hide_tmp(tmp.path())
        .run();
    assert_eq!(run.code, Some(2), "{}", run.text());
    assert!(!tmp.path().join("elsewhere.html").exists());
    assert!(!out.join("index.html").exists(), "nothing is written");
    insta::assert_snapshot!(run.text());
}

/// A statement never replaces a file the workspace reads, even one named like a statement.
#[test]
fn an_input_is_never_overwritten() {
    let tmp = init();
    let ws = tmp.path().join("ws");
    std::fs::rename(
        ws.join("data/deals.csv"),
        ws.join("data/ae-01-2024-Q1.html"),
    )
    .unwrap();
    let toml = read(&ws.join("comp.toml")).replace("data/deals.csv", "data/ae-01-2024-Q1.html");
    std::fs::write(ws.join("comp.toml"), toml).unwrap();
    let before = read(&ws.join("data/ae-01-2024-Q1.html"));
    let run = comp()
        .workspace(&ws)
        .args(["statements", "--period", "2024-Q1", "--out"])
        .arg(ws.join("data"))
        .hide_tmp(tmp.path())
        .run();
    assert_eq!(run.code, Some(2), "{}", run.text());
    assert_eq!(read(&ws.join("data/ae-01-2024-Q1.html")), before);
    insta::assert_snapshot!(run.text());
}

#[test]
fn an_out_that_is_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("statements.html");
    std::fs::write(&file, "").unwrap();
    let run = statements(&file, &[]);
    assert_eq!(run.code, Some(2), "{}", run.text());
    insta::assert_snapshot!(run.text());
}

/// `locale = "fr-FR"` in comp.toml: the statement and its index in French, French numbers and dates.
#[test]
fn statements_in_french_from_the_workspace_locale() {
    let tmp = init();
    let ws = tmp.path().join("ws");
    let toml = read(&ws.join("comp.toml")).replace(
        "currency = \"EUR\"",
        "currency = \"EUR\"\nlocale = \"fr-FR\"",
    );
    std::fs::write(ws.join("comp.toml"), toml).unwrap();
    let out = tmp.path().join("out");
    let run = comp()
        .workspace(&ws)
        .args(["statements", "--period", "2024-Q1", "--out"])
        .arg(&out)
        .run();
    assert!(run.success(), "{}", run.text());
    let page = read(&out.join("ae-01-2024-Q1.html"));
    for shown in [
        "<html lang=\"fr-FR\">",
        "Relevé de rémunération variable",
        "Variable cible",
        // the quarter's first and last days, day first
        "2024-Q1 (01/01/2024 – 31/03/2024)",
        "Au total, vous percevez",
    ] {
        assert!(page.contains(shown), "{shown:?} not in\n{page}");
    }
    // amounts: a narrow no-break space between thousands and before the euro sign
    assert!(page.contains(",00\u{202f}€"), "{page}");
    assert!(page.contains("id=\"total\">Total\u{a0}: "), "{page}");
    assert!(!page.contains(" EUR<"), "{page}");
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("Relevés de rémunération variable"),
        "{index}"
    );
}

/// An unknown locale is an error at its place in comp.toml, with the locales comp has.
#[test]
fn an_unknown_locale_is_an_error() {
    let tmp = init();
    let ws = tmp.path().join("ws");
    let toml = read(&ws.join("comp.toml")).replace(
        "currency = \"EUR\"",
        "currency = \"EUR\"\nlocale = \"fr-CA\"",
    );
    std::fs::write(ws.join("comp.toml"), toml).unwrap();
    let run = comp()
        .workspace(&ws)
        .args(["explain", "--payee", "ae-01", "--period", "2024-Q1"])
        .hide_tmp(tmp.path())
        .run();
    assert_eq!(run.code, Some(2), "{}", run.text());
    insta::assert_snapshot!(run.text());
}
