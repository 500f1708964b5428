//! Makes progenitor's operations return the crate's one error type.
//!
//! progenitor's `send` returns `progenitor_client::Error<types::Error>`,
//! whose `Display` knows nothing of PayPal's error body (name, first issue,
//! debug ID) nor of the runtime's own failures (refused credentials, a body
//! that is not PayPal's). Our templates already return `crate::Error`; this
//! pass gives progenitor's operations the same signature, so a merchant
//! handles one error type whichever generator wrote the operation: each
//! `send` becomes a private `send_progenitor`, and a public `send` returns
//! its future with the error converted (`From` in the runtime's `error.rs`).
//!
//! Strict like `headers.rs`: every progenitor operation must be wrapped, or
//! codegen stops and names this pass.

use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{GenericArgument, ImplItem, ImplItemFn, ItemImpl, PathArguments, ReturnType, Type};

/// The public method progenitor's builders send with.
const SEND: &str = "send";
/// What the original becomes.
const INNER: &str = "send_progenitor";

/// Wraps the `send` of every builder in `file`; `operations` is how many
/// progenitor generated.
pub(super) fn return_crate_error(file: &mut syn::File, operations: usize) -> Result<(), String> {
    let mut wrap = Wrap::default();
    wrap.visit_file_mut(file);
    if let Some(problem) = wrap.problem {
        return Err(problem);
    }
    if wrap.wrapped != operations {
        return Err(format!(
            "progenitor's builders no longer have the `async fn send(self) -> Result<T, Error<E>>` \
             codegen/src/generate/send.rs expects (wrapped {} of {operations} operations): \
             update that pass for this progenitor release",
            wrap.wrapped
        ));
    }
    Ok(())
}

#[derive(Default)]
struct Wrap {
    wrapped: usize,
    problem: Option<String>,
}

impl VisitMut for Wrap {
    fn visit_item_impl_mut(&mut self, item: &mut ItemImpl) {
        visit_mut::visit_item_impl_mut(self, item);
        let Some(at) = item
            .items
            .iter()
            .position(|i| matches!(i, ImplItem::Fn(f) if f.sig.ident == SEND))
        else {
            return;
        };
        let ImplItem::Fn(send) = &mut item.items[at] else {
            return;
        };
        let Some(success) = progenitor_result(&send.sig.output) else {
            let sig = &send.sig;
            self.problem = Some(format!(
                "a `send` without progenitor's `Result<T, Error<E>>`: `{}`; update codegen/src/generate/send.rs",
                quote!(#sig)
            ));
            return;
        };
        let mut inner: ImplItemFn = send.clone();
        inner.attrs.clear();
        inner.vis = syn::Visibility::Inherited;
        inner.sig.ident = syn::Ident::new(INNER, inner.sig.ident.span());
        let inner_ident = &inner.sig.ident;
        // Not an `async fn`: an `async` wrapper would be one more state
        // machine the 3 KiB result is copied through; `map_err` on the
        // future inlines into the caller's poll.
        send.sig.asyncness = None;
        send.sig.output = syn::parse_quote!(
            -> impl ::std::future::Future<Output = ::std::result::Result<#success, crate::Error>>
        );
        send.block = syn::parse_quote!({
            ::futures_util::TryFutureExt::map_err(self.#inner_ident(), crate::Error::from)
        });
        item.items.insert(at + 1, ImplItem::Fn(inner));
        self.wrapped += 1;
    }
}

/// `T` of `Result<T, Error<E>>`.
fn progenitor_result(output: &ReturnType) -> Option<Type> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let Type::Path(path) = &**ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut args = args.args.iter();
    let (Some(GenericArgument::Type(success)), Some(GenericArgument::Type(Type::Path(error)))) =
        (args.next(), args.next())
    else {
        return None;
    };
    (error.path.segments.last()?.ident == "Error").then(|| success.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(source: &str, operations: usize) -> Result<String, String> {
        let mut file: syn::File = syn::parse_str(source).map_err(|e| e.to_string())?;
        return_crate_error(&mut file, operations)?;
        Ok(prettyplease::unparse(&file))
    }

    #[test]
    fn send_returns_the_crate_error_through_a_private_original() {
        let out = wrap(
            r#"
            impl<'a> ShowDispute<'a> {
                ///Sends a `GET` request
                pub async fn send(self) -> Result<ResponseValue<types::Dispute>, Error<types::Error>> {
                    let request = self.client.client.get(url).build()?;
                    todo!()
                }
            }
            "#,
            1,
        )
        .expect("wrapped");
        assert!(
            out.contains("///Sends a `GET` request\n    pub fn send(\n        self,\n    ) -> impl ::std::future::Future<\n        Output = ::std::result::Result<ResponseValue<types::Dispute>, crate::Error>,\n    > {\n        ::futures_util::TryFutureExt::map_err(self.send_progenitor(), crate::Error::from)\n    }"),
            "{out}"
        );
        assert!(
            out.contains("    async fn send_progenitor(\n        self,\n    ) -> Result<ResponseValue<types::Dispute>, Error<types::Error>> {\n        let request"),
            "{out}"
        );
    }

    #[test]
    fn a_send_of_another_shape_is_an_error() {
        let err = wrap(
            "impl B { pub async fn send(self) -> Result<(), String> { Ok(()) } }",
            1,
        )
        .expect_err("must refuse");
        assert!(err.contains("update codegen/src/generate/send.rs"), "{err}");
    }

    #[test]
    fn every_operation_must_be_wrapped() {
        let err = wrap("impl B { pub fn new() -> Self { B } }", 1).expect_err("none wrapped");
        assert!(err.contains("wrapped 0 of 1 operations"), "{err}");
    }
}
