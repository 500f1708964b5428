//! Each logical line, classified once: which directive it is, where its
//! name and argument are. The parser matches on [`Name`], never on text.

use crate::lap::lines::{Line, trim_start};
use crate::lap::syntax::word_len;

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

impl Name {
    /// Byte by byte: the patterns form one decision tree on the length and
    /// the bytes, where a `match` on strings compared each candidate of
    /// the same length in turn, once per line of the file. Inlined into
    /// the line loop (whether it was changed with unrelated edits).
    #[inline]
    fn parse(word: &str) -> Name {
        match word.as_bytes() {
            [b'l', b'a', b'p'] => Name::Lap,
            [b'a', b'p', b'i'] => Name::Api,
            [b'b', b'a', b's', b'e'] => Name::Base,
            [b'v', b'e', b'r', b's', b'i', b'o', b'n'] => Name::Version,
            [b'a', b'u', b't', b'h'] => Name::Auth,
            [
                b'c',
                b'o',
                b'm',
                b'm',
                b'o',
                b'n',
                b'_',
                b'f',
                b'i',
                b'e',
                b'l',
                b'd',
                b's',
            ] => Name::CommonFields,
            [b'e', b'n', b'd', b'p', b'o', b'i', b'n', b't', b's'] => Name::Endpoints,
            [b'h', b'i', b'n', b't'] => Name::Hint,
            [b't', b'o', b'c'] => Name::Toc,
            [b't', b'y', b'p', b'e'] => Name::Type,
            [b'g', b'r', b'o', b'u', b'p'] => Name::Group,
            [b'e', b'n', b'd', b'g', b'r', b'o', b'u', b'p'] => Name::EndGroup,
            [b'e', b'n', b'd', b'p', b'o', b'i', b'n', b't'] => Name::Endpoint,
            [b'e', b'n', b'd'] => Name::End,
            [b'd', b'e', b's', b'c'] => Name::Desc,
            [b'b', b'o', b'd', b'y'] => Name::Body,
            [b'r', b'e', b'q', b'u', b'i', b'r', b'e', b'd'] => Name::Required,
            [b'o', b'p', b't', b'i', b'o', b'n', b'a', b'l'] => Name::Optional,
            [b'r', b'e', b't', b'u', b'r', b'n', b's'] => Name::Returns,
            [b'e', b'r', b'r', b'o', b'r', b's'] => Name::Errors,
            [
                b'e',
                b'x',
                b'a',
                b'm',
                b'p',
                b'l',
                b'e',
                b'_',
                b'r',
                b'e',
                b'q',
                b'u',
                b'e',
                b's',
                b't',
            ] => Name::ExampleRequest,
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

#[inline]
pub(super) fn classify(line: Line<'_>) -> Classified<'_> {
    let text = line.text;
    if text.starts_with('#') {
        return Classified::Comment;
    }
    let Some(after_at) = text.strip_prefix('@') else {
        return Classified::Stray(line);
    };
    let name_len = word_len(after_at);
    let word = &after_at[..name_len];
    let rest = &after_at[name_len..];
    Classified::Directive(Directive {
        name: Name::parse(word),
        word,
        offset: line.offset,
        len: name_len + 1,
        rest,
        // A logical line's text ends trimmed, and `rest` ends with it.
        arg: trim_start(rest),
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
