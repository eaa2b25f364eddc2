//! Every example a user can copy must work: the TOML blocks of docs/format.md, every plan in plans/,
//! and every workspace under examples/.

mod common;
use common::{files_under, root, toml_blocks};

#[test]
fn the_format_guide_examples_load_as_a_workspace() {
    let guide = std::fs::read_to_string(root().join("docs/format.md")).unwrap();
    let blocks = toml_blocks(&guide);
    assert!(
        blocks.len() >= 3,
        "docs/format.md has a workspace block and plan blocks"
    );
    // the first block is the workspace; an `# expect/...` block is an expectation file, checked
    // against the first plan; every other block is a plan the workspace can load
    let (expectations, plans): (Vec<&String>, Vec<&String>) =
        blocks[1..].iter().partition(|b| b.starts_with("# expect/"));
    assert!(
        !expectations.is_empty(),
        "docs/format.md shows an expectation file"
    );
    for e in expectations {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("plans")).unwrap();
        std::fs::write(dir.path().join("comp.toml"), &blocks[0]).unwrap();
        std::fs::write(dir.path().join("plans/ae.toml"), plans[0]).unwrap();
        let ws = comp::read::workspace_file::load(&dir.path().join("comp.toml")).unwrap();
        let src = comp::diag::SourceText::new("expect/docs.toml", e.as_str());
        let exps = comp::expect::check(&ws, &src).unwrap_or_else(|err| {
            panic!("docs/format.md expectation block does not check:\n{err}")
        });
        assert!(!exps.is_empty() && !exps[0].checks.is_empty());
        // a case brings its own data: its amounts, worked by hand in the guide, must hold
        for e in exps.iter() {
            if let Some(case) = &e.case {
                let report = comp::commands::cases::run(&ws, e, case)
                    .unwrap_or_else(|err| panic!("docs/format.md case does not run:\n{err}"));
                for o in comp::expect::compare_one(e, &report) {
                    assert!(
                        o.holds(),
                        "docs/format.md case: {} expected {}, computed {}",
                        o.check.part.name(),
                        o.check.expected,
                        o.actual
                    );
                }
            }
        }
    }
    for (i, plan) in plans.into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("plans")).unwrap();
        std::fs::write(dir.path().join("comp.toml"), &blocks[0]).unwrap();
        std::fs::write(dir.path().join("plans/ae.toml"), plan).unwrap();
        let ws = comp::read::workspace_file::load(&dir.path().join("comp.toml"))
            .unwrap_or_else(|e| panic!("docs/format.md plan block {} does not load:\n{e}", i + 1));
        assert_eq!(ws.plans.len(), 1);
        assert!(!ws.plans[0].components.is_empty());
    }
}

#[test]
fn every_example_workspace_loads_with_its_data() {
    let workspaces = files_under(&root().join("examples"), "comp.toml");
    assert!(!workspaces.is_empty());
    for path in workspaces {
        let ws = comp::read::workspace_file::load(&path)
            .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        let year = comp::period::Period::parse("2024", ws.fiscal).unwrap();
        let window = comp::data::Window {
            start: year.start,
            end: year.end(),
        };
        comp::read::load(
            &ws,
            &comp::data::Needs::of_plans(&ws, &ws.plans, window),
            comp::read::Policy::FirstError,
        )
        .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
    }
}

#[test]
fn every_plan_in_plans_is_used_by_an_example_and_checks() {
    let plans = files_under(&root().join("plans"), ".toml");
    assert!(plans.len() >= 3);
    let mut used = Vec::new();
    for path in files_under(&root().join("examples"), "comp.toml") {
        let ws = comp::read::workspace_file::load(&path).unwrap();
        used.extend(
            ws.plans
                .iter()
                .map(|p| root().join(&p.file).canonicalize().unwrap()),
        );
    }
    for plan in plans {
        let plan = plan.canonicalize().unwrap();
        assert!(
            used.contains(&plan),
            "{} is not used by any example workspace",
            plan.display()
        );
    }
}

/// examples/acme/data is what its generator (`cargo run --example gen_acme`, `comp::demo::acme`)
/// writes, byte for byte: the committed files and the generator cannot drift apart.
#[test]
fn the_example_company_data_is_what_its_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    comp::demo::acme::write_data(dir.path(), &mut std::io::sink()).unwrap();
    let committed = root().join("examples/acme/data");
    let name = |p: &std::path::PathBuf, under: &std::path::Path| {
        p.strip_prefix(under).unwrap().to_path_buf()
    };
    let written: Vec<_> = files_under(dir.path(), "")
        .iter()
        .map(|p| name(p, dir.path()))
        .collect();
    let kept: Vec<_> = files_under(&committed, "")
        .iter()
        .map(|p| name(p, &committed))
        .collect();
    assert_eq!(
        written, kept,
        "the generator writes the files of examples/acme/data"
    );
    for file in written {
        assert!(
            std::fs::read(dir.path().join(&file)).unwrap()
                == std::fs::read(committed.join(&file)).unwrap(),
            "examples/acme/data/{} is not what the generator writes",
            file.display()
        );
    }
}
