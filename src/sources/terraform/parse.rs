//! Reading and parsing `.tf` files; a file that does not parse becomes an input problem.

use std::path::Path;
use std::sync::Arc;

use crate::model::{Location, SourceFile};
use crate::sources::{display_path, InputProblem};

use super::module::ParsedFile;

/// Reads and parses one file. Unreadable or unparsable files yield a problem instead.
pub fn parse_file(path: &Path) -> Result<ParsedFile, InputProblem> {
    let display = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| InputProblem::unreadable(&display, &e))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = Arc::new(SourceFile::new(path.to_path_buf(), display, text));
            return Err(InputProblem::parse(
                Location::file(&file, offset..offset),
                "file is not valid UTF-8 text".into(),
            ));
        }
    };
    let file = Arc::new(SourceFile::new(path.to_path_buf(), display, text));
    match hcl_edit::parser::parse_body(&file.text) {
        Ok(body) => Ok(ParsedFile { file, body }),
        Err(e) => {
            let offset = e.location().offset().min(file.text.len());
            let end = file.text[offset..]
                .char_indices()
                .nth(1)
                .map_or(file.text.len(), |(i, _)| offset + i);
            let message = format!("HCL parse error: {}", e.message());
            Err(InputProblem::parse(
                Location::file(&file, offset..end),
                message,
            ))
        }
    }
}
