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

pub(crate) fn generate(enums: &[OpenEnum]) -> Result<TokenStream, GenerateError> {
    let mut items = Vec::new();
    for e in enums {
        items.push(one(e)?);
    }
    Ok(quote! {
        #![allow(clippy::all)]
        #(#items)*
    })
}

fn one(e: &OpenEnum) -> Result<TokenStream, GenerateError> {
    let name = format_ident!("{}", e.name);
    let mut seen = std::collections::BTreeMap::new();
    for v in &e.values {
        if let Some(other) = seen.insert(variant(v), v) {
            return Err(GenerateError::Input(format!(
                "enum `{}`: values `{other}` and `{v}` map to the same Rust variant `{}`",
                e.name,
                variant(v)
            )));
        }
    }
    let variants: Vec<_> = e
        .values
        .iter()
        .map(|v| format_ident!("{}", variant(v)))
        .collect();
    let docs: Vec<String> = e.values.iter().map(|v| format!("`{v}`")).collect();
    let values = &e.values;
    let description = e
        .description
        .clone()
        .unwrap_or_else(|| format!("`{}`", e.name));
    let compat = "Forward compatible: a value this client does not know decodes as `Unknown` and encodes back unchanged.";
    Ok(quote! {
        #[doc = #description]
        #[doc = ""]
        #[doc = #compat]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(
                #[doc = #docs]
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
