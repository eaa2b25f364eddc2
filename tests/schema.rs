//! The JSON Schemas `comp schema` prints accept every example file and reject a typo, so an editor
//! using them agrees with comp.

mod common;
use common::{comp, files_under, root};

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
