//! The repairs agree with the reference definition, `score.py`'s `repair()`,
//! on thousands of random lines. The expected column of
//! `tests/data/repair_cases.tsv` was computed by that Python function
//! (`tests/data/gen_repair_cases.py`), not by this crate.

#[test]
fn repair_matches_score_py_on_random_lines() {
    let cases = include_str!("data/repair_cases.tsv");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for row in cases.lines() {
        let Some((input, want)) = row.split_once('\t') else { continue };
        let (got, _) = zhclean::internals::repair(input);
        if got != want {
            wrong.push(format!("{input:?}: want {want:?}, got {got:?}"));
        }
        checked += 1;
    }
    assert!(checked > 2000, "only {checked} cases");
    assert!(
        wrong.is_empty(),
        "{} of {checked} differ:\n{}",
        wrong.len(),
        wrong.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}
