//! The command line, split by job: the arguments, the commands, and how output is
//! written and the exit code chosen.

pub(crate) mod args;
pub(crate) mod commands;
pub(crate) mod output;
