//! Zed extension: starts `ciolint server` (found on the worktree's PATH) for the languages
//! listed in extension.toml.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Ciolint;

impl zed::Extension for Ciolint {
    fn new() -> Self {
        Ciolint
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("ciolint").ok_or_else(|| {
            "ciolint is not on PATH: install it with `pip install ciolint` or `cargo install ciolint`"
                .to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["server".to_string()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Ciolint);
