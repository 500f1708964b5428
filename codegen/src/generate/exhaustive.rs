//! Makes the generated structs `#[non_exhaustive]`, so that the changes
//! PayPal makes in a routine release are minor releases of `disputes-api`.
//!
//! typify generates every object schema as a struct with public fields.
//! Under Cargo's semver rules a public field added to such a struct breaks
//! every caller's struct literal and exhaustive pattern: PayPal's most
//! common change, a new optional member, would be a major release. With
//! `#[non_exhaustive]` the crate promises only what callers can rely on
//! across such changes: they read and assign fields, match with `..`, and
//! build values with the builders typify generates beside each struct
//! (`types::MakeOfferRequest::builder()`, or an operation's
//! `.body_map(|b| ...)`), from `Default`, or by deserializing. Newtypes
//! (`DisputeId(String)`) stay as they are: they have nothing to add, and
//! callers convert into them with `From`.
//!
//! Request enums (typify's, in `types`) stay exhaustive: callers build
//! them, and a server matching on them (the sandbox) is meant to stop
//! compiling when PayPal accepts a new value, so a new request value is a
//! major release. Response enums are ours (`generate/enums.rs`), marked
//! there.
//!
//! The pass works on the parsed file, as `headers.rs` and `send.rs` do, and
//! is strict: it must find progenitor's `types` module with structs
//! in it, and none may carry the attribute already (a progenitor
//! or typify release that adds it itself makes this pass stop, to be
//! removed, instead of doubling it).

use syn::{Attribute, Fields, Item};

/// Marks every named-field struct directly in the `types` module of
/// progenitor's `client.rs`; returns how many it marked.
pub(super) fn mark_types(file: &mut syn::File) -> Result<usize, String> {
    let types = types_module(file)?;
    let mut marked = 0;
    for item in types.iter_mut() {
        let Item::Struct(s) = item else {
            continue;
        };
        if !matches!(s.fields, Fields::Named(_)) {
            continue;
        }
        mark(&mut s.attrs, &s.ident.to_string())?;
        marked += 1;
    }
    if marked == 0 {
        return Err("progenitor's `types` module has no struct to mark: update \
             codegen/src/generate/exhaustive.rs for this progenitor release"
            .to_owned());
    }
    Ok(marked)
}

/// The items of progenitor's inline `types` module, which the passes on
/// generated types (this one, `request_enums.rs`) edit.
pub(super) fn types_module(file: &mut syn::File) -> Result<&mut Vec<Item>, String> {
    file.items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "types" => m.content.as_mut(),
            _ => None,
        })
        .map(|(_, items)| items)
        .ok_or_else(|| {
            "progenitor's client has no inline `types` module: update \
             codegen/src/generate for this progenitor release"
                .to_owned()
        })
}

/// Adds `#[non_exhaustive]` to `attrs`, refusing a second one.
pub(super) fn mark(attrs: &mut Vec<Attribute>, name: &str) -> Result<(), String> {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        return Err(format!(
            "`{name}` is already `#[non_exhaustive]`: the generator now marks it \
             itself, so codegen/src/generate/exhaustive.rs should stop"
        ));
    }
    attrs.push(syn::parse_quote!(#[non_exhaustive]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_named_structs_in_types_but_not_enums_newtypes_or_builders() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Dispute { pub id: String }
                pub struct DisputeId(pub String);
                pub enum Reason { A, B }
                pub mod builder { pub struct Dispute { id: String } }
            }
        };
        assert_eq!(mark_types(&mut file), Ok(1));
        let text = prettyplease::unparse(&file);
        assert_eq!(text.matches("#[non_exhaustive]").count(), 1, "{text}");
        assert!(
            text.contains("#[non_exhaustive]\n    pub struct Dispute {"),
            "{text}"
        );
    }

    #[test]
    fn stops_when_the_attribute_is_already_there_or_types_is_missing() {
        let mut marked: syn::File = syn::parse_quote! {
            pub mod types { #[non_exhaustive] pub struct A { pub x: u8 } }
        };
        let e = mark_types(&mut marked).expect_err("already marked");
        assert!(e.contains("`A` is already `#[non_exhaustive]`"), "{e}");
        let mut none: syn::File = syn::parse_quote! { pub mod other {} };
        assert!(mark_types(&mut none).is_err());
    }
}
