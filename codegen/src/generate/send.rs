//! Makes progenitor's operations return the crate's one error type, and
//! decode their bodies where a failure can keep the response's status and
//! headers.
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
//! progenitor decodes a body with `ResponseValue::from_response`, whose
//! decode error (`InvalidResponsePayload`) has dropped the status and the
//! headers, and an error body that is not PayPal's would be lost with them.
//! So `send_progenitor` decodes nothing: each status arm returns the
//! response itself, as a typed `decode::Answer` (`Success` or `Failure`),
//! and the public `send` hands it to the runtime's `decode::after`, which
//! builds `Error::Decode`, `Error::Api`, `Error::Http` or `Error::Auth` from
//! the response and its extensions: no error body is ever rewritten.
//!
//! Strict like `headers.rs`: every progenitor operation must be wrapped,
//! and every status arm must have the shape this pass rewrites, or codegen
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

/// Makes `send_progenitor` return the response undecoded: its
/// `Result<ResponseValue<T>, E>` becomes `Result<decode::Answer, E>`; each
/// success arm `ResponseValue::from_response(response).await` becomes
/// `Ok(Answer::Success(response))` and each failure arm
/// `Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))`
/// becomes `Ok(Answer::Failure(response))`.
fn undecoded(inner: &mut ImplItemFn) -> Result<(), String> {
    let ReturnType::Type(_, ty) = &mut inner.sig.output else {
        return Err("`send` returns nothing".to_owned());
    };
    let first = result_args(ty).and_then(|args| args.into_iter().next());
    let Some(GenericArgument::Type(success)) = first else {
        return Err("`send` does not return a `Result`".to_owned());
    };
    *success = syn::parse_quote!(crate::decode::Answer);
    let mut arms = SuccessArms::default();
    arms.visit_block_mut(&mut inner.block);
    if let Some(problem) = arms.problem {
        return Err(problem);
    }
    if arms.rewritten == 0 {
        return Err(format!(
            "`{}` has no status arm `ResponseValue::from_response(response).await`; update codegen/src/generate/send.rs",
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

/// Which answers a status arm's pattern matches.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum StatusClass {
    /// 200 to 299.
    Success,
    /// 400 to 599.
    Failure,
}

impl VisitMut for SuccessArms {
    fn visit_arm_mut(&mut self, arm: &mut Arm) {
        visit_mut::visit_arm_mut(self, arm);
        let Some(class) = status_class(&arm.pat) else {
            return;
        };
        let rewritten = match class {
            StatusClass::Success if is_json_decode(&arm.body) => {
                syn::parse_quote!(Ok(crate::decode::Answer::Success(response)))
            }
            StatusClass::Failure if is_error_decode(&arm.body) => {
                syn::parse_quote!(Ok(crate::decode::Answer::Failure(response)))
            }
            _ => {
                let body = &arm.body;
                self.problem = Some(format!(
                    "a {} arm of another shape: `{}`; update codegen/src/generate/send.rs",
                    match class {
                        StatusClass::Success => "success",
                        StatusClass::Failure => "failure",
                    },
                    quote!(#body)
                ));
                return;
            }
        };
        *arm.body = rewritten;
        self.rewritten += 1;
    }
}

/// The class of `200u16`, `400u16..=499u16` and the like; `None` for a
/// pattern that is not a status, or one that spans classes.
fn status_class(pat: &Pat) -> Option<StatusClass> {
    let code = |e: &Expr| match e {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse::<u16>().ok(),
        _ => None,
    };
    let class = |c: u16| match c {
        200..=299 => Some(StatusClass::Success),
        400..=599 => Some(StatusClass::Failure),
        _ => None,
    };
    match pat {
        Pat::Lit(lit) => class(code(&Expr::Lit(lit.clone()))?),
        Pat::Range(range) => {
            let bound = |b: &Option<Box<Expr>>| b.as_deref().and_then(code).and_then(class);
            let start = bound(&range.start)?;
            (bound(&range.end)? == start).then_some(start)
        }
        _ => None,
    }
}

/// The expression of an arm, its braces taken off (progenitor's tokens
/// brace each arm; prettyplease drops the braces).
fn unbraced(body: &Expr) -> &Expr {
    if let Expr::Block(block) = body {
        if let [syn::Stmt::Expr(inner, None)] = block.block.stmts.as_slice() {
            return unbraced(inner);
        }
    }
    body
}

/// `Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))`.
fn is_error_decode(body: &Expr) -> bool {
    let one_arg = |e: &Expr, name: &str| match unbraced(e) {
        Expr::Call(call)
            if call.args.len() == 1
                && matches!(&*call.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name)) =>
        {
            call.args.first().cloned()
        }
        _ => None,
    };
    let Some(inner) = one_arg(body, "Err") else {
        return false;
    };
    let Some(decoded) = one_arg(&inner, "ErrorResponse") else {
        return false;
    };
    match decoded {
        Expr::Try(tried) => is_json_decode(&tried.expr),
        _ => false,
    }
}

/// `ResponseValue::from_response(response).await`, alone or in a block.
fn is_json_decode(body: &Expr) -> bool {
    let Expr::Await(awaited) = unbraced(body) else {
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
    fn send_decodes_what_a_private_original_returns_as_a_typed_answer() {
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
            out.contains("    async fn send_progenitor(\n        self,\n    ) -> Result<crate::decode::Answer, Error<types::Error>> {"),
            "{out}"
        );
        assert!(
            out.contains("200u16 => Ok(crate::decode::Answer::Success(response)),"),
            "{out}"
        );
        assert!(
            out.contains("400u16..=499u16 => Ok(crate::decode::Answer::Failure(response)),"),
            "a failure body is decoded by the runtime, not by progenitor: {out}"
        );
        assert!(!out.contains("ErrorResponse"), "{out}");
        assert!(
            out.contains("_ => Err(Error::UnexpectedResponse(response)),"),
            "{out}"
        );
    }

    #[test]
    fn a_failure_arm_of_another_shape_is_an_error() {
        let err = wrap(
            r#"
            impl B {
                pub async fn send(self) -> Result<ResponseValue<types::Dispute>, Error<()>> {
                    match response.status().as_u16() {
                        200u16 => ResponseValue::from_response(response).await,
                        400u16..=499u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
            "#,
            1,
        )
        .expect_err("must refuse");
        assert!(err.contains("a failure arm of another shape"), "{err}");
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
