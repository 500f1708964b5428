//! Files for multipart uploads (evidence, messages, supporting information).

/// One file of a multipart upload: its name, media type and content.
///
/// The upload operations take any number of these, one call per file.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name PayPal shows, e.g. `receipt.pdf`.
    pub file_name: String,
    /// The media type, e.g. `application/pdf`.
    pub content_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for FilePart {
    // The content can be megabytes; show its size, not its bytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl FilePart {
    /// A file part from its name, media type and bytes.
    pub fn new(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> FilePart {
        FilePart {
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// The reqwest part; an invalid media type is an error naming the file.
    pub fn into_part(self) -> Result<reqwest::multipart::Part, String> {
        let FilePart {
            file_name,
            content_type,
            bytes,
        } = self;
        reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.clone())
            .mime_str(&content_type)
            .map_err(|e| format!("file `{file_name}`: invalid media type `{content_type}`: {e}"))
    }
}
