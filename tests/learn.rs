//! Learning site templates from a generated corpus of three fake sites whose
//! pages mix each site's own furniture with real paragraphs of the seed pages.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use zhclean::site::{learn_paths, CorpusOptions};
use zhclean::site::{Params, SiteTemplate};
use zhclean::{Cleaner, Kind, Label, Rule};

/// Content paragraphs copied from the seed pages (`shared/seeds`).
const PARAGRAPHS: &str = include_str!("data/learn_paragraphs.txt");

struct Site {
    name: &'static str,
    slogan: &'static str,
    nav: &'static str,
    /// A line between paragraphs on every other page.
    mid: Option<&'static str>,
    /// Footer lines; `{n}` becomes a number that changes from page to page.
    footer: [&'static str; 2],
}

const SITES: [Site; 3] = [
    Site {
        name: "alpha",
        slogan: "阿尔法园艺网 用心做好每一株花",
        nav: "花卉 · 绿植 · 多肉 · 园艺工具 · 花友社区",
        mid: Some("更多养护知识请关注阿尔法园艺网公众号"),
        footer: [
            "阿尔法园艺网 地址：杭州市西湖区花港路{n}号 电话：0571-{n}",
            "Copyright © 2010-{n} 阿尔法园艺网 保留所有权利",
        ],
    },
    Site {
        name: "beta",
        slogan: "贝塔财经 专业 权威 及时",
        nav: "贝塔首页 | 股票 | 基金 | 债券 | 期货 | 理财",
        mid: None,
        footer: ["贝塔财经 客服热线 400-{n}", "贝塔财经网 版权所有 未经授权禁止转载"],
    },
    Site {
        name: "gamma",
        slogan: "伽瑪資訊網 讓資訊更有溫度",
        nav: "伽瑪首頁　新聞　評論　專題　影音",
        mid: Some("伽瑪資訊網 廣告位招租"),
        footer: ["伽瑪資訊網 地址：台北市信義路{n}號", "本網站內容版權為伽瑪資訊網所有"],
    },
];

/// On every page of every site.
const SHARED: &str = "免责声明：本站部分内容转载自网络";
/// A short content sentence on two pages of alpha.
const REPEATED: &str = "园区负责人表示，今年的花展将持续到五月底。";
const PAGES: usize = 12;
const WORDS: &str = "春夏秋冬东南西北金木水火土天地人山川日月星辰风云雷电梅兰竹菊琴棋书画诗酒花茶";

/// A page: its lines, and which of them are the site's furniture.
fn page(site: usize, i: usize) -> Vec<(String, bool)> {
    let s = &SITES[site];
    let pars: Vec<&str> = PARAGRAPHS.lines().collect();
    let par = |k: usize| pars[k % pars.len()].to_string();
    let word: char = WORDS.chars().nth(site * PAGES + i).unwrap();
    let n = (100 + 37 * i).to_string();
    let mut out = vec![(s.slogan.to_string(), true)];
    if i % 4 != 3 {
        out.push((s.nav.to_string(), true));
    }
    let first = par(i * 3 + site);
    out.push((format!("{word}字头条：{}", first.chars().take(12).collect::<String>()), false));
    out.push((first, false));
    if let (Some(mid), true) = (s.mid, i % 2 == 0) {
        out.push((mid.to_string(), true));
    }
    out.push((format!("{word}、工作进展"), false));
    out.push((par(i * 3 + site + 5), false));
    if site == 0 && (i == 1 || i == 2) {
        out.push((REPEATED.to_string(), false));
    }
    out.push((par(i * 5 + site + 9), false));
    out.push((SHARED.to_string(), true));
    for f in s.footer {
        out.push((f.replace("{n}", &n), true));
    }
    out
}

fn text(lines: &[(String, bool)]) -> String {
    lines.iter().map(|(l, _)| format!("{l}\n")).collect()
}

/// Writes pages `i` with `keep(i)` under `root/SITE/NNN.txt`.
fn write_corpus(root: &Path, keep: impl Fn(usize) -> bool) {
    for (k, s) in SITES.iter().enumerate() {
        let dir = root.join(s.name);
        fs::create_dir_all(&dir).unwrap();
        for i in (0..PAGES).filter(|&i| keep(i)) {
            fs::write(dir.join(format!("{i:03}.txt")), text(&page(k, i))).unwrap();
        }
    }
}

fn key(line: &str) -> String {
    zhclean::site::key_of(line)
}

fn learn_dir(root: &Path) -> SiteTemplate {
    let l = learn_paths(&[root.to_path_buf()], &CorpusOptions::default());
    assert!(l.failures.is_empty(), "{:?}", l.failures);
    l.template
}

fn cleaner(t: &SiteTemplate, site: Option<&str>) -> Cleaner {
    let mut b = Cleaner::builder().template(Arc::new(t.compile()));
    if let Some(s) = site {
        b = b.site(s);
    }
    b.build().unwrap()
}

#[test]
fn learns_each_sites_lines_and_no_content() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), |_| true);
    let t = learn_dir(dir.path());
    assert_eq!(t.sites.keys().collect::<Vec<_>>(), vec!["alpha", "beta", "gamma"]);
    for (k, s) in SITES.iter().enumerate() {
        assert_eq!(t.sites[s.name].docs, PAGES as u64);
        let learned: BTreeSet<String> = t.learned(s.name).into_iter().collect();
        let mut expected: BTreeSet<String> = [s.slogan, s.nav, SHARED].iter().map(|l| key(l)).collect();
        expected.extend(s.mid.map(key));
        for f in s.footer {
            expected.insert(key(&f.replace("{n}", "1")));
        }
        assert_eq!(learned, expected, "site {}", s.name);
        // and no content line of any page is among them
        for i in 0..PAGES {
            for (line, furniture) in page(k, i) {
                if !furniture {
                    assert!(!learned.contains(&key(&line)), "content learned: {line}");
                }
            }
        }
    }
    // The footers with changing numbers fold to one key each.
    assert!(t.learned("alpha").contains(&"阿尔法园艺网地址杭州市西湖区花港路0号电话0".to_string()));
}

#[test]
fn a_content_sentence_on_two_pages_is_not_learned() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), |_| true);
    let t = learn_dir(dir.path());
    let alpha = &t.sites["alpha"];
    let counted = alpha.lines.values().find(|c| c.key.as_deref() == Some(key(REPEATED).as_str()));
    assert_eq!(counted.map(|c| c.docs), Some(2), "counted in its two pages");
    assert!(!t.learned("alpha").contains(&key(REPEATED)));
    // Even with min-docs 2 it is too rare a share of the site's pages to learn.
    let low = SiteTemplate { params: Params { min_docs: 2, ..t.params }, ..t.clone() };
    assert!(!low.learned("alpha").contains(&key(REPEATED)));
    // And the page that holds it keeps it.
    let out = cleaner(&t, Some("alpha")).clean_str(&text(&page(0, 1))).text;
    assert!(out.contains(REPEATED));
}

#[test]
fn cleaning_with_the_template_removes_the_furniture_by_position() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), |_| true);
    let t = learn_dir(dir.path());
    let c = cleaner(&t, Some("alpha"));
    let lines = page(0, 2);
    let cleaned = c.clean_str(&text(&lines));
    let expected: String = lines
        .iter()
        .filter(|(_, furniture)| !furniture)
        .map(|(l, _)| format!("{}\n", zhclean::repair_line(l)))
        .collect();
    assert_eq!(cleaned.text, expected);
    let kinds: Vec<(String, Label, Rule)> = lines
        .iter()
        .zip(&cleaned.lines)
        .filter(|(_, o)| !o.kept)
        .map(|((l, _), o)| (l.clone(), o.verdict.label, o.verdict.rule))
        .collect();
    let learned = Rule::Named("learned");
    let chrome = |k| Label::Chrome(k);
    let s = &SITES[0];
    assert_eq!(
        kinds,
        vec![
            (s.slogan.to_string(), chrome(Kind::Nav), learned),
            (s.nav.to_string(), chrome(Kind::Nav), learned),
            (s.mid.unwrap().to_string(), chrome(Kind::Template), learned),
            (SHARED.to_string(), chrome(Kind::Footer), learned),
            (s.footer[0].replace("{n}", "174"), chrome(Kind::Footer), learned),
            (s.footer[1].replace("{n}", "174"), chrome(Kind::Footer), learned),
        ]
    );
}

#[test]
fn site_lines_stay_on_other_sites_and_global_lines_apply_without_a_site() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), |_| true);
    let t = learn_dir(dir.path());
    let alpha_page = text(&page(0, 0));
    // Each site has a third of the corpus's pages: with min-share 0.3 its lines are global too.
    let out = cleaner(&t, None).clean_str(&alpha_page).text;
    assert!(!out.contains(SITES[0].slogan) && !out.contains(SHARED), "{out}");
    // With min-share 0.5 only the line on every page is global, and alpha's
    // lines stay on a page cleaned as beta's, or with no site.
    let t = SiteTemplate { params: Params { min_share: 0.5, ..t.params }, ..t };
    assert_eq!(t.learned("alpha").len(), 6, "the nav line (9 of 12) and mid line (6 of 12) still count");
    for site in [Some("beta"), None, Some("no-such-site")] {
        let out = cleaner(&t, site).clean_str(&alpha_page).text;
        assert!(out.contains(SITES[0].slogan), "{site:?}");
        assert!(!out.contains(SHARED), "{site:?}");
    }
    let out = cleaner(&t, Some("alpha")).clean_str(&alpha_page).text;
    assert!(!out.contains(SITES[0].slogan) && !out.contains(SHARED), "{out}");
}

#[test]
fn merge_equals_whole() {
    let (whole, a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_corpus(whole.path(), |_| true);
    write_corpus(a.path(), |i| i % 3 == 0);
    write_corpus(b.path(), |i| i % 3 != 0);
    let t_whole = learn_dir(whole.path());
    let mut merged = learn_dir(a.path());
    assert!(merged.learned("alpha").is_empty(), "4 pages a site are too few to learn from");
    merged.merge(learn_dir(b.path())).unwrap();
    assert_eq!(merged.to_text(), t_whole.to_text());
    let merged = SiteTemplate::parse(&merged.to_text()).unwrap();
    for (k, s) in SITES.iter().enumerate() {
        let (cw, cm) = (cleaner(&t_whole, Some(s.name)), cleaner(&merged, Some(s.name)));
        for i in 0..PAGES {
            let p = text(&page(k, i));
            assert_eq!(cw.clean_str(&p), cm.clean_str(&p));
        }
    }
}

fn zhclean(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zhclean")).args(args).output().unwrap()
}

#[test]
fn command_line_learn_merge_and_clean() {
    let (whole, a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_corpus(whole.path(), |_| true);
    write_corpus(a.path(), |i| i < 5);
    write_corpus(b.path(), |i| i >= 5);
    let out = tempfile::tempdir().unwrap();
    let tpl = |name: &str| out.path().join(name).to_string_lossy().into_owned();
    for (root, name) in [(&whole, "w.tpl"), (&a, "a.tpl"), (&b, "b.tpl")] {
        let o = zhclean(&["learn", &root.path().to_string_lossy(), "-o", &tpl(name), "-q"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = zhclean(&["learn", "--merge", &tpl("a.tpl"), &tpl("b.tpl"), "-o", &tpl("ab.tpl")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let w = fs::read_to_string(tpl("w.tpl")).unwrap();
    assert_eq!(fs::read_to_string(tpl("ab.tpl")).unwrap(), w);
    assert!(w.contains("\n@ 12 alpha\n") && w.contains("\n12\t阿尔法园艺网用心做好每一株花\n"), "{w}");

    let page_path = whole.path().join("alpha/002.txt");
    let page_path = page_path.to_string_lossy();
    let o = zhclean(&["--template", &tpl("w.tpl"), "--site", "alpha", "--explain", &page_path]);
    assert!(o.status.success());
    let stdout = String::from_utf8(o.stdout).unwrap();
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(!stdout.contains(SITES[0].slogan) && stdout.contains(REPEATED), "{stdout}");
    assert!(stderr.contains(&format!("\t1\tchrome\tnav\tlearned\t{}\n", SITES[0].slogan)), "{stderr}");
    // Without a template, a file argument is still cleaned as before.
    let o = zhclean(&[&page_path]);
    assert!(o.status.success());
    assert!(String::from_utf8(o.stdout).unwrap().contains(SITES[0].slogan));
    // --site alone is an error; so are a bad template and templates learned differently.
    assert_eq!(zhclean(&["--site", "alpha", &page_path]).status.code(), Some(2));
    fs::write(tpl("bad.tpl"), "not a template\n").unwrap();
    let o = zhclean(&["--template", &tpl("bad.tpl"), &page_path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 1"));
    let o = zhclean(&["learn", &a.path().to_string_lossy(), "--min-docs", "3", "-o", &tpl("a3.tpl"), "-q"]);
    assert!(o.status.success());
    let o = zhclean(&["learn", "--merge", &tpl("a3.tpl"), &tpl("b.tpl"), "-o", &tpl("x.tpl")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("parameters differ"));
    assert!(!out.path().join("x.tpl").exists());
}

#[test]
fn batch_mode_applies_each_files_site_template() {
    let corpus = tempfile::tempdir().unwrap();
    write_corpus(corpus.path(), |_| true);
    let work = tempfile::tempdir().unwrap();
    let tpl = work.path().join("t.tpl");
    let out = work.path().join("out");
    let root = corpus.path().to_string_lossy().into_owned();
    let o = zhclean(&["learn", &root, "-o", &tpl.to_string_lossy(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = zhclean(&["--template", &tpl.to_string_lossy(), &root, "-o", &out.to_string_lossy(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (k, s) in SITES.iter().enumerate() {
        let cleaned = fs::read_to_string(out.join(s.name).join("002.txt")).unwrap();
        // the site's own slogan is gone; the page's content stays
        assert!(!cleaned.contains(s.slogan), "{}: {cleaned}", s.name);
        for (line, furniture) in page(k, 2) {
            if !furniture {
                let repaired = zhclean::repair_line(&line).into_owned();
                assert!(cleaned.contains(&repaired), "{}: lost {line:?}", s.name);
            }
        }
    }
}
