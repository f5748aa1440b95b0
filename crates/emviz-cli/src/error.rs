//! The CLI's error: one message, printed by `main` as a single `error: ...` line (exit status 2).

use std::fmt;
use std::io;

/// Why a command failed.
#[derive(Clone, Debug)]
pub enum CliError {
    /// A message for the user, without the `error: ` prefix.
    Message(String),
    /// Standard output was closed early (`emviz sample ... | head`): stop quietly.
    BrokenPipe,
}

/// Shorthand for results of the CLI.
pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    /// An error with this message.
    pub fn msg(message: impl Into<String>) -> Self {
        CliError::Message(message.into())
    }

    /// An error from the core, prefixed with where it happened (a file name, a flag).
    pub fn context(prefix: impl fmt::Display, e: impl fmt::Display) -> Self {
        CliError::Message(format!("{prefix}: {e}"))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Keep the promise of one line even if a message holds a line break.
            CliError::Message(m) => f.write_str(&m.replace(['\n', '\r'], " ")),
            CliError::BrokenPipe => f.write_str("standard output was closed"),
        }
    }
}

impl std::error::Error for CliError {}

/// The core's error in the CLI's words; a failure of the CLI's own source of points (a read of
/// the cache during a streamed pass) comes back as the CLI error it was.
impl From<emviz_core::Error> for CliError {
    fn from(e: emviz_core::Error) -> Self {
        if let emviz_core::Error::Source(s) = &e {
            if let Some(own) = s.inner().downcast_ref::<CliError>() {
                return own.clone();
            }
        }
        CliError::Message(e.to_string())
    }
}

/// An I/O error's message without Rust's ` (os error N)` suffix:
/// `No such file or directory`.
pub fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(i) if s.ends_with(')') => s[..i].to_owned(),
        _ => s,
    }
}

/// The error for a failed write to standard output.
pub fn write_error(e: io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::BrokenPipe
    } else {
        CliError::msg(format!("cannot write the output: {}", io_message(&e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_messages_lose_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&e), "No such file or directory");
    }

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(CliError::msg("a\nb").to_string(), "a b");
    }
}
