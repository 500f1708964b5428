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
    /// The document after the overlay.
    pub document: openapiv3::OpenAPI,
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
    let document: openapiv3::OpenAPI = serde_path_to_error(&value)?;
    let mut json = serde_json::to_string_pretty(&value).map_err(|e| LowerError::Invalid {
        pointer: String::new(),
        message: e.to_string(),
    })?;
    json.push('\n');
    Ok(Lowered {
        document,
        json,
        operation_ids: exported.operation_ids,
        warnings: exported.warnings,
    })
}

/// Reads the document back with the OpenAPI types, so a bad overlay is caught
/// here and not by a later stage.
fn serde_path_to_error(value: &serde_json::Value) -> Result<openapiv3::OpenAPI, LowerError> {
    serde::Deserialize::deserialize(value).map_err(|e: serde_json::Error| LowerError::Invalid {
        pointer: "/".to_owned(),
        message: e.to_string(),
    })
}
