//! Each logical line, classified once: which directive it is, where its
//! name and argument are. The parser matches on [`Name`], never on text.

use crate::lap::lines::{Line, trim};

/// The directives of lap `v0.1`..`v0.3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Name {
    Lap,
    Api,
    Base,
    Version,
    Auth,
    CommonFields,
    Endpoints,
    Hint,
    Toc,
    Type,
    Group,
    EndGroup,
    Endpoint,
    End,
    Desc,
    Body,
    Required,
    Optional,
    Returns,
    Errors,
    ExampleRequest,
    /// A directive this parser does not know; kept as an extension.
    Unknown,
}

/// A directive name of up to 16 bytes as one number, so that finding it
/// is a few integer comparisons (a `match` on strings compared each
/// candidate of the same length byte by byte, once per line).
const fn packed(word: &[u8]) -> Option<u128> {
    if word.len() > 16 {
        return None;
    }
    let mut bytes = [0u8; 16];
    let mut i = 0;
    while i < word.len() {
        bytes[i] = word[i];
        i += 1;
    }
    Some(u128::from_le_bytes(bytes))
}

/// [`packed`] of a name this parser knows.
const fn known(word: &str) -> u128 {
    match packed(word.as_bytes()) {
        Some(key) => key,
        None => panic!("directive names are at most 16 bytes"),
    }
}

impl Name {
    fn parse(word: &str) -> Name {
        const LAP: u128 = known("lap");
        const API: u128 = known("api");
        const BASE: u128 = known("base");
        const VERSION: u128 = known("version");
        const AUTH: u128 = known("auth");
        const COMMON_FIELDS: u128 = known("common_fields");
        const ENDPOINTS: u128 = known("endpoints");
        const HINT: u128 = known("hint");
        const TOC: u128 = known("toc");
        const TYPE: u128 = known("type");
        const GROUP: u128 = known("group");
        const ENDGROUP: u128 = known("endgroup");
        const ENDPOINT: u128 = known("endpoint");
        const END: u128 = known("end");
        const DESC: u128 = known("desc");
        const BODY: u128 = known("body");
        const REQUIRED: u128 = known("required");
        const OPTIONAL: u128 = known("optional");
        const RETURNS: u128 = known("returns");
        const ERRORS: u128 = known("errors");
        // 15 bytes: a name of 16 or more is none of these.
        const EXAMPLE_REQUEST: u128 = known("example_request");
        match packed(word.as_bytes()) {
            Some(LAP) => Name::Lap,
            Some(API) => Name::Api,
            Some(BASE) => Name::Base,
            Some(VERSION) => Name::Version,
            Some(AUTH) => Name::Auth,
            Some(COMMON_FIELDS) => Name::CommonFields,
            Some(ENDPOINTS) => Name::Endpoints,
            Some(HINT) => Name::Hint,
            Some(TOC) => Name::Toc,
            Some(TYPE) => Name::Type,
            Some(GROUP) => Name::Group,
            Some(ENDGROUP) => Name::EndGroup,
            Some(ENDPOINT) => Name::Endpoint,
            Some(END) => Name::End,
            Some(DESC) => Name::Desc,
            Some(BODY) => Name::Body,
            Some(REQUIRED) => Name::Required,
            Some(OPTIONAL) => Name::Optional,
            Some(RETURNS) => Name::Returns,
            Some(ERRORS) => Name::Errors,
            Some(EXAMPLE_REQUEST) => Name::ExampleRequest,
            _ => Name::Unknown,
        }
    }

    /// How many directives may appear at most once per endpoint.
    pub(super) const ONCE_SLOTS: usize = 4;

    /// For a directive an endpoint block may give at most once, its slot
    /// in the block's record of them (below [`Name::ONCE_SLOTS`]).
    pub(super) fn once_slot(self) -> Option<usize> {
        match self {
            Name::Desc => Some(0),
            Name::Body => Some(1),
            Name::ExampleRequest => Some(2),
            Name::Auth => Some(3),
            _ => None,
        }
    }

    /// Whether the directive belongs inside an `@endpoint` block only.
    pub(super) fn in_endpoint(self) -> bool {
        matches!(
            self,
            Name::Desc
                | Name::Body
                | Name::Required
                | Name::Optional
                | Name::Returns
                | Name::Errors
                | Name::ExampleRequest
        )
    }
}

/// One directive line.
#[derive(Clone, Copy, Debug)]
pub(super) struct Directive<'a> {
    pub name: Name,
    /// The name as written, without `@`.
    pub word: &'a str,
    /// Byte offset of the `@`.
    pub offset: usize,
    /// Length of `@name`.
    pub len: usize,
    /// Everything after the name, untrimmed (a field list starts here).
    pub rest: &'a str,
    /// `rest`, trimmed.
    pub arg: &'a str,
}

/// What a logical line is.
pub(super) enum Classified<'a> {
    /// A `# comment` line.
    Comment,
    /// Text that is not a directive.
    Stray(Line<'a>),
    Directive(Directive<'a>),
}

pub(super) fn classify(line: Line<'_>) -> Classified<'_> {
    let text = line.text;
    if text.starts_with('#') {
        return Classified::Comment;
    }
    let Some(after_at) = text.strip_prefix('@') else {
        return Classified::Stray(line);
    };
    // Name characters are ASCII: a byte scan finds the same end, one
    // table lookup per byte.
    const NAME: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
            b += 1;
        }
        table
    };
    let name_len = after_at
        .bytes()
        .take_while(|&b| NAME[usize::from(b)])
        .count();
    let word = &after_at[..name_len];
    let rest = &after_at[name_len..];
    Classified::Directive(Directive {
        name: Name::parse(word),
        word,
        offset: line.offset,
        len: name_len + 1,
        rest,
        arg: trim(rest),
    })
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn every_directive_name_is_found_and_no_other() {
        let known = [
            ("lap", Name::Lap),
            ("api", Name::Api),
            ("base", Name::Base),
            ("version", Name::Version),
            ("auth", Name::Auth),
            ("common_fields", Name::CommonFields),
            ("endpoints", Name::Endpoints),
            ("hint", Name::Hint),
            ("toc", Name::Toc),
            ("type", Name::Type),
            ("group", Name::Group),
            ("endgroup", Name::EndGroup),
            ("endpoint", Name::Endpoint),
            ("end", Name::End),
            ("desc", Name::Desc),
            ("body", Name::Body),
            ("required", Name::Required),
            ("optional", Name::Optional),
            ("returns", Name::Returns),
            ("errors", Name::Errors),
            ("example_request", Name::ExampleRequest),
        ];
        for (word, name) in known {
            assert_eq!(Name::parse(word), name, "{word}");
        }
        for word in [
            "",
            "la",
            "laps",
            "Lap",
            "endpoint_",
            "example_requests",
            "example_request_x_y_z",
            "x-lap",
        ] {
            assert_eq!(Name::parse(word), Name::Unknown, "{word}");
        }
    }
}
