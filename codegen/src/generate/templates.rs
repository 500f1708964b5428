//! Our own operation templates, for what progenitor 0.15 cannot generate:
//! multipart uploads (`x-codegen-template: multipart`) and operations whose
//! success is a body or no body (`x-codegen-template: optional-body`).
//!
//! The output mimics progenitor's builder style exactly (`client.op().id(..)
//! .send().await`, `ResponseValue`) and goes through the same `ClientHooks`
//! (`pre`, `exec`, `post`), so the runtime's auth and retries apply to every
//! operation alike. `send` returns the crate's own `Error`, as progenitor's
//! operations do once `send.rs` has wrapped them; an upload can fail a check
//! before anything is sent, and that failure is typed
//! (`crate::upload::UploadError`).

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::GenerateError;
use super::template_op::{Part, PartKind, Template, TemplateOp};

pub(crate) fn generate(ops: &[TemplateOp]) -> Result<TokenStream, GenerateError> {
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    for op in ops {
        let (method, builder) = one(op)?;
        methods.push(method);
        builders.push(builder);
    }
    Ok(quote! {
        #![allow(clippy::all)]
        #[allow(unused_imports)]
        use progenitor_client::{encode_path, ClientHooks, ClientInfo, OperationInfo};
        use super::client::{types, ResponseValue};
        use crate::Error;

        impl super::client::Client {
            #(#methods)*
        }

        /// Builders of the template-generated operations.
        pub mod builder {
            #[allow(unused_imports)]
            use super::*;
            #(#builders)*
        }
    })
}

fn op_error(op: &TemplateOp, message: &str) -> GenerateError {
    GenerateError::Input(format!(
        "{} {} (x-codegen-template: {}): {message}",
        op.method,
        op.path,
        op.template.name()
    ))
}

/// The Rust type of a schema our templates can carry: a `$ref`, a list of
/// them, or a string.
fn rust_type(op: &TemplateOp, schema: &Value) -> Result<TokenStream, GenerateError> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = openapi_ref::schema_name(r)
            .ok_or_else(|| op_error(op, &format!("reference `{r}` is not a component schema")))?;
        let ident = format_ident!("{}", name.to_upper_camel_case());
        return Ok(quote!(types::#ident));
    }
    if let Some(Value::Array(all)) = schema.get("allOf") {
        if let [one] = all.as_slice() {
            return rust_type(op, one);
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => {
            let items = schema
                .get("items")
                .ok_or_else(|| op_error(op, "array without items"))?;
            let item = rust_type(op, items)?;
            Ok(quote!(::std::vec::Vec<#item>))
        }
        Some("string") => Ok(quote!(::std::string::String)),
        _ => Err(op_error(op, &format!("cannot type the schema {schema}"))),
    }
}

fn doc_of(op: &TemplateOp) -> String {
    let summary = op
        .operation
        .get("summary")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let description = op
        .operation
        .get("description")
        .and_then(Value::as_str)
        .map(|d| format!("\n\n{d}"))
        .unwrap_or_default();
    format!(
        "{summary}{description}\n\nSends a `{}` request to `{}`",
        op.method, op.path
    )
}

/// The path parameters: name, Rust type (from the schema, so a `$ref` to
/// an ID schema gives the ID type) and the doc of its setter (the
/// parameter's description).
fn path_params(op: &TemplateOp) -> Result<Vec<(String, TokenStream, String)>, GenerateError> {
    let mut names = Vec::new();
    for p in op
        .operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        match p.get("in").and_then(Value::as_str) {
            Some("path") => {
                let ty = match p.get("schema") {
                    Some(schema) => rust_type(op, schema)?,
                    None => quote!(::std::string::String),
                };
                let doc = p
                    .get("description")
                    .and_then(Value::as_str)
                    .map(|d| format!("Sets `{name}`: {d}"))
                    .unwrap_or_else(|| format!("Sets the `{name}` path parameter."));
                names.push((name.to_owned(), ty, doc));
            }
            other => {
                return Err(op_error(
                    op,
                    &format!("parameter `{name}` in {other:?} is not supported by the templates"),
                ));
            }
        }
    }
    Ok(names)
}

struct Responses {
    /// Each success status and its body type; `None` for no body.
    success: Vec<(u16, Option<TokenStream>)>,
    /// The failures' body type, for progenitor's hooks; `None` when the
    /// spec gives the failures no body.
    error_type: Option<TokenStream>,
    error_codes: Vec<(u16, u16)>,
}

fn responses(op: &TemplateOp) -> Result<Responses, GenerateError> {
    let Some(map) = op.operation.get("responses").and_then(Value::as_object) else {
        return Err(op_error(op, "no responses"));
    };
    let mut success = Vec::new();
    let mut error_type: Option<TokenStream> = None;
    let mut error_codes = Vec::new();
    for (code, response) in map {
        let schema = response.pointer("/content/application~1json/schema");
        let ty = schema.map(|s| rust_type(op, s)).transpose()?;
        let range = match code.as_str() {
            c if c.len() == 3 && c.ends_with("XX") => {
                let d = c[..1]
                    .parse::<u16>()
                    .map_err(|_| op_error(op, &format!("bad status `{c}`")))?;
                (d * 100, d * 100 + 99)
            }
            c => {
                let n = c
                    .parse::<u16>()
                    .map_err(|_| op_error(op, &format!("unsupported status `{c}`")))?;
                (n, n)
            }
        };
        if range.0 < 400 {
            success.push((range.0, ty));
        } else {
            if !error_codes.is_empty() && !same_type(&error_type, &ty) {
                return Err(op_error(op, "error responses have different body types"));
            }
            error_type = ty;
            error_codes.push(range);
        }
    }
    // Specific codes before ranges, as progenitor orders its match arms.
    error_codes.sort_by_key(|(lo, hi)| (hi - lo, *lo));
    Ok(Responses {
        success,
        error_type,
        error_codes,
    })
}

/// Whether two body types are the same type (tokens compare by text:
/// `quote!` output has one spelling per type).
fn same_type(a: &Option<TokenStream>, b: &Option<TokenStream>) -> bool {
    a.as_ref().map(ToString::to_string) == b.as_ref().map(ToString::to_string)
}

fn one(op: &TemplateOp) -> Result<(TokenStream, TokenStream), GenerateError> {
    let id = op
        .operation
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| op_error(op, "no operationId"))?
        .to_snake_case();
    let method_ident = format_ident!("{}", id);
    let builder_ident = format_ident!("{}", id.to_upper_camel_case());
    let doc = doc_of(op);
    // The example goes on the `Client` method only, as on progenitor's
    // operations: one doctest per operation.
    let example = super::examples::doctest(&op.operation).map_err(GenerateError::Input)?;
    let method_doc = format!("{doc}\n\n{example}");
    let builder_doc = format!("Builder for [`Client::{id}`](super::super::client::Client::{id})");
    let params = path_params(op)?;
    let param_idents: Vec<_> = params
        .iter()
        .map(|(p, _, _)| format_ident!("{}", p.to_snake_case()))
        .collect();
    let param_types: Vec<_> = params.iter().map(|(_, ty, _)| ty.clone()).collect();
    let param_docs: Vec<&str> = params.iter().map(|(_, _, doc)| doc.as_str()).collect();
    let param_conversion_errors: Vec<String> = params
        .iter()
        .map(|(p, ty, _)| {
            let ty = ty.to_string().replace(' ', "");
            let ty = ty.rsplit("::").next().unwrap_or(&ty).to_owned();
            format!("conversion to `{ty}` for {p} failed")
        })
        .collect();
    let param_errors: Vec<String> = params
        .iter()
        .map(|(p, _, _)| format!("{p} was not initialized"))
        .collect();
    let url_format = params.iter().fold(op.path.clone(), |acc, (p, _, _)| {
        acc.replace(&format!("{{{p}}}"), "{}")
    });
    let url_format = format!("{{}}{url_format}");
    let responses = responses(op)?;
    let error_type = responses.error_type.clone().unwrap_or_else(|| quote!(()));
    let http = format_ident!("{}", op.method.key());

    let (body_fields, body_init, body_setters, body_build, send_type, success_arms) =
        match &op.template {
            Template::Multipart(parts) => multipart(op, parts, &responses)?,
            Template::OptionalBody { body } => optional_body(op, body, &responses)?,
        };
    // A failure's body is PayPal's error when it has that shape, and is
    // kept as text when not, whatever the spec says the body is: the
    // runtime's `error::failure` decides, from the response.
    let error_arms = responses.error_codes.iter().map(|(lo, hi)| {
        let pattern = if lo == hi {
            quote!(#lo)
        } else {
            quote!(#lo..=#hi)
        };
        quote!(#pattern => Err(crate::error::failure(response).await),)
    });
    let method = quote! {
        #[doc = #method_doc]
        pub fn #method_ident(&self) -> builder::#builder_ident<'_> {
            builder::#builder_ident::new(self)
        }
    };
    let builder = quote! {
        #[doc = #builder_doc]
        #[derive(Debug)]
        pub struct #builder_ident<'a> {
            client: &'a super::super::client::Client,
            #( #param_idents: ::std::result::Result<#param_types, ::std::string::String>, )*
            #body_fields
        }

        impl<'a> #builder_ident<'a> {
            /// Starts the request; `send` fails with `Error::InvalidRequest` if a required part is missing.
            pub fn new(client: &'a super::super::client::Client) -> Self {
                Self {
                    client,
                    #( #param_idents: Err(#param_errors.to_string()), )*
                    #body_init
                }
            }

            #(
                #[doc = #param_docs]
                pub fn #param_idents<V>(mut self, value: V) -> Self
                where
                    V: ::std::convert::TryInto<#param_types>,
                {
                    self.#param_idents = value.try_into().map_err(|_| #param_conversion_errors.to_string());
                    self
                }
            )*

            #body_setters

            #[doc = #doc]
            pub async fn send(self) -> ::std::result::Result<ResponseValue<#send_type>, Error> {
                #( let #param_idents = self.#param_idents.map_err(Error::InvalidRequest)?; )*
                let url = format!(#url_format, self.client.baseurl(), #( encode_path(&#param_idents.to_string()), )*);
                let builder = self.client.client().#http(url).header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                );
                #body_build
                let mut request = builder.build()?;
                let info = OperationInfo { operation_id: #id };
                let client = self.client;
                client.pre::<#error_type>(&mut request, &info).await?;
                let result = client.exec(request, &info).await;
                client.post::<#error_type>(&result, &info).await?;
                // A failure the runtime met instead of an answer (refused
                // credentials) travels in the response's extensions.
                let response = crate::error::answered(result?)?;
                match response.status().as_u16() {
                    #success_arms
                    #( #error_arms )*
                    _ => Err(crate::error::unexpected(response)),
                }
            }
        }
    };
    Ok((method, builder))
}

type Parts = (
    TokenStream,
    TokenStream,
    TokenStream,
    TokenStream,
    TokenStream,
    TokenStream,
);

fn multipart(
    op: &TemplateOp,
    parts: &[Part],
    responses: &Responses,
) -> Result<Parts, GenerateError> {
    let mut fields = Vec::new();
    let mut init = Vec::new();
    let mut setters = Vec::new();
    let mut build = Vec::new();
    for part in parts {
        let name = &part.name;
        let ident = format_ident!("{}", name.to_snake_case());
        let description = part
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{name}` part."));
        match &part.kind {
            PartKind::Files => {
                let doc = format!(
                    "{description}\n\nAdds one file to the `{name}` part; call it once per file."
                );
                fields.push(quote!(#ident: ::std::vec::Vec<crate::upload::FilePart>,));
                init.push(quote!(#ident: ::std::vec::Vec::new(),));
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #ident(mut self, file: crate::upload::FilePart) -> Self {
                        self.#ident.push(file);
                        self
                    }
                });
                build.push(quote! {
                    upload = upload.files(#name, self.#ident);
                });
            }
            PartKind::Value {
                schema,
                content_type,
                required,
            } => {
                let ty = rust_type(op, schema)?;
                let missing = format!("{name} was not initialized");
                let doc = format!("{description}\n\nSent as the `{name}` part, `{content_type}`.");
                let (field_ty, initial, take, set) = if *required {
                    (
                        quote!(::std::result::Result<#ty, ::std::string::String>),
                        quote!(Err(#missing.to_string())),
                        quote!(Some(self.#ident.map_err(Error::InvalidRequest)?)),
                        quote!(
                            value
                                .try_into()
                                .map_err(|_| "conversion of the part failed".to_string())
                        ),
                    )
                } else {
                    (
                        quote!(::std::result::Result<::std::option::Option<#ty>, ::std::string::String>),
                        quote!(Ok(None)),
                        quote!(self.#ident.map_err(Error::InvalidRequest)?),
                        quote!(
                            value
                                .try_into()
                                .map(Some)
                                .map_err(|_| "conversion of the part failed".to_string())
                        ),
                    )
                };
                fields.push(quote!(#ident: #field_ty,));
                init.push(quote!(#ident: #initial,));
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #ident<V>(mut self, value: V) -> Self
                    where
                        V: ::std::convert::TryInto<#ty>,
                    {
                        self.#ident = #set;
                        self
                    }
                });
                build.push(quote! {
                    if let Some(value) = #take {
                        upload = upload.json(#name, #content_type, &value)?;
                    }
                });
            }
        }
    }
    let (send_type, arms) = plain_success(op, responses)?;
    Ok((
        quote!(#(#fields)*),
        quote!(#(#init)*),
        quote!(#(#setters)*),
        quote! {
            // Every part is checked against the client's upload limits
            // before anything is sent.
            let mut upload = crate::upload::Upload::new();
            #(#build)*
            upload.check(self.client.inner().upload_limits())?;
            let builder = builder.multipart(upload.into_form()?);
        },
        send_type,
        arms,
    ))
}

/// The success arms when every success has the same body type.
fn plain_success(
    op: &TemplateOp,
    responses: &Responses,
) -> Result<(TokenStream, TokenStream), GenerateError> {
    let mut arms = Vec::new();
    let mut body: Option<&Option<TokenStream>> = None;
    for (code, t) in &responses.success {
        if body.is_some_and(|b| !same_type(b, t)) {
            return Err(op_error(
                op,
                "success responses have different bodies; use `x-codegen-template: optional-body`",
            ));
        }
        body = Some(t);
        arms.push(match t {
            None => quote!(#code => Ok(ResponseValue::empty(response)),),
            Some(t) => quote!(#code => Ok(crate::decode::json::<#t>(response).await?),),
        });
    }
    let send_type = body.cloned().flatten().unwrap_or_else(|| quote!(()));
    Ok((send_type, quote!(#(#arms)*)))
}

fn optional_body(
    op: &TemplateOp,
    schema: &Value,
    responses: &Responses,
) -> Result<Parts, GenerateError> {
    let body_ty = rust_type(op, schema)?;
    let mut body_type: Option<TokenStream> = None;
    let mut arms = Vec::new();
    for (code, t) in &responses.success {
        match t {
            Some(t) => {
                if body_type.is_some() && !same_type(&body_type, &Some(t.clone())) {
                    return Err(op_error(op, "success responses have different body types"));
                }
                body_type = Some(t.clone());
                arms.push(quote! {
                    #code => crate::decode::json::<#t>(response).await?.map(Some),
                });
            }
            None => arms.push(quote!(#code => ResponseValue::empty(response).map(|()| None),)),
        }
    }
    let inner = body_type.ok_or_else(|| {
        op_error(
            op,
            "no success response has a body; the template is not needed",
        )
    })?;
    Ok((
        quote!(body: ::std::result::Result<#body_ty, ::std::string::String>,),
        quote!(body: Err("body was not initialized".to_string()),),
        quote! {
            /// Sets the JSON request body.
            pub fn body<V>(mut self, value: V) -> Self
            where
                V: ::std::convert::TryInto<#body_ty>,
            {
                self.body = value.try_into().map_err(|_| "conversion of the body failed".to_string());
                self
            }
        },
        quote! {
            let body = self.body.map_err(Error::InvalidRequest)?;
            let builder = builder.json(&body);
        },
        quote!(::std::option::Option<#inner>),
        quote!(#(#arms)*),
    ))
}
