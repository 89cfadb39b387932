//! Time-based one-time codes (RFC 6238, as authenticator apps make them) and recovery
//! codes: the rules, without I/O.

use base64::Engine;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::secrets::{same, token_hash};

/// Seconds per code.
pub const STEP: u64 = 30;
/// Codes one step early or late are accepted (clock drift).
const SKEW: u64 = 1;
/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum TotpError {
    #[error("the stored secret is damaged")]
    BadSecret,
    #[error("no random numbers: {0}")]
    Random(#[from] getrandom::Error),
}

/// A fresh secret, base32 (160 bits, as RFC 4226 recommends).
pub fn new_secret() -> Result<String, TotpError> {
    let mut bytes = [0u8; 20];
    getrandom::getrandom(&mut bytes)?;
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => Ok(text),
        Secret::Raw(_) => Err(TotpError::BadSecret),
    }
}

fn totp(secret: &str, account: &str) -> Result<TOTP, TotpError> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|_| TotpError::BadSecret)?;
    let account = account.replace(':', "");
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP,
        bytes,
        Some("Soporte MxOS".to_owned()),
        account,
    )
    .map_err(|_| TotpError::BadSecret)
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn setup_url(secret: &str, account: &str) -> Result<String, TotpError> {
    Ok(totp(secret, account)?.get_url())
}

/// The QR code of `url` as an SVG `data:` address for an `<img>`.
pub fn qr_data_url(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Some(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}

/// The secret in groups of four, easier to type by hand.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The code an authenticator app shows at `now` (Unix seconds).
pub fn code_at(secret: &str, now: u64) -> Result<String, TotpError> {
    Ok(totp(secret, "")?.generate(now))
}

/// The time step `code` belongs to, if it is valid at `now` (Unix seconds) and newer
/// than `last_step`, so each code works once.
pub fn accept(
    secret: &str,
    code: &str,
    now: u64,
    last_step: Option<u64>,
) -> Result<Option<u64>, TotpError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let totp = totp(secret, "")?;
    let current = now / STEP;
    let found = (current.saturating_sub(SKEW)..=current + SKEW)
        .filter(|step| last_step.is_none_or(|last| *step > last))
        .find(|step| same(&totp.generate(step * STEP), &code));
    Ok(found)
}

/// Fresh recovery codes, shown once: `xxxxx-xxxxx` from an alphabet without look-alikes.
pub fn new_recovery_codes() -> Result<Vec<String>, TotpError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 10];
        getrandom::getrandom(&mut bytes)?;
        let letters: String = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect();
        codes.push(format!("{}-{}", &letters[..5], &letters[5..]));
    }
    Ok(codes)
}

/// A recovery code as typed, normalized and hashed for lookup.
pub fn recovery_hash(code: &str) -> String {
    let normalized: String = code
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    token_hash(&normalized)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_the_rfc_vectors() -> Result<(), TotpError> {
        // At 59 s the 8-digit code is 94287082; its last six digits are the 6-digit code.
        assert_eq!(accept(RFC_SECRET, "287082", 59, None)?, Some(1));
        assert_eq!(accept(RFC_SECRET, "287 082", 59, None)?, Some(1));
        // At 1111111109 s: 07081804.
        assert_eq!(
            accept(RFC_SECRET, "081804", 1_111_111_109, None)?,
            Some(1_111_111_109 / 30)
        );
        Ok(())
    }

    #[test]
    fn a_code_works_once_and_only_near_its_time() -> Result<(), TotpError> {
        assert_eq!(accept(RFC_SECRET, "287082", 59, Some(1))?, None, "replayed");
        assert_eq!(
            accept(RFC_SECRET, "287082", 59 + 30, None)?,
            Some(1),
            "one step late"
        );
        assert_eq!(
            accept(RFC_SECRET, "287082", 59 + 90, None)?,
            None,
            "too late"
        );
        assert_eq!(accept(RFC_SECRET, "28708", 59, None)?, None);
        assert_eq!(accept(RFC_SECRET, "abcdef", 59, None)?, None);
        Ok(())
    }

    #[test]
    fn secrets_and_recovery_codes_are_fresh() -> Result<(), TotpError> {
        let secret = new_secret()?;
        assert_eq!(secret.len(), 32);
        assert_ne!(secret, new_secret()?);
        let url = setup_url(&secret, "ana@ejemplo.mx")?;
        assert!(
            url.starts_with("otpauth://totp/") && url.contains(&format!("secret={secret}")),
            "{url}"
        );
        let codes = new_recovery_codes()?;
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert!(
            codes
                .iter()
                .all(|code| code.len() == 11 && code.as_bytes()[5] == b'-')
        );
        assert_eq!(recovery_hash(" ABCDE-fghjk "), recovery_hash("abcdefghjk"));
        assert!(
            qr_data_url("otpauth://totp/x")
                .is_some_and(|url| url.starts_with("data:image/svg+xml;base64,"))
        );
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
        Ok(())
    }
}
