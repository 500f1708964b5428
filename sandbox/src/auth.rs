//! OAuth2 client credentials, as PayPal's `POST /v1/oauth2/token` does
//! them, and the bearer check every dispute call passes.
//!
//! Each configured client is one party: the merchant's credentials act as
//! the seller, the customer's as the buyer, the way PayPal's scopes
//! (`disputes/update-seller`, `disputes/update-buyer`) split them. Tokens
//! live in memory only; after a restart clients get a 401 and fetch a new
//! one, which the client runtime does by itself.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use base64::Engine as _;

use crate::config::{Config, MAX_TOKEN_TTL};
use crate::model::Party;

/// Who is calling: the party and the client ID its token was issued to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The side the caller acts for.
    pub party: Party,
    /// The OAuth2 client.
    pub client_id: String,
}

struct Token {
    caller: Caller,
    expires: Instant,
}

/// Issued tokens.
#[derive(Default)]
pub struct Tokens {
    issued: RwLock<HashMap<String, Token>>,
}

impl std::fmt::Debug for Tokens {
    // Tokens are credentials: show how many, never which.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.issued.read().map(|t| t.len()).unwrap_or_default();
        f.debug_struct("Tokens").field("issued", &count).finish()
    }
}

/// Why the token endpoint refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRefusal {
    /// Unknown client or wrong secret (401 `invalid_client`).
    InvalidClient,
    /// Not `grant_type=client_credentials` (400 `unsupported_grant_type`).
    UnsupportedGrantType,
    /// A body over the endpoint's limit, or cut short (413
    /// `invalid_request`).
    TooLarge,
}

/// The party whose credentials are in a `Basic` authorization header.
pub fn client_from_basic(
    config: &Config,
    authorization: Option<&str>,
) -> Result<Caller, TokenRefusal> {
    let encoded = authorization
        .and_then(|value| value.strip_prefix("Basic "))
        .ok_or(TokenRefusal::InvalidClient)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| TokenRefusal::InvalidClient)?;
    let decoded = String::from_utf8(decoded).map_err(|_| TokenRefusal::InvalidClient)?;
    let (id, secret) = decoded.split_once(':').ok_or(TokenRefusal::InvalidClient)?;
    for (party, credentials) in [
        (Party::Seller, &config.seller),
        (Party::Buyer, &config.buyer),
    ] {
        if credentials.client_id() == id && credentials.secret() == secret {
            return Ok(Caller {
                party,
                client_id: id.to_owned(),
            });
        }
    }
    Err(TokenRefusal::InvalidClient)
}

/// Whether a form body asks for the client-credentials grant.
pub fn is_client_credentials(form: &[u8]) -> bool {
    form.split(|b| *b == b'&')
        .any(|pair| pair == b"grant_type=client_credentials")
}

impl Tokens {
    /// A new token for `caller`, valid for `ttl` (at most
    /// [`MAX_TOKEN_TTL`], which `Config::validate` enforces at start-up).
    pub fn issue(&self, caller: Caller, ttl: Duration) -> String {
        let token = format!(
            "A21AA{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let now = Instant::now();
        // Capped so that a direct caller with a huge TTL cannot overflow the
        // `Instant`; a year from now always fits, so the fallback (a token
        // dead on arrival) is only there to never panic.
        let expires = now.checked_add(ttl.min(MAX_TOKEN_TTL)).unwrap_or(now);
        let mut issued = self.issued.write().unwrap_or_else(|p| p.into_inner());
        issued.retain(|_, t| t.expires > now);
        issued.insert(token.clone(), Token { caller, expires });
        token
    }

    /// The caller of a `Bearer` authorization header, if the token is
    /// known and alive.
    pub fn verify(&self, authorization: Option<&str>) -> Option<Caller> {
        let token = authorization?.strip_prefix("Bearer ")?.trim();
        let issued = self.issued.read().unwrap_or_else(|p| p.into_inner());
        issued
            .get(token)
            .filter(|t| t.expires > Instant::now())
            .map(|t| t.caller.clone())
    }

    /// Forgets every token, as when PayPal revokes them.
    pub fn revoke_all(&self) {
        self.issued
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(id: &str, secret: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
        )
    }

    #[test]
    fn each_configured_client_is_its_party() {
        let config = Config::default();
        let seller = client_from_basic(
            &config,
            Some(&basic(config.seller.client_id(), config.seller.secret())),
        );
        assert_eq!(seller.map(|c| c.party), Ok(Party::Seller));
        let buyer = client_from_basic(
            &config,
            Some(&basic(config.buyer.client_id(), config.buyer.secret())),
        );
        assert_eq!(buyer.map(|c| c.party), Ok(Party::Buyer));
    }

    #[test]
    fn a_wrong_secret_or_garbage_is_an_invalid_client() {
        let config = Config::default();
        for header in [
            Some(basic(config.seller.client_id(), "wrong")),
            Some("Basic !!!".to_owned()),
            Some("Bearer x".to_owned()),
            None,
        ] {
            assert_eq!(
                client_from_basic(&config, header.as_deref()),
                Err(TokenRefusal::InvalidClient)
            );
        }
    }

    #[test]
    fn tokens_expire_and_can_be_revoked() {
        let tokens = Tokens::default();
        let caller = Caller {
            party: Party::Seller,
            client_id: "c".to_owned(),
        };
        let live = tokens.issue(caller.clone(), Duration::from_secs(60));
        let dead = tokens.issue(caller.clone(), Duration::ZERO);
        assert_eq!(tokens.verify(Some(&format!("Bearer {live}"))), Some(caller));
        assert_eq!(tokens.verify(Some(&format!("Bearer {dead}"))), None);
        assert_eq!(tokens.verify(Some(&live)), None, "needs the Bearer scheme");
        tokens.revoke_all();
        assert_eq!(tokens.verify(Some(&format!("Bearer {live}"))), None);
    }

    #[test]
    fn a_huge_ttl_is_capped_instead_of_overflowing() {
        let tokens = Tokens::default();
        let caller = Caller {
            party: Party::Seller,
            client_id: "c".to_owned(),
        };
        let token = tokens.issue(caller.clone(), Duration::MAX);
        assert_eq!(
            tokens.verify(Some(&format!("Bearer {token}"))),
            Some(caller)
        );
    }

    #[test]
    fn only_the_client_credentials_grant_is_accepted() {
        assert!(is_client_credentials(b"grant_type=client_credentials"));
        assert!(is_client_credentials(
            b"response_type=token&grant_type=client_credentials"
        ));
        assert!(!is_client_credentials(b"grant_type=password"));
        assert!(!is_client_credentials(b""));
    }
}
