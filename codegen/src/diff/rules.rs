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
    ($($variant:ident => $id:literal, $level:ident, $family:ident, $summary:literal;)*) => {
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
    VersionChanged => "api-version-changed", Info, Api,
        "The API's own version (`@version`, `info.version`) changed. (Ours: oasdiff only checks that a breaking change bumps it.)";
    SecurityComponentAdded => "api-security-component-added", Info, Api,
        "The API defines a new kind of authentication (`@auth`, `components/securitySchemes`).";
    SecurityComponentRemoved => "api-security-component-removed", Info, Api,
        "The API no longer defines a kind of authentication. Informational, as in oasdiff: the endpoints' own requirements say who is refused.";

    EndpointAdded => "endpoint-added", Info, Endpoint,
        "A new endpoint.";
    PathRemovedWithoutDeprecation => "api-path-removed-without-deprecation", Breaking, Endpoint,
        "A whole path was removed, and the old version had not marked its operation deprecated: callers get 404 with no warning.";
    PathRemovedWithDeprecation => "api-path-removed-with-deprecation", Info, Endpoint,
        "A whole path was removed whose operation the old version marked deprecated, as announced.";
    EndpointRemovedWithoutDeprecation => "api-removed-without-deprecation", Breaking, Endpoint,
        "One method of a path that still exists was removed without being deprecated first.";
    EndpointRemovedWithDeprecation => "api-removed-with-deprecation", Info, Endpoint,
        "One method of a path that still exists was removed after being deprecated.";
    EndpointDeprecated => "endpoint-deprecated", Info, Endpoint,
        "An endpoint became deprecated: it still works, and may be removed later.";
    EndpointReactivated => "endpoint-reactivated", Info, Endpoint,
        "A deprecated endpoint is no longer deprecated.";
    OperationIdAdded => "api-operation-id-added", Info, Endpoint,
        "An endpoint without an operation id got one.";
    OperationIdRemoved => "api-operation-id-removed", Info, Endpoint,
        "An endpoint's operation id was removed or replaced: the HTTP call is the same, but generated clients (ours included) rename the method.";

    NewRequiredParameter => "new-required-request-parameter", Breaking, Parameter,
        "A new required parameter: callers that do not send it are refused. A parameter that moved (say from the query to a header) is this, or the optional one, at its new place plus `request-parameter-removed` at its old one, as in oasdiff.";
    NewOptionalParameter => "new-optional-request-parameter", Info, Parameter,
        "A new optional parameter.";
    ParameterRemoved => "request-parameter-removed", Warning, Parameter,
        "A parameter was removed: servers usually ignore what they no longer read, but some refuse unknown parameters, and a caller relying on its effect loses it.";
    ParameterBecameRequired => "request-parameter-became-required", Breaking, Parameter,
        "An optional parameter became required: callers that leave it out are refused.";
    ParameterBecameOptional => "request-parameter-became-optional", Info, Parameter,
        "A required parameter became optional.";
    ParameterTypeChanged => "request-parameter-type-changed", Breaking, Parameter,
        "A parameter's type or format changed or narrowed (a format added, `date-time` to `date`): values callers send may no longer be valid.";
    ParameterTypeGeneralized => "request-parameter-type-generalized", Info, Parameter,
        "A parameter's type or format was widened (integer to number, anything to string, a format removed, `int32` to `int64`): every old value is still valid.";
    ParameterBecameEnum => "request-parameter-became-enum", Breaking, Parameter,
        "A parameter that took any value now takes only listed values.";
    ParameterEnumValueAdded => "request-parameter-enum-value-added", Info, Parameter,
        "A parameter accepts a new value.";
    ParameterEnumValueRemoved => "request-parameter-enum-value-removed", Breaking, Parameter,
        "A parameter no longer accepts a value: callers sending it are refused.";
    ParameterDefaultAdded => "request-parameter-default-value-added", Breaking, Parameter,
        "An optional parameter gained a default: callers that leave it out now get that value's behaviour. (Compared only when the parameter is optional on both sides, as in oasdiff.)";
    ParameterDefaultRemoved => "request-parameter-default-value-removed", Breaking, Parameter,
        "An optional parameter lost its default: callers that leave it out no longer get the old behaviour.";
    ParameterDefaultChanged => "request-parameter-default-value-changed", Breaking, Parameter,
        "An optional parameter's default changed: callers that leave it out get a different behaviour.";
    ParameterBecameNullable => "request-parameter-became-nullable", Info, Parameter,
        "A parameter accepts null.";
    ParameterBecameNotNullable => "request-parameter-became-not-nullable", Breaking, Parameter,
        "A parameter no longer accepts null: callers sending null are refused.";
    ParameterDeprecated => "request-parameter-deprecated", Info, Parameter,
        "A parameter became deprecated: it still works, and may be removed later; stop sending it.";
    ParameterReactivated => "request-parameter-reactivated", Info, Parameter,
        "A deprecated parameter is no longer deprecated.";
    ParameterEnumValueDeprecated => "request-parameter-enum-value-deprecated", Info, Parameter,
        "A value a parameter accepts became deprecated (PayPal marks values in `x-enumDescriptions`; OpenAPI 3.0 cannot): it still works, and may be refused later. (Ours: oasdiff has no rule.)";
    ParameterEnumValueReactivated => "request-parameter-enum-value-reactivated", Info, Parameter,
        "A deprecated value of a parameter is no longer deprecated. (Ours.)";

    NewRequiredProperty => "new-required-request-property", Breaking, RequestBody,
        "A new required member of the request body: callers that do not send it are refused.";
    NewOptionalProperty => "new-optional-request-property", Info, RequestBody,
        "A new optional member of the request body.";
    PropertyRemoved => "request-property-removed", Warning, RequestBody,
        "A member of the request body was removed, required or not: the server may ignore it or refuse it.";
    PropertyBecameRequired => "request-property-became-required", Breaking, RequestBody,
        "An optional member of the request body became required: callers that leave it out are refused.";
    PropertyBecameOptional => "request-property-became-optional", Info, RequestBody,
        "A required member of the request body became optional.";
    PropertyTypeChanged => "request-property-type-changed", Breaking, RequestBody,
        "A request body member's type or format changed or narrowed: values callers send may no longer be valid.";
    PropertyTypeGeneralized => "request-property-type-generalized", Info, RequestBody,
        "A request body member's type or format was widened (integer to number, a format removed): every old value is still valid.";
    PropertyBecameEnum => "request-property-became-enum", Breaking, RequestBody,
        "A request body member that took any value now takes only listed values.";
    PropertyEnumValueAdded => "request-property-enum-value-added", Info, RequestBody,
        "A request body member accepts a new value.";
    PropertyEnumValueRemoved => "request-property-enum-value-removed", Breaking, RequestBody,
        "A request body member no longer accepts a value (the enum narrowed): callers sending it are refused.";
    PropertyDefaultAdded => "request-property-default-value-added", Info, RequestBody,
        "A request body member gained a default (informational in oasdiff, unlike a parameter's).";
    PropertyDefaultRemoved => "request-property-default-value-removed", Info, RequestBody,
        "A request body member lost its default.";
    PropertyDefaultChanged => "request-property-default-value-changed", Info, RequestBody,
        "A request body member's default changed.";
    PropertyBecameNullable => "request-property-became-nullable", Info, RequestBody,
        "A request body member accepts null.";
    PropertyBecameNotNullable => "request-property-became-not-nullable", Breaking, RequestBody,
        "A request body member no longer accepts null: callers sending null are refused.";
    PropertyDeprecated => "request-property-deprecated", Info, RequestBody,
        "A request body member became deprecated: it still works, and may be removed later.";
    PropertyReactivated => "request-property-reactivated", Info, RequestBody,
        "A deprecated request body member is no longer deprecated.";
    PropertyEnumValueDeprecated => "request-property-enum-value-deprecated", Info, RequestBody,
        "A value a request body member accepts became deprecated (`x-enumDescriptions`). (Ours: oasdiff has no rule.)";
    PropertyEnumValueReactivated => "request-property-enum-value-reactivated", Info, RequestBody,
        "A deprecated value of a request body member is no longer deprecated. (Ours.)";

    SuccessStatusAdded => "response-success-status-added", Info, Response,
        "A new success status (200 to 299).";
    SuccessStatusRemoved => "response-success-status-removed", Breaking, Response,
        "A success status is no longer returned: callers that handle it (and decode its body) get another one they may not expect.";
    ErrorStatusAdded => "response-non-success-status-added", Info, Response,
        "A new error status is documented.";
    ErrorStatusRemoved => "response-non-success-status-removed", Info, Response,
        "An error status is no longer documented. Ranges (`4XX`) and `default` are not compared, as in oasdiff.";
    ResponseMediaTypeAdded => "response-media-type-added", Info, Response,
        "A response that had no JSON body now has one.";
    ResponseMediaTypeRemoved => "response-media-type-removed", Breaking, Response,
        "A response no longer has a JSON body: callers that decode it fail.";
    ResponseRequiredPropertyAdded => "response-required-property-added", Info, Response,
        "A response has a new member that is always present.";
    ResponseOptionalPropertyAdded => "response-optional-property-added", Info, Response,
        "A response has a new member that may be present.";
    ResponseRequiredPropertyRemoved => "response-required-property-removed", Breaking, Response,
        "A member the response always had is gone: callers that read it fail.";
    ResponseOptionalPropertyRemoved => "response-optional-property-removed", Warning, Response,
        "A member the response sometimes had is gone: callers that use it when present lose it.";
    ResponsePropertyBecameOptional => "response-property-became-optional", Breaking, Response,
        "A member the response always had may now be missing: callers that rely on it fail.";
    ResponsePropertyBecameRequired => "response-property-became-required", Info, Response,
        "A member the response sometimes had is now always present.";
    ResponsePropertyTypeChanged => "response-property-type-changed", Breaking, Response,
        "A response member's type or format changed, or lost its format: callers decode it as the old one.";
    ResponsePropertyTypeGeneralized => "response-property-type-generalized", Breaking, Response,
        "A response member's type was widened (integer to number, anything to `any`): callers may receive values of a type they do not decode.";
    ResponsePropertyTypeSpecialized => "response-property-type-specialized", Info, Response,
        "A response member's type was narrowed (number to integer, a format added): every value is still one callers decode.";
    ResponsePropertyEnumValueAdded => "response-property-enum-value-added", Warning, Response,
        "A response member may carry a new value: callers that decode strictly, or switch on every value, may not know it. (Our generated client decodes unknown values as `Unknown`.)";
    ResponsePropertyEnumValueRemoved => "response-property-enum-value-removed", Info, Response,
        "A response member no longer carries a value.";
    ResponsePropertyBecameNullable => "response-property-became-nullable", Breaking, Response,
        "A response member may now be null: callers that expect a value fail.";
    ResponsePropertyBecameNotNullable => "response-property-became-not-nullable", Info, Response,
        "A response member is no longer null.";
    ResponsePropertyDeprecated => "response-property-deprecated", Info, Response,
        "A response member became deprecated: it is still sent, and may disappear later; read its replacement.";
    ResponsePropertyReactivated => "response-property-reactivated", Info, Response,
        "A deprecated response member is no longer deprecated.";
    ResponsePropertyEnumValueDeprecated => "response-property-enum-value-deprecated", Info, Response,
        "A value a response member may carry became deprecated (`x-enumDescriptions`): it may still be sent, for older cases. (Ours: oasdiff has no rule.)";
    ResponsePropertyEnumValueReactivated => "response-property-enum-value-reactivated", Info, Response,
        "A deprecated value of a response member is no longer deprecated. (Ours.)";

    SecurityAdded => "api-security-added", Info, Security,
        "An operation accepts a new alternative in its `security`. Security changes are informational in oasdiff by default; raise them in review if your callers' credentials are fixed.";
    SecurityRemoved => "api-security-removed", Info, Security,
        "An operation no longer lists an alternative of its `security`: callers authenticating that way may be refused (informational in oasdiff by default).";
    SecurityScopeAdded => "api-security-scope-added", Info, Security,
        "An alternative of an operation's `security` needs one more scope: callers' existing tokens may lack it (informational in oasdiff by default).";
    SecurityScopeRemoved => "api-security-scope-removed", Info, Security,
        "An alternative of an operation's `security` needs one scope fewer.";
}

#[cfg(test)]
mod tests {
    use super::*;

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
