//! An endpoint's field list read once per distinct text.
//!
//! lapsh writes an API's shared parameters and response shapes out in full
//! at every endpoint: 98% of Microsoft Graph's `@required`, `@optional` and
//! `@returns` lines repeat an earlier line byte for byte (DocuSign: 68% of
//! those lines' bytes), and reading their fields was a quarter of a parse.
//! Reading a list depends only on its text, the column its `{` stands at,
//! what may follow it, and the file's `@type` names (fixed before the first
//! line is read), so a list read before is copied, its positions moved to
//! the lines where it now stands.
//!
//! Only a list whose reading reported nothing is kept: a list that gave a
//! warning or an error is read again where it repeats, so each diagnostic
//! is reported at its own place. A list is kept from its second reading
//! on, so a file whose lists never repeat pays for no copies.

use foldhash::HashMap as FastMap;

use crate::lap::syntax::{Close, Member};
use crate::model::{Field, Origin, field_origins_mut};

/// What identifies a list's reading.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Key<'a> {
    /// From the `{` to the end of the logical line.
    pub text: &'a str,
    /// The column of the `{`, in characters (every field on its line is
    /// placed from it).
    pub column: u32,
    pub close: Close,
}

enum Memo {
    /// Read once, not kept.
    Once,
    /// Read cleanly: the fields, the line of the `{` they were read at, and
    /// where the text after the closing `}` starts in [`Key::text`].
    Kept {
        fields: Vec<Field>,
        line: u32,
        tail: usize,
    },
}

/// What [`ListMemo::lookup`] found.
pub(super) enum Lookup {
    /// Not seen before: read it.
    First,
    /// Seen before, not kept: read it and [`ListMemo::keep`] it if its
    /// reading reports nothing.
    Again,
    /// Kept: the fields are in the list passed in; the text after the
    /// closing `}` starts at this byte of [`Key::text`].
    Copied { tail: usize },
}

#[derive(Default)]
pub(super) struct ListMemo<'a> {
    lists: FastMap<Key<'a>, Memo>,
}

impl<'a> ListMemo<'a> {
    /// Looks `key` up; when it is kept, appends copies of its fields to
    /// `out`, placed at `line`.
    pub(super) fn lookup<T: Member>(
        &mut self,
        key: Key<'a>,
        line: u32,
        out: &mut Vec<T>,
    ) -> Lookup {
        match self.lists.get(&key) {
            None => {
                self.lists.insert(key, Memo::Once);
                Lookup::First
            }
            Some(Memo::Once) => Lookup::Again,
            Some(Memo::Kept {
                fields,
                line: read_at,
                tail,
            }) => {
                out.reserve_exact(fields.len());
                for field in fields {
                    let mut field = field.clone();
                    if line != *read_at {
                        let moved = &mut |o: &mut Origin| {
                            if o.line != 0 {
                                o.line = o.line - read_at + line;
                            }
                        };
                        field_origins_mut(std::slice::from_mut(&mut field), moved);
                    }
                    out.push(T::of(field));
                }
                Lookup::Copied { tail: *tail }
            }
        }
    }

    /// Keeps a clean reading of `key` (looked up as [`Lookup::Again`]).
    pub(super) fn keep<T: Member>(&mut self, key: Key<'a>, read: &[T], line: u32, tail: usize) {
        let fields = read.iter().map(|m| m.field().clone()).collect();
        self.lists.insert(key, Memo::Kept { fields, line, tail });
    }
}
