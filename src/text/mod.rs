//! Text primitives that every later stage shares: character classes,
//! folding (script, width, case), fixed word lists, and the repair of
//! converter damage.

pub mod charclass;
pub mod fold;
pub(crate) mod fold_rule;
pub mod repair;
pub mod words;
