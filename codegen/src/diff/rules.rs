//! The rule catalogue: every kind of change the diff reports, with its
//! stable id, its level and what it means, in one table (oasdiff's
//! `checker/rules.go` is the model). `docs/diff-rules.md` is generated from
//! this table and the example corpus, and a test keeps the two in step.
//!
//! Levels follow oasdiff's classification. Direction decides: what a
//! server starts to accept (a request enum value, an optional parameter) is
//! safe, what it starts to send (a response enum value, a null) may break
//! a client that decodes strictly, and the other way round for removals.

use serde::Serialize;

/// How a change affects existing callers (oasdiff's ERR, WARN, INFO).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Cannot break a caller (oasdiff INFO).
    Info,
    /// May break a caller; the spec alone cannot decide (oasdiff WARN).
    Warning,
    /// Breaks callers written against the old version (oasdiff ERR).
    Breaking,
}

impl Level {
    /// The word the outputs use: `breaking`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }

    /// oasdiff's name for the level.
    pub fn oasdiff(self) -> &'static str {
        match self {
            Level::Breaking => "ERR",
            Level::Warning => "WARN",
            Level::Info => "INFO",
        }
    }

    /// Parses `breaking`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Level> {
        [Level::Breaking, Level::Warning, Level::Info]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a change does to Rust code written against the generated
/// `disputes-api`, under Cargo's semver rules (the Cargo book's "SemVer
/// compatibility" chapter): which version the crate must get next. Not
/// the wire level: a new optional response member cannot break a caller
/// on the wire, but it adds a public field to a public struct, which
/// breaks a struct literal; a new required parameter is refused on the
/// wire, but the builder's setter is new and old code still compiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RustImpact {
    /// No public item changes: a patch release.
    #[default]
    None,
    /// Items are added or marked deprecated, none removed or changed: a
    /// minor release (for a `0.y.z` crate, a patch release).
    Minor,
    /// Code that compiled against the old crate may not compile against
    /// the new one: a major release (for `0.y.z`, the next `y`).
    Major,
}

impl RustImpact {
    /// The word the outputs use: `none`, `minor`, `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            RustImpact::None => "none",
            RustImpact::Minor => "minor",
            RustImpact::Major => "major",
        }
    }

    /// The release kind the outputs name: `patch`, `minor`, `major`.
    pub fn bump(self) -> &'static str {
        match self {
            RustImpact::None => "patch",
            RustImpact::Minor => "minor",
            RustImpact::Major => "major",
        }
    }

    /// The version after `current` that Cargo's rules ask for: for `x.y.z`
    /// with `x > 0`, a major release is `(x+1).0.0`, a minor `x.(y+1).0`;
    /// Cargo treats the left-most non-zero part as the major, so for
    /// `0.y.z` a major release is `0.(y+1).0` and a minor or patch one
    /// `0.y.(z+1)` (and for `0.0.z`, every release is the next `z`).
    /// Pre-release and build labels are dropped.
    pub fn next_version(self, current: &semver::Version) -> semver::Version {
        let (x, y, z) = (current.major, current.minor, current.patch);
        let (x, y, z) = match (self, x, y) {
            (_, 0, 0) => (0, 0, z + 1),
            (RustImpact::Major, 0, _) => (0, y + 1, 0),
            (_, 0, _) => (0, y, z + 1),
            (RustImpact::Major, _, _) => (x + 1, 0, 0),
            (RustImpact::Minor, _, _) => (x, y + 1, 0),
            (RustImpact::None, _, _) => (x, y, z + 1),
        };
        semver::Version::new(x, y, z)
    }
}

impl std::fmt::Display for RustImpact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// Why a rule has its Rust impact, for the generated shape of
// `disputes-api` (progenitor's Builder interface: one builder per
// operation with a setter per parameter, checked at `send()`; typify's
// structs with public fields, `#[non_exhaustive]` (`generate/exhaustive.rs`)
// and built through typify's builders, and its exhaustive request enums;
// our forward-compatible, `#[non_exhaustive]` response enums with
// `Unknown`; `generate/deprecated.rs`). One sentence per reason, shared by
// the rules it explains.
const NO_ITEM: &str = "No public item of the generated crate changes.";
const AUTH_HAND_WRITTEN: &str = "Authentication is the hand-written runtime's (`auth.rs`); the generated items do not name schemes or scopes.";
const METHOD_ADDED: &str = "A new `Client` method and its builder type: an addition.";
const METHOD_REMOVED: &str = "The operation's `Client` method and its builder type are removed: callers' code no longer compiles.";
const METHOD_RENAMED: &str = "progenitor names the `Client` method after the operation id: the method is renamed, which removes the old name.";
const OPERATION_NOT_MARKED: &str = "The operation's method is generated the same: progenitor drops an operation's `deprecated` and `generate/deprecated.rs` marks parameters and members only.";
const SETTER_ADDED: &str = "A new setter on the operation's builder: an addition.";
const SETTER_ADDED_REQUIRED: &str = "A new setter on the operation's builder: old code still compiles, and `send()` fails at run time until it calls the setter (the wire level is the break).";
const SETTER_REMOVED: &str = "The parameter's setter is removed from the operation's builder: callers that call it no longer compile.";
const SETTER_SAME: &str = "The builder's setter has the same signature either way; whether it is required is checked by `send()`.";
const SETTER_SAME_REQUIRED: &str = "The builder's setter has the same signature; code that does not call it still compiles, and `send()` fails at run time (the wire level is the break).";
const TYPE_CHANGED: &str = "The setter's Rust type changes (say `String` to an enum, `i64` to `f64`, `String` to `chrono::DateTime`): values callers pass may no longer type-check. Stricter than needed when both formats map to the same Rust type.";
const VARIANT_ADDED: &str = "A new variant of a request enum, which stays exhaustive (typify's; `generate/exhaustive.rs` says why): callers' exhaustive `match` no longer compiles.";
const RESPONSE_VARIANT_ADDED: &str = "A new variant of a response enum, which is `#[non_exhaustive]` (`generate/enums.rs`): callers' `match` already has a `_` arm, so this is an addition.";
const VARIANT_REMOVED: &str =
    "A variant of a public enum is removed: callers that name it no longer compile.";
const PARAMETER_DEFAULT: &str =
    "progenitor does not carry a parameter's default into the builder: the setter is unchanged.";
const PARAMETER_NULLABLE: &str =
    "progenitor does not carry a parameter's `nullable` into the builder: the setter is unchanged.";
const SETTER_DEPRECATED: &str = "The setter gains or keeps `#[deprecated]` (`generate/deprecated.rs`): deprecating an item is a minor change.";
const DEPRECATION_LIFTED: &str =
    "A `#[deprecated]` attribute goes away: code that compiled still compiles, warning-free.";
const REQUEST_VALUE_DOC_ONLY: &str = "Request enums are typify's: a value's deprecation changes no item (only response enums mark values).";
const FIELD_ADDED: &str = "A new public field of a `#[non_exhaustive]` struct (`generate/exhaustive.rs`) and a new setter on its builder: callers cannot have written a literal or an exhaustive pattern of it, so this is an addition.";
const REQUIRED_FIELD_ADDED: &str = "A new public field of a `#[non_exhaustive]` struct, but a required one: typify derives `Default` only for a struct whose members are all optional, so such a struct loses `Default` and callers' `Default::default()` no longer compiles; its builder's conversion also fails at run time until the new setter is called. Stricter than needed for a struct that already had a required member.";
const FIELD_REMOVED: &str =
    "A public field is removed: callers that read or set it no longer compile.";
const OPTION_CHANGED: &str = "The field's type changes between `T` and `Option<T>`: callers' reads and their builder setter's arguments no longer type-check (and a struct may gain or lose `Default`).";
const FIELD_TYPE_CHANGED: &str = "The field's Rust type changes: callers' reads and their builder setter's arguments no longer type-check. Stricter than needed when both formats map to the same Rust type.";
const DEFAULT_SHAPE: &str = "typify types an optional member with a default as `T` with `#[serde(default)]`, without one as `Option<T>`: the field's type changes.";
const DEFAULT_VALUE: &str =
    "Only the value typify's default function returns changes; the field's type is the same.";
const NULLABLE_FIELD: &str = "A required member's field changes between `T` and `Option<T>`. Stricter than needed for an optional member, whose field is `Option<T>` either way.";
const FIELD_DOC_ONLY: &str = "A member's deprecation is a doc line on its field (`#[deprecated]` there would make typify's own impls warn): no item changes.";
const VARIANT_DEPRECATED: &str = "The response enum's variant gains `#[deprecated]` (`generate/enums.rs`): deprecating an item is a minor change.";
const RETURN_TYPE: &str = "The operation's return type is derived from its success bodies: it changes (say `ResponseValue<()>` to `ResponseValue<T>`), and callers' code no longer type-checks. Stricter than needed when the statuses share one body type.";
const ERROR_STATUS: &str =
    "Error responses decode into the crate's `Error` whatever the status: no item changes.";

/// What part of the API a rule is about, for grouping the documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// The document as a whole: base URL, version, security schemes.
    Api,
    /// Endpoints appearing, disappearing, being deprecated.
    Endpoint,
    /// Path, query and header parameters.
    Parameter,
    /// Members of the JSON request body.
    RequestBody,
    /// Statuses and members of responses.
    Response,
    /// Security requirements and scopes of an operation.
    Security,
}

impl Family {
    /// Every family, in documentation order.
    pub const ALL: [Family; 6] = [
        Family::Api,
        Family::Endpoint,
        Family::Parameter,
        Family::RequestBody,
        Family::Response,
        Family::Security,
    ];

    /// The heading in `docs/diff-rules.md`.
    pub fn title(self) -> &'static str {
        match self {
            Family::Api => "API",
            Family::Endpoint => "Endpoints",
            Family::Parameter => "Request parameters",
            Family::RequestBody => "Request body",
            Family::Response => "Responses",
            Family::Security => "Security",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $level:ident, $family:ident, $summary:literal;
        rust $impact:ident, $reason:expr;)*) => {
        /// A kind of change. The id (`Rule::id`) is stable: CI bots match it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable kebab-case id.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The rule with this id.
            pub fn parse(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)* _ => None }
            }

            /// How the change affects callers.
            pub fn level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            /// What the rule is about.
            pub fn family(self) -> Family {
                match self { $(Rule::$variant => Family::$family,)* }
            }

            /// What the change does to Rust callers of the generated crate.
            pub fn rust_impact(self) -> RustImpact {
                match self { $(Rule::$variant => RustImpact::$impact,)* }
            }

            /// One sentence: why the change has its Rust impact.
            pub fn rust_reason(self) -> &'static str {
                match self { $(Rule::$variant => $reason,)* }
            }

            /// One sentence: what changed and why it has this level.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }
        }
    };
}

rules! {
    BaseUrlChanged => "api-base-url-changed", Warning, Api,
        "The base URL (`@base`, the first of `servers`) changed: callers configured with the old one reach a different server, or none. (Ours: oasdiff treats servers as deployment metadata and has no rule.)";
        rust None, NO_ITEM;
    VersionChanged => "api-version-changed", Info, Api,
        "The API's own version (`@version`, `info.version`) changed. (Ours: oasdiff only checks that a breaking change bumps it.)";
        rust None, NO_ITEM;
    SecurityComponentAdded => "api-security-component-added", Info, Api,
        "The API defines a new kind of authentication (`@auth`, `components/securitySchemes`).";
        rust None, AUTH_HAND_WRITTEN;
    SecurityComponentRemoved => "api-security-component-removed", Info, Api,
        "The API no longer defines a kind of authentication. Informational, as in oasdiff: the endpoints' own requirements say who is refused.";
        rust None, AUTH_HAND_WRITTEN;

    EndpointAdded => "endpoint-added", Info, Endpoint,
        "A new endpoint.";
        rust Minor, METHOD_ADDED;
    PathRemovedWithoutDeprecation => "api-path-removed-without-deprecation", Breaking, Endpoint,
        "A whole path was removed, and the old version had not marked its operation deprecated: callers get 404 with no warning.";
        rust Major, METHOD_REMOVED;
    PathRemovedWithDeprecation => "api-path-removed-with-deprecation", Info, Endpoint,
        "A whole path was removed whose operation the old version marked deprecated, as announced.";
        rust Major, METHOD_REMOVED;
    EndpointRemovedWithoutDeprecation => "api-removed-without-deprecation", Breaking, Endpoint,
        "One method of a path that still exists was removed without being deprecated first.";
        rust Major, METHOD_REMOVED;
    EndpointRemovedWithDeprecation => "api-removed-with-deprecation", Info, Endpoint,
        "One method of a path that still exists was removed after being deprecated.";
        rust Major, METHOD_REMOVED;
    EndpointDeprecated => "endpoint-deprecated", Info, Endpoint,
        "An endpoint became deprecated: it still works, and may be removed later.";
        rust None, OPERATION_NOT_MARKED;
    EndpointReactivated => "endpoint-reactivated", Info, Endpoint,
        "A deprecated endpoint is no longer deprecated.";
        rust None, OPERATION_NOT_MARKED;
    OperationIdAdded => "api-operation-id-added", Info, Endpoint,
        "An endpoint without an operation id got one.";
        rust Major, METHOD_RENAMED;
    OperationIdRemoved => "api-operation-id-removed", Info, Endpoint,
        "An endpoint's operation id was removed or replaced: the HTTP call is the same, but generated clients (ours included) rename the method.";
        rust Major, METHOD_RENAMED;

    NewRequiredParameter => "new-required-request-parameter", Breaking, Parameter,
        "A new required parameter: callers that do not send it are refused. A parameter that moved (say from the query to a header) is this, or the optional one, at its new place plus `request-parameter-removed` at its old one, as in oasdiff.";
        rust Minor, SETTER_ADDED_REQUIRED;
    NewOptionalParameter => "new-optional-request-parameter", Info, Parameter,
        "A new optional parameter.";
        rust Minor, SETTER_ADDED;
    ParameterRemoved => "request-parameter-removed", Warning, Parameter,
        "A parameter was removed: servers usually ignore what they no longer read, but some refuse unknown parameters, and a caller relying on its effect loses it.";
        rust Major, SETTER_REMOVED;
    ParameterBecameRequired => "request-parameter-became-required", Breaking, Parameter,
        "An optional parameter became required: callers that leave it out are refused.";
        rust None, SETTER_SAME_REQUIRED;
    ParameterBecameOptional => "request-parameter-became-optional", Info, Parameter,
        "A required parameter became optional.";
        rust None, SETTER_SAME;
    ParameterTypeChanged => "request-parameter-type-changed", Breaking, Parameter,
        "A parameter's type or format changed or narrowed (a format added, `date-time` to `date`): values callers send may no longer be valid.";
        rust Major, TYPE_CHANGED;
    ParameterTypeGeneralized => "request-parameter-type-generalized", Info, Parameter,
        "A parameter's type or format was widened (integer to number, anything to string, a format removed, `int32` to `int64`): every old value is still valid.";
        rust Major, TYPE_CHANGED;
    ParameterBecameEnum => "request-parameter-became-enum", Breaking, Parameter,
        "A parameter that took any value now takes only listed values.";
        rust Major, TYPE_CHANGED;
    ParameterEnumValueAdded => "request-parameter-enum-value-added", Info, Parameter,
        "A parameter accepts a new value.";
        rust Major, VARIANT_ADDED;
    ParameterEnumValueRemoved => "request-parameter-enum-value-removed", Breaking, Parameter,
        "A parameter no longer accepts a value: callers sending it are refused.";
        rust Major, VARIANT_REMOVED;
    ParameterDefaultAdded => "request-parameter-default-value-added", Breaking, Parameter,
        "An optional parameter gained a default: callers that leave it out now get that value's behaviour. (Compared only when the parameter is optional on both sides, as in oasdiff.)";
        rust None, PARAMETER_DEFAULT;
    ParameterDefaultRemoved => "request-parameter-default-value-removed", Breaking, Parameter,
        "An optional parameter lost its default: callers that leave it out no longer get the old behaviour.";
        rust None, PARAMETER_DEFAULT;
    ParameterDefaultChanged => "request-parameter-default-value-changed", Breaking, Parameter,
        "An optional parameter's default changed: callers that leave it out get a different behaviour.";
        rust None, PARAMETER_DEFAULT;
    ParameterBecameNullable => "request-parameter-became-nullable", Info, Parameter,
        "A parameter accepts null.";
        rust None, PARAMETER_NULLABLE;
    ParameterBecameNotNullable => "request-parameter-became-not-nullable", Breaking, Parameter,
        "A parameter no longer accepts null: callers sending null are refused.";
        rust None, PARAMETER_NULLABLE;
    ParameterDeprecated => "request-parameter-deprecated", Info, Parameter,
        "A parameter became deprecated: it still works, and may be removed later; stop sending it.";
        rust Minor, SETTER_DEPRECATED;
    ParameterReactivated => "request-parameter-reactivated", Info, Parameter,
        "A deprecated parameter is no longer deprecated.";
        rust None, DEPRECATION_LIFTED;
    ParameterEnumValueDeprecated => "request-parameter-enum-value-deprecated", Info, Parameter,
        "A value a parameter accepts became deprecated (PayPal marks values in `x-enumDescriptions`; OpenAPI 3.0 cannot): it still works, and may be refused later. (Ours: oasdiff has no rule.)";
        rust None, REQUEST_VALUE_DOC_ONLY;
    ParameterEnumValueReactivated => "request-parameter-enum-value-reactivated", Info, Parameter,
        "A deprecated value of a parameter is no longer deprecated. (Ours.)";
        rust None, REQUEST_VALUE_DOC_ONLY;

    NewRequiredProperty => "new-required-request-property", Breaking, RequestBody,
        "A new required member of the request body: callers that do not send it are refused.";
        rust Major, REQUIRED_FIELD_ADDED;
    NewOptionalProperty => "new-optional-request-property", Info, RequestBody,
        "A new optional member of the request body.";
        rust Minor, FIELD_ADDED;
    PropertyRemoved => "request-property-removed", Warning, RequestBody,
        "A member of the request body was removed, required or not: the server may ignore it or refuse it.";
        rust Major, FIELD_REMOVED;
    PropertyBecameRequired => "request-property-became-required", Breaking, RequestBody,
        "An optional member of the request body became required: callers that leave it out are refused.";
        rust Major, OPTION_CHANGED;
    PropertyBecameOptional => "request-property-became-optional", Info, RequestBody,
        "A required member of the request body became optional.";
        rust Major, OPTION_CHANGED;
    PropertyTypeChanged => "request-property-type-changed", Breaking, RequestBody,
        "A request body member's type or format changed or narrowed: values callers send may no longer be valid.";
        rust Major, FIELD_TYPE_CHANGED;
    PropertyTypeGeneralized => "request-property-type-generalized", Info, RequestBody,
        "A request body member's type or format was widened (integer to number, a format removed): every old value is still valid.";
        rust Major, FIELD_TYPE_CHANGED;
    PropertyBecameEnum => "request-property-became-enum", Breaking, RequestBody,
        "A request body member that took any value now takes only listed values.";
        rust Major, FIELD_TYPE_CHANGED;
    PropertyEnumValueAdded => "request-property-enum-value-added", Info, RequestBody,
        "A request body member accepts a new value.";
        rust Major, VARIANT_ADDED;
    PropertyEnumValueRemoved => "request-property-enum-value-removed", Breaking, RequestBody,
        "A request body member no longer accepts a value (the enum narrowed): callers sending it are refused.";
        rust Major, VARIANT_REMOVED;
    PropertyDefaultAdded => "request-property-default-value-added", Info, RequestBody,
        "A request body member gained a default (informational in oasdiff, unlike a parameter's).";
        rust Major, DEFAULT_SHAPE;
    PropertyDefaultRemoved => "request-property-default-value-removed", Info, RequestBody,
        "A request body member lost its default.";
        rust Major, DEFAULT_SHAPE;
    PropertyDefaultChanged => "request-property-default-value-changed", Info, RequestBody,
        "A request body member's default changed.";
        rust None, DEFAULT_VALUE;
    PropertyBecameNullable => "request-property-became-nullable", Info, RequestBody,
        "A request body member accepts null.";
        rust Major, NULLABLE_FIELD;
    PropertyBecameNotNullable => "request-property-became-not-nullable", Breaking, RequestBody,
        "A request body member no longer accepts null: callers sending null are refused.";
        rust Major, NULLABLE_FIELD;
    PropertyDeprecated => "request-property-deprecated", Info, RequestBody,
        "A request body member became deprecated: it still works, and may be removed later.";
        rust None, FIELD_DOC_ONLY;
    PropertyReactivated => "request-property-reactivated", Info, RequestBody,
        "A deprecated request body member is no longer deprecated.";
        rust None, FIELD_DOC_ONLY;
    PropertyEnumValueDeprecated => "request-property-enum-value-deprecated", Info, RequestBody,
        "A value a request body member accepts became deprecated (`x-enumDescriptions`). (Ours: oasdiff has no rule.)";
        rust None, REQUEST_VALUE_DOC_ONLY;
    PropertyEnumValueReactivated => "request-property-enum-value-reactivated", Info, RequestBody,
        "A deprecated value of a request body member is no longer deprecated. (Ours.)";
        rust None, REQUEST_VALUE_DOC_ONLY;

    SuccessStatusAdded => "response-success-status-added", Info, Response,
        "A new success status (200 to 299).";
        rust Major, RETURN_TYPE;
    SuccessStatusRemoved => "response-success-status-removed", Breaking, Response,
        "A success status is no longer returned: callers that handle it (and decode its body) get another one they may not expect.";
        rust Major, RETURN_TYPE;
    ErrorStatusAdded => "response-non-success-status-added", Info, Response,
        "A new error status is documented.";
        rust None, ERROR_STATUS;
    ErrorStatusRemoved => "response-non-success-status-removed", Info, Response,
        "An error status is no longer documented. Ranges (`4XX`) and `default` are not compared, as in oasdiff.";
        rust None, ERROR_STATUS;
    ResponseMediaTypeAdded => "response-media-type-added", Info, Response,
        "A response that had no JSON body now has one.";
        rust Major, RETURN_TYPE;
    ResponseMediaTypeRemoved => "response-media-type-removed", Breaking, Response,
        "A response no longer has a JSON body: callers that decode it fail.";
        rust Major, RETURN_TYPE;
    ResponseRequiredPropertyAdded => "response-required-property-added", Info, Response,
        "A response has a new member that is always present.";
        rust Major, REQUIRED_FIELD_ADDED;
    ResponseOptionalPropertyAdded => "response-optional-property-added", Info, Response,
        "A response has a new member that may be present.";
        rust Minor, FIELD_ADDED;
    ResponseRequiredPropertyRemoved => "response-required-property-removed", Breaking, Response,
        "A member the response always had is gone: callers that read it fail.";
        rust Major, FIELD_REMOVED;
    ResponseOptionalPropertyRemoved => "response-optional-property-removed", Warning, Response,
        "A member the response sometimes had is gone: callers that use it when present lose it.";
        rust Major, FIELD_REMOVED;
    ResponsePropertyBecameOptional => "response-property-became-optional", Breaking, Response,
        "A member the response always had may now be missing: callers that rely on it fail.";
        rust Major, OPTION_CHANGED;
    ResponsePropertyBecameRequired => "response-property-became-required", Info, Response,
        "A member the response sometimes had is now always present.";
        rust Major, OPTION_CHANGED;
    ResponsePropertyTypeChanged => "response-property-type-changed", Breaking, Response,
        "A response member's type or format changed, or lost its format: callers decode it as the old one.";
        rust Major, FIELD_TYPE_CHANGED;
    ResponsePropertyTypeGeneralized => "response-property-type-generalized", Breaking, Response,
        "A response member's type was widened (integer to number, anything to `any`): callers may receive values of a type they do not decode.";
        rust Major, FIELD_TYPE_CHANGED;
    ResponsePropertyTypeSpecialized => "response-property-type-specialized", Info, Response,
        "A response member's type was narrowed (number to integer, a format added): every value is still one callers decode.";
        rust Major, FIELD_TYPE_CHANGED;
    ResponsePropertyEnumValueAdded => "response-property-enum-value-added", Warning, Response,
        "A response member may carry a new value: callers that decode strictly, or switch on every value, may not know it. (Our generated client decodes unknown values as `Unknown`.)";
        rust Minor, RESPONSE_VARIANT_ADDED;
    ResponsePropertyEnumValueRemoved => "response-property-enum-value-removed", Info, Response,
        "A response member no longer carries a value.";
        rust Major, VARIANT_REMOVED;
    ResponsePropertyBecameNullable => "response-property-became-nullable", Breaking, Response,
        "A response member may now be null: callers that expect a value fail.";
        rust Major, NULLABLE_FIELD;
    ResponsePropertyBecameNotNullable => "response-property-became-not-nullable", Info, Response,
        "A response member is no longer null.";
        rust Major, NULLABLE_FIELD;
    ResponsePropertyDeprecated => "response-property-deprecated", Info, Response,
        "A response member became deprecated: it is still sent, and may disappear later; read its replacement.";
        rust None, FIELD_DOC_ONLY;
    ResponsePropertyReactivated => "response-property-reactivated", Info, Response,
        "A deprecated response member is no longer deprecated.";
        rust None, FIELD_DOC_ONLY;
    ResponsePropertyEnumValueDeprecated => "response-property-enum-value-deprecated", Info, Response,
        "A value a response member may carry became deprecated (`x-enumDescriptions`): it may still be sent, for older cases. (Ours: oasdiff has no rule.)";
        rust Minor, VARIANT_DEPRECATED;
    ResponsePropertyEnumValueReactivated => "response-property-enum-value-reactivated", Info, Response,
        "A deprecated value of a response member is no longer deprecated. (Ours.)";
        rust None, DEPRECATION_LIFTED;

    SecurityAdded => "api-security-added", Info, Security,
        "An operation accepts a new alternative in its `security`. Security changes are informational in oasdiff by default; raise them in review if your callers' credentials are fixed.";
        rust None, AUTH_HAND_WRITTEN;
    SecurityRemoved => "api-security-removed", Info, Security,
        "An operation no longer lists an alternative of its `security`: callers authenticating that way may be refused (informational in oasdiff by default).";
        rust None, AUTH_HAND_WRITTEN;
    SecurityScopeAdded => "api-security-scope-added", Info, Security,
        "An alternative of an operation's `security` needs one more scope: callers' existing tokens may lack it (informational in oasdiff by default).";
        rust None, AUTH_HAND_WRITTEN;
    SecurityScopeRemoved => "api-security-scope-removed", Info, Security,
        "An alternative of an operation's `security` needs one scope fewer.";
        rust None, AUTH_HAND_WRITTEN;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_version_follows_cargos_left_most_non_zero_rule() {
        let next = |impact: RustImpact, v: &str| {
            impact
                .next_version(&semver::Version::parse(v).expect("version"))
                .to_string()
        };
        assert_eq!(next(RustImpact::Major, "0.1.0"), "0.2.0");
        assert_eq!(next(RustImpact::Minor, "0.1.0"), "0.1.1");
        assert_eq!(next(RustImpact::None, "0.1.3"), "0.1.4");
        assert_eq!(next(RustImpact::Major, "0.0.3"), "0.0.4");
        assert_eq!(next(RustImpact::Major, "1.4.2"), "2.0.0");
        assert_eq!(next(RustImpact::Minor, "1.4.2"), "1.5.0");
        assert_eq!(next(RustImpact::None, "1.4.2-rc.1"), "1.4.3");
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let id = rule.id();
            assert!(seen.insert(id), "duplicate id {id}");
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id} is not kebab-case"
            );
        }
    }
}
