//! Where a pointer's value starts in a JSON text, for messages that name
//! the line and column an editor opens.

use crate::segment::unescape;

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
    let target: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
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
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::locate;

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
