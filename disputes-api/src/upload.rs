//! Files for multipart uploads (evidence, messages, supporting information),
//! and the checks every upload passes before anything is sent.
//!
//! PayPal takes JPG/JPEG, GIF, PNG and PDF files. Its current documentation
//! says each file must be under 10 MB and a call at most 50 MB; the older
//! integration guide said 5 MB per file and 10 MB per case. The defaults
//! follow the current documentation; [`UploadLimits`] changes them.
//! Free-text notes (`note`, `notes`, `message` members of the JSON part) are
//! at most 2000 characters.

use std::fmt;

/// Limits checked before an upload is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadLimits {
    /// Every file must be smaller than this many bytes (10 MiB).
    pub file_bytes: u64,
    /// All files of one call together at most this many bytes (50 MiB).
    pub call_bytes: u64,
    /// Notes and messages at most this many characters (2000).
    pub note_chars: usize,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            file_bytes: 10 * 1024 * 1024,
            call_bytes: 50 * 1024 * 1024,
            note_chars: 2000,
        }
    }
}

impl UploadLimits {
    /// The limits of PayPal's older integration guide: 5 MB per file,
    /// 10 MB per call.
    pub fn legacy() -> Self {
        UploadLimits {
            file_bytes: 5 * 1024 * 1024,
            call_bytes: 10 * 1024 * 1024,
            note_chars: 2000,
        }
    }
}

/// A file type PayPal accepts, recognised by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// GIF (`GIF87a`, `GIF89a`).
    Gif,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// PDF (`%PDF-`).
    Pdf,
}

impl FileKind {
    /// The kind of `bytes`, from their magic number; `None` for anything
    /// PayPal does not accept.
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(FileKind::Gif)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileKind::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else {
            None
        }
    }

    /// The media type sent with the file.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Png => "image/png",
            FileKind::Pdf => "application/pdf",
        }
    }
}

/// One file of a multipart upload: its name and content. The media type is
/// taken from the content, never from the name.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    bytes: Vec<u8>,
}

impl fmt::Debug for FilePart {
    // The content can be megabytes; show its size, not its bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("kind", &FileKind::sniff(&self.bytes))
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl FilePart {
    /// A file from its name (what PayPal shows, e.g. `receipt.pdf`) and content.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> FilePart {
        FilePart {
            file_name: file_name.into(),
            bytes: bytes.into(),
        }
    }

    /// Reads a file from disk; the part is named after the file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<FilePart> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(FilePart::new(name, bytes))
    }

    /// The file name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The file's kind, if PayPal accepts it.
    pub fn kind(&self) -> Option<FileKind> {
        FileKind::sniff(&self.bytes)
    }
}

/// An upload broke a limit; nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// The file is not JPG, GIF, PNG or PDF (judged by its content).
    #[error(
        "file `{file}` is not a JPG, GIF, PNG or PDF file (its first bytes say otherwise); PayPal accepts only those"
    )]
    #[non_exhaustive]
    UnsupportedFileType {
        /// The file name.
        file: String,
    },
    /// The file is empty.
    #[error("file `{file}` is empty")]
    #[non_exhaustive]
    EmptyFile {
        /// The file name.
        file: String,
    },
    /// One file is too large.
    #[error("file `{file}` is {size} bytes; each file must be under {limit} bytes")]
    #[non_exhaustive]
    FileTooLarge {
        /// The file name.
        file: String,
        /// Its size.
        size: u64,
        /// [`UploadLimits::file_bytes`].
        limit: u64,
    },
    /// The files of one call are too large together.
    #[error(
        "the files of this call are {size} bytes together (`{file}` is the one that crosses the limit); one call takes at most {limit} bytes: send them in several calls"
    )]
    #[non_exhaustive]
    CallTooLarge {
        /// The first file whose size takes the call past the limit.
        file: String,
        /// Their total size.
        size: u64,
        /// [`UploadLimits::call_bytes`].
        limit: u64,
    },
    /// A note or message is too long.
    #[error("`{field}` is {chars} characters; at most {limit} are allowed")]
    #[non_exhaustive]
    NoteTooLong {
        /// Where the text is, e.g. `input.evidences[0].notes`.
        field: String,
        /// Its length in characters.
        chars: usize,
        /// [`UploadLimits::note_chars`].
        limit: usize,
    },
    /// A part could not be encoded.
    #[error("part `{part}` cannot be encoded: {reason}")]
    Encoding {
        /// The part name.
        part: String,
        /// Why.
        reason: String,
    },
}

/// The parts of one multipart call, checked and then turned into a form.
/// The generated upload operations build one; callers do not need to.
#[derive(Debug, Default)]
pub struct Upload {
    json: Vec<(&'static str, &'static str, serde_json::Value)>,
    files: Vec<(&'static str, FilePart)>,
}

impl Upload {
    /// No parts yet.
    pub fn new() -> Upload {
        Upload::default()
    }

    /// Adds a JSON part.
    pub fn json<T: serde::Serialize>(
        mut self,
        name: &'static str,
        media_type: &'static str,
        value: &T,
    ) -> Result<Upload, UploadError> {
        let value = serde_json::to_value(value).map_err(|e| encoding(name, e))?;
        self.json.push((name, media_type, value));
        Ok(self)
    }

    /// Adds file parts, all under one part name.
    pub fn files(mut self, name: &'static str, files: Vec<FilePart>) -> Upload {
        self.files.extend(files.into_iter().map(|f| (name, f)));
        self
    }

    /// Checks file types, sizes and note lengths against `limits`.
    pub fn check(&self, limits: &UploadLimits) -> Result<(), UploadError> {
        let mut total: u64 = 0;
        let mut crossing: Option<&str> = None;
        for (_, file) in &self.files {
            let name = file.file_name.clone();
            if file.is_empty() {
                return Err(UploadError::EmptyFile { file: name });
            }
            if file.kind().is_none() {
                return Err(UploadError::UnsupportedFileType { file: name });
            }
            if file.len() >= limits.file_bytes {
                return Err(UploadError::FileTooLarge {
                    file: name,
                    size: file.len(),
                    limit: limits.file_bytes,
                });
            }
            total = total.saturating_add(file.len());
            if total > limits.call_bytes && crossing.is_none() {
                crossing = Some(&file.file_name);
            }
        }
        if let Some(file) = crossing {
            return Err(UploadError::CallTooLarge {
                file: file.to_owned(),
                size: total,
                limit: limits.call_bytes,
            });
        }
        for (name, _, value) in &self.json {
            check_notes(value, name, limits.note_chars)?;
        }
        Ok(())
    }

    /// The multipart form: JSON parts first, then the files.
    pub fn into_form(self) -> Result<reqwest::multipart::Form, UploadError> {
        // Part names as PayPal spells them, `supporting document` included:
        // reqwest would otherwise write a name with a blank as RFC 2231's
        // `name*=utf-8''supporting%20document`, which RFC 7578 (section 4.2)
        // rules out for form data and servers read as no name at all. The
        // names are the spec's constants, never a quote or a line break;
        // file names are escaped by reqwest either way.
        let mut form = reqwest::multipart::Form::new().percent_encode_noop();
        for (name, media_type, value) in self.json {
            let part = reqwest::multipart::Part::text(value.to_string())
                .mime_str(media_type)
                .map_err(|e| encoding(name, e))?;
            form = form.part(name, part);
        }
        for (name, file) in self.files {
            let media_type = file
                .kind()
                .map_or("application/octet-stream", FileKind::media_type);
            let part = reqwest::multipart::Part::bytes(file.bytes)
                .file_name(file.file_name.clone())
                .mime_str(media_type)
                .map_err(|e| encoding(name, e))?;
            form = form.part(name, part);
        }
        Ok(form)
    }
}

fn encoding(part: &str, reason: impl std::fmt::Display) -> UploadError {
    UploadError::Encoding {
        part: part.to_owned(),
        reason: reason.to_string(),
    }
}

/// Free-text members are named `note`, `notes` or `message` throughout
/// PayPal's upload inputs.
fn check_notes(value: &serde_json::Value, at: &str, limit: usize) -> Result<(), UploadError> {
    match value {
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                let field = format!("{at}.{key}");
                if let (true, Some(text)) = (
                    matches!(key.as_str(), "note" | "notes" | "message"),
                    member.as_str(),
                ) {
                    let chars = text.chars().count();
                    if chars > limit {
                        return Err(UploadError::NoteTooLong {
                            field,
                            chars,
                            limit,
                        });
                    }
                }
                check_notes(member, &field, limit)?;
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_notes(item, &format!("{at}[{i}]"), limit)?;
            }
        }
        _ => {}
    }
    Ok(())
}
