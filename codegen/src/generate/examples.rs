//! Every operation's rustdoc example, from the Rust entry of the
//! operation's `x-codeSamples` (Redoc's convention, written in the overlay),
//! as a `no_run` doctest that `cargo test --doc` compiles.
//!
//! progenitor writes an `ignore` snippet with placeholder arguments
//! (`.id(id)`), which compiles nowhere and teaches nothing; this pass puts
//! the example in its place, and our templates put it in their docs
//! themselves (`templates.rs` calls [`doctest`]). The sample is the body of
//! an async function with `client: &disputes_api::Client` that may use `?`
//! on any error; the hidden lines around it are written here, once.
//!
//! Strict like the other passes: an operation without a Rust sample, or a
//! progenitor operation whose doc has no `ignore` snippet to replace, stops
//! codegen with its name.

use heck::ToSnakeCase;
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};
use syn::{ImplItem, ItemImpl};

/// The `lang` of the sample this pass reads.
const LANG: &str = "Rust";

/// The example of `operation` as a doctest block, from its Rust sample.
pub(super) fn doctest(operation: &Value) -> Result<String, String> {
    let id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or("(no operationId)");
    let source = operation
        .get("x-codeSamples")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|s| s.get("lang").and_then(Value::as_str) == Some(LANG))
        .and_then(|s| s.get("source"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            format!(
                "operation `{id}` has no `x-codeSamples` entry with `lang: {LANG}`; \
                 add one in spec/disputes.overlay.yaml (it becomes the operation's doctest)"
            )
        })?;
    let mut block = String::from(
        "# Example\n\n```no_run\n\
         # async fn example(client: &disputes_api::Client) -> Result<(), Box<dyn std::error::Error>> {\n",
    );
    for line in source.trim_end().lines() {
        block.push_str(line);
        block.push('\n');
    }
    block.push_str("# Ok(())\n# }\n```");
    Ok(block)
}

/// Replaces the `ignore` snippet in the doc of every progenitor operation
/// of `document` (those without `x-codegen-template`) on the generated
/// `Client` with its example. Returns how many were replaced.
pub(super) fn attach(file: &mut syn::File, document: &Value) -> Result<usize, String> {
    let mut wanted = Vec::new();
    for (id, op) in super::template_op::progenitor_operations(document) {
        wanted.push(Wanted {
            method: id.to_snake_case(),
            block: doctest(op)?,
            found: false,
        });
    }
    let mut pass = Attach {
        wanted,
        problem: None,
    };
    pass.visit_file_mut(file);
    if let Some(problem) = pass.problem {
        return Err(problem);
    }
    let missing: Vec<&str> = pass
        .wanted
        .iter()
        .filter(|w| !w.found)
        .map(|w| w.method.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no `Client` method with an `ignore` example for {}; update codegen/src/generate/examples.rs",
            missing.join(", ")
        ));
    }
    Ok(pass.wanted.len())
}

struct Wanted {
    method: String,
    block: String,
    found: bool,
}

struct Attach {
    wanted: Vec<Wanted>,
    problem: Option<String>,
}

impl VisitMut for Attach {
    fn visit_item_impl_mut(&mut self, item: &mut ItemImpl) {
        visit_mut::visit_item_impl_mut(self, item);
        let is_client = matches!(&*item.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if !is_client || item.trait_.is_some() {
            return;
        }
        for member in &mut item.items {
            let ImplItem::Fn(f) = member else { continue };
            let Some(wanted) = self
                .wanted
                .iter_mut()
                .find(|w| f.sig.ident == w.method.as_str())
            else {
                continue;
            };
            let replaced = f.attrs.iter_mut().find_map(|attr| {
                let syn::Meta::NameValue(nv) = &mut attr.meta else {
                    return None;
                };
                if !nv.path.is_ident("doc") {
                    return None;
                }
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = &nv.value
                else {
                    return None;
                };
                let doc = replace_ignore(&text.value(), &wanted.block)?;
                nv.value = syn::parse_quote!(#doc);
                Some(())
            });
            match replaced {
                Some(()) => wanted.found = true,
                None => {
                    self.problem = Some(format!(
                        "the doc of `Client::{}` has no ```ignore snippet to replace; update codegen/src/generate/examples.rs",
                        wanted.method
                    ));
                }
            }
        }
    }
}

/// `doc` with its one ```` ```ignore ```` block replaced by `block`.
fn replace_ignore(doc: &str, block: &str) -> Option<String> {
    let start = doc.find("```ignore")?;
    let body = start + "```ignore".len();
    let end = body + doc[body..].find("```")? + "```".len();
    let before = doc[..start].trim_end();
    Some(format!("{before}\n\n{block}{}", &doc[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(samples: Value) -> Value {
        serde_json::json!({ "operationId": "showDispute", "x-codeSamples": samples })
    }

    #[test]
    fn the_rust_sample_becomes_a_no_run_doctest_with_a_client_and_question_marks() {
        let op = operation(serde_json::json!([
            { "lang": "Shell", "source": "curl ..." },
            { "lang": "Rust", "source": "client.show().send().await?;\n" }
        ]));
        assert_eq!(
            doctest(&op).expect("a sample"),
            "# Example\n\n```no_run\n\
             # async fn example(client: &disputes_api::Client) -> Result<(), Box<dyn std::error::Error>> {\n\
             client.show().send().await?;\n# Ok(())\n# }\n```"
        );
    }

    #[test]
    fn an_operation_without_a_rust_sample_is_an_error_naming_it() {
        let op = operation(serde_json::json!([{ "lang": "Shell", "source": "curl ..." }]));
        let err = doctest(&op).expect_err("no Rust sample");
        assert!(err.contains("`showDispute`"), "{err}");
        assert!(err.contains("disputes.overlay.yaml"), "{err}");
    }

    #[test]
    fn progenitor_s_ignore_snippet_is_replaced_and_the_rest_of_the_doc_kept() {
        let doc = "Show a dispute\n\nArguments:\n- `id`: the ID\n```ignore\nlet r = client.x()\n    .send()\n    .await;\n```";
        assert_eq!(
            replace_ignore(doc, "EXAMPLE").as_deref(),
            Some("Show a dispute\n\nArguments:\n- `id`: the ID\n\nEXAMPLE")
        );
        assert_eq!(replace_ignore("no snippet", "EXAMPLE"), None);
    }

    #[test]
    fn every_progenitor_operation_needs_its_snippet_on_the_client() {
        let document = serde_json::json!({ "paths": { "/d": { "get": {
            "operationId": "showDispute",
            "x-codeSamples": [{ "lang": "Rust", "source": "x" }]
        } } } });
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                /// No snippet here.
                pub fn other(&self) {}
            }
        };
        let err = attach(&mut file, &document).expect_err("not found");
        assert!(err.contains("show_dispute"), "{err}");
    }
}
