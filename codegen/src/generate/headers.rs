//! Takes progenitor's `api-version` request header out of the generated client.
//!
//! progenitor (0.10 and later) sends `api-version: <info.version>` on every
//! request, for Dropshot servers that select an API version by header, and has
//! no setting to turn it off. PayPal documents no such header: a client that
//! moves money should send only what the service documents (an unknown header
//! is one more thing a proxy, a WAF or a future PayPal release may act on),
//! and building, merging and sending it is about 1% of a cached-token call.
//!
//! The pass works on the parsed file, not on text, and is strict: every
//! progenitor operation must have lost exactly one such header and no
//! `"api-version"` literal may remain. If a progenitor release generates the
//! header differently, codegen stops with a message instead of shipping it.

use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Stmt};

/// The header progenitor adds.
const HEADER: &str = "api-version";
/// The local progenitor builds request headers in.
const HEADER_MAP: &str = "header_map";

/// Removes the header from every operation of `file`; `operations` is how
/// many progenitor generated. When the header was an operation's only one,
/// its header map goes too.
pub(super) fn strip_api_version(file: &mut syn::File, operations: usize) -> Result<(), String> {
    let mut strip = Strip::default();
    strip.visit_file_mut(file);
    let mut left = Literals::default();
    left.visit_file(file);
    if strip.removed != operations || left.found > 0 {
        return Err(format!(
            "progenitor no longer generates its `{HEADER}` header the way \
             codegen/src/generate/headers.rs expects (removed from {} of {operations} \
             operations, {} `\"{HEADER}\"` literals left): update that pass for this \
             progenitor release",
            strip.removed, left.found
        ));
    }
    Ok(())
}

#[derive(Default)]
struct Strip {
    removed: usize,
}

impl VisitMut for Strip {
    fn visit_block_mut(&mut self, block: &mut Block) {
        visit_mut::visit_block_mut(self, block);
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !is_header_append(stmt));
        let removed = before - block.stmts.len();
        if removed == 0 {
            return;
        }
        self.removed += removed;
        // Left: the map's declaration and `.headers(header_map)`, unless the
        // operation has header parameters of its own.
        let mut uses = Mentions::default();
        for stmt in &block.stmts {
            uses.visit_stmt(stmt);
        }
        if uses.found == 2 {
            block.stmts.retain(|stmt| !declares_header_map(stmt));
            for stmt in &mut block.stmts {
                DropHeadersCall.visit_stmt_mut(stmt);
            }
        }
    }
}

/// `header_map.append(HeaderName::from_static("api-version"), ..);`
fn is_header_append(stmt: &Stmt) -> bool {
    let Stmt::Expr(Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    call.method == "append"
        && is_header_map(&call.receiver)
        && call.args.first().is_some_and(|name| {
            let Expr::Call(from_static) = name else {
                return false;
            };
            matches!(from_static.args.first(), Some(Expr::Lit(lit)) if is_header_name(&lit.lit))
        })
}

fn is_header_name(lit: &syn::Lit) -> bool {
    matches!(lit, syn::Lit::Str(s) if s.value() == HEADER)
}

fn is_header_map(expr: &Expr) -> bool {
    matches!(expr, Expr::Path(p) if p.path.is_ident(HEADER_MAP))
}

/// `let mut header_map = ..;`
fn declares_header_map(stmt: &Stmt) -> bool {
    let Stmt::Local(local) = stmt else {
        return false;
    };
    matches!(&local.pat, syn::Pat::Ident(p) if p.ident == HEADER_MAP)
}

/// Replaces `<receiver>.headers(header_map)` with `<receiver>`.
struct DropHeadersCall;

impl VisitMut for DropHeadersCall {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        if let Expr::MethodCall(call) = expr
            && call.method == "headers"
            && call.args.len() == 1
            && call.args.first().is_some_and(is_header_map)
        {
            let receiver = std::mem::replace(&mut *call.receiver, Expr::PLACEHOLDER);
            *expr = receiver;
        }
    }
}

/// Counts mentions of `header_map`.
#[derive(Default)]
struct Mentions {
    found: usize,
}

impl<'ast> Visit<'ast> for Mentions {
    fn visit_ident(&mut self, ident: &'ast syn::Ident) {
        if ident == HEADER_MAP {
            self.found += 1;
        }
    }
}

/// Counts `"api-version"` string literals.
#[derive(Default)]
struct Literals {
    found: usize,
}

impl<'ast> Visit<'ast> for Literals {
    fn visit_lit(&mut self, lit: &'ast syn::Lit) {
        if is_header_name(lit) {
            self.found += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(source: &str, operations: usize) -> Result<String, String> {
        let mut file: syn::File = syn::parse_str(source).map_err(|e| e.to_string())?;
        strip_api_version(&mut file, operations)?;
        Ok(prettyplease::unparse(&file))
    }

    const ONLY_HEADER: &str = r#"
        async fn send() {
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map.append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
            );
            let mut request = client.client.get(url).header(ACCEPT, json).headers(header_map).build()?;
        }
    "#;

    #[test]
    fn the_only_header_takes_its_map_with_it() {
        let out = strip(ONLY_HEADER, 1).expect("stripped");
        assert!(!out.contains("api-version"), "{out}");
        assert!(!out.contains("header_map"), "{out}");
        assert!(out.contains(".header(ACCEPT, json)"), "{out}");
        assert!(out.contains(".build()?"), "{out}");
    }

    #[test]
    fn header_parameters_keep_the_map() {
        let source = r#"
            async fn send() {
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                );
                if let Some(value) = request_id {
                    header_map.append("PayPal-Request-Id", value.to_string().try_into()?);
                }
                let mut request = client.client.post(url).headers(header_map).build()?;
            }
        "#;
        let out = strip(source, 1).expect("stripped");
        assert!(!out.contains("api-version"), "{out}");
        assert!(out.contains("PayPal-Request-Id"), "{out}");
        assert!(out.contains(".headers(header_map)"), "{out}");
    }

    #[test]
    fn a_changed_progenitor_is_an_error_not_a_silent_pass() {
        // The header set another way: nothing matches, the literal stays.
        let source = r#"
            async fn send() {
                let request = client.client.get(url).header("api-version", "1.0").build()?;
            }
        "#;
        let err = strip(source, 1).expect_err("must refuse");
        assert!(err.contains("removed from 0 of 1 operations"), "{err}");
        assert!(err.contains("1 `\"api-version\"` literals left"), "{err}");
    }

    #[test]
    fn every_operation_must_lose_its_header() {
        let err = strip(ONLY_HEADER, 2).expect_err("one operation missed");
        assert!(err.contains("removed from 1 of 2 operations"), "{err}");
    }
}
