//! Secrets the database must keep but must not show to whoever reads it (the TOTP
//! secrets of two-step sign-in): sealed with AES-256-GCM under keys kept in a file
//! outside the database, so a copy of the database alone opens nothing.
//!
//! The file holds one key per line (URL-safe base64 of 32 bytes; `#` starts a
//! comment). The first line seals; every line opens. To rotate: put a new key first
//! (`soporte secrets new-key` prints one), keep the old lines, run
//! `soporte secrets reseal`, then drop the old lines. Every node of one database needs
//! the same file: a node that lacks a key the database's secrets were sealed with
//! refuses to start, naming it. Plain data in, plain data out; only [`SealingKeys::load`]
//! touches the file.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest, Sha256};

/// What every sealed value starts with (and the format's version).
const PREFIX: &str = "sealed1.";

/// One key, with the id sealed values name it by.
struct SealingKey {
    id: String,
    key: LessSafeKey,
}

/// The keys of the file: the first seals, any opens.
pub struct SealingKeys {
    keys: Vec<SealingKey>,
    file: PathBuf,
}

impl std::fmt::Debug for SealingKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|key| key.id.as_str()).collect();
        write!(f, "SealingKeys({ids:?} from {})", self.file.display())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SealingError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}, line {line}: not a key (URL-safe base64 of 32 bytes)")]
    BadKey { file: String, line: usize },
    #[error("{0}: holds no key")]
    NoKey(String),
    #[error("no random numbers: {0}")]
    Random(#[from] getrandom::Error),
    #[error(
        "a secret was sealed with key {id}, which {file} does not hold: copy the file from the node that made it"
    )]
    MissingKey { id: String, file: String },
    #[error("a sealed secret is damaged")]
    Damaged,
    #[error("the secret cannot be sealed")]
    Seal,
}

/// A fresh key as a line of the file.
pub fn new_key_line() -> Result<String, SealingError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The id of the key that sealed `stored`; `None` for a secret kept in the clear by an
/// older version.
pub fn sealed_with(stored: &str) -> Option<&str> {
    stored.strip_prefix(PREFIX)?.split('.').next()
}

impl SealingKeys {
    /// Reads the keys of `file`, creating it with one new key (readable by its owner
    /// only) when it does not exist.
    pub fn load(file: &Path) -> Result<SealingKeys, SealingError> {
        let name = file.display().to_string();
        let io = |source| SealingError::Io {
            file: name.clone(),
            source,
        };
        if !file.exists() {
            if let Some(dir) = file.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let text = format!(
                "# Keys that seal the secrets Soporte keeps in its database. Keep this file\n\
                 # out of backups of the database, and the same on every node.\n{}\n",
                new_key_line()?
            );
            write_private(file, &text).map_err(io)?;
        }
        let text = std::fs::read_to_string(file).map_err(io)?;
        SealingKeys::parse(&text, file)
    }

    fn parse(text: &str, file: &Path) -> Result<SealingKeys, SealingError> {
        let name = file.display().to_string();
        let mut keys = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let bad = || SealingError::BadKey {
                file: name.clone(),
                line: number + 1,
            };
            let bytes = URL_SAFE_NO_PAD.decode(line).map_err(|_| bad())?;
            if bytes.len() != 32 {
                return Err(bad());
            }
            let unbound = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| bad())?;
            let digest = Sha256::digest(&bytes);
            let id = digest[..4]
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            keys.push(SealingKey {
                id,
                key: LessSafeKey::new(unbound),
            });
        }
        if keys.is_empty() {
            return Err(SealingError::NoKey(name));
        }
        Ok(SealingKeys {
            keys,
            file: file.to_path_buf(),
        })
    }

    /// The id of the key that seals.
    pub fn current(&self) -> &str {
        self.keys.first().map_or("", |key| key.id.as_str())
    }

    /// Whether the file holds the key `id`.
    pub fn holds(&self, id: &str) -> bool {
        self.keys.iter().any(|key| key.id == id)
    }

    /// The error for a value sealed with a key the file lacks.
    pub fn missing(&self, id: &str) -> SealingError {
        SealingError::MissingKey {
            id: id.to_owned(),
            file: self.file.display().to_string(),
        }
    }

    /// `secret` sealed with the first key: `sealed1.ID.NONCE+CIPHERTEXT`.
    pub fn seal(&self, secret: &str) -> Result<String, SealingError> {
        let key = self.keys.first().ok_or(SealingError::Seal)?;
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::getrandom(&mut nonce)?;
        let mut sealed = secret.as_bytes().to_vec();
        key.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(key.id.as_bytes()),
                &mut sealed,
            )
            .map_err(|_| SealingError::Seal)?;
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        Ok(format!(
            "{PREFIX}{}.{}",
            key.id,
            URL_SAFE_NO_PAD.encode(bytes)
        ))
    }

    /// The secret `stored` holds: opened when sealed, as it is when kept in the clear
    /// by an older version (the server seals those when it starts).
    pub fn open(&self, stored: &str) -> Result<String, SealingError> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let (id, data) = rest.split_once('.').ok_or(SealingError::Damaged)?;
        let key = self
            .keys
            .iter()
            .find(|key| key.id == id)
            .ok_or_else(|| self.missing(id))?;
        let mut bytes = URL_SAFE_NO_PAD
            .decode(data)
            .map_err(|_| SealingError::Damaged)?;
        if bytes.len() < NONCE_LEN {
            return Err(SealingError::Damaged);
        }
        let mut sealed = bytes.split_off(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = bytes.try_into().map_err(|_| SealingError::Damaged)?;
        let opened = key
            .key
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(id.as_bytes()),
                &mut sealed,
            )
            .map_err(|_| SealingError::Damaged)?;
        String::from_utf8(opened.to_vec()).map_err(|_| SealingError::Damaged)
    }
}

/// Writes `text` to a new file only its owner may read.
fn write_private(file: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)?;
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(lines: &[&str]) -> SealingKeys {
        let text = lines.join("\n");
        match SealingKeys::parse(&text, Path::new("claves")) {
            Ok(keys) => keys,
            Err(error) => panic!("{error}"),
        }
    }

    const A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    const B: &str = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8";

    #[test]
    fn a_sealed_secret_opens_and_shows_nothing_of_itself() -> Result<(), SealingError> {
        let keys = keys(&["# un comentario", A]);
        let (one, two) = (
            keys.seal("JBSWY3DPEHPK3PXP")?,
            keys.seal("JBSWY3DPEHPK3PXP")?,
        );
        assert_ne!(one, two, "a fresh nonce each time");
        assert!(sealed_with(&one).is_some() && !one.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(sealed_with(&one), Some(keys.current()));
        assert_eq!(keys.open(&one)?, "JBSWY3DPEHPK3PXP");
        assert_eq!(
            keys.open("JBSWY3DPEHPK3PXP")?,
            "JBSWY3DPEHPK3PXP",
            "kept in the clear"
        );
        Ok(())
    }

    #[test]
    fn after_rotation_old_secrets_open_and_new_ones_use_the_new_key() -> Result<(), SealingError> {
        let old = keys(&[A]);
        let sealed = old.seal("secreto")?;
        let rotated = keys(&[B, A]);
        assert_eq!(rotated.open(&sealed)?, "secreto");
        let resealed = rotated.seal("secreto")?;
        assert_eq!(sealed_with(&resealed), Some(rotated.current()));
        assert_ne!(rotated.current(), old.current());
        assert!(matches!(
            old.open(&resealed),
            Err(SealingError::MissingKey { .. })
        ));
        Ok(())
    }

    #[test]
    fn tampering_and_bad_files_are_refused() -> Result<(), SealingError> {
        let keys = keys(&[A]);
        let sealed = keys.seal("secreto")?;
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 1;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap_or_default();
        assert!(matches!(keys.open(&tampered), Err(SealingError::Damaged)));
        assert!(matches!(
            SealingKeys::parse("no es una clave", Path::new("x")),
            Err(SealingError::BadKey { line: 1, .. })
        ));
        assert!(matches!(
            SealingKeys::parse("# nada\n", Path::new("x")),
            Err(SealingError::NoKey(_))
        ));
        Ok(())
    }
}
