//! Learned site templates: the lines a site repeats on every page (its name
//! in the footer, its nav words, its slogan), counted by `zhclean learn` from
//! a corpus and removed by `zhclean --template`.
//!
//! [`learner`] counts a corpus's short lines by key, [`file`] holds the counts
//! and reads and writes the template file, and [`corpus`] reads files and
//! JSON Lines records to learn from.

pub mod corpus;
pub mod file;
pub mod learner;
