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

/// An error in how the program was called (exit status 2); every other error is 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The exit status of an error that stopped a run: 2 for a usage error
/// (bad arguments, an unknown encoding or chrome kind, a template file that
/// is not one or templates that cannot be merged), else 1 (an input
/// or output that could not be read or written).
pub fn error_code(e: &anyhow::Error) -> u8 {
    let usage = e.chain().any(|c| {
        c.is::<UsageError>()
            || c.downcast_ref::<zhclean::Error>().is_some_and(|z| {
                matches!(
                    z,
                    zhclean::Error::UnknownEncoding(_)
                        | zhclean::Error::UnknownKind(_)
                        | zhclean::Error::TemplateMismatch(_)
                        | zhclean::Error::TemplateFormat { .. }
                )
            })
    });
    if usage {
        2
    } else {
        1
    }
}
