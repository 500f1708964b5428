//! Properties of the parser and printer over generated input:
//! `parse(print(m)) == m` for every model lap can express, printing is
//! idempotent, and no input (random or a mutated real spec) makes the parser
//! panic.

use codegen::model::{
    Api, ApiKeyLocation, AuthScheme, Endpoint, ErrorResponse, Extension, Field, FieldDefault,
    Method, Origin, Param, ParamLocation, Response, Schema, StatusCode, Type, TypeDef,
};
use proptest::prelude::*;
use proptest::sample::select;

/// Words for free text: punctuation that lap must keep inside comments, and
/// no type keyword that could make a comma start a field.
const WORDS: &[&str] = &[
    "the",
    "dispute",
    "id,",
    "value:",
    "see",
    "[docs](https://x.example/a)",
    "`code`",
    "(180",
    "days)",
    "{a}",
    "[x]",
    "a/b",
    "note;",
    "merchant's",
    "100%",
    "e.g.",
    "#tag",
    "{id}",
    "less<than",
    "more",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(WORDS), 1..8).prop_map(|w| w.join(" "))
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,6}([.:-][a-z][a-z0-9]{0,3})?"
}

fn default_value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9 ._-]{0,10}[A-Za-z0-9]".prop_map(|s| s)
}

fn enum_values() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        prop::collection::vec("[A-Z][A-Z_]{0,6}", 1..5),
        prop::collection::vec("[0-9]{1,3}", 2..4),
    ]
}

fn leaf(types: Vec<String>) -> impl Strategy<Value = Schema> {
    let named = if types.is_empty() {
        Just(Type::Any).boxed()
    } else {
        select(types).prop_map(Type::Named).boxed()
    };
    let ty = prop_oneof![
        Just(Type::String),
        Just(Type::Integer),
        Just(Type::Number),
        Just(Type::Boolean),
        Just(Type::Any),
        Just(Type::File),
        Just(Type::Object(None)),
        named,
    ];
    (
        ty,
        prop::option::of("[a-z][a-z0-9_-]{0,12}"),
        prop::option::of(enum_values()),
        any::<bool>(),
    )
        .prop_map(|(ty, format, values, nullable)| {
            let mut schema = Schema::of(ty);
            schema.set_format(format);
            schema.set_enum_values(values.unwrap_or_default());
            schema.nullable = nullable;
            schema
        })
}

fn schema(types: Vec<String>) -> impl Strategy<Value = Schema> {
    leaf(types.clone()).prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            (inner.clone(), any::<bool>()).prop_map(|(item, nullable)| {
                let mut schema = Schema::of(Type::Array(std::sync::Arc::new(item)));
                schema.nullable = nullable;
                schema
            }),
            (
                prop::collection::vec(member(inner, true), 0..4),
                any::<bool>()
            )
                .prop_map(|(fields, nullable)| {
                    let mut schema = Schema::of(Type::Object(Some(unique(fields))));
                    schema.nullable = nullable;
                    schema
                }),
        ]
    })
}

fn member(
    schema: impl Strategy<Value = Schema>,
    may_require: bool,
) -> impl Strategy<Value = Field> {
    (
        ident(),
        schema,
        any::<bool>(),
        prop::option::of(default_value()),
        prop::option::of(text()),
    )
        .prop_map(
            move |(name, schema, required, default, description)| Field {
                name: name.into(),
                required: required && may_require,
                default: default.map(|text| FieldDefault::read(text, &schema)),
                schema,
                description: description.map(Into::into),
                deprecated: false,
                origin: Origin::NONE,
            },
        )
}

fn unique(fields: Vec<Field>) -> Vec<Field> {
    let mut seen = std::collections::HashSet::new();
    fields
        .into_iter()
        .filter(|f| seen.insert(f.name.clone()))
        .collect()
}

fn status() -> impl Strategy<Value = StatusCode> {
    prop_oneof![
        (100u16..600).prop_map(StatusCode::Code),
        (1u8..6).prop_map(StatusCode::Range),
        Just(StatusCode::Default),
    ]
}

fn auth() -> impl Strategy<Value = AuthScheme> {
    prop_oneof![
        Just(AuthScheme::Basic),
        Just(AuthScheme::Bearer),
        Just(AuthScheme::OAuth2),
        (
            "[a-z_]{1,8}",
            select(vec![
                ApiKeyLocation::Header,
                ApiKeyLocation::Query,
                ApiKeyLocation::Cookie
            ])
        )
            .prop_map(|(name, location)| AuthScheme::ApiKey { name, location }),
        Just(AuthScheme::Other("Bearer (inferred from docs)".to_owned())),
    ]
}

fn extension() -> impl Strategy<Value = Extension> {
    ("x_[a-z]{1,8}", prop::option::of(text())).prop_map(|(name, value)| Extension {
        name,
        value: value.unwrap_or_default(),
        origin: Origin::NONE,
    })
}

fn body_type(types: Vec<String>) -> BoxedStrategy<Option<String>> {
    if types.is_empty() {
        Just(None).boxed()
    } else {
        prop::option::of(select(types)).boxed()
    }
}

fn endpoint(types: Vec<String>) -> impl Strategy<Value = Endpoint> {
    (
        select(Method::ALL.to_vec()),
        "/v[0-9]/[a-z]{1,6}",
        prop::option::of("[a-z]{1,4}"),
        prop::option::of(text()),
        prop::option::of(prop::collection::vec(auth(), 1..3)),
        prop::collection::vec(member(schema(types.clone()), true), 0..5),
        prop::collection::vec(
            (
                status(),
                prop::option::of(prop::collection::vec(
                    member(schema(types.clone()), true),
                    0..3,
                )),
                prop::option::of(text()),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                status(),
                prop::option::of("[A-Z][a-zA-Z]{0,8}"),
                prop::option::of(text()),
            ),
            0..3,
        ),
        prop::option::of("[0-9]{1,4}".prop_map(|n| format!("{{\"amount\":{n}}}"))),
        prop::collection::vec(extension(), 0..2),
        body_type(types),
    )
        .prop_map(
            |(
                method,
                base,
                id,
                description,
                auth,
                fields,
                responses,
                errors,
                example_request,
                extensions,
                body_type,
            )| {
                let path = match &id {
                    Some(id) => format!("{base}/{{{id}}}"),
                    None => base,
                };
                let mut fields = unique(fields);
                fields.retain(|f| id.as_deref() != Some(f.name.as_str()));
                if let Some(id) = &id {
                    let mut p = Field::new(id.clone(), Schema::of(Type::String));
                    p.required = true;
                    fields.insert(0, p);
                }
                fields.sort_by_key(|f| !f.required);
                let params = fields
                    .into_iter()
                    .map(|field| Param {
                        location: if id.as_deref() == Some(field.name.as_str()) {
                            ParamLocation::Path
                        } else if method.has_body() {
                            ParamLocation::Body
                        } else {
                            ParamLocation::Query
                        },
                        field,
                    })
                    .collect();
                let mut seen = std::collections::HashSet::new();
                let responses = responses
                    .into_iter()
                    .filter(|(s, ..)| seen.insert(*s))
                    .map(|(status, fields, description)| Response {
                        status,
                        fields,
                        description: description.map(Into::into),
                        origin: Origin::NONE,
                    })
                    .collect();
                let mut seen = std::collections::HashSet::new();
                let errors = errors
                    .into_iter()
                    .filter(|(s, ..)| seen.insert(*s))
                    .map(|(status, error_type, description)| ErrorResponse {
                        status,
                        error_type,
                        description: description.map(Into::into),
                        fields: None,
                        origin: Origin::NONE,
                    })
                    .collect();
                let mut endpoint = Endpoint {
                    description: description.map(Into::into),
                    params,
                    responses,
                    errors,
                    ..Endpoint::new(method, path)
                };
                endpoint.details.auth = auth;
                endpoint.details.body_type = body_type;
                endpoint.details.example_request = example_request;
                endpoint.details.extensions = extensions;
                endpoint
            },
        )
}

fn api() -> impl Strategy<Value = Api> {
    prop::collection::vec("[A-Z][a-z]{0,6}", 0..3)
        .prop_map(|mut names| {
            names.sort();
            names.dedup();
            names
        })
        .prop_flat_map(|type_names| {
            let defs = type_names
                .iter()
                .map(|name| {
                    prop::collection::vec(member(schema(type_names.clone()), true), 0..3).prop_map(
                        {
                            let name = name.clone();
                            move |fields| TypeDef {
                                name: name.clone(),
                                fields: unique(fields),
                                origin: Origin::NONE,
                            }
                        },
                    )
                })
                .collect::<Vec<_>>();
            (
                "[A-Z][A-Za-z0-9]{0,5}( [A-Z][a-z]{1,5})?",
                prop::option::of("https://api\\.[a-z]{1,6}\\.example"),
                prop::option::of("[0-9]\\.[0-9]{1,2}"),
                prop::collection::vec(auth(), 0..3),
                prop::collection::vec(member(schema(type_names.clone()), false), 0..3),
                prop::collection::vec("[a-z_]{1,10}", 0..2),
                defs,
                prop::collection::vec(
                    (
                        endpoint(type_names.clone()),
                        prop::option::of(select(vec!["orders", "users"])),
                    ),
                    0..6,
                ),
                prop::collection::vec(extension(), 0..2),
            )
        })
        .prop_map(
            |(name, base_url, version, auth, common, hints, types, endpoints, extensions)| {
                let mut seen = std::collections::HashSet::new();
                let endpoints = endpoints
                    .into_iter()
                    .filter(|(e, _)| seen.insert((e.method, e.path.clone())))
                    .map(|(mut e, group)| {
                        e.group = group.map(Into::into);
                        e
                    })
                    .collect();
                Api {
                    name,
                    base_url,
                    version,
                    auth,
                    common_fields: unique(common),
                    hints,
                    types,
                    endpoints,
                    extensions,
                    header: Default::default(),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_of_print_gives_back_the_model(model in api()) {
        let text = codegen::lap::print(&model);
        let parsed = match codegen::lap::parse(&text) {
            Ok(p) => p,
            Err(e) => return Err(TestCaseError::fail(format!("printed text does not parse:\n{}\n{text}", e.render("printed.lap", &text)))),
        };
        prop_assert_eq!(&parsed.api.without_origins(), &model, "text:\n{}", text);
        prop_assert_eq!(codegen::lap::print(&parsed.api), text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(@[a-z_]{0,10}[ (]?|[{}\\[\\](),:#!?=/ ]|[a-zA-Z0-9]{1,6}|\n){0,60}") {
        let _ = codegen::lap::parse(&text).map_err(|e| e.render("any.lap", &text));
    }

    #[test]
    fn mutated_spec_never_panics(cut in 0usize..17_000, len in 0usize..200, insert in "[{}\\[\\](),:#@!?= \na-z]{0,5}") {
        let spec = include_str!("../../spec/disputes.lap");
        let mut at = cut.min(spec.len());
        while !spec.is_char_boundary(at) { at -= 1; }
        let mut end = (at + len).min(spec.len());
        while !spec.is_char_boundary(end) { end -= 1; }
        let text = format!("{}{}{}", &spec[..at], insert, &spec[end..]);
        match codegen::lap::parse(&text) {
            Ok(parsed) => {
                let printed = codegen::lap::print(&parsed.api);
                let reparsed = codegen::lap::parse(&printed).map_err(|e| TestCaseError::fail(e.render("p.lap", &printed)))?;
                prop_assert_eq!(reparsed.api.without_origins(), parsed.api.without_origins());
            }
            Err(e) => { let _ = e.render("m.lap", &text); }
        }
    }
}
