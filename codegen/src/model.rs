//! The API model: the one data structure every stage shares.
//!
//! The `@lap` parser produces it, the printer writes it back, and the later
//! stages (OpenAPI export and import, diff, client generation) read it. It is
//! deliberately independent of any text format: a parameter knows *where* it
//! travels ([`ParamLocation`]) even though `@lap` folds path, query and body
//! fields into one `@required`/`@optional` list.
//!
//! Equality compares everything, positions ([`Origin`]) included; to ask
//! whether two models describe the same API wherever their text placed it,
//! compare [`Api::without_origins`] of each.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A member or parameter name: inline up to 24 bytes, where nearly every
/// name fits (99.9% of Microsoft Graph's), so reading one allocates
/// nothing. It derefs to `str` and compares with `str` and `String`.
pub type Name = compact_str::CompactString;

/// A description (a `# comment`, `@desc`, a response's text): inline up to
/// 23 bytes, where a third of Microsoft Graph's comments and nearly all of
/// its response and error texts fit, and shared beyond: a field list
/// lapsh repeats at every endpoint is copied with its comments by
/// reference count, not byte by byte.
pub type Text = smol_str::SmolStr;

/// How deeply types may nest (a `map{...}` or `[...]` inside another),
/// counted the same way by every reader and every walk over the model.
///
/// Each reader (the lap parser, the OpenAPI import) refuses input that
/// crosses it with an error at the place where it is crossed, so every later
/// walk (printer, export, diff) recurses at most this deep and
/// cannot overflow the stack.
pub const MAX_DEPTH: usize = 128;

/// Where in the source text a model element was written (1-based).
///
/// Carried for error messages and the diff (and `spec check`), which point back
/// at the lap line. Printing moves everything around, so the round trip is
/// `parse(print(m)).without_origins() == m.without_origins()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// Line number, starting at 1; 0 when the element was not read from text.
    pub line: u32,
    /// Column in characters, starting at 1; 0 when not read from text.
    pub column: u32,
}

impl Origin {
    /// An element built in memory rather than read from a file.
    pub const NONE: Origin = Origin { line: 0, column: 0 };
}

/// A whole API description.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Api {
    /// `@api`: the human-readable name.
    pub name: String,
    /// `@base`: the base URL every path is relative to.
    pub base_url: Option<String>,
    /// `@version`: the API's own version (not the lap format version).
    pub version: Option<String>,
    /// `@auth` in the header: the alternatives any endpoint accepts by default.
    pub auth: Vec<AuthScheme>,
    /// `@common_fields`: parameters every endpoint accepts.
    pub common_fields: Vec<Field>,
    /// `@hint` values, in file order.
    pub hints: Vec<String>,
    /// `@type` definitions, in file order.
    pub types: Vec<TypeDef>,
    /// The endpoints, in file order.
    pub endpoints: Vec<Endpoint>,
    /// Directives this parser does not know, kept so nothing is lost.
    pub extensions: Vec<Extension>,
    /// Where the header directives were written.
    pub header: HeaderOrigins,
}

/// Where each header directive of a lap file was written ([`Origin::NONE`]
/// for one that is absent, or for a model not read from lap), so that
/// API-wide changes can point at their line without reading the text again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HeaderOrigins {
    /// `@api`.
    pub api: Origin,
    /// `@base`.
    pub base: Origin,
    /// `@version`.
    pub version: Origin,
    /// `@auth` in the header.
    pub auth: Origin,
    /// `@common_fields`.
    pub common_fields: Origin,
}

impl Api {
    /// This model with every position cleared: what it describes, for
    /// comparing two models wherever their text placed things.
    pub fn without_origins(&self) -> Api {
        let fields = |list: &mut [Field]| field_origins_mut(list, &mut |o| *o = Origin::NONE);
        let schema = |s: &mut Schema| schema_origins_mut(s, &mut |o| *o = Origin::NONE);
        let mut api = self.clone();
        api.header = HeaderOrigins::default();
        fields(&mut api.common_fields);
        for t in &mut api.types {
            t.origin = Origin::NONE;
            fields(&mut t.fields);
        }
        for e in &mut api.extensions {
            e.origin = Origin::NONE;
        }
        for ep in &mut api.endpoints {
            ep.origin = Origin::NONE;
            for p in &mut ep.params {
                p.field.origin = Origin::NONE;
                schema(&mut p.field.schema);
            }
            for r in &mut ep.responses {
                r.origin = Origin::NONE;
                fields(r.fields.as_deref_mut().unwrap_or_default());
            }
            for e in &mut ep.errors {
                e.origin = Origin::NONE;
                fields(e.fields.as_deref_mut().unwrap_or_default());
            }
            for x in ep
                .details
                .get_mut()
                .map_or(&mut [][..], |d| &mut d.extensions)
            {
                x.origin = Origin::NONE;
            }
        }
        api
    }

    /// Looks up a `@type` definition by name.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// A named type as its object, so that comparisons see shapes, never
    /// names (an unknown name is an object with unknown members).
    pub fn resolve(&self, ty: &Type) -> Type {
        match ty {
            Type::Named(n) => self
                .type_def(n)
                .map_or(Type::Object(None), |t| Type::Object(Some(t.fields.clone()))),
            other => other.clone(),
        }
    }
}

/// One alternative of an `@auth` line (`ApiKey api_key in header | OAuth2`).
///
/// Adjacently tagged: an internally tagged enum cannot serialize
/// [`AuthScheme::Other`]'s string (the JSON view of `lap check --json` has
/// its own shape, [`crate::lap::JsonAuth`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum AuthScheme {
    /// HTTP Basic.
    Basic,
    /// HTTP bearer token.
    Bearer,
    /// OAuth 2.0 (the flows are not part of lap; the OpenAPI overlay states them).
    #[serde(rename = "oauth2")]
    OAuth2,
    /// An API key sent in a header, query parameter or cookie.
    ApiKey {
        /// Header, query or cookie name that carries the key.
        name: String,
        /// Where the key travels.
        location: ApiKeyLocation,
    },
    /// Any other text, kept verbatim (lapsh writes e.g. `Bearer (inferred from docs)`).
    Other(String),
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyLocation {
    /// An HTTP header.
    Header,
    /// A query-string parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl ApiKeyLocation {
    /// The lap / OpenAPI spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Query => "query",
            ApiKeyLocation::Cookie => "cookie",
        }
    }
}

/// A reusable named object type (`@type Name {fields}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeDef {
    /// The name, starting with an uppercase letter.
    pub name: String,
    /// The object's fields.
    pub fields: Vec<Field>,
    /// Where the definition was written.
    pub origin: Origin,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl Method {
    /// All methods, for lookups and generators.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
        Method::Trace,
    ];

    /// The uppercase spelling used by lap and HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// Parses a method name, ignoring ASCII case.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether requests with this method carry a body, which decides where the
    /// non-path fields of `@required`/`@optional` travel.
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation.
///
/// What few endpoints of a lap file have (an `@auth` or `@body` of their
/// own, an example, extensions) and what only an OpenAPI document states
/// (operation id, media types, security) is in [`Endpoint::details`], out
/// of line: inline it made an endpoint 320 bytes instead of 160 (216 now,
/// with the first response inline), and a parse of Microsoft Graph writes
/// 11,422 of them.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/v1/customer/disputes/{id}`.
    pub path: String,
    /// `@desc`: the one-line summary.
    pub description: Option<Text>,
    /// Parameters, required ones first, each group in file order.
    pub params: Vec<Param>,
    /// `@returns`, in file order. The first is kept in the endpoint
    /// itself: nearly every endpoint has one, and its own allocation was
    /// one of the six each of Microsoft Graph's 11,422 endpoints made (3 to
    /// 5% of its parse). A `SmallVec` reads as a slice and pushes as a
    /// `Vec`.
    pub responses: smallvec::SmallVec<[Response; 1]>,
    /// `@errors`, in file order.
    pub errors: Vec<ErrorResponse>,
    /// The `@group` this endpoint was written in: a [`Text`], so that a
    /// short name is copied into each endpoint and a long one shared, and
    /// never through an atomic count for the usual name (an `Arc<str>`'s
    /// increment for each of Microsoft Graph's 11,422 endpoints was a
    /// twentieth of its parse: a locked instruction waits for all the
    /// model's pending writes).
    pub group: Option<Text>,
    /// Marked deprecated in the source (OpenAPI only; lap cannot say it).
    pub deprecated: bool,
    /// Where the `@endpoint` line was written.
    pub origin: Origin,
    /// The rarer parts: read them through `Deref` (`endpoint.details.auth`);
    /// writing one makes room for them (`endpoint.details.auth = ...`).
    #[serde(flatten)]
    pub details: OutOfLine<EndpointDetails>,
}

/// The parts of an [`Endpoint`] few endpoints have.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EndpointDetails {
    /// `@auth` override; `None` means the API's default applies.
    pub auth: Option<Vec<AuthScheme>>,
    /// `@body → Type`: the request body is a named `@type`.
    pub body_type: Option<String>,
    /// `@example_request`, verbatim.
    pub example_request: Option<String>,
    /// The OpenAPI `operationId`, when the source has one (lap has none; the
    /// OpenAPI export derives it).
    pub operation_id: Option<String>,
    /// Media types the request body accepts, when the source says
    /// (OpenAPI only; lap bodies are JSON). Empty means JSON or no body.
    pub request_media_types: Vec<String>,
    /// The OpenAPI `security` that applies (the operation's, else the
    /// document's), with scopes: any one requirement suffices. lap cannot
    /// state scopes, so a lap endpoint has none and the diff compares
    /// security only where both sides state it.
    pub security: Vec<SecurityRequirement>,
    /// Unknown directives inside this endpoint block.
    pub extensions: Vec<Extension>,
}

impl Rare for EndpointDetails {
    const NONE: &'static EndpointDetails = &EndpointDetails {
        auth: None,
        body_type: None,
        example_request: None,
        operation_id: None,
        request_media_types: Vec::new(),
        security: Vec::new(),
        extensions: Vec::new(),
    };
}

/// The parts of a model element that few elements have (an endpoint's
/// [`EndpointDetails`], a schema's refinements), behind one pointer that
/// is null while there are none: the common element is smaller, and a
/// parse writes tens or hundreds of thousands of them.
///
/// Read them through `Deref` (an element without them reads
/// [`Rare::NONE`]); writing through `DerefMut` makes room for them, and
/// [`OutOfLine::get_mut`] changes only those that exist. Equality compares
/// what they say (none equals empty); `Debug` and `Serialize` show them as
/// they read.
#[derive(Clone, Default)]
pub struct OutOfLine<T>(Option<Box<T>>);

/// What an [`OutOfLine`] holds: parts that can all be empty, with the one
/// empty value every element without them reads.
pub trait Rare: Default + PartialEq + 'static {
    /// The parts of an element that has none.
    const NONE: &'static Self;
}

impl<T: Rare> std::ops::Deref for OutOfLine<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::NONE)
    }
}

impl<T: Rare> std::ops::DerefMut for OutOfLine<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T: Rare> OutOfLine<T> {
    /// The parts to change in place, when there are any: a walk over
    /// every element that changes what it finds makes no room for parts
    /// an element does not have (as `DerefMut` would).
    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.0.as_deref_mut()
    }

    /// Frees the parts (an element that had them cleared reads as one
    /// that never had any, and takes no room).
    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl<T: Rare> PartialEq for OutOfLine<T> {
    fn eq(&self, other: &OutOfLine<T>) -> bool {
        **self == **other
    }
}

impl<T: Rare + Eq> Eq for OutOfLine<T> {}

impl<T: Rare + fmt::Debug> fmt::Debug for OutOfLine<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: Rare + Serialize> Serialize for OutOfLine<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

/// As the struct with its details inline printed, so that `Debug` output
/// (which the parser-change digests compare) does not move with them.
impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &*self.details;
        f.debug_struct("Endpoint")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("description", &self.description)
            .field("auth", &d.auth)
            .field("body_type", &d.body_type)
            .field("params", &self.params)
            .field("responses", &self.responses)
            .field("errors", &self.errors)
            .field("example_request", &d.example_request)
            .field("group", &self.group)
            .field("operation_id", &d.operation_id)
            .field("deprecated", &self.deprecated)
            .field("request_media_types", &d.request_media_types)
            .field("security", &d.security)
            .field("extensions", &d.extensions)
            .field("origin", &self.origin)
            .finish()
    }
}

impl Endpoint {
    /// An endpoint with just a method and a path, everything else empty:
    /// what each reader starts from (written once for both).
    pub fn new(method: Method, path: impl Into<String>) -> Endpoint {
        Endpoint {
            method,
            path: path.into(),
            description: None,
            params: Vec::new(),
            responses: smallvec::SmallVec::new(),
            errors: Vec::new(),
            group: None,
            deprecated: false,
            origin: Origin::NONE,
            details: OutOfLine::default(),
        }
    }

    /// Names of the `{name}` segments of the path, in order.
    pub fn path_param_names(&self) -> Vec<&str> {
        path_param_names(&self.path)
    }

    /// The parameters that are required, in file order.
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.field.required)
    }

    /// The parameters that are optional, in file order.
    pub fn optional_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.field.required)
    }
}

/// The names of the `{name}` segments of a path template.
pub fn path_param_names(path: &str) -> Vec<&str> {
    path_params(path).collect()
}

/// [`path_param_names`] one by one, for a caller that keeps its own list.
pub(crate) fn path_params(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let open = memchr::memchr(b'{', rest.as_bytes())?;
        let after = &rest[open + 1..];
        let close = memchr::memchr(b'}', after.as_bytes())?;
        rest = &after[close + 1..];
        Some(&after[..close])
    })
}

/// One way to satisfy an operation's security: every scheme listed, each
/// with the scopes its token must carry (one entry of OpenAPI `security`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecurityRequirement {
    /// The schemes that must all be satisfied; empty means anonymous access.
    pub schemes: Vec<SchemeScopes>,
}

/// A scheme of a [`SecurityRequirement`] and the scopes it needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchemeScopes {
    /// The scheme, as the document's `securitySchemes` defines it.
    pub scheme: AuthScheme,
    /// OAuth2 scopes (or roles for other schemes), in document order.
    pub scopes: Vec<String>,
}

/// A path with its parameter names blanked (`/a/{}/b`): two endpoints are
/// the same operation when their methods and keys are equal, whatever their
/// path parameters are called.
pub fn path_key(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// Where a parameter travels.
///
/// lap does not say; the parser recovers it: a `{name}` in the path is a path
/// parameter, for GET/DELETE/HEAD/OPTIONS/TRACE the others are query
/// parameters, for POST/PUT/PATCH they are fields of the JSON body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// A query-string parameter.
    Query,
    /// A header.
    Header,
    /// A top-level field of the JSON request body.
    Body,
}

impl ParamLocation {
    /// The OpenAPI spelling (`body` is not an OpenAPI location; it is kept for display).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Body => "body",
        }
    }
}

/// A request parameter: a field plus where it travels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    /// Path, query, header or body.
    pub location: ParamLocation,
    /// Name, type, default, description, required.
    #[serde(flatten)]
    pub field: Field,
}

/// A named, typed member: of a parameter list, an object or a response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The name as written (may contain `.`, `:`, `-`, `$`).
    pub name: Name,
    /// Whether the member must be present (`@required`, or `name!:` inside a map).
    pub required: bool,
    /// The member's type.
    pub schema: Schema,
    /// `=value`: the default, as written and as read against this field's type.
    pub default: Option<FieldDefault>,
    /// The `# comment`, which lap uses as the description.
    pub description: Option<Text>,
    /// Marked deprecated in the source (OpenAPI only; lap cannot say it).
    pub deprecated: bool,
    /// Where the field was written.
    pub origin: Origin,
}

/// Applies `f` to the position of every field in `list` and of every
/// member nested in their types: the one walk over field positions (clearing
/// them for a comparison, moving a copied list to its own lines).
pub(crate) fn field_origins_mut(list: &mut [Field], f: &mut impl FnMut(&mut Origin)) {
    for field in list {
        f(&mut field.origin);
        schema_origins_mut(&mut field.schema, f);
    }
}

/// [`field_origins_mut`] for the members of one type. Bounded: every reader
/// refuses types nested deeper than [`MAX_DEPTH`].
pub(crate) fn schema_origins_mut(schema: &mut Schema, f: &mut impl FnMut(&mut Origin)) {
    match &mut schema.ty {
        Type::Object(Some(members)) => field_origins_mut(members, f),
        // Only an item with members has positions to move: a shared item
        // without (`[str]`) stays shared.
        Type::Array(item) if has_members(item) => schema_origins_mut(Arc::make_mut(item), f),
        _ => {}
    }
}

/// Whether a schema holds members (and so positions) at any depth.
/// Bounded like [`schema_origins_mut`].
fn has_members(schema: &Schema) -> bool {
    match &schema.ty {
        Type::Object(Some(members)) => !members.is_empty(),
        Type::Array(item) => has_members(item),
        _ => false,
    }
}

impl Field {
    /// A field with just a name and a type, for building models in code.
    pub fn new(name: impl Into<Name>, schema: Schema) -> Field {
        Field {
            name: name.into(),
            required: false,
            schema,
            default: None,
            description: None,
            deprecated: false,
            origin: Origin::NONE,
        }
    }
}

/// A member's default, read once against the member's own type when the
/// member is built (from lap or from a document), so that every later stage
/// asks it instead of guessing again: export sends only a [`value`], diff
/// compares only values, and lap prints the [`text`] back byte for byte.
///
/// The text is a value when it reads as one of the field's type: an
/// integer, number or boolean that parses; a string without whitespace
/// (and one of the enum's values, when the field is an enum). Anything else
/// (`str=Current date and time`, a default on a named type, `int=`) is prose:
/// documentation of what the server does, which no client should send.
///
/// [`value`]: FieldDefault::value
/// [`text`]: FieldDefault::text
///
/// It is boxed: few members have a default, and every [`Field`] carries
/// the option. Unboxed, it made every field 88 bytes larger, and
/// moving fields into their lists cost DocuSign's parse a tenth more.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldDefault(Box<DefaultParts>);

/// As the unboxed struct printed, so that `Debug` output (which the
/// parser-change digests compare) does not move with the box.
impl fmt::Debug for FieldDefault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldDefault")
            .field("text", &self.0.text)
            .field("value", &self.0.value)
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct DefaultParts {
    text: String,
    value: Option<serde_json::Value>,
}

impl FieldDefault {
    /// Reads `text` as a default of a member whose type is `schema`.
    pub fn read(text: impl Into<String>, schema: &Schema) -> FieldDefault {
        let text = text.into();
        let value = value_of(&text, schema);
        FieldDefault(Box::new(DefaultParts { text, value }))
    }

    /// The default as the source wrote it.
    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// The value it means, or `None` when it is prose.
    pub fn value(&self) -> Option<&serde_json::Value> {
        self.0.value.as_ref()
    }

    /// Whether the default is documentation rather than a value.
    pub fn is_prose(&self) -> bool {
        self.0.value.is_none()
    }
}

impl fmt::Display for FieldDefault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.text)
    }
}

fn value_of(text: &str, schema: &Schema) -> Option<serde_json::Value> {
    use serde_json::Value;
    match schema.ty {
        Type::Integer => text.parse::<i64>().ok().map(Value::from),
        // A whole number is held as an integer, so `num=10` is the value
        // of `int=10` and of a document's `10` or `10.0`.
        Type::Number => text.parse::<f64>().ok().and_then(|f| {
            let whole = f.fract() == 0.0 && f.abs() < 9.0e15;
            #[allow(clippy::cast_possible_truncation)]
            let value = if whole {
                Value::from(f as i64)
            } else {
                Value::Number(serde_json::Number::from_f64(f)?)
            };
            Some(value)
        }),
        Type::Boolean => text.parse::<bool>().ok().map(Value::Bool),
        Type::String if !text.contains(char::is_whitespace) => {
            let values = schema.enum_values();
            let listed = values.is_empty() || values.iter().any(|v| v == text);
            listed.then(|| Value::String(text.to_owned()))
        }
        _ => None,
    }
}

/// A type, with its refinements.
///
/// The refinements (format, enum values, deprecated values) are rare and
/// held out of line ([`OutOfLine`]), behind one pointer that is null when there are none:
/// inline, they made every [`Field`] 184 bytes instead of 120, and a parse
/// of Microsoft Graph writes half a million fields (copies of the lists
/// lapsh repeats at every endpoint). Read them with [`Schema::format`],
/// [`Schema::enum_values`] and [`Schema::deprecated_values`].
#[derive(Clone, PartialEq, Eq)]
pub struct Schema {
    /// The shape.
    pub ty: Type,
    /// `T?`: `null` is allowed.
    pub nullable: bool,
    /// Freed when the last refinement is cleared.
    refinements: OutOfLine<Refinements>,
}

#[derive(Clone, Default, PartialEq, Eq)]
struct Refinements {
    format: Option<String>,
    enum_values: Vec<String>,
    deprecated_values: Vec<String>,
}

impl Rare for Refinements {
    const NONE: &'static Refinements = &Refinements {
        format: None,
        enum_values: Vec::new(),
        deprecated_values: Vec::new(),
    };
}

impl Schema {
    /// A plain schema of the given type.
    pub fn of(ty: Type) -> Schema {
        Schema {
            ty,
            nullable: false,
            refinements: OutOfLine::default(),
        }
    }

    /// `str(date-time)`: the format hint.
    pub fn format(&self) -> Option<&str> {
        self.refinements.format.as_deref()
    }

    /// `str(A/B/C)`: the allowed values, verbatim, in order.
    pub fn enum_values(&self) -> &[String] {
        &self.refinements.enum_values
    }

    /// The enum values the source marks deprecated (OpenAPI only: PayPal's
    /// `x-enumDescriptions` entries with `deprecated: true`; lap cannot say
    /// it), in the order of [`Schema::enum_values`].
    pub fn deprecated_values(&self) -> &[String] {
        &self.refinements.deprecated_values
    }

    /// Sets the format hint (`None` for none).
    pub fn set_format(&mut self, format: Option<String>) {
        self.refine(format.is_none(), |r| r.format = format);
    }

    /// Sets the allowed values (empty for any value).
    pub fn set_enum_values(&mut self, values: Vec<String>) {
        self.refine(values.is_empty(), |r| r.enum_values = values);
    }

    /// Sets the values marked deprecated.
    pub fn set_deprecated_values(&mut self, values: Vec<String>) {
        self.refine(values.is_empty(), |r| r.deprecated_values = values);
    }

    /// Takes the format hint out, leaving none.
    pub fn take_format(&mut self) -> Option<String> {
        let mut format = None;
        self.refine(true, |r| format = r.format.take());
        format
    }

    /// Takes the allowed values out, leaving any value allowed.
    pub fn take_enum_values(&mut self) -> Vec<String> {
        let mut values = Vec::new();
        self.refine(true, |r| values = std::mem::take(&mut r.enum_values));
        values
    }

    /// The one place the refinements change: `clears` says the change
    /// only empties, which a schema without refinements needs no room
    /// for; the room is freed again when the last refinement is cleared.
    fn refine(&mut self, clears: bool, change: impl FnOnce(&mut Refinements)) {
        if clears && self.refinements.get_mut().is_none() {
            return;
        }
        let refinements = &mut *self.refinements;
        change(refinements);
        if *refinements == *Refinements::NONE {
            self.refinements.clear();
        }
    }
}

/// As the struct with its refinements inline printed, so that `Debug`
/// output (which the parser-change digests compare) does not move with
/// the box.
impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema")
            .field("ty", &self.ty)
            .field("format", &self.format())
            .field("enum_values", &self.enum_values())
            .field("nullable", &self.nullable)
            .field("deprecated_values", &self.deprecated_values())
            .finish()
    }
}

/// The fields in the order, and under the names, of the inline struct.
impl Serialize for Schema {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let deprecated = self.deprecated_values();
        let len = if deprecated.is_empty() { 4 } else { 5 };
        let mut s = serializer.serialize_struct("Schema", len)?;
        s.serialize_field("ty", &self.ty)?;
        s.serialize_field("format", &self.format())?;
        s.serialize_field("enum_values", self.enum_values())?;
        s.serialize_field("nullable", &self.nullable)?;
        if !deprecated.is_empty() {
            s.serialize_field("deprecated_values", deprecated)?;
        }
        s.end()
    }
}

/// The shape of a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Type {
    /// `str`
    String,
    /// `int`
    Integer,
    /// `num` (also read from `float`)
    Number,
    /// `bool`
    Boolean,
    /// `any`: no constraint.
    Any,
    /// `file`: binary content (multipart uploads).
    File,
    /// `map` (`None`: members unknown) or `map{...}` (`Some`: these members).
    Object(Option<Vec<Field>>),
    /// `[T]`. The item is shared: a field list lapsh repeats at every
    /// endpoint (`$select: [str]`) is copied without copying its items,
    /// and a copy is made only to move the positions of an item's members.
    Array(Arc<Schema>),
    /// A `@type` by name.
    Named(String),
    /// `null`: only JSON `null` (an OpenAPI 3.1 `type: "null"`; lapsh
    /// writes it for such a schema).
    Null,
    /// A type word lap does not define, kept as written: lapsh copies an
    /// OpenAPI `type` it does not recognise (`String`, `DateTime`, `text`)
    /// into its output. Any value is accepted where it stands; the lenient
    /// parser warns where it reads one, and the strict parser refuses it.
    Unknown(String),
}

impl Type {
    /// The lap word for the shape (`str`, `int`, `map`, `a list`), for messages.
    pub fn word(&self) -> &'static str {
        match self {
            Type::String => "str",
            Type::Integer => "int",
            Type::Number => "num",
            Type::Boolean => "bool",
            Type::Any => "any",
            Type::File => "file",
            Type::Object(_) => "map",
            Type::Array(_) => "a list",
            Type::Named(_) => "a named type",
            Type::Null => "null",
            Type::Unknown(_) => "an unknown type",
        }
    }
}

/// A response status as lap and OpenAPI write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub enum StatusCode {
    /// A single code such as 200.
    Code(u16),
    /// A class such as `4XX` (the digit is the class).
    Range(u8),
    /// `default`: any status not listed.
    Default,
}

impl StatusCode {
    /// Whether the status is a success (2XX).
    pub fn is_success(self) -> bool {
        matches!(self, StatusCode::Code(200..=299) | StatusCode::Range(2))
    }
}

impl From<StatusCode> for String {
    fn from(s: StatusCode) -> String {
        s.to_string()
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusCode::Code(c) => write!(f, "{c}"),
            StatusCode::Range(c) => write!(f, "{c}XX"),
            StatusCode::Default => f.write_str("default"),
        }
    }
}

/// One `@returns(CODE)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Response {
    /// The status.
    pub status: StatusCode,
    /// `{fields}` when given (`Some(vec![])` for `{}`); `None` for a text-only response.
    pub fields: Option<Vec<Field>>,
    /// The trailing `# description`, or the plain text.
    pub description: Option<Text>,
    /// Where it was written.
    pub origin: Origin,
}

/// One entry of `@errors {...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorResponse {
    /// The status.
    pub status: StatusCode,
    /// `400:TypeName: text`: the error's type name.
    pub error_type: Option<String>,
    /// The text after the code.
    pub description: Option<Text>,
    /// Top-level members of the JSON error body. lap does not state error
    /// bodies, so only an imported OpenAPI document fills this; `diff`
    /// compares them like success bodies.
    pub fields: Option<Vec<Field>>,
    /// Where it was written.
    pub origin: Origin,
}

/// A directive this parser does not know (`@foo value`), kept verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Extension {
    /// The directive name without `@`.
    pub name: String,
    /// The rest of the line, trimmed.
    pub value: String,
    /// Where it was written.
    pub origin: Origin,
}

#[cfg(test)]
mod tests {
    use super::{Endpoint, Method, Schema, Type};

    #[test]
    fn an_endpoint_whose_details_were_written_empty_equals_one_without_any() {
        let plain = Endpoint::new(Method::Get, "/a");
        let mut written = plain.clone();
        written.details.operation_id = Some("listA".to_owned());
        assert_ne!(written, plain);
        written.details.operation_id = None;
        assert_eq!(written, plain);
        // A walk that changes only what is there leaves an endpoint without
        // details without them.
        let mut walked = plain.clone();
        assert!(walked.details.get_mut().is_none());
        assert_eq!(format!("{walked:?}"), format!("{plain:?}"));
        // Serialized, no details read as empty ones.
        let json = serde_json::to_value(&plain).unwrap_or_default();
        assert_eq!(json["operation_id"], serde_json::Value::Null);
        assert_eq!(json["security"], serde_json::json!([]));
    }

    #[test]
    fn a_schema_whose_refinements_are_cleared_equals_one_that_never_had_any() {
        let mut schema = Schema::of(Type::String);
        schema.set_format(Some("date-time".to_owned()));
        schema.set_enum_values(vec!["A".to_owned()]);
        assert_ne!(schema, Schema::of(Type::String));
        schema.set_format(None);
        assert_eq!(schema.take_enum_values(), ["A"]);
        assert_eq!(schema, Schema::of(Type::String));
    }

    #[test]
    fn a_schema_serializes_its_refinements_as_fields_of_its_own() {
        let mut schema = Schema::of(Type::String);
        let plain = serde_json::to_value(&schema).unwrap_or_default();
        assert_eq!(
            plain,
            serde_json::json!({"ty": {"kind": "string"}, "format": null, "enum_values": [], "nullable": false})
        );
        schema.set_enum_values(vec!["A".to_owned(), "B".to_owned()]);
        schema.set_deprecated_values(vec!["B".to_owned()]);
        let refined = serde_json::to_value(&schema).unwrap_or_default();
        assert_eq!(refined["enum_values"], serde_json::json!(["A", "B"]));
        assert_eq!(refined["deprecated_values"], serde_json::json!(["B"]));
    }
}
