//! Forward-compatible response enums.
//!
//! typify generates closed enums, which fail to decode a value the schema
//! did not list. For values PayPal sends us that is wrong: PayPal adds
//! values between releases. These enums keep every known value as a variant
//! and any other as `Unknown(String)`, which encodes back unchanged.

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::GenerateError;
use super::prepare::OpenEnum;

/// The Rust variant name for a wire value.
fn variant(value: &str) -> String {
    let name = value.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("V{name}")
    } else {
        name
    }
}

/// Variant names and their docs, in value order. PayPal's lists hold values
/// that differ only in punctuation (`PHL_AIR_21` and `PHL_AIR21`); the later
/// one gets an `Alt` suffix, and its doc says which value took the plain
/// name, so no value is dropped and the names stay stable as values are
/// appended.
fn variant_names(values: &[String]) -> (Vec<String>, Vec<String>) {
    let mut taken: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    let mut names = Vec::new();
    let mut docs = Vec::new();
    for value in values {
        let natural = variant(value);
        let mut name = natural.clone();
        let mut n = 1;
        while taken.contains_key(&name) {
            name = if n == 1 {
                format!("{natural}Alt")
            } else {
                format!("{natural}Alt{n}")
            };
            n += 1;
        }
        let doc = match taken.get(&natural) {
            Some(first) if name != natural => {
                format!("`{value}` (`{natural}` is `{first}`)")
            }
            _ => format!("`{value}`"),
        };
        taken.insert(name.clone(), value);
        names.push(name);
        docs.push(doc);
    }
    (names, docs)
}

pub(crate) fn generate(enums: &[OpenEnum]) -> Result<TokenStream, GenerateError> {
    let mut items = Vec::new();
    for e in enums {
        items.push(one(e)?);
    }
    // A deprecated value is still one PayPal may send: the impls below match
    // it, and must not warn.
    Ok(quote! {
        #![allow(clippy::all, deprecated)]
        #(#items)*
    })
}

fn one(e: &OpenEnum) -> Result<TokenStream, GenerateError> {
    let name = format_ident!("{}", e.name);
    let (variants, docs) = variant_names(&e.values);
    let marks: Vec<TokenStream> = e
        .values
        .iter()
        .map(|v| {
            if e.deprecated_values.contains(v) {
                quote! {
                    #[doc = ""]
                    #[doc = "**Deprecated** by PayPal: older disputes may still carry it."]
                    #[deprecated(note = "PayPal deprecates this value; older disputes may still carry it")]
                }
            } else {
                quote!()
            }
        })
        .collect();
    let variants: Vec<_> = variants.iter().map(|v| format_ident!("{}", v)).collect();
    let values = &e.values;
    let description = e
        .description
        .clone()
        .unwrap_or_else(|| format!("`{}`", e.name));
    let deprecated = e.deprecated.as_ref().map(|instead| {
        let line = if instead.is_empty() {
            "**Deprecated** by PayPal.".to_owned()
        } else {
            format!("**Deprecated** by PayPal: {instead}")
        };
        quote! {
            #[doc = ""]
            #[doc = #line]
        }
    });
    let compat = "Forward compatible: a value this client does not know decodes as `Unknown` and encodes back unchanged. `#[non_exhaustive]`: a `match` needs a `_` arm, so that a value a later release of this crate names is a minor release.";
    // Not `Unknown` alone: a value PayPal adds becomes a variant when the
    // spec is updated, which breaks an exhaustive `match` unless the enum is
    // non-exhaustive (`generate/exhaustive.rs` says why for the types).
    Ok(quote! {
        #[doc = #description]
        #deprecated
        #[doc = ""]
        #[doc = #compat]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #docs]
                #marks
                #variants,
            )*
            /// A value PayPal sent that this version of the client does not know.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as PayPal writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is a value the client knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    })
}
