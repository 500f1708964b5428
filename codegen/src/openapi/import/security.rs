//! Security schemes and requirements: `components/securitySchemes`, the
//! document's and each operation's `security`.

use serde_json::{Map, Value};

use crate::model::{ApiKeyLocation, AuthScheme, SchemeScopes, SecurityRequirement};
use crate::openapi::pointer::escape;

use super::Importer;

impl<'a> Importer<'a> {
    pub(super) fn security_schemes(&mut self, root: &Map<String, Value>) -> Vec<AuthScheme> {
        let Some(schemes) = root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, scheme) in schemes {
            let pointer = format!("/components/securitySchemes/{}", escape(name));
            let Some((scheme, pointer)) = self.deref(scheme, &pointer) else {
                continue;
            };
            if let Some(s) = self.security_scheme(scheme, &pointer) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    pub(super) fn security_scheme(&mut self, scheme: &Value, pointer: &str) -> Option<AuthScheme> {
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        Some(match kind {
            "oauth2" => AuthScheme::OAuth2,
            "http" => match scheme
                .get("scheme")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("basic") => AuthScheme::Basic,
                Some("bearer") | None => AuthScheme::Bearer,
                Some(other) => AuthScheme::Other(other.to_owned()),
            },
            "apiKey" => {
                let name = scheme.get("name").and_then(Value::as_str).unwrap_or("");
                let location = match scheme.get("in").and_then(Value::as_str) {
                    Some("header") => ApiKeyLocation::Header,
                    Some("query") => ApiKeyLocation::Query,
                    Some("cookie") => ApiKeyLocation::Cookie,
                    other => {
                        self.warn(
                            &format!("{pointer}/in"),
                            format!("apiKey location {other:?} is not header, query or cookie"),
                        );
                        return Some(AuthScheme::Other(format!("ApiKey {name}")));
                    }
                };
                if name.is_empty() {
                    self.warn(pointer, "apiKey scheme without a `name`");
                    return Some(AuthScheme::Other("ApiKey".to_owned()));
                }
                AuthScheme::ApiKey {
                    name: name.to_owned(),
                    location,
                }
            }
            "openIdConnect" => AuthScheme::Other("OpenIdConnect".to_owned()),
            other => {
                self.warn(pointer, format!("unknown security scheme type `{other}`"));
                return None;
            }
        })
    }

    /// Reads an OpenAPI `security` list: each entry one requirement, its
    /// schemes resolved through `components/securitySchemes`.
    pub(super) fn security_requirements(
        &mut self,
        security: &Value,
        pointer: &str,
    ) -> Vec<SecurityRequirement> {
        let Some(requirements) = security.as_array() else {
            self.warn(pointer, "`security` is not a list; ignored");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, req) in requirements.iter().enumerate() {
            let Some(req) = req.as_object() else {
                self.warn(
                    &format!("{pointer}/{i}"),
                    "security requirement is not an object; ignored",
                );
                continue;
            };
            let mut schemes = Vec::new();
            for (name, scopes) in req {
                let target = format!("/components/securitySchemes/{}", escape(name));
                let Some(scheme) = self.doc.pointer(&target) else {
                    self.warn(
                        &format!("{pointer}/{i}"),
                        format!("security scheme `{name}` is not defined"),
                    );
                    continue;
                };
                let Some((scheme, sp)) = self.deref(scheme, &target) else {
                    continue;
                };
                let Some(scheme) = self.security_scheme(scheme, &sp) else {
                    continue;
                };
                let scopes = scopes
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                schemes.push(SchemeScopes { scheme, scopes });
            }
            out.push(SecurityRequirement { schemes });
        }
        out
    }
}

/// The schemes an operation's own `security` names, for the model's `auth`
/// (lap's per-endpoint `@auth`); `None` when they are the API's default.
/// An operation that opts out of authentication cannot be said in lap: the
/// error is the warning to give, and the API's `@auth` is kept.
pub(super) fn operation_auth(
    security: &[SecurityRequirement],
    global_auth: &[AuthScheme],
) -> Result<Option<Vec<AuthScheme>>, &'static str> {
    let mut out: Vec<AuthScheme> = Vec::new();
    for s in security.iter().flat_map(|r| &r.schemes) {
        if !out.contains(&s.scheme) {
            out.push(s.scheme.clone());
        }
    }
    if out.is_empty() {
        if !security.is_empty() || !global_auth.is_empty() {
            return Err(
                "the operation opts out of authentication, which lap cannot state; it keeps the API's `@auth`",
            );
        }
        return Ok(None);
    }
    Ok((out != global_auth).then_some(out))
}
