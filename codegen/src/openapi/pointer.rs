//! JSON pointers into an OpenAPI document for model elements, so the
//! diff and its policies point at the same place a reader would open.
//!
//! Pointers below a schema are written as if every `$ref` were inlined
//! (`.../schema/properties/note`): the model has no references, and a
//! reader follows the path through the document's references by eye.

use serde_json::Value;

use crate::model::{Endpoint, Param, ParamLocation};

/// Escapes one JSON pointer segment (RFC 6901: `~` then `/`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `/paths/{path}`.
pub fn path_pointer(path: &str) -> String {
    format!("/paths/{}", escape(path))
}

/// `/paths/{path}/{method}`.
pub fn operation_pointer(ep: &Endpoint) -> String {
    format!(
        "{}/{}",
        path_pointer(&ep.path),
        ep.method.as_str().to_lowercase()
    )
}

/// Whether a media type is JSON: its essence (the part before any `;`
/// parameter, compared without case, as RFC 9110 says media types are) is
/// `application/json` or ends in `+json`. Parameters such as Azure's
/// `application/json; odata=minimalmetadata` or `;version=2` do not change
/// what the body is.
pub fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .len()
            .checked_sub(5)
            .and_then(|at| essence.get(at..))
            .is_some_and(|tail| tail.eq_ignore_ascii_case("+json"))
}

/// The JSON request body's schema: the media type the import read.
pub fn request_schema_pointer(ep: &Endpoint) -> String {
    let media = ep
        .request_media_types
        .iter()
        .find(|m| is_json(m))
        .or(ep.request_media_types.first())
        .map_or("application/json", String::as_str);
    format!(
        "{}/requestBody/content/{}/schema",
        operation_pointer(ep),
        escape(media)
    )
}

/// The pointer of a parameter in `document`: its index in the operation's
/// or the path item's `parameters` (following a `$ref` entry to read its
/// name), or its property in the JSON request body.
pub fn param_pointer(document: &Value, ep: &Endpoint, param: &Param) -> String {
    let base = operation_pointer(ep);
    if param.location == ParamLocation::Body {
        return format!(
            "{}/properties/{}",
            request_schema_pointer(ep),
            escape(&param.field.name)
        );
    }
    for owner in [base.clone(), path_pointer(&ep.path)] {
        let Some(list) = document
            .pointer(&format!("{owner}/parameters"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let p = match p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            {
                Some(target) => document.pointer(target).unwrap_or(p),
                None => p,
            };
            if p.get("name").and_then(Value::as_str) == Some(param.field.name.as_str()) {
                return format!("{owner}/parameters/{i}");
            }
        }
    }
    format!("{base}/parameters")
}

/// The 1-based line and column (in characters) where the value at `pointer`
/// starts in JSON `text`, so that an error found in the parsed document can
/// name the place an editor opens. `None` when the text is not JSON or has
/// no such value.
///
/// The text is scanned, never parsed into a tree: it works on any nesting
/// with a heap stack of one entry per level, so it cannot overflow the stack
/// on the inputs whose depth it is asked to report.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let target: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let matches = |stack: &[Frame]| {
        stack.len() == target.len()
            && stack.iter().zip(&target).all(|(frame, want)| match frame {
                Frame::Object(key) => key.as_deref() == Some(want.as_str()),
                Frame::Array(i) => want.parse::<usize>() == Ok(*i),
            })
    };
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Array(index)) => *index += 1,
                    _ => expect_key = true,
                }
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                i += 1;
            }
            b'"' if expect_key => {
                let end = string_end(bytes, i)?;
                let key: String = serde_json::from_str(&text[i..end]).ok()?;
                if let Some(Frame::Object(slot)) = stack.last_mut() {
                    *slot = Some(key);
                }
                expect_key = false;
                i = end;
            }
            first => {
                if matches(&stack) {
                    return Some(line_column(text, i));
                }
                match first {
                    b'{' => {
                        stack.push(Frame::Object(None));
                        expect_key = true;
                        i += 1;
                    }
                    b'[' => {
                        stack.push(Frame::Array(0));
                        i += 1;
                    }
                    b'"' => i = string_end(bytes, i)?,
                    _ => {
                        while i < bytes.len() && !b",}] \t\r\n".contains(&bytes[i]) {
                            i += 1;
                        }
                    }
                }
            }
        }
    }
    None
}

/// The offset just after the JSON string that opens at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::{is_json, locate};

    #[test]
    fn media_type_parameters_and_case_do_not_hide_json() {
        for json in [
            "application/json",
            "application/json; odata=minimalmetadata",
            "application/json;version=2",
            "Application/JSON",
            "application/merge-patch+json",
            "application/vnd.api+JSON; charset=utf-8",
        ] {
            assert!(is_json(json), "{json}");
        }
        for other in [
            "text/plain",
            "application/jsonl",
            "multipart/form-data",
            "json",
        ] {
            assert!(!is_json(other), "{other}");
        }
        assert!(!is_json("application/xml; note=+json"));
    }

    #[test]
    fn locates_members_items_and_escaped_keys() {
        let text = "{\n  \"a\": [1, {\"b/c\": true}],\n  \"d\": {}\n}";
        assert_eq!(locate(text, ""), Some((1, 1)));
        assert_eq!(locate(text, "/a"), Some((2, 8)));
        assert_eq!(locate(text, "/a/1/b~1c"), Some((2, 20)));
        assert_eq!(locate(text, "/d"), Some((3, 8)));
        assert_eq!(locate(text, "/a/2"), None);
    }
}
