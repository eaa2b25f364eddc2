//! The JSON Schemas `comp schema` prints accept every example file and reject a typo, so an editor
//! using them agrees with comp.

mod common;
use common::{comp, files_under, root, toml_blocks};

use std::path::PathBuf;

fn validator(kind: &str) -> jsonschema::Validator {
    let schema = serde_json::to_value(comp::schema::for_kind(kind).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// A TOML document as the JSON value editors validate.
fn as_json(text: &str) -> serde_json::Value {
    let v: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_value(v).unwrap()
}

fn errors(v: &jsonschema::Validator, text: &str) -> Vec<String> {
    v.iter_errors(&as_json(text))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_example_plan_and_golden_plan_is_valid() {
    let v = validator("plan");
    let mut plans = files_under(&root().join("plans"), ".toml");
    plans.extend(files_under(&root().join("tests/golden"), ".toml"));
    plans.extend(files_under(&root().join("templates"), ".toml"));
    let plans: Vec<PathBuf> = plans
        .into_iter()
        .filter(|p| !p.ends_with("comp.toml") && p.to_string_lossy().contains("plans"))
        .collect();
    assert!(plans.len() >= 3);
    for p in plans {
        let e = errors(&v, &std::fs::read_to_string(&p).unwrap());
        assert!(e.is_empty(), "{}: {e:?}", p.display());
    }
}

#[test]
fn every_example_workspace_is_valid() {
    let v = validator("workspace");
    let mut files = files_under(&root().join("examples"), "comp.toml");
    files.extend(files_under(&root().join("tests/golden"), "comp.toml"));
    files.extend(files_under(&root().join("templates"), "comp.toml"));
    assert!(files.len() >= 2);
    for p in files {
        let e = errors(&v, &std::fs::read_to_string(&p).unwrap());
        assert!(e.is_empty(), "{}: {e:?}", p.display());
    }
}

#[test]
fn every_example_expectation_file_is_valid() {
    let v = validator("expect");
    let mut files = files_under(&root().join("examples"), ".toml");
    files.extend(files_under(&root().join("templates"), ".toml"));
    let files: Vec<_> = files
        .into_iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("expect")))
        .collect();
    assert!(!files.is_empty());
    for p in files {
        let e = errors(&v, &std::fs::read_to_string(&p).unwrap());
        assert!(e.is_empty(), "{}: {e:?}", p.display());
    }
}

/// The scenario files comp ships: the example company's, the what-if tests' (every `.toml` there but
/// workspaces and plans) and the `toml` blocks of docs/whatif.md, all of which are scenarios.
fn shipped_scenarios() -> Vec<(String, String)> {
    let mut files = files_under(&root().join("examples/acme/2023"), ".toml");
    files.extend(files_under(&root().join("tests/whatif"), ".toml"));
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .filter(|p| !p.ends_with("comp.toml") && !p.to_string_lossy().contains("/plans/"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.display().to_string(), text)
        })
        .collect();
    let guide = std::fs::read_to_string(root().join("docs/whatif.md")).unwrap();
    for (i, block) in toml_blocks(&guide).into_iter().enumerate() {
        out.push((format!("docs/whatif.md block {}", i + 1), block));
    }
    out
}

#[test]
fn every_shipped_scenario_is_valid() {
    let v = validator("scenario");
    let scenarios = shipped_scenarios();
    assert!(scenarios.len() >= 18, "{}", scenarios.len());
    for (name, text) in scenarios {
        let e = errors(&v, &text);
        assert!(e.is_empty(), "{name}: {e:?}");
    }
}

#[test]
fn a_scenario_typo_or_unknown_word_is_rejected() {
    let v = validator("scenario");
    let text =
        std::fs::read_to_string(root().join("examples/acme/2023/scenario-2024.toml")).unwrap();
    for (from, to) in [
        ("base_year", "base_yaer"),
        ("[quotas]", "[quota]"),
        ("base_year = 2023", "base_year = [2023]"),
        // a KPI draw needs its spread, and knows its keys
        ("grr = { spread = \"5%\" }", "grr = { mean = \"90%\" }"),
        (
            "grr = { spread = \"5%\" }",
            "grr = { spread = \"5%\", sd = 1 }",
        ),
    ] {
        let bad = text.replacen(from, to, 1);
        assert_ne!(bad, text, "{from}");
        assert!(!errors(&v, &bad).is_empty(), "{to} is rejected");
    }
    // the fixed words are the checker's own lists
    let minimal = "base_year = 2023\nyear = 2024\n";
    for (ok, bad) in [
        ("model = \"monte-carlo\"", "model = \"montecarlo\""),
        ("[monte_carlo]\ndistribution = \"lognormal\"", "[monte_carlo]\ndistribution = \"log\""),
        (
            "[solve]\nvary = { quota_growth = {} }\ntarget = { total_cost = 1, at = \"p90\" }\nbetween = [0, 1]",
            "[solve]\nvary = { quota_grwth = {} }\ntarget = { total_cost = 1, at = \"p95\" }\nbetween = [0, 1]",
        ),
        (
            "[solve]\nvary = { ti_growth = { plan = \"sdr\" } }\ntarget = { cost_of_sales = \"9%\" }\nbetween = [0, 1]",
            "[solve]\nvary = { ti_growth = {}, quota_growth = {} }\ntarget = { cost_of_sales = \"9%\" }\nbetween = [0, 1]",
        ),
    ] {
        assert!(errors(&v, &format!("{minimal}{ok}")).is_empty(), "{ok}");
        assert!(!errors(&v, &format!("{minimal}{bad}")).is_empty(), "{bad}");
    }
}

/// Every key of a scenario says what it means: an editor shows it on hover.
#[test]
fn every_scenario_key_has_a_description() {
    fn walk(v: &serde_json::Value, at: &str, missing: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    for (key, p) in props {
                        if p.get("description").is_none() {
                            missing.push(format!("{at}.{key}"));
                        }
                    }
                }
                for (k, child) in map {
                    walk(child, &format!("{at}/{k}"), missing);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|c| walk(c, at, missing)),
            _ => {}
        }
    }
    let schema = serde_json::to_value(comp::schema::for_kind("scenario").unwrap()).unwrap();
    let mut missing = Vec::new();
    walk(&schema, "", &mut missing);
    assert!(
        missing.is_empty(),
        "keys without a description: {missing:?}"
    );
    assert_eq!(schema["additionalProperties"], false);
}

#[test]
fn a_misspelt_key_is_rejected() {
    let plan = std::fs::read_to_string(root().join("plans/ae-enterprise.toml")).unwrap();
    let typo = plan.replacen("weight = \"70%\"", "wieght = \"70%\"", 1);
    assert_ne!(plan, typo);
    let e = errors(&validator("plan"), &typo);
    assert!(
        e.iter().any(|m| m.contains("wieght")),
        "the typo is reported: {e:?}"
    );
    let ws = std::fs::read_to_string(root().join("examples/acme/comp.toml")).unwrap();
    let typo = ws.replacen("rounding =", "roundng =", 1);
    assert!(!errors(&validator("workspace"), &typo).is_empty());
}

#[test]
fn a_value_of_the_wrong_type_is_rejected() {
    let plan = std::fs::read_to_string(root().join("plans/sdr.toml")).unwrap();
    let bad = plan.replacen("frequency = \"month\"", "frequency = 12", 1);
    assert!(!errors(&validator("plan"), &bad).is_empty());
    // the words a choice accepts are the checker's own list (plan::words)
    let typo = plan.replacen("frequency = \"month\"", "frequency = \"monthy\"", 1);
    assert!(!errors(&validator("plan"), &typo).is_empty());
    let alias = plan.replacen("frequency = \"month\"", "frequency = \"monthly\"", 1);
    assert!(errors(&validator("plan"), &alias).is_empty());
    let beyond = plan.replacen("beyond = \"flat\"", "beyond = \"flatt\"", 1);
    assert!(!errors(&validator("plan"), &beyond).is_empty());
}

#[test]
fn comp_schema_prints_the_same_schema() {
    let out = comp().args(["schema", "plan"]).run();
    assert!(out.success(), "{}", out.text());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected = serde_json::to_value(comp::schema::for_kind("plan").unwrap()).unwrap();
    assert_eq!(printed, expected);
    assert_eq!(printed["additionalProperties"], false);
}

/// The levers the schema offers under `[solve] vary` are the ones comp reads (the checker's list is
/// its own `choice`): each parses, and a lever the schema refuses is refused by comp too.
#[test]
fn the_schemas_levers_are_comps() {
    let schema = serde_json::to_value(comp::schema::for_kind("scenario").unwrap()).unwrap();
    let levers: Vec<String> = schema["$defs"]["Vary"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(levers.len(), 3, "{levers:?}");
    let parse = |lever: &str| {
        let text = format!(
            "base_year = 2023\nyear = 2024\n[solve]\nvary = {{ {lever} = {{}} }}\ntarget = {{ total_cost = 1000 }}\nbetween = [\"0%\", \"10%\"]\n"
        );
        let src = comp::diag::SourceText::new("s.toml", &text);
        comp::whatif::scenario::parse(&src, comp::period::FiscalStart::default()).is_ok()
    };
    for lever in &levers {
        assert!(parse(lever), "comp reads the lever {lever}");
    }
    assert!(!parse("quota_grwth"));
}
