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
use crate::domain::model::Party;

/// Who is calling: the party and the client ID its token was issued to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The side the caller acts for.
    pub party: Party,
    /// The OAuth2 client.
    pub client_id: String,
}

struct Token {
    value: String,
    caller: Caller,
    expires: Instant,
}

/// One client's live tokens: the one handed out now, and the one it
/// replaced, kept until it expires so calls already using it still pass.
struct Slot {
    current: Token,
    previous: Option<Token>,
}

/// Issued tokens, at most two per client, so the store cannot grow with
/// the number of token requests and issuing costs the same every time.
#[derive(Default)]
pub struct Tokens {
    by_client: RwLock<HashMap<String, Slot>>,
    /// Token requests received, granted or refused: what a client's token
    /// cache saves is seen here.
    requests: std::sync::atomic::AtomicU64,
}

/// A token handed out, and how long it has left (`expires_in`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// The bearer token.
    pub token: String,
    /// Until it expires.
    pub expires_in: Duration,
}

/// A client that asks for a token while its live one has this little
/// left (half the lifetime, for lifetimes under two minutes) is refreshing
/// ahead of expiry, as `disputes-api` does 60 s early: it gets a new one.
/// Asking sooner hands the live token out again.
const REFRESH_WINDOW: Duration = Duration::from_secs(60);

impl std::fmt::Debug for Tokens {
    // Tokens are credentials: show how many, never which.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("issued", &self.count())
            .finish()
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
    /// Counts one request to the token endpoint.
    pub fn count_request(&self) {
        self.requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Token requests received so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A token for `caller`. As PayPal does, a client that asks again
    /// while its token is live gets the same token back with the time it
    /// has left, so repeated requests do not pile up tokens; a new one
    /// (valid for `ttl`, at most [`MAX_TOKEN_TTL`], which
    /// `Config::validate` enforces) is issued once the live one is within
    /// a minute (less for short lifetimes) of expiry.
    pub fn issue(&self, caller: Caller, ttl: Duration) -> Issued {
        let ttl = ttl.min(MAX_TOKEN_TTL);
        let now = Instant::now();
        let window = REFRESH_WINDOW.min(ttl / 2);
        let mut by_client = self.by_client.write().unwrap_or_else(|p| p.into_inner());
        if let Some(slot) = by_client.get(&caller.client_id) {
            let left = slot.current.expires.saturating_duration_since(now);
            if left > window {
                return Issued {
                    token: slot.current.value.clone(),
                    expires_in: left,
                };
            }
        }
        let value = format!(
            "A21AA{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        // A year from now always fits in an `Instant`; the fallback (a
        // token dead on arrival) is only there so nothing can panic.
        let expires = now.checked_add(ttl).unwrap_or(now);
        let previous = by_client
            .remove(&caller.client_id)
            .map(|slot| slot.current)
            .filter(|token| token.expires > now);
        by_client.insert(
            caller.client_id.clone(),
            Slot {
                current: Token {
                    value: value.clone(),
                    caller,
                    expires,
                },
                previous,
            },
        );
        Issued {
            token: value,
            expires_in: ttl,
        }
    }

    /// The caller of a `Bearer` authorization header, if the token is
    /// known and alive.
    pub fn verify(&self, authorization: Option<&str>) -> Option<Caller> {
        let token = authorization?.strip_prefix("Bearer ")?.trim();
        let now = Instant::now();
        let by_client = self.by_client.read().unwrap_or_else(|p| p.into_inner());
        // One slot per configured client (two), so a scan is as cheap as a
        // lookup and needs no second index.
        by_client
            .values()
            .flat_map(|slot| std::iter::once(&slot.current).chain(&slot.previous))
            .find(|t| t.value == token && t.expires > now)
            .map(|t| t.caller.clone())
    }

    /// Forgets every token, as when PayPal revokes them.
    pub fn revoke_all(&self) {
        self.by_client
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// How many tokens are held, live or not yet cleared.
    fn count(&self) -> usize {
        self.by_client
            .read()
            .map(|slots| {
                slots
                    .values()
                    .map(|slot| 1 + usize::from(slot.previous.is_some()))
                    .sum()
            })
            .unwrap_or_default()
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

    fn caller(client_id: &str) -> Caller {
        Caller {
            party: Party::Seller,
            client_id: client_id.to_owned(),
        }
    }

    fn bearer(issued: &Issued) -> String {
        format!("Bearer {}", issued.token)
    }

    #[test]
    fn tokens_expire_and_can_be_revoked() {
        let tokens = Tokens::default();
        let live = tokens.issue(caller("c"), Duration::from_secs(60));
        let dead = tokens.issue(caller("d"), Duration::ZERO);
        assert_eq!(tokens.verify(Some(&bearer(&live))), Some(caller("c")));
        assert_eq!(tokens.verify(Some(&bearer(&dead))), None);
        assert_eq!(
            tokens.verify(Some(&live.token)),
            None,
            "needs the Bearer scheme"
        );
        tokens.revoke_all();
        assert_eq!(tokens.verify(Some(&bearer(&live))), None);
    }

    #[test]
    fn a_client_asking_again_gets_its_live_token_with_the_time_it_has_left() {
        let tokens = Tokens::default();
        let first = tokens.issue(caller("c"), Duration::from_secs(600));
        std::thread::sleep(Duration::from_millis(5));
        let again = tokens.issue(caller("c"), Duration::from_secs(600));
        assert_eq!(again.token, first.token);
        assert!(again.expires_in < first.expires_in);
        let other = tokens.issue(caller("d"), Duration::from_secs(600));
        assert_ne!(other.token, first.token, "tokens are per client");
    }

    #[test]
    fn near_expiry_a_new_token_is_issued_and_the_old_one_lives_out_its_time() {
        let tokens = Tokens::default();
        // Under two minutes the refresh window is half the lifetime.
        let ttl = Duration::from_secs(2);
        let first = tokens.issue(caller("c"), ttl);
        std::thread::sleep(Duration::from_millis(1_100));
        let second = tokens.issue(caller("c"), ttl);
        assert_ne!(second.token, first.token);
        assert_eq!(tokens.verify(Some(&bearer(&first))), Some(caller("c")));
        assert_eq!(tokens.verify(Some(&bearer(&second))), Some(caller("c")));
    }

    #[test]
    fn the_store_holds_at_most_two_tokens_per_client_however_many_are_requested() {
        let tokens = Tokens::default();
        for _ in 0..10_000 {
            // Dead on arrival: every request issues a new token.
            tokens.issue(caller("c"), Duration::ZERO);
            tokens.issue(caller("d"), Duration::from_secs(60));
        }
        assert!(tokens.count() <= 4, "{}", tokens.count());
    }

    #[test]
    fn a_huge_ttl_is_capped_instead_of_overflowing() {
        let tokens = Tokens::default();
        let caller = Caller {
            party: Party::Seller,
            client_id: "c".to_owned(),
        };
        let token = tokens.issue(caller.clone(), Duration::MAX);
        assert_eq!(tokens.verify(Some(&bearer(&token))), Some(caller));
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
