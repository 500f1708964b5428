//! Gives each request enum (typify's, in `types`) its list of values and
//! a borrowed name: `MakeOfferRequestOfferType::ALL` and `.as_str()`.
//!
//! A server or a test that must cover every value a request may carry (the
//! sandbox's rules: which offer types a dispute allows) can then use the
//! client's own enum instead of declaring the vocabulary again, and a
//! value PayPal adds reaches it through `ALL` with no edit. typify gives
//! the enums `Display` and `FromStr`, but neither a list nor a `&'static
//! str`.
//!
//! Only enums of unit variants are touched: their serde name is the wire
//! value (the `rename`, or the variant's own name without one). The pass
//! stops if typify starts to generate either item itself.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Fields, Item, ItemEnum, LitStr};

use super::exhaustive::types_module;

/// Adds the items to every request enum of progenitor's `client.rs`;
/// returns how many it extended.
pub(super) fn extend(file: &mut syn::File) -> Result<usize, String> {
    let types = types_module(file)?;
    let mut impls = Vec::new();
    for item in types.iter() {
        let Item::Enum(e) = item else {
            continue;
        };
        if let Some(tokens) = values(e)? {
            impls.push(tokens);
        }
    }
    let extended = impls.len();
    for tokens in impls {
        types.push(syn::parse2(tokens).map_err(|e| e.to_string())?);
    }
    Ok(extended)
}

/// The `impl` block for `e`, if all its variants are units.
fn values(e: &ItemEnum) -> Result<Option<TokenStream>, String> {
    let mut variants = Vec::new();
    let mut wire = Vec::new();
    for variant in &e.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Ok(None);
        }
        variants.push(&variant.ident);
        wire.push(serde_name(&variant.attrs)?.unwrap_or_else(|| variant.ident.to_string()));
    }
    if variants.is_empty() {
        return Ok(None);
    }
    let name = &e.ident;
    Ok(Some(quote! {
        impl #name {
            /// Every value the spec allows, in its order.
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            /// The value as PayPal writes it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#variants => #wire,)*
                }
            }
        }
    }))
}

/// The `rename` of a `#[serde(rename = "...")]` among `attrs`.
fn serde_name(attrs: &[syn::Attribute]) -> Result<Option<String>, String> {
    let mut name = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                name = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                // Another `key = value` serde attribute: skip its value.
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })
        .map_err(|e| format!("a serde attribute typify wrote did not parse: {e}"))?;
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_enums_get_every_value_and_its_wire_name_and_others_are_left_alone() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub enum Offer {
                    #[serde(rename = "REFUND")]
                    Refund,
                    Other,
                }
                pub enum Mixed { A, B(String) }
                pub struct Dispute { pub id: String }
            }
        };
        assert_eq!(extend(&mut file), Ok(1));
        let text = prettyplease::unparse(&file);
        assert!(
            text.contains("pub const ALL: &'static [Self] = &[Self::Refund, Self::Other];"),
            "{text}"
        );
        assert!(text.contains("Self::Refund => \"REFUND\","), "{text}");
        assert!(text.contains("Self::Other => \"Other\","), "{text}");
        assert_eq!(text.matches("impl ").count(), 1, "{text}");
    }
}
