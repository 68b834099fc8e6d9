//! The page's title: the first line that can be one (a scraped page starts
//! with its `<title>`), its repeats (the article's heading opens the text),
//! and tickers that run on from it.

use super::context::Title;

/// What is known of the page's title so far.
#[derive(Debug, Default)]
pub(crate) struct Titles {
    /// The title, folded and without white space.
    title: Option<String>,
    /// Whether its first repeat (the heading) was seen.
    heading_seen: bool,
}

impl Titles {
    /// Takes the line as the title if there is none yet and it has two
    /// letters; returns whether it did.
    pub fn capture(&mut self, folded: &str) -> bool {
        if self.title.is_some() || folded.chars().filter(|c| c.is_alphabetic()).nth(1).is_none() {
            return false;
        }
        self.title = Some(compact(folded));
        true
    }

    /// Whether the title is known.
    pub fn known(&self) -> bool {
        self.title.is_some()
    }

    /// Whether a line whose folded text, without white space, starts with
    /// `first` can repeat the known title or run on from it (a ticker):
    /// both start with the title's first character. Without a title, any line can.
    pub fn may_follow(&self, first: Option<char>) -> bool {
        self.title.as_deref().is_none_or(|t| t.chars().next() == first)
    }

    /// A line that starts with the page title and runs on into other headlines
    /// (a ticker or carousel a converter glued into one line); one that ends
    /// with a full stop is none.
    pub fn is_ticker(&self, folded: &str, ends_full_stop: bool) -> bool {
        let Some(title) = &self.title else { return false };
        if title.chars().count() < 6 || ends_full_stop {
            return false;
        }
        // measured on the compact form, without building it; most lines are out on their length
        let long = |len: usize| len > 2 * title.len() + 30;
        long(folded.len())
            && compact_starts_with(folded, title)
            && long(folded.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum())
    }

    /// Whether a (folded) line is the page's title or repeats it.
    pub fn role(&mut self, folded: &str) -> Title {
        let Some(title) = &self.title else { return Title::First };
        // most lines differ from the title at once: no compact copy of them
        if !self.may_follow(folded.chars().find(|c| !c.is_whitespace())) {
            return Title::No;
        }
        let c = compact(folded);
        let n = c.chars().count();
        // The heading repeats the title, or the title's first segment before the site name
        // (`标题_频道_网站`); a site name that merely starts the title does not count.
        let is_separator = |ch: char| ch.is_ascii_punctuation() || "｜—–·（【".contains(ch) || ch.is_whitespace();
        let covers_title = title.starts_with(&c)
            && (c.len() * 2 >= title.len() || title[c.len()..].chars().next().is_none_or(is_separator));
        // a title with the site's name after it (`标题 - 新华网`), not much more
        let extends_title = title.chars().count() >= 4 && c.starts_with(title.as_str()) && c.len() <= title.len() + 36;
        let repeats = n >= 4 && (covers_title || extends_title);
        match (repeats, self.heading_seen) {
            (false, _) => Title::No,
            (true, false) => {
                self.heading_seen = true;
                Title::Heading
            }
            (true, true) => Title::Repeat,
        }
    }
}

fn compact(folded: &str) -> String {
    folded.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `compact(folded)` starts with `prefix`, without building it.
fn compact_starts_with(folded: &str, prefix: &str) -> bool {
    let mut text = folded.chars().filter(|c| !c.is_whitespace());
    prefix.chars().all(|p| text.next() == Some(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_with_letters_is_the_title_and_its_first_repeat_the_heading() {
        let mut t = Titles::default();
        assert_eq!(t.role("共享充电宝涨价告别1元时代"), Title::First);
        assert!(!t.capture("2019"));
        assert!(t.capture("共享充电宝涨价告别1元时代"));
        assert!(!t.capture("另一行"));
        assert_eq!(t.role("共享充电宝涨价告别1元时代 - 新华网"), Title::Heading);
        assert_eq!(t.role("共享充电宝涨价告别1元时代"), Title::Repeat);
        assert_eq!(t.role("县里召开森林防火工作会议"), Title::No);
        let ticker = "共享充电宝涨价告别1元时代 县里召开森林防火工作会议 部署今冬明春防火工作 各乡镇人民政府街道办事处";
        assert!(t.is_ticker(ticker, false));
        assert!(!t.is_ticker("共享充电宝涨价告别1元时代", false));
        assert!(!t.is_ticker(&format!("{ticker}。"), true));
    }

    #[test]
    fn only_a_line_that_starts_like_the_title_may_repeat_it_or_run_on_from_it() {
        let mut t = Titles::default();
        assert!(t.may_follow(Some('县')), "no title yet: any line may be it");
        assert!(t.capture("共享充电宝涨价告别1元时代"));
        assert!(t.may_follow(Some('共')));
        assert!(!t.may_follow(Some('县')) && !t.may_follow(None));
        // the lines it turns away are neither repeats nor tickers
        let other = "县里召开森林防火工作会议 共享充电宝涨价告别1元时代 部署今冬明春防火工作 各乡镇人民政府街道办事处";
        assert_eq!(t.role(other), Title::No);
        assert!(!t.is_ticker(other, false));
        // white space before the title is no start of its own
        assert_eq!(t.role("  共享充电宝涨价告别1元时代"), Title::Heading);
    }
}
