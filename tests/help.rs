//! The command line as a user meets it: an example in every `--help`, `--workspace` only where it
//! does something, `-o -` documented wherever `-o` is, the man pages.

mod common;
use clap::CommandFactory;
use common::comp;

/// Every verb, and every verb's own verbs (`ledger verify`), with its path of names.
fn verbs() -> Vec<(String, clap::Command)> {
    fn walk(prefix: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("{prefix} {}", sub.get_name());
            out.push((name.clone(), sub.clone()));
            walk(&name, sub, out);
        }
    }
    let mut cmd = comp::cli::Cli::command();
    cmd.build();
    let mut out = vec![("comp".to_string(), cmd.clone())];
    walk("comp", &cmd, &mut out);
    out
}

#[test]
fn every_help_has_an_example() {
    let all = verbs();
    assert!(all.len() > 15, "{}", all.len());
    for (name, cmd) in all {
        let after = cmd
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        // a verb with verbs of its own may show them instead (ledger: see ledger verify)
        let example_line = after
            .lines()
            .any(|l| l.trim_start().starts_with(&format!("{name} ")) || l.trim_start() == name);
        assert!(
            after.starts_with("Examples:") && (example_line || name == "comp"),
            "`{name} --help` has no example of itself:\n{after}"
        );
    }
}

#[test]
fn workspace_is_offered_only_where_it_does_something() {
    let without = ["demo", "schema", "init", "completions", "man", "ledger"];
    for (name, cmd) in verbs() {
        let verb = name.rsplit(' ').next().unwrap();
        if name == "comp" {
            continue;
        }
        let has = cmd
            .get_arguments()
            .any(|a| a.get_long() == Some("workspace"));
        assert_eq!(
            has,
            !without.contains(&verb),
            "{name}: --workspace offered = {has}"
        );
    }
    // before a verb that reads none, it is refused rather than ignored
    let out = comp()
        .args(["--workspace", "examples/acme", "schema", "plan"])
        .output();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("comp schema does not read a workspace"));
    // after the verb, and before it, both still work where it does
    for args in [
        &["--workspace", "examples/acme", "ledger", "verify"][..],
        &["ledger", "verify", "--workspace", "examples/acme"][..],
        &[
            "calc",
            "--workspace",
            "examples/acme",
            "--period",
            "2024-03",
            "-q",
        ][..],
    ] {
        let out = comp().args(args).output();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn standard_output_is_documented_wherever_o_is() {
    for (name, cmd) in verbs() {
        for a in cmd.get_arguments().filter(|a| a.get_short() == Some('o')) {
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(help.contains("`-` is standard output"), "{name} -o: {help}");
        }
    }
}

#[test]
fn quiet_dry_run_and_completions_are_there() {
    let all = verbs();
    let find = |n: &str| all.iter().find(|(name, _)| name == n).unwrap().1.clone();
    assert!(find("comp calc")
        .get_arguments()
        .any(|a| a.get_long() == Some("quiet")));
    assert!(find("comp close")
        .get_arguments()
        .any(|a| a.get_long() == Some("dry-run")));
    let out = comp().args(["completions", "bash"]).output();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("comp"));
}

#[test]
fn man_prints_a_page_and_writes_one_per_verb() {
    let out = comp().args(["man"]).output();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH comp"),
        "{}",
        &page[..200]
    );
    let dir = tempfile::tempdir().unwrap();
    let out = comp().arg("man").arg("--out").arg(dir.path()).output();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "comp.1",
        "comp-calc.1",
        "comp-ledger-verify.1",
        "comp-whatif.1",
    ] {
        let page = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(page.contains(".TH"), "{name}");
    }
}

/// The README's commands that name a file of the repository, run from the repository root as
/// they are written there.
#[test]
fn the_readme_s_diff_example_runs() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("comp ") && l.contains(" diff ") && l.contains("--against"))
        .expect("a diff example");
    let command = line.split('#').next().unwrap();
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let out = comp().args(&args).arg("-q").output();
    assert!(
        out.status.success(),
        "{line}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Total cost:"));
}
