//! Criterion benchmarks of zhclean's hot loops: line splitting, folding,
//! blocklist matching, one rule family, and the whole cleaner per MiB.
//!
//! The input is built here: the pages of `../shared/seeds` repeated to about
//! 2 MiB when that folder is there, else a small page embedded below (so the
//! benchmarks also run without `../shared`). `benches/compare.sh` measures the
//! binary against grep and ripgrep; these measure the parts.
//!
//! Run with `cd benches && cargo bench --bench hot_loops` (add `-- fold` to pick a group).

use std::hint::black_box;
use std::io;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use zhclean::internals::fold_into;
use zhclean::internals::LineReader;
use zhclean::internals::{classify, meta_check, spam_check, LineView, Shape};
use zhclean::internals::{Blocklist, BlocklistBuilder, Coverage};
use zhclean::Cleaner;

/// A page with every kind of line the cleaner sees (spam, chrome, prose in
/// both scripts, repairs), for when `../shared/seeds` is not there.
const EMBEDDED_PAGE: &str = "\
日韩精品电影一区亚洲,1000部毛片A片免费视频偷拍,欧美精品欧美激情在线观看
當前位置: 首頁  >  新聞中心  >  媒體報道 > 正文
浙江:和諧共治 精密智治 推進基層治理現代化
時間:2022-01-04   瀏覽量:128 次  來源:中國社區報
【字體:    打印

浙江作為中國革命紅船起航地、改革開放先行地,著力構建共同富裕現代化基本單元,,是社區(qū)治理的重要一環。
近年來，各地积极探索基层治理新路径，推动治理重心下移、资源下沉，基层治理体系和治理能力现代化水平不断提升。
县里召开森林防火工作会议，部署今冬明春防火工作，要求各乡镇压紧压实责任，确保不发生重大森林火灾。
扫一扫在手机打开当前页
责任编辑：王五
上一篇：县公安局召开2024年第一季度治安形势分析会
首页 | 警务公开 | 警务动态 | 办事指南 | 警民互动
澳门新葡京6663
主办单位：枫林县人民政府办公室　技术支持：枫林县政务数据中心
京ICP备14010675号-1　京公网安备 11010802021749号
";

/// About `target` bytes of page text: the seeds, or the embedded page, repeated.
fn corpus(target: usize) -> String {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    let mut pages: Vec<String> = std::fs::read_dir(&seeds)
        .map(|dir| {
            let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
        })
        .unwrap_or_default();
    if pages.is_empty() {
        eprintln!("hot_loops: {} not found, using the embedded page", seeds.display());
        pages.push(EMBEDDED_PAGE.to_string());
    }
    let mut text = String::with_capacity(target + 16 * 1024);
    while text.len() < target {
        for p in &pages {
            text.push_str(p);
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    text
}

/// The 2000-phrase benchmark list, if `../shared` is there.
fn bench_list() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench/blocklist-2000.txt");
    p.exists().then_some(p)
}

/// Non-blank trimmed lines, as the families see them.
fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

fn split(c: &mut Criterion) {
    let text = corpus(2 << 20);
    let mut g = c.benchmark_group("split");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("line_reader", |b| {
        b.iter(|| {
            let mut r = LineReader::new(text.as_bytes(), zhclean::DEFAULT_MAX_LINE);
            let mut n = 0usize;
            while let Some(p) = r.next_piece().expect("reading memory") {
                n += p.bytes.len();
            }
            n
        })
    });
    g.finish();
}

fn fold(c: &mut Criterion) {
    let text = corpus(2 << 20);
    let lines = lines(&text);
    let simplified: String = zhclean::internals::fold(&text);
    let mut g = c.benchmark_group("fold");
    g.throughput(Throughput::Bytes(text.len() as u64));
    let mut out = String::new();
    g.bench_function("mixed_scripts_per_line", |b| {
        b.iter(|| {
            let mut n = 0;
            for l in &lines {
                out.clear();
                fold_into(l, &mut out);
                n += out.len();
            }
            n
        })
    });
    g.throughput(Throughput::Bytes(simplified.len() as u64));
    g.bench_function("already_folded_whole", |b| {
        b.iter(|| {
            out.clear();
            fold_into(black_box(&simplified), &mut out);
            out.len()
        })
    });
    g.finish();
}

fn matching(c: &mut Criterion) {
    let text = corpus(2 << 20);
    let folded: Vec<String> = lines(&text).iter().map(|l| zhclean::internals::fold(l)).collect();
    let bytes: usize = folded.iter().map(String::len).sum();
    let mut lists = vec![("defaults", Blocklist::defaults())];
    if let Some(p) = bench_list() {
        let mut b = BlocklistBuilder::with_defaults();
        b.add_file(&p).expect("read blocklist-2000.txt");
        lists.push(("defaults+2000", b.build()));
    }
    let mut g = c.benchmark_group("match");
    g.throughput(Throughput::Bytes(bytes as u64));
    let mut hits = Vec::new();
    for (name, list) in &lists {
        g.bench_with_input(BenchmarkId::new("find_per_line", name), list, |b, list| {
            b.iter(|| {
                let mut n = 0;
                for f in &folded {
                    hits.clear();
                    list.find(f, &mut hits);
                    n += hits.len();
                }
                n
            })
        });
    }
    // The alternatives measured when choosing: one unanchored leftmost-longest
    // search of every byte, with each of aho-corasick's automata.
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
    for (name, list) in &lists {
        let phrases: Vec<String> = list.entries().iter().map(|e| zhclean::internals::fold(&e.phrase)).collect();
        for (kind_name, kind) in [
            ("ac_contiguous_nfa", AhoCorasickKind::ContiguousNFA),
            ("ac_noncontiguous_nfa", AhoCorasickKind::NoncontiguousNFA),
            ("ac_dfa", AhoCorasickKind::DFA),
        ] {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(kind))
                .build(&phrases)
                .expect("automaton builds");
            eprintln!("match: {kind_name} over {name}: {} KiB", ac.memory_usage() / 1024);
            g.bench_function(BenchmarkId::new(kind_name, name), |b| {
                b.iter(|| folded.iter().map(|f| ac.find_iter(f.as_str()).count()).sum::<usize>())
            });
        }
    }
    g.finish();
    let mut g = c.benchmark_group("build");
    for (name, list) in &lists {
        let n = list.entries().len();
        g.bench_function(BenchmarkId::new("automaton", format!("{name} ({n} phrases)")), |b| {
            b.iter(|| {
                let mut bl = BlocklistBuilder::with_defaults();
                if *name != "defaults" {
                    bl.add_file(&bench_list().expect("checked above")).expect("read list");
                }
                bl.build()
            })
        });
    }
    g.finish();
}

fn rule_family(c: &mut Criterion) {
    let text = corpus(1 << 20);
    let list = Blocklist::defaults();
    let prepared: Vec<(&str, String, Vec<_>)> = lines(&text)
        .into_iter()
        .map(|l| {
            let f = zhclean::internals::fold(l);
            let mut hits = Vec::new();
            list.find(&f, &mut hits);
            (l, f, hits)
        })
        .collect();
    let views: Vec<LineView<'_>> = prepared
        .iter()
        .map(|(l, f, h)| LineView { text: l, folded: f, hits: h, cov: Coverage::of(f, h), shape: Shape::of(l) })
        .collect();
    let mut g = c.benchmark_group("rules");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("shape", |b| b.iter(|| views.iter().map(|v| Shape::of(v.text).chars).sum::<usize>()));
    g.bench_function("spam_family", |b| b.iter(|| views.iter().filter(|v| spam_check(v).is_some()).count()));
    g.bench_function("meta_family", |b| b.iter(|| views.iter().filter(|v| meta_check(v).is_some()).count()));
    g.bench_function("all_families", |b| b.iter(|| views.iter().filter(|v| classify(v).is_some()).count()));
    g.finish();
}

fn cleaner(c: &mut Criterion) {
    let text = corpus(4 << 20);
    let mut cleaners = vec![("defaults", Cleaner::new())];
    if let Some(p) = bench_list() {
        cleaners.push(("defaults+2000", Cleaner::builder().blocklist(p).build().expect("cleaner builds")));
    }
    let mut g = c.benchmark_group("cleaner");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    for (name, cl) in &cleaners {
        g.bench_with_input(BenchmarkId::new("clean_stream", name), cl, |b, cl| {
            b.iter(|| cl.clean_stream(text.as_bytes(), io::sink()).expect("cleaning memory").kept)
        });
    }
    g.finish();
    let mut g = c.benchmark_group("startup");
    g.bench_function("cleaner_new", |b| b.iter(Cleaner::new));
    g.finish();
}

criterion_group!(benches, split, fold, matching, rule_family, cleaner);
criterion_main!(benches);
