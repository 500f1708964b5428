//! OpenAPI 3.0: lowering the model to a document, enriching it with the
//! overlay, importing any document back into the model, and writing that
//! model as lap the way lapsh does ([`to_lap`], `cargo xtask lap compile`).

pub mod export;
pub mod extension;
pub mod import;
pub mod names;
pub mod overlay;
pub mod pointer;
pub mod to_lap;

use crate::model::Api;
use export::{ExportError, ExportWarning};
use names::Names;
use overlay::{Overlay, OverlayError};

/// `spec/disputes.openapi.json`, ready to write.
#[derive(Clone, Debug)]
pub struct Lowered {
    /// The document after the overlay, checked to be OpenAPI 3.0: what
    /// generation reads, handed on as a value (never re-read from `json`).
    pub document: serde_json::Value,
    /// Pretty-printed JSON with a final newline: the bytes written to disk.
    pub json: String,
    /// Operation ids, in endpoint order.
    pub operation_ids: Vec<String>,
    /// What lowering worked around.
    pub warnings: Vec<ExportWarning>,
}

/// A lowering failure, naming the stage.
#[derive(Debug, thiserror::Error)]
pub enum LowerError {
    /// The model could not be lowered (a lap location is given).
    #[error("stage `openapi export`: {0}")]
    Export(#[from] ExportError),
    /// The overlay could not be applied.
    #[error("stage `overlay`: {0}")]
    Overlay(#[from] OverlayError),
    /// The overlay produced something that is not an OpenAPI 3.0 document.
    #[error("stage `overlay`: the result is not an OpenAPI 3.0 document: at {pointer}: {message}")]
    Invalid {
        /// JSON pointer of the offending node.
        pointer: String,
        /// What the OpenAPI reader said.
        message: String,
    },
}

/// Lowers the model, applies the overlay and renders the document.
pub fn lower(
    api: &Api,
    names: &Names,
    overlay: &Overlay,
    overlay_file: &str,
) -> Result<Lowered, LowerError> {
    let exported = export::export(api, names)?;
    let mut value = serde_json::to_value(&exported.document).map_err(|e| LowerError::Invalid {
        pointer: String::new(),
        message: e.to_string(),
    })?;
    overlay.apply(overlay_file, &mut value)?;
    check_openapi(&value)?;
    let mut json = serde_json::to_string_pretty(&value).map_err(|e| LowerError::Invalid {
        pointer: String::new(),
        message: e.to_string(),
    })?;
    json.push('\n');
    Ok(Lowered {
        document: value,
        json,
        operation_ids: exported.operation_ids,
        warnings: exported.warnings,
    })
}

/// Reads the document with the OpenAPI types, so that an overlay that
/// breaks the document is caught here, at the member it broke, and not by
/// a later stage.
fn check_openapi(value: &serde_json::Value) -> Result<(), LowerError> {
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value)
        .map(drop)
        .map_err(|e| LowerError::Invalid {
            pointer: pointer_of(e.path()),
            message: e.inner().to_string(),
        })
}

/// The JSON pointer of a serde path (`paths./x.get` -> `/paths/~1x/get`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out = openapi_ref::child(&out, &index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out = openapi_ref::child(&out, key);
            }
            Segment::Unknown => break,
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}
