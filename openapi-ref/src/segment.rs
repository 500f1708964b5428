//! Pointer segments: `~` and `/` escaped as `~0` and `~1` (RFC 6901 §3).

/// Escapes one segment: `~` first, then `/`, so `a/b` is `a~1b`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Reads one segment back: `~1` first, then `~0`, so `~01` is `~1`.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The pointer of member `key` below `parent`.
pub fn child(parent: &str, key: &str) -> String {
    format!("{parent}/{}", escape(key))
}

/// The parent pointer and the last segment, unescaped: the container and
/// the key to insert, replace or remove. `None` for the root pointer `""`,
/// which has no parent.
pub fn split_last(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, unescape(last)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_tildes_and_slashes_in_the_rfc_order() {
        for raw in [
            "a/b",
            "~1",
            "~0/",
            "/v1/customer/disputes/{id}",
            "plain",
            "",
        ] {
            assert_eq!(unescape(&escape(raw)), raw);
        }
        assert_eq!(escape("~1"), "~01");
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(child("/paths", "/a/{id}"), "/paths/~1a~1{id}");
    }

    #[test]
    fn split_last_unescapes_the_key_and_refuses_the_root() {
        assert_eq!(
            split_last("/components/schemas/a~1b"),
            Some(("/components/schemas", "a/b".to_owned()))
        );
        assert_eq!(split_last("/x"), Some(("", "x".to_owned())));
        assert_eq!(split_last(""), None);
    }
}
