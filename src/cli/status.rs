//! How a command ended when it ran to its end.

/// How a run ended when it ran to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every input was cleaned.
    Ok,
    /// Some input could not be read or written, or had bad records (exit status 1).
    SomeFailed,
}

impl Status {
    pub fn from_failed(failed: bool) -> Status {
        if failed {
            Status::SomeFailed
        } else {
            Status::Ok
        }
    }
}
