//! Every shipped policy accounts for every numbered article of its seed text: encoded by a
//! rule, or left out with a reason. `policy/NAME-NNN.hall` traces `policy/seeds/NNN_*.txt`, and
//! `policy/trace/NAME-NNN.md` is the table `hall trace` prints, kept up to date.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use hallpolicy_compiler::syntax::parse;
use hallpolicy_compiler::trace::{render_markdown, trace};
use hallpolicy_tests::root;

#[test]
fn every_article_of_every_seed_is_encoded_or_left_out_with_a_reason() {
    let mut traced = 0;
    for entry in std::fs::read_dir(root().join("policy")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "hall") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let number = name.rsplit('-').next().unwrap();
        let seed = std::fs::read_dir(root().join("policy/seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{number}_"))
            })
            .unwrap_or_else(|| panic!("no seed text numbered {number} for {name}"));
        let file = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let text = std::fs::read_to_string(&seed).unwrap();
        let mut tables = Vec::new();
        for source in &file.sources {
            let t = trace(&file, &source.id.text, &text);
            assert!(
                t.rows.len() >= 5,
                "{name}: only {} articles of `{}`",
                t.rows.len(),
                source.title.text
            );
            let missing: Vec<&str> = t.missing().map(|r| r.article.as_str()).collect();
            assert!(
                missing.is_empty(),
                "{name}/{}: articles neither encoded nor left out: {missing:?}",
                source.id.text
            );
            assert!(
                t.unmatched.is_empty(),
                "{name}/{}: citations naming no article: {:?}",
                source.id.text,
                t.unmatched
            );
            tables.push(render_markdown(&t, &source.title.text));
        }
        let table = tables.join("\n");
        let kept = std::fs::read_to_string(root().join(format!("policy/trace/{name}.md"))).unwrap_or_default();
        assert!(
            kept == table,
            "policy/trace/{name}.md is out of date: run `hall trace {} {} > policy/trace/{name}.md`",
            path.display(),
            seed.display()
        );
        traced += 1;
    }
    assert!(traced >= 2);
}

#[test]
fn the_tables_show_what_encodes_each_article() {
    let table = std::fs::read_to_string(root().join("policy/trace/yaoguan-003.md")).unwrap();
    assert!(
        table.contains("60 articles: 24 encoded, 36 left out with a reason, 0 missing."),
        "{table}"
    );
    assert!(table.contains("| 二(二) | 对到中心办事人员反映的问题,属于业务范畴的事项,不能说“不知道,不清楚,不归我管… | 首问当场答复, 首问推诿用语 |  |"));
    assert!(table.contains(
        "| 三(七) | 未按上述规定时限办理的,按责任追究制度的有关规定追究在岗责任人的责任。 | ladder 责任追究 |  |"
    ));
    assert!(table.contains(
        "| 五(二)1 | 微笑服务; | — | not encoded: attitude, dress and bearing: exhortations a case does not record |"
    ));
}
