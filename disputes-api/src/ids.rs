//! Conversions for the ID types, so callers can pass an ID as they hold it.
//!
//! The ID types themselves are generated (`spec/disputes.overlay.yaml` names
//! them); progenitor gives them `From<String>`, `FromStr` and `Display`. A
//! literal or a borrowed ID is the common case in caller code, so `&str` and
//! `&Id` convert too.

use crate::types::{DebugId, DisputeId, MerchantId, TransactionId};

macro_rules! id_conversions {
    ($($id:ident),*) => {$(
        impl From<&str> for $id {
            fn from(value: &str) -> Self {
                $id(value.to_owned())
            }
        }

        impl From<&$id> for $id {
            fn from(value: &$id) -> Self {
                value.clone()
            }
        }

        impl AsRef<str> for $id {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $id {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $id {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    )*};
}

id_conversions!(DisputeId, TransactionId, MerchantId, DebugId);
