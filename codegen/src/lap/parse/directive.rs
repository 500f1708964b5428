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

impl Name {
    fn parse(word: &str) -> Name {
        match word {
            "lap" => Name::Lap,
            "api" => Name::Api,
            "base" => Name::Base,
            "version" => Name::Version,
            "auth" => Name::Auth,
            "common_fields" => Name::CommonFields,
            "endpoints" => Name::Endpoints,
            "hint" => Name::Hint,
            "toc" => Name::Toc,
            "type" => Name::Type,
            "group" => Name::Group,
            "endgroup" => Name::EndGroup,
            "endpoint" => Name::Endpoint,
            "end" => Name::End,
            "desc" => Name::Desc,
            "body" => Name::Body,
            "required" => Name::Required,
            "optional" => Name::Optional,
            "returns" => Name::Returns,
            "errors" => Name::Errors,
            "example_request" => Name::ExampleRequest,
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
    // Name characters are ASCII: a byte scan finds the same end.
    let name_len = after_at
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
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
