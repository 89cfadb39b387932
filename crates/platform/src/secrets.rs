//! Random tokens, their hashes, and the server's own secret key (kept in the database
//! so that every node signs and checks the same way).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::storage::{Db, now_ms};

/// A fresh random token: 256 bits, URL-safe base64 (43 characters).
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The SHA-256 of a token, in hex: what the database keeps instead of the token, so a
/// leaked table does not leak working sessions or links.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Compares two strings in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The server's secret key.
#[derive(Clone)]
pub struct ServerKey([u8; 32]);

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no random numbers: {0}")]
    Random(#[from] getrandom::Error),
    #[error("the stored server key is damaged")]
    Damaged,
}

const KEY_NAME: &str = "server_key";

impl ServerKey {
    /// Reads the key from the database, creating it on first start. Nodes starting
    /// together agree: the first insert wins and everyone reads it back.
    pub async fn load(db: &Db) -> Result<ServerKey, KeyError> {
        let mut fresh = [0u8; 32];
        getrandom::getrandom(&mut fresh)?;
        sqlx::query(
            "INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(KEY_NAME)
        .bind(URL_SAFE_NO_PAD.encode(fresh))
        .bind(now_ms())
        .execute(db.writes())
        .await?;
        let stored: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(KEY_NAME)
            .fetch_one(db.pool())
            .await?;
        let bytes = URL_SAFE_NO_PAD
            .decode(stored)
            .map_err(|_| KeyError::Damaged)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Damaged)?;
        Ok(ServerKey(key))
    }

    /// HMAC-SHA256 of `purpose` and `value` under this key, URL-safe base64.
    pub fn sign(&self, purpose: &str, value: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new(); // HMAC takes keys of any length; not reached.
        };
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    #[cfg(test)]
    pub fn fixed(byte: u8) -> ServerKey {
        ServerKey([byte; 32])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() -> Result<(), getrandom::Error> {
        let (a, b) = (random_token()?, random_token()?);
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        Ok(())
    }

    #[test]
    fn hashes_are_stable_hex() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn signatures_depend_on_key_purpose_and_value() {
        let key = ServerKey::fixed(1);
        let signed = key.sign("csrf", "x");
        assert_eq!(signed, key.sign("csrf", "x"));
        assert_ne!(signed, key.sign("csrf", "y"));
        assert_ne!(signed, key.sign("other", "x"));
        assert_ne!(signed, ServerKey::fixed(2).sign("csrf", "x"));
        assert!(same(&signed, &key.sign("csrf", "x")));
        assert!(!same(&signed, "short"));
    }
}
