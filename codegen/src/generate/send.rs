//! Makes progenitor's operations return the crate's one error type, and
//! decode their success bodies where a failure can keep the response's
//! status and headers.
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
//! progenitor decodes a success body with `ResponseValue::from_response`,
//! whose decode error (`InvalidResponsePayload`) has dropped the status and
//! the headers. So `send_progenitor`'s success arms return the response
//! itself, and the public `send` decodes it with the runtime's
//! `decode::after`, whose `Error::Decode` keeps the status, the
//! `Paypal-Debug-Id` and the member that failed.
//!
//! Strict like `headers.rs`: every progenitor operation must be wrapped,
//! and every success arm must have the shape this pass rewrites, or codegen
//! stops and names this pass.

use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Arm, Expr, GenericArgument, ImplItem, ImplItemFn, ItemImpl, Pat, PathArguments, ReturnType,
    Type,
};

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
        if let Err(problem) = undecoded(&mut inner) {
            self.problem = Some(problem);
            return;
        }
        let inner_ident = &inner.sig.ident;
        // Not an `async fn`: the decoding future of `decode::after` is the
        // one state machine around progenitor's.
        send.sig.asyncness = None;
        send.sig.output = syn::parse_quote!(
            -> impl ::std::future::Future<Output = ::std::result::Result<#success, crate::Error>>
        );
        send.block = syn::parse_quote!({
            crate::decode::after(self.#inner_ident())
        });
        item.items.insert(at + 1, ImplItem::Fn(inner));
        self.wrapped += 1;
    }
}

/// Makes `send_progenitor` return the success response undecoded: its
/// `Result<ResponseValue<T>, E>` becomes `Result<reqwest::Response, E>`, and
/// each success arm `ResponseValue::from_response(response).await` becomes
/// `Ok(response)`.
fn undecoded(inner: &mut ImplItemFn) -> Result<(), String> {
    let ReturnType::Type(_, ty) = &mut inner.sig.output else {
        return Err("`send` returns nothing".to_owned());
    };
    let first = result_args(ty).and_then(|args| args.into_iter().next());
    let Some(GenericArgument::Type(success)) = first else {
        return Err("`send` does not return a `Result`".to_owned());
    };
    *success = syn::parse_quote!(::reqwest::Response);
    let mut arms = SuccessArms::default();
    arms.visit_block_mut(&mut inner.block);
    if let Some(problem) = arms.problem {
        return Err(problem);
    }
    if arms.rewritten == 0 {
        return Err(format!(
            "`{}` has no success arm `ResponseValue::from_response(response).await`; update codegen/src/generate/send.rs",
            inner.sig.ident
        ));
    }
    Ok(())
}

/// The generic arguments of a `Result<..>` type.
fn result_args(ty: &mut Type) -> Option<Vec<&mut GenericArgument>> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last_mut()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &mut last.arguments else {
        return None;
    };
    Some(args.args.iter_mut().collect())
}

#[derive(Default)]
struct SuccessArms {
    rewritten: usize,
    problem: Option<String>,
}

impl VisitMut for SuccessArms {
    fn visit_arm_mut(&mut self, arm: &mut Arm) {
        visit_mut::visit_arm_mut(self, arm);
        if !is_success_status(&arm.pat) {
            return;
        }
        if is_json_decode(&arm.body) {
            *arm.body = syn::parse_quote!(Ok(response));
            self.rewritten += 1;
        } else {
            let body = &arm.body;
            self.problem = Some(format!(
                "a success arm of another shape: `{}`; update codegen/src/generate/send.rs",
                quote!(#body)
            ));
        }
    }
}

/// `200u16`, or a range within 200 to 299.
fn is_success_status(pat: &Pat) -> bool {
    let code = |e: &Expr| match e {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse::<u16>().ok(),
        _ => None,
    };
    let success = |c: Option<u16>| c.is_some_and(|c| (200..300).contains(&c));
    match pat {
        Pat::Lit(lit) => success(code(&Expr::Lit(lit.clone()))),
        Pat::Range(range) => {
            let bound = |b: &Option<Box<Expr>>| b.as_deref().and_then(code);
            success(bound(&range.start)) && success(bound(&range.end))
        }
        _ => false,
    }
}

/// `ResponseValue::from_response(response).await`, alone or in a block
/// (progenitor's tokens brace each arm; prettyplease drops the braces).
fn is_json_decode(body: &Expr) -> bool {
    if let Expr::Block(block) = body {
        return match block.block.stmts.as_slice() {
            [syn::Stmt::Expr(inner, None)] => is_json_decode(inner),
            _ => false,
        };
    }
    let Expr::Await(awaited) = body else {
        return false;
    };
    let Expr::Call(call) = &*awaited.base else {
        return false;
    };
    let Expr::Path(func) = &*call.func else {
        return false;
    };
    let names: Vec<String> = func
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    names.ends_with(&["ResponseValue".to_owned(), "from_response".to_owned()])
        && call.args.len() == 1
        && matches!(call.args.first(), Some(Expr::Path(p)) if p.path.is_ident("response"))
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
    fn send_decodes_what_a_private_original_returns_undecoded() {
        let out = wrap(
            r#"
            impl<'a> ShowDispute<'a> {
                ///Sends a `GET` request
                pub async fn send(self) -> Result<ResponseValue<types::Dispute>, Error<types::Error>> {
                    let response = result?;
                    match response.status().as_u16() {
                        200u16 => ResponseValue::from_response(response).await,
                        400u16..=499u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
            "#,
            1,
        )
        .expect("wrapped");
        assert!(
            out.contains("///Sends a `GET` request\n    pub fn send(\n        self,\n    ) -> impl ::std::future::Future<\n        Output = ::std::result::Result<ResponseValue<types::Dispute>, crate::Error>,\n    > {\n        crate::decode::after(self.send_progenitor())\n    }"),
            "{out}"
        );
        assert!(
            out.contains("    async fn send_progenitor(self) -> Result<::reqwest::Response, Error<types::Error>> {"),
            "{out}"
        );
        assert!(out.contains("200u16 => Ok(response),"), "{out}");
        assert!(
            out.contains(
                "Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))"
            ),
            "error arms still decode PayPal's error body: {out}"
        );
    }

    #[test]
    fn a_success_arm_of_another_shape_is_an_error() {
        let err = wrap(
            r#"
            impl B {
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    match response.status().as_u16() {
                        204u16 => Ok(ResponseValue::empty(response)),
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
            "#,
            1,
        )
        .expect_err("must refuse");
        assert!(err.contains("a success arm of another shape"), "{err}");
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
