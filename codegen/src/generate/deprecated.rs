//! Carries PayPal's deprecations into the client.
//!
//! progenitor and typify read `deprecated: true` and drop it. This pass
//! puts it back where a reader sees it: a parameter's builder method gets
//! `#[deprecated]` and a doc line (generated code never calls those
//! methods, so nothing generated warns), and a member's struct field or a
//! component's type gets a doc line (typify's own impls read every field,
//! so `#[deprecated]` there would make generated code warn). The words after
//! "Deprecated by PayPal" are the schema's `x-deprecated-instead`, when the
//! overlay says what to use instead. Enum values are the enum template's
//! ([`super::enums`]).
//!
//! Strict like the other passes: every deprecation in the document must
//! land on an item, or codegen stops and names this pass.

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, ImplItem, ItemImpl, ItemMod, ItemStruct};

/// One deprecated thing and where it must land.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// The setter of a parameter on an operation's builder.
    Setter { builder: String, method: String },
    /// A member of a component.
    Field { ty: String, field: String },
    /// A component.
    Type { ty: String },
}

#[derive(Clone, Debug)]
struct Deprecation {
    target: Target,
    /// What to use instead, if the document says.
    instead: Option<String>,
    found: bool,
}

impl Deprecation {
    fn doc(&self) -> String {
        match &self.instead {
            Some(instead) => format!("**Deprecated** by PayPal: {instead}"),
            None => "**Deprecated** by PayPal.".to_owned(),
        }
    }
}

/// Marks every deprecated parameter, member and component of `document`
/// in `file` (progenitor's client, after the other passes). Returns how
/// many items were marked.
pub(super) fn mark(file: &mut syn::File, document: &Value) -> Result<usize, String> {
    let mut marks = Marks {
        all: collect(document),
        path: Vec::new(),
    };
    marks.visit_file_mut(file);
    let missing: Vec<String> = marks
        .all
        .iter()
        .filter(|d| !d.found)
        .map(|d| format!("{:?}", d.target))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "deprecated in the document but not found in progenitor's output: {}; update codegen/src/generate/deprecated.rs",
            missing.join(", ")
        ));
    }
    Ok(marks.all.len())
}

fn deprecated(schema: &Value) -> bool {
    schema.get("deprecated").and_then(Value::as_bool) == Some(true)
}

fn instead(schema: &Value) -> Option<String> {
    schema
        .get("x-deprecated-instead")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Every deprecation the document states, in document order. A member is
/// deprecated by its own flag or by the component its `$ref` names (PayPal
/// deprecates `money_movement_reason`, and so every member of that type).
fn collect(document: &Value) -> Vec<Deprecation> {
    let mut out = Vec::new();
    let mut push = |target, instead| {
        out.push(Deprecation {
            target,
            instead,
            found: false,
        })
    };
    // Template operations have their own builders, without these setters.
    for (id, op) in super::template_op::progenitor_operations(document) {
        let params = op.get("parameters").and_then(Value::as_array);
        for p in params.into_iter().flatten().filter(|p| deprecated(p)) {
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                continue;
            };
            push(
                Target::Setter {
                    builder: id.to_upper_camel_case(),
                    method: name.to_snake_case(),
                },
                instead(p),
            );
        }
    }
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let component =
        |r: &str| openapi_ref::schema_name(r).and_then(|name| schemas.and_then(|s| s.get(&name)));
    for (name, schema) in schemas.into_iter().flatten() {
        let is_object = schema.get("properties").is_some();
        if deprecated(schema) && is_object {
            push(
                Target::Type {
                    ty: name.to_upper_camel_case(),
                },
                instead(schema),
            );
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (prop, value) in props.into_iter().flatten() {
            let referenced = value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(component);
            let (flagged, source) = match referenced {
                Some(target) if deprecated(target) => (true, target),
                _ => (deprecated(value), value),
            };
            if flagged {
                push(
                    Target::Field {
                        ty: name.to_upper_camel_case(),
                        field: prop.to_snake_case(),
                    },
                    instead(source),
                );
            }
        }
    }
    out
}

struct Marks {
    all: Vec<Deprecation>,
    /// The modules the visitor is in, outermost first.
    path: Vec<String>,
}

/// Adds a paragraph to the item's docs, after the docs it has.
fn add_doc(attrs: &mut Vec<Attribute>, text: &str) {
    let at = attrs
        .iter()
        .rposition(|a| a.path().is_ident("doc"))
        .map_or(0, |i| i + 1);
    let line: Attribute = syn::parse_quote!(#[doc = #text]);
    if at == 0 {
        attrs.insert(0, line);
    } else {
        attrs.splice(at..at, [syn::parse_quote!(#[doc = ""]), line]);
    }
}

impl VisitMut for Marks {
    fn visit_item_mod_mut(&mut self, module: &mut ItemMod) {
        // typify's `types::builder` repeats every struct; only `types`
        // itself is the public face. (progenitor's operation builders are
        // the top-level `builder`.)
        if module.ident == "builder" && self.path.last().is_some_and(|m| m == "types") {
            return;
        }
        self.path.push(module.ident.to_string());
        visit_mut::visit_item_mod_mut(self, module);
        self.path.pop();
    }

    fn visit_item_struct_mut(&mut self, item: &mut ItemStruct) {
        let ty = item.ident.to_string();
        for d in &mut self.all {
            match &d.target {
                Target::Type { ty: t } if *t == ty => {
                    add_doc(&mut item.attrs, &d.doc());
                    d.found = true;
                }
                Target::Field { ty: t, field } if *t == ty => {
                    let member = item.fields.iter_mut().find(|f| {
                        f.ident
                            .as_ref()
                            .is_some_and(|i| i.to_string().trim_start_matches("r#") == field)
                    });
                    if let Some(member) = member {
                        add_doc(&mut member.attrs, &d.doc());
                        d.found = true;
                    }
                }
                _ => {}
            }
        }
    }

    fn visit_item_impl_mut(&mut self, item: &mut ItemImpl) {
        let syn::Type::Path(path) = &*item.self_ty else {
            return;
        };
        let Some(ty) = path.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        for d in &mut self.all {
            let Target::Setter { builder, method } = &d.target else {
                continue;
            };
            if *builder != ty {
                continue;
            }
            for i in &mut item.items {
                let ImplItem::Fn(f) = i else { continue };
                if f.sig.ident != method.as_str() {
                    continue;
                }
                let note = d.doc().replace("**", "");
                add_doc(&mut f.attrs, &d.doc());
                f.attrs.push(syn::parse_quote!(#[deprecated(note = #note)]));
                d.found = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        serde_json::json!({
            "paths": {"/v1/disputes": {"get": {
                "operationId": "list_disputes",
                "parameters": [
                    {"name": "start_time", "in": "query", "deprecated": true,
                     "x-deprecated-instead": "filter by `update_time_after`."},
                    {"name": "page_size", "in": "query"}
                ]
            }}},
            "components": {"schemas": {
                "Dispute": {"type": "object", "properties": {
                    "money_movements": {"type": "array", "deprecated": true},
                    "reason": {"$ref": "#/components/schemas/Reason"},
                    "status": {"type": "string"}
                }},
                "Reason": {"type": "string", "deprecated": true}
            }}
        })
    }

    const SOURCE: &str = r#"
        pub mod types {
            pub struct Dispute {
                pub money_movements: Vec<u8>,
                pub reason: Option<String>,
                pub status: Option<String>,
            }
            pub mod builder {
                pub struct Dispute { money_movements: Vec<u8>, reason: Option<String> }
            }
        }
        pub mod builder {
            impl<'a> ListDisputes<'a> {
                pub fn page_size(self) -> Self { self }
                pub fn start_time(self) -> Self { self }
            }
        }
    "#;

    #[test]
    fn setters_get_deprecated_and_fields_a_doc_line_with_what_to_use_instead() {
        let mut file: syn::File = syn::parse_str(SOURCE).expect("parses");
        assert_eq!(mark(&mut file, &document()), Ok(3));
        let out = prettyplease::unparse(&file);
        assert!(
            out.contains("        ///**Deprecated** by PayPal: filter by `update_time_after`.\n        #[deprecated(note = \"Deprecated by PayPal: filter by `update_time_after`.\")]\n        pub fn start_time"),
            "{out}"
        );
        assert!(
            !out.contains("#[deprecated(note = \"Deprecated by PayPal.\")]\n    pub fn page_size"),
            "{out}"
        );
        assert!(
            out.contains(
                "        ///**Deprecated** by PayPal.\n        pub money_movements: Vec<u8>,"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "        ///**Deprecated** by PayPal.\n        pub reason: Option<String>,"
            ),
            "a member of a deprecated type is deprecated: {out}"
        );
        assert_eq!(
            out.matches("Deprecated").count(),
            4,
            "the builder module is left alone: {out}"
        );
    }

    #[test]
    fn a_deprecation_that_lands_nowhere_is_an_error() {
        let mut file: syn::File = syn::parse_str("pub mod types {}").expect("parses");
        let err = mark(&mut file, &document()).expect_err("nothing to mark");
        assert!(
            err.contains("update codegen/src/generate/deprecated.rs"),
            "{err}"
        );
        assert!(err.contains("start_time"), "{err}");
    }
}
