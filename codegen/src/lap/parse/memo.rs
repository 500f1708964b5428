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

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

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

/// What identifies a list's reading, with its hash computed once: the
/// text is a whole list (hundreds of bytes), and the map would otherwise
/// hash it again for the insert after a miss, for the kept reading, and
/// for every key each time the map grows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Key<'a> {
    hash: u64,
    /// From the `{` to the end of the logical line.
    text: &'a str,
    /// The column of the `{`, in characters (every field on its line is
    /// placed from it).
    column: u32,
    close: Close,
}

impl<'a> Key<'a> {
    pub(super) fn new(text: &'a str, column: u32, close: Close) -> Key<'a> {
        use std::hash::BuildHasher as _;
        let hash = foldhash::fast::FixedState::default().hash_one((text, column, close));
        Key {
            hash,
            text,
            column,
            close,
        }
    }
}

impl std::hash::Hash for Key<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Hands the map a [`Key`]'s own hash, already well mixed, unchanged.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    /// Only [`Key`] is hashed with it, which writes one `u64`; any other
    /// bytes are folded in so that the hasher stays a hasher.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
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
    lists: HashMap<Key<'a>, Memo<T>, BuildHasherDefault<KeyHasher>>,
}

impl<T> Default for ListMemo<'_, T> {
    fn default() -> Self {
        ListMemo {
            lists: HashMap::default(),
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
