//! Password hashing with argon2id (the crate's defaults follow OWASP's recommended cost).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// A hash in PHC string form (`$argon2id$v=19$…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordHashText(pub String);

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes `password` with a fresh salt. CPU-heavy: call it from `spawn_blocking`.
pub fn hash(password: &str) -> Result<PasswordHashText, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| PasswordHashText(hash.to_string()))
        .map_err(|error| HashError(error.to_string()))
}

/// Whether `password` matches `stored`. With no stored hash (unknown account, or an
/// account without a password) it still spends the time of one verification, so the
/// answer's timing does not tell whether the account exists. CPU-heavy, like [`hash`].
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    match stored {
        Some(stored) => matches(password, stored),
        None => {
            let _ = matches(password, decoy());
            false
        }
    }
}

fn matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A real hash of a password nobody types, for the time-equalizing verification.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        hash("decoy password for timing")
            .map(|h| h.0)
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() -> Result<(), HashError> {
        let stored = hash("Tres tristes tigres")?;
        assert!(stored.0.starts_with("$argon2id$"));
        assert!(verify("Tres tristes tigres", Some(&stored.0)));
        assert!(!verify("tres tristes tigres", Some(&stored.0)));
        assert_ne!(hash("Tres tristes tigres")?, stored, "salts differ");
        Ok(())
    }

    #[test]
    fn no_hash_never_verifies() {
        assert!(!verify("anything", None));
        assert!(!verify("decoy password for timing", None));
        assert!(!verify("x", Some("not a phc string")));
    }
}
