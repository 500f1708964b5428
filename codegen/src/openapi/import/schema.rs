//! Schemas: `$ref`s, `allOf`/`oneOf`/`anyOf`, objects and their members.

use std::rc::Rc;

use serde_json::{Map, Value};

use crate::model::{Field, FieldDefault, MAX_DEPTH, Schema, Type};
use crate::openapi::extension;

use super::MAX_MEMBERS;
use crate::openapi::pointer::escape;

use super::{Direction, ImportError, Importer, scalar, text};

/// A schema with its references followed: the object, the pointer to
/// report, and how many references went on the recursion stack.
enum Resolved<'v> {
    Object(&'v Map<String, Value>, String, usize),
    /// A reference back to a schema being imported: cut to `map`.
    Recursion(String),
    /// Nothing usable (a warning says why).
    Nothing,
}

/// A flattened schema: the merged object, the pointer to report, and how
/// many references went on the recursion stack (the caller pops them).
pub(super) type Flat<'v> = (Merged<'v>, String, usize);

/// A flattened schema object: the document's own where it has no `allOf`,
/// else the merge of its parts, made once per schema and shared wherever
/// the schema is used (Microsoft Graph's entities are `allOf` a base type,
/// and each is used thousands of times).
#[derive(Clone)]
pub(super) enum Merged<'v> {
    /// As the document has it.
    Doc(&'v Map<String, Value>),
    /// Merged from `allOf` parts, or cut at a recursion.
    Shared(Rc<Map<String, Value>>),
}

impl Merged<'_> {
    /// The object, owned (for a `oneOf` alternative unwrapped in a loop).
    fn clone_map(&self) -> Rc<Map<String, Value>> {
        match self {
            Merged::Doc(map) => Rc::new((*map).clone()),
            Merged::Shared(map) => Rc::clone(map),
        }
    }
}

impl std::ops::Deref for Merged<'_> {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        match self {
            Merged::Doc(map) => map,
            Merged::Shared(map) => map,
        }
    }
}

/// What a schema cut at recursion is read as: `map`.
fn cut() -> Map<String, Value> {
    let mut cut = Map::new();
    cut.insert("type".to_owned(), Value::String("object".to_owned()));
    cut
}

impl<'a> Importer<'a> {
    /// A named member at `level` (1 for a parameter or a top-level member):
    /// its schema plus description, default and deprecation.
    pub(super) fn field(
        &mut self,
        name: &str,
        value: &Value,
        pointer: &str,
        dir: Direction,
        level: usize,
    ) -> Result<Field, ImportError> {
        let mut field = Field::new(name, Schema::of(Type::Any));
        let Some((merged, merged_pointer, pushed)) = self.flatten(value, pointer, level)? else {
            return Ok(field);
        };
        field.description = text(merged.get("description"))
            .or_else(|| text(merged.get("title")))
            .map(Into::into);
        field.deprecated = merged.get("deprecated").and_then(Value::as_bool) == Some(true);
        field.schema = self.schema_of(&merged, &merged_pointer, dir, level)?;
        field.default = default_of(&merged, &field.schema);
        self.pop(pushed);
        Ok(field)
    }

    /// Pops the references a [`Importer::flatten`] pushed.
    pub(super) fn pop(&mut self, pushed: usize) {
        self.stack.truncate(self.stack.len() - pushed);
    }

    /// Resolves references and merges `allOf` into one schema object, for a
    /// schema at `level` of the model (past [`MAX_DEPTH`] it is an error at
    /// `pointer`). Returns the merged schema, the pointer to report, and how
    /// many references were pushed on the recursion stack (the caller pops
    /// them).
    ///
    /// `allOf` parts are merged in a loop with a stack of their own, not by
    /// recursion: parts do not nest the model, so a chain of them through
    /// `$ref`s may be as long as the document.
    pub(super) fn flatten<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        level: usize,
    ) -> Result<Option<Flat<'v>>, ImportError>
    where
        'a: 'v,
    {
        if level > MAX_DEPTH {
            return Err(ImportError::TooDeep {
                pointer: pointer.to_owned(),
                position: None,
            });
        }
        let (object, pointer, pushed) = match self.resolve(value, pointer) {
            Resolved::Object(object, pointer, pushed) => (object, pointer, pushed),
            Resolved::Recursion(pointer) => {
                return Ok(Some((Merged::Shared(Rc::new(cut())), pointer, 0)));
            }
            Resolved::Nothing => return Ok(None),
        };
        // Most schemas have no `allOf`: they are read where they stand.
        if !object.contains_key("allOf") {
            return Ok(Some((Merged::Doc(object), pointer, pushed)));
        }
        if let Some(merged) = self.merges.get(&pointer) {
            return Ok(Some((Merged::Shared(Rc::clone(merged)), pointer, pushed)));
        }
        // A merge that met a recursion depends on the schemas being
        // imported around it, so only the others are kept for reuse.
        let mut met_recursion = false;
        let mut merged = object.clone();
        merged.remove("allOf");
        struct Parts<'p> {
            parts: &'p [Value],
            next: usize,
            pointer: String,
            pushed: usize,
        }
        let Some(parts) = object.get("allOf").and_then(Value::as_array) else {
            self.warn(
                &format!("{pointer}/allOf"),
                "`allOf` is not a list; ignored",
            );
            return Ok(Some((Merged::Shared(Rc::new(merged)), pointer, pushed)));
        };
        let mut open = vec![Parts {
            parts,
            next: 0,
            pointer: pointer.clone(),
            pushed: 0,
        }];
        while let Some(top) = open.last_mut() {
            let Some(part) = top.parts.get(top.next) else {
                let done = top.pushed;
                open.pop();
                self.pop(done);
                continue;
            };
            let part_pointer = format!("{}/allOf/{}", top.pointer, top.next);
            top.next += 1;
            match self.resolve(part, &part_pointer) {
                Resolved::Nothing => {}
                Resolved::Recursion(_) => {
                    met_recursion = true;
                    merge_into(&mut merged, cut());
                }
                Resolved::Object(object, object_pointer, pushed) => {
                    let mut own = object.clone();
                    match own.remove("allOf") {
                        None => self.pop(pushed),
                        Some(Value::Array(_)) => {}
                        Some(_) => {
                            self.warn(
                                &format!("{object_pointer}/allOf"),
                                "`allOf` is not a list; ignored",
                            );
                            self.pop(pushed);
                        }
                    }
                    merge_into(&mut merged, own);
                    if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
                        open.push(Parts {
                            parts,
                            next: 0,
                            pointer: object_pointer,
                            pushed,
                        });
                    }
                }
            }
        }
        let merged = Rc::new(merged);
        if !met_recursion {
            self.merges.insert(pointer.clone(), Rc::clone(&merged));
        }
        Ok(Some((Merged::Shared(merged), pointer, pushed)))
    }

    /// Follows `$ref`s from `value` (any number of links, without
    /// recursion), pushing each target on the recursion stack.
    fn resolve<'v>(&mut self, value: &'v Value, pointer: &str) -> Resolved<'v>
    where
        'a: 'v,
    {
        let mut pushed = 0;
        let mut value = value;
        let mut pointer = pointer.to_owned();
        while let Some(r) = value.get("$ref") {
            let target = r.as_str().and_then(|r| openapi_ref::target(r).ok());
            if target.is_some_and(|t| self.stack.contains(t.as_str())) {
                self.warn(
                    &pointer,
                    format!(
                        "recursive reference `{}` is cut here (imported as `map`)",
                        scalar(r)
                    ),
                );
                self.pop(pushed);
                return Resolved::Recursion(pointer);
            }
            let Some((target, target_pointer)) = self.deref_once(value, &pointer) else {
                self.pop(pushed);
                return Resolved::Nothing;
            };
            self.stack.insert(target_pointer.clone());
            pushed += 1;
            value = target;
            pointer = target_pointer;
        }
        match value.as_object() {
            Some(object) => Resolved::Object(object, pointer, pushed),
            None => {
                if !value.is_boolean() {
                    self.warn(&pointer, "schema is not an object; imported as `any`");
                }
                self.pop(pushed);
                Resolved::Nothing
            }
        }
    }

    /// One `$ref` step (no chains), for [`Importer::flatten`] and
    /// [`Importer::deref`].
    pub(super) fn deref_once<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
    ) -> Option<(&'v Value, String)>
    where
        'a: 'v,
    {
        let r = value.get("$ref")?;
        let Some(decoded) = r.as_str().and_then(|r| openapi_ref::target(r).ok()) else {
            self.warn(
                &format!("{pointer}/$ref"),
                format!(
                    "only local references (`#/...`) are followed; `{}` is imported as `any`",
                    scalar(r)
                ),
            );
            return None;
        };
        match self.doc.pointer(&decoded) {
            Some(next) => Some((next, decoded)),
            None => {
                self.warn(
                    &format!("{pointer}/$ref"),
                    format!(
                        "reference `{}` points at nothing; imported as `any`",
                        scalar(r)
                    ),
                );
                None
            }
        }
    }

    /// The model schema of a flattened schema object at `level`.
    ///
    /// A `oneOf`/`anyOf` with one non-null alternative is that alternative
    /// (made nullable), at the same level: they are unwrapped in a loop, so
    /// a chain of them through `$ref`s cannot recurse.
    pub(super) fn schema_of(
        &mut self,
        s: &Map<String, Value>,
        pointer: &str,
        dir: Direction,
        level: usize,
    ) -> Result<Schema, ImportError> {
        let mut nullable = false;
        let mut pushed = 0;
        let mut unwrapped: Option<(Rc<Map<String, Value>>, String)> = None;
        let schema = loop {
            let (s, pointer) = match &unwrapped {
                Some((m, p)) => (&**m, p.as_str()),
                None => (s, pointer),
            };
            nullable |= s.get("nullable").and_then(Value::as_bool) == Some(true);
            let Some((key, alternatives)) = ["oneOf", "anyOf"]
                .into_iter()
                .find_map(|k| Some((k, s.get(k)?.as_array()?)))
            else {
                break self.plain_schema(s, pointer, dir, level, nullable)?;
            };
            let non_null: Vec<(usize, &Value)> = alternatives
                .iter()
                .enumerate()
                .filter(|(_, a)| a.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if non_null.len() < alternatives.len() {
                nullable = true;
            }
            let [(i, only)] = non_null.as_slice() else {
                self.warn(
                    &format!("{pointer}/{key}"),
                    format!(
                        "`{key}` with {} alternatives cannot be stated in lap; imported as `any`",
                        non_null.len()
                    ),
                );
                break Schema::of(Type::Any);
            };
            let alt_pointer = format!("{pointer}/{key}/{i}");
            let Some((merged, mp, alt_pushed)) = self.flatten(only, &alt_pointer, level)? else {
                break Schema::of(Type::Any);
            };
            pushed += alt_pushed;
            unwrapped = Some((merged.clone_map(), mp));
        };
        self.pop(pushed);
        let mut schema = schema;
        schema.nullable |= nullable;
        Ok(schema)
    }

    /// A schema without a `oneOf`/`anyOf` to unwrap.
    fn plain_schema(
        &mut self,
        s: &Map<String, Value>,
        pointer: &str,
        dir: Direction,
        level: usize,
        mut nullable: bool,
    ) -> Result<Schema, ImportError> {
        if s.contains_key("not") {
            self.warn(
                &format!("{pointer}/not"),
                "`not` cannot be stated in lap; ignored",
            );
        }
        let mut ty_name = match s.get("type") {
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(ts)) => {
                // OpenAPI 3.1 style: ["string", "null"].
                if ts.iter().any(|t| t == "null") {
                    nullable = true;
                }
                let other = ts.iter().filter_map(Value::as_str).find(|t| *t != "null");
                other.or(nullable.then_some("null"))
            }
            Some(other) => {
                self.warn(
                    &format!("{pointer}/type"),
                    format!("`type` {other} is not a type name; imported as `any`"),
                );
                None
            }
            None => None,
        };
        if ty_name.is_none() {
            ty_name = if s.contains_key("properties") || s.contains_key("additionalProperties") {
                Some("object")
            } else if s.contains_key("items") {
                Some("array")
            } else if let Some(first) = s
                .get("enum")
                .and_then(Value::as_array)
                .and_then(|e| e.iter().find(|v| !v.is_null()))
            {
                Some(match first {
                    Value::Bool(_) => "boolean",
                    Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                    Value::Number(_) => "number",
                    _ => "string",
                })
            } else {
                None
            };
        }
        let format = s
            .get("format")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
            .map(str::to_owned);
        let ty = match ty_name {
            Some("string") if matches!(format.as_deref(), Some("binary")) => Type::File,
            Some("string") => Type::String,
            Some("integer") => Type::Integer,
            Some("number") => Type::Number,
            Some("boolean") => Type::Boolean,
            Some("array") => match s.get("items") {
                Some(items) => {
                    let items_pointer = format!("{pointer}/items");
                    let item = match self.flatten(items, &items_pointer, level + 1)? {
                        Some((merged, mp, pushed)) => {
                            let schema = self.schema_of(&merged, &mp, dir, level + 1)?;
                            self.pop(pushed);
                            schema
                        }
                        None => Schema::of(Type::Any),
                    };
                    Type::Array(std::sync::Arc::new(item))
                }
                None => Type::Array(std::sync::Arc::new(Schema::of(Type::Any))),
            },
            Some("object") => self.object(s, pointer, dir, level)?,
            Some("null") => Type::Null,
            Some(other) => {
                self.warn(
                    &format!("{pointer}/type"),
                    format!("unknown type `{other}`; imported as `any`"),
                );
                Type::Any
            }
            None => Type::Any,
        };
        let mut schema = Schema::of(ty);
        if !matches!(schema.ty, Type::File) {
            schema.set_format(format);
        }
        schema.nullable = nullable;
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            let mut kept: Vec<String> = Vec::with_capacity(values.len());
            for v in values {
                if v.is_null() {
                    schema.nullable = true;
                    continue;
                }
                let v = scalar(v);
                if !kept.contains(&v) {
                    kept.push(v);
                } else {
                    self.warn(
                        &format!("{pointer}/enum"),
                        format!("duplicate enum value `{v}` dropped"),
                    );
                }
            }
            schema.set_deprecated_values(deprecated_values(s, &kept));
            schema.set_enum_values(kept);
        }
        Ok(schema)
    }

    /// An object schema at `level`; its members are one level down.
    pub(super) fn object(
        &mut self,
        s: &Map<String, Value>,
        pointer: &str,
        dir: Direction,
        level: usize,
    ) -> Result<Type, ImportError> {
        let Some(props) = s.get("properties").and_then(Value::as_object) else {
            return Ok(Type::Object(None));
        };
        if props.is_empty()
            || self
                .options
                .member_levels
                .is_some_and(|levels| self.objects >= levels)
        {
            return Ok(Type::Object(None));
        }
        if self.members >= MAX_MEMBERS {
            if std::mem::replace(&mut self.members_cut, true) {
                return Ok(Type::Object(None));
            }
            self.warn(
                pointer,
                format!(
                    "the document's schemas expand to more than {MAX_MEMBERS} members (each `$ref` is inlined where it is used); from here on objects are imported as `map`"
                ),
            );
            return Ok(Type::Object(None));
        }
        if let Some(extra) = s.get("additionalProperties").filter(|a| a.is_object()) {
            if extra.as_object().is_some_and(|o| !o.is_empty()) {
                self.warn(
                    &format!("{pointer}/additionalProperties"),
                    "typed additional properties next to named ones cannot be stated in lap; only the named ones are imported",
                );
            }
        }
        self.objects += 1;
        let fields = self.members_of(s, props, pointer, dir, level);
        self.objects -= 1;
        Ok(Type::Object(Some(fields?)))
    }

    /// The members of an object schema, one level below it.
    fn members_of(
        &mut self,
        s: &Map<String, Value>,
        props: &Map<String, Value>,
        pointer: &str,
        dir: Direction,
        level: usize,
    ) -> Result<Vec<Field>, ImportError> {
        let required = required_names(s);
        let mut fields = Vec::new();
        for (name, prop) in props {
            let prop_pointer = format!("{pointer}/properties/{}", escape(name));
            let skip = match dir {
                Direction::Request => self.read_only(prop, &prop_pointer),
                Direction::Response => self.write_only(prop, &prop_pointer),
            };
            if skip {
                continue;
            }
            self.members += 1;
            let mut field = self.field(name, prop, &prop_pointer, dir, level + 1)?;
            field.required = required.iter().any(|r| r == name);
            fields.push(field);
        }
        Ok(fields)
    }
}

/// A schema's default, read against the member's type as lap would read the
/// text [`scalar`] writes for it, so a document and the lap compiled from it
/// agree on what is a value; our own prose defaults come back from
/// [`extension::DEFAULT_TEXT`].
fn default_of(s: &Map<String, Value>, schema: &Schema) -> Option<FieldDefault> {
    match s.get("default").filter(|d| !d.is_null()) {
        Some(value) => Some(FieldDefault::read(scalar(value), schema)),
        None => s
            .get(extension::DEFAULT_TEXT)
            .and_then(Value::as_str)
            .map(|text| FieldDefault::read(text, schema)),
    }
}

pub(super) fn required_names(s: &Map<String, Value>) -> Vec<String> {
    s.get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Merges one `allOf` part into the schema: properties are added (the
/// parent's win), `required` lists are joined, other keywords the parent
/// lacks are taken from the part.
pub(super) fn merge_into(merged: &mut Map<String, Value>, part: Map<String, Value>) {
    for (key, value) in part {
        match key.as_str() {
            "properties" => {
                let Value::Object(props) = value else {
                    continue;
                };
                let entry = merged
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(target) = entry {
                    for (name, prop) in props {
                        target.entry(name).or_insert(prop);
                    }
                }
            }
            "required" => {
                let Value::Array(names) = value else { continue };
                let entry = merged
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(target) = entry {
                    for n in names {
                        if !target.contains(&n) {
                            target.push(n);
                        }
                    }
                }
            }
            _ => {
                merged.entry(key).or_insert(value);
            }
        }
    }
}

/// The enum values PayPal's `x-enumDescriptions` marks `deprecated: true`
/// (a vendor extension: OpenAPI 3.0 cannot deprecate one value), kept only
/// when `enum` lists them, in the order of `values`.
fn deprecated_values(s: &Map<String, Value>, values: &[String]) -> Vec<String> {
    let marked: Vec<String> = s
        .get(extension::ENUM_DESCRIPTIONS)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|d| d.get("deprecated").and_then(Value::as_bool) == Some(true))
        .filter_map(|d| d.get("value").map(scalar))
        .collect();
    values
        .iter()
        .filter(|v| marked.contains(v))
        .cloned()
        .collect()
}
