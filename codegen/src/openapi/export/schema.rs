//! Schemas: named components, objects, enums and defaults.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use openapiv3::{
    AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema,
    SchemaData, SchemaKind, StringType, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::{Component, ExportError, Exporter, Loc};
use crate::model::{Field, Origin, Schema as ModelSchema, Type};
use crate::openapi::extension;

impl Exporter<'_> {
    /// A named component for an inline object: by location, by shape, or by
    /// the default name.
    pub(super) fn hoist(
        &mut self,
        fields: &[Field],
        loc: &Loc,
        default_name: Option<String>,
        origin: Origin,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        let members: BTreeSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let (name, by_shape) = if let Some(n) = self.names.schemas.get(&loc.key()) {
            (n.clone(), false)
        } else if let Some(n) = self.names.shape(&members) {
            (n.to_owned(), true)
        } else {
            let fallback = loc
                .0
                .last()
                .map(|l| l.to_upper_camel_case())
                .unwrap_or_default();
            (default_name.unwrap_or(fallback), false)
        };
        let object = self.object(fields, loc, origin)?;
        self.insert(&name, object, loc, origin, by_shape)
    }

    /// Adds a component, or reuses an equal one. Objects matched by shape
    /// merge their required lists (the union).
    pub(super) fn insert(
        &mut self,
        name: &str,
        schema: Schema,
        loc: &Loc,
        origin: Origin,
        by_shape: bool,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        match self.components.get_mut(name) {
            None => {
                self.components.insert(
                    name.to_owned(),
                    Component {
                        schema,
                        location: loc.key(),
                        by_shape,
                    },
                );
            }
            Some(existing) => {
                let mut incoming = schema;
                if by_shape && existing.by_shape {
                    merge_required(&mut existing.schema, &mut incoming);
                    fill_truncated(&mut existing.schema, &mut incoming);
                    strip_descriptions(&mut existing.schema, &mut incoming);
                }
                if existing.schema != incoming {
                    return Err(ExportError {
                        origin,
                        message: format!(
                            "two different objects would both be the component `{name}`: at `{}` and at `{}`; name one of them under `schemas:` in the names file",
                            existing.location,
                            loc.key()
                        ),
                    });
                }
            }
        }
        Ok(reference(name))
    }

    pub(super) fn object(
        &mut self,
        fields: &[Field],
        loc: &Loc,
        _origin: Origin,
    ) -> Result<Schema, ExportError> {
        let mut object = ObjectType::default();
        for f in fields {
            let schema = self.field_schema(f, &loc.child(&f.name), true)?;
            object.properties.insert(f.name.to_string(), boxed(schema));
            if f.required {
                object.required.push(f.name.to_string());
            }
        }
        Ok(plain(SchemaKind::Type(openapiv3::Type::Object(object))))
    }

    /// A field's schema with its description, default and deprecation; a
    /// reference that needs any of these is wrapped in a one-element `allOf`,
    /// because OpenAPI 3.0 ignores the siblings of `$ref`.
    pub(super) fn field_schema(
        &mut self,
        field: &Field,
        loc: &Loc,
        hoist: bool,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        let schema = self.schema(&field.schema, loc, hoist, field.origin)?;
        let mut data = SchemaData {
            description: field.description.as_deref().map(str::to_owned),
            deprecated: field.deprecated,
            ..SchemaData::default()
        };
        if let Some(default) = &field.default {
            match default.value() {
                Some(value) => data.default = Some(value.clone()),
                None => {
                    data.extensions.insert(
                        extension::DEFAULT_TEXT.to_owned(),
                        Value::String(default.text().to_owned()),
                    );
                }
            }
        }
        let plain_data = data == SchemaData::default();
        Ok(match schema {
            ReferenceOr::Item(mut s) => {
                s.schema_data.description = data.description;
                s.schema_data.deprecated = data.deprecated;
                s.schema_data.default = data.default;
                s.schema_data.extensions.extend(data.extensions);
                ReferenceOr::Item(s)
            }
            r @ ReferenceOr::Reference { .. } if plain_data => r,
            r => ReferenceOr::Item(Schema {
                schema_data: data,
                schema_kind: SchemaKind::AllOf { all_of: vec![r] },
            }),
        })
    }

    pub(super) fn schema(
        &mut self,
        s: &ModelSchema,
        loc: &Loc,
        hoist: bool,
        origin: Origin,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        let values = self.unique_enum(s, loc, origin);
        let kind = match &s.ty {
            Type::String => SchemaKind::Type(openapiv3::Type::String(StringType {
                format: format(s.format()),
                enumeration: values.into_iter().map(Some).collect(),
                ..StringType::default()
            })),
            Type::File => SchemaKind::Type(openapiv3::Type::String(StringType {
                format: VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary),
                ..StringType::default()
            })),
            Type::Integer => {
                let enumeration = self.parse_enum(&values, loc, origin, |v| v.parse::<i64>().ok());
                SchemaKind::Type(openapiv3::Type::Integer(IntegerType {
                    format: format(s.format()),
                    enumeration,
                    ..IntegerType::default()
                }))
            }
            Type::Number => {
                let enumeration = self.parse_enum(&values, loc, origin, |v| v.parse::<f64>().ok());
                SchemaKind::Type(openapiv3::Type::Number(NumberType {
                    format: format(s.format()),
                    enumeration,
                    ..NumberType::default()
                }))
            }
            Type::Boolean => {
                let enumeration = self.parse_enum(&values, loc, origin, |v| v.parse::<bool>().ok());
                SchemaKind::Type(openapiv3::Type::Boolean(BooleanType { enumeration }))
            }
            Type::Any => SchemaKind::Any(AnySchema::default()),
            // OpenAPI 3.0 has no `null` type: a schema that allows null
            // and nothing else is the nullable one whose only value is null.
            Type::Null => {
                let mut schema = plain(SchemaKind::Any(AnySchema {
                    enumeration: vec![serde_json::Value::Null],
                    ..AnySchema::default()
                }));
                schema.schema_data.nullable = true;
                return Ok(ReferenceOr::Item(schema));
            }
            Type::Unknown(word) => {
                self.warn(
                    origin,
                    format!(
                        "`{}` has the type `{word}`, which lap does not define; exported as any value",
                        loc.key()
                    ),
                );
                SchemaKind::Any(AnySchema::default())
            }
            Type::Object(None) => SchemaKind::Type(openapiv3::Type::Object(ObjectType::default())),
            Type::Object(Some(fields)) if fields.is_empty() || !hoist => {
                return self
                    .object(fields, loc, origin)
                    .map(|o| nullable(ReferenceOr::Item(o), s.nullable));
            }
            Type::Object(Some(fields)) => {
                let r = self.hoist(fields, loc, None, origin)?;
                return Ok(nullable(r, s.nullable));
            }
            Type::Array(item) => {
                let items = self.schema(item, loc, hoist, origin)?;
                SchemaKind::Type(openapiv3::Type::Array(ArrayType {
                    items: Some(boxed(items)),
                    min_items: None,
                    max_items: None,
                    unique_items: false,
                }))
            }
            Type::Named(name) => {
                if self.api.type_def(name).is_none() {
                    return Err(ExportError {
                        origin,
                        message: format!("`{}` names the undefined type `{name}`", loc.key()),
                    });
                }
                return Ok(nullable(reference(name), s.nullable));
            }
        };
        let mut schema = plain(kind);
        schema.schema_data.nullable = s.nullable;
        Ok(ReferenceOr::Item(schema))
    }

    pub(super) fn unique_enum(
        &mut self,
        s: &ModelSchema,
        loc: &Loc,
        origin: Origin,
    ) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for v in s.enum_values() {
            if seen.insert(v.as_str()) {
                out.push(v.clone());
            } else {
                self.warn(
                    origin,
                    format!("`{}`: duplicate enum value `{v}` dropped", loc.key()),
                );
            }
        }
        out
    }

    pub(super) fn parse_enum<T>(
        &mut self,
        values: &[String],
        loc: &Loc,
        origin: Origin,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Vec<Option<T>> {
        let mut out = Vec::new();
        for v in values {
            match parse(v) {
                Some(t) => out.push(Some(t)),
                None => self.warn(
                    origin,
                    format!(
                        "`{}`: enum value `{v}` is not of the field's type; dropped",
                        loc.key()
                    ),
                ),
            }
        }
        out
    }
}

pub(super) fn reference(name: &str) -> ReferenceOr<Schema> {
    ReferenceOr::Reference {
        reference: openapi_ref::schema_ref(name),
    }
}

pub(super) fn plain(kind: SchemaKind) -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: kind,
    }
}

pub(super) fn boxed(r: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match r {
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

pub(super) fn format<T>(f: Option<&str>) -> VariantOrUnknownOrEmpty<T> {
    match f {
        Some(f) => VariantOrUnknownOrEmpty::Unknown(f.to_owned()),
        None => VariantOrUnknownOrEmpty::Empty,
    }
}

pub(super) fn nullable(r: ReferenceOr<Schema>, nullable: bool) -> ReferenceOr<Schema> {
    match r {
        ReferenceOr::Item(mut s) => {
            s.schema_data.nullable |= nullable;
            ReferenceOr::Item(s)
        }
        r if nullable => ReferenceOr::Item(Schema {
            schema_data: SchemaData {
                nullable: true,
                ..SchemaData::default()
            },
            schema_kind: SchemaKind::AllOf { all_of: vec![r] },
        }),
        r => r,
    }
}

pub(super) fn object_type(s: &mut Schema) -> Option<&mut ObjectType> {
    match &mut s.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => Some(o),
        _ => None,
    }
}

pub(super) fn merge_required(a: &mut Schema, b: &mut Schema) {
    let (Some(oa), Some(ob)) = (object_type(a), object_type(b)) else {
        return;
    };
    let mut union: Vec<String> = oa.required.clone();
    for r in &ob.required {
        if !union.contains(r) {
            union.push(r.clone());
        }
    }
    union.sort_by_key(|r| oa.properties.get_index_of(r));
    oa.required = union.clone();
    ob.required = union;
}

/// lapsh cuts nesting at a fixed depth, so one place of a shared shape may
/// say `address_details: map` where another, less deep, states its members
/// (PayPal's address in a dispute's response and in the make-offer request).
/// The bare `map` is the cut, not a different object: both places take the
/// members, so `lap compile`'s output lowers as it is.
pub(super) fn fill_truncated(existing: &mut Schema, incoming: &mut Schema) {
    let (Some(oa), Some(ob)) = (object_type(existing), object_type(incoming)) else {
        return;
    };
    for (name, b) in ob.properties.iter_mut() {
        let Some(a) = oa.properties.get_mut(name) else {
            continue;
        };
        if is_bare_map(a) && !is_bare_map(b) {
            *a = b.clone();
        } else if is_bare_map(b) && !is_bare_map(a) {
            *b = a.clone();
        }
    }
}

/// A member lap wrote as a bare `map`: an object with no members, nothing
/// else said about it but a description.
fn is_bare_map(s: &ReferenceOr<Box<Schema>>) -> bool {
    let ReferenceOr::Item(s) = s else {
        return false;
    };
    let data = SchemaData {
        description: s.schema_data.description.clone(),
        ..SchemaData::default()
    };
    s.schema_data == data
        && s.schema_kind == SchemaKind::Type(openapiv3::Type::Object(ObjectType::default()))
}

/// Objects recognised by shape share one component whatever each place said
/// about its members; the first place's descriptions win.
pub(super) fn strip_descriptions(existing: &mut Schema, incoming: &mut Schema) {
    let (Some(oa), Some(ob)) = (object_type(existing), object_type(incoming)) else {
        return;
    };
    for (name, prop) in ob.properties.iter_mut() {
        if let (Some(ReferenceOr::Item(a)), ReferenceOr::Item(b)) = (oa.properties.get(name), prop)
        {
            b.schema_data.description = a.schema_data.description.clone();
        }
    }
}
