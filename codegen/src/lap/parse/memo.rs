//! An endpoint's braced list (its fields, its `@errors`) read once per
//! distinct text.
//!
//! lapsh writes an API's shared parameters, response shapes and errors out
//! in full at every endpoint: 98% of Microsoft Graph's `@required`,
//! `@optional` and `@returns` lines repeat an earlier line byte for byte
//! (DocuSign: 68% of those lines' bytes), and every one of its 11,422
//! `@errors` lines is the same; reading them was a third of a parse.
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

use crate::lap::syntax::Close;
use crate::model::{ErrorResponse, Field, Origin, field_origins_mut};

/// An element of a list the memo keeps: its positions can be moved.
pub(super) trait Placed: Clone {
    fn origins_mut(&mut self, f: &mut impl FnMut(&mut Origin));
}

impl Placed for Field {
    fn origins_mut(&mut self, f: &mut impl FnMut(&mut Origin)) {
        field_origins_mut(std::slice::from_mut(self), f);
    }
}

impl Placed for ErrorResponse {
    fn origins_mut(&mut self, f: &mut impl FnMut(&mut Origin)) {
        f(&mut self.origin);
        field_origins_mut(self.fields.as_deref_mut().unwrap_or_default(), f);
    }
}

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

enum Memo<T> {
    /// Read once, not kept.
    Once,
    /// Read cleanly: the elements, the line of the `{` they were read at,
    /// and where the text after the closing `}` starts in [`Key::text`].
    Kept {
        items: Vec<T>,
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
    /// Kept: the elements are in the list passed in; the text after the
    /// closing `}` starts at this byte of [`Key::text`].
    Copied { tail: usize },
}

pub(super) struct ListMemo<'a, T> {
    lists: FastMap<Key<'a>, Memo<T>>,
}

impl<T> Default for ListMemo<'_, T> {
    fn default() -> Self {
        ListMemo {
            lists: FastMap::default(),
        }
    }
}

impl<'a, T: Placed> ListMemo<'a, T> {
    /// Looks `key` up; when it is kept, appends copies of its elements to
    /// `out` (each made a `U` by `wrap`, with room for `extra` more),
    /// placed at `line`.
    pub(super) fn lookup<U>(
        &mut self,
        key: Key<'a>,
        line: u32,
        out: &mut Vec<U>,
        extra: usize,
        wrap: impl Fn(T) -> U,
    ) -> Lookup {
        // Not `entry`: std's reserves room on every call, which cost more
        // than the second hash of a text seen the first time.
        let Some(memo) = self.lists.get(&key) else {
            self.lists.insert(key, Memo::Once);
            return Lookup::First;
        };
        match memo {
            Memo::Once => Lookup::Again,
            Memo::Kept {
                items,
                line: read_at,
                tail,
            } => {
                let (read_at, tail) = (*read_at, *tail);
                out.reserve_exact(items.len() + extra);
                for item in items {
                    let mut item = item.clone();
                    if line != read_at {
                        item.origins_mut(&mut |o: &mut Origin| {
                            if o.line != 0 {
                                o.line = o.line - read_at + line;
                            }
                        });
                    }
                    out.push(wrap(item));
                }
                Lookup::Copied { tail }
            }
        }
    }

    /// Keeps a clean reading of `key` (looked up as [`Lookup::Again`]).
    pub(super) fn keep(&mut self, key: Key<'a>, items: Vec<T>, line: u32, tail: usize) {
        self.lists.insert(key, Memo::Kept { items, line, tail });
    }
}
