//! `--jsonl`: records in, records out, one field cleaned.

mod common;

use std::fs;

use common::{page, pipe, run, stats, stderr, tree};

/// JSON text of a string with every non-ASCII character as a `\uXXXX` escape.
fn escaped(s: &str) -> String {
    let mut out = String::from("\"");
    for u in s.encode_utf16() {
        match u {
            0x20..=0x7e if u != u16::from(b'"') && u != u16::from(b'\\') => out.push(char::from(u as u8)),
            _ => out.push_str(&format!("\\u{u:04x}")),
        }
    }
    out.push('"');
    out
}

#[test]
fn the_field_is_cleaned_as_the_pipe_filter_and_the_rest_is_kept_byte_for_byte() {
    let text = page(1);
    let before = r#"{"zeta": "caf\u00e9 \ud83d\ude00", "n": 123456789012345678901234567890, "x": 1.50, "text" : "#;
    let after = r#" , "nested": {"text": [1, 2]}, "a": null}"#;
    let input = format!("{before}{}{after}\n{{\"text\":\"plain\"}}\r\n", escaped(&text));
    let res = run(&["--jsonl"], input.as_bytes());
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let out = String::from_utf8(res.stdout).unwrap();
    let (first, second) = out.split_once('\n').unwrap();
    assert!(first.starts_with(before) && first.ends_with(after), "{first}");
    let value: String = serde_json::from_str(&first[before.len()..first.len() - after.len()]).unwrap();
    assert_eq!(value.as_bytes(), pipe(text.as_bytes()));
    assert_ne!(value, text);
    // a record whose field does not change is written back as it was, ending included
    assert_eq!(second, "{\"text\":\"plain\"}\r\n");
}

#[test]
fn a_bad_record_is_named_passed_through_or_dropped() {
    // records of prose (kept by any decision), and two bad ones
    let input = "{\"text\":\"第一段，讲的是社区的事情。\"}\n{\"text\": oops}\n{\"body\":\"x\"}\n{\"text\":\"第二段，讲的是学校的事情。\"}\n";
    let res = run(&["--jsonl", "--stats"], input.as_bytes());
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(1), "{err}");
    assert_eq!(String::from_utf8(res.stdout.clone()).unwrap(), input);
    assert!(err.contains("-:2: bad record: not a JSON object"), "{err}");
    assert!(err.contains("-:3: bad record: no field \"text\""), "{err}");
    let s = stats(&res);
    assert_eq!((s["records"].as_u64(), s["bad_records"].as_u64()), (Some(4), Some(2)), "{s}");

    let res = run(&["--jsonl", "--drop-bad-records"], input.as_bytes());
    assert_eq!(res.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(res.stdout).unwrap(),
        "{\"text\":\"第一段，讲的是社区的事情。\"}\n{\"text\":\"第二段，讲的是学校的事情。\"}\n"
    );
}

#[test]
fn a_custom_field_and_explain_rows_by_record() {
    let record = serde_json::json!({"text": "untouched 京ICP备14010675号-1", "body": page(2)}).to_string();
    let input = format!("{record}\n{record}\n");
    let res = run(&["--jsonl", "--field", "body", "--explain"], input.as_bytes());
    let err = stderr(&res);
    assert_eq!(res.status.code(), Some(0), "{err}");
    let out = String::from_utf8(res.stdout).unwrap();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["text"], "untouched 京ICP备14010675号-1");
        assert_eq!(v["body"].as_str().unwrap().as_bytes(), pipe(page(2).as_bytes()));
    }
    assert!(err.lines().any(|l| l.starts_with("#1\t") && l.contains("footer")), "{err}");
    assert!(err.lines().any(|l| l.starts_with("#2\t") && l.contains("footer")), "{err}");
}

#[test]
fn jsonl_files_go_to_an_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    let rec = |n| serde_json::json!({"id": n, "text": page(n)}).to_string() + "\n";
    fs::write(input.join("a.jsonl"), rec(1) + &rec(2)).unwrap();
    fs::write(input.join("sub/b.jsonl"), rec(3)).unwrap();
    let out = dir.path().join("out");
    let res = run(&["--jsonl", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "-j", "2"], b"");
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let got = tree(&out);
    assert_eq!(got.len(), 2);
    for (rel, bytes) in &got {
        let piped = run(&["--jsonl"], &fs::read(input.join(rel)).unwrap());
        assert_eq!(bytes, &piped.stdout, "{}", rel.display());
    }
    let first: serde_json::Value =
        serde_json::from_slice(got.values().next().unwrap().split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["id"], 1);
    assert_eq!(first["text"].as_str().unwrap().as_bytes(), pipe(page(1).as_bytes()));
}
