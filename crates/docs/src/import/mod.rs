//! Sphinx import (`soporte docs import DIR --collection NAME`): reads a
//! reStructuredText source tree, converts each document to Markdown ([`rst`]), orders
//! and links them ([`plan`]) and writes them as articles of one collection
//! ([`write`]); importing the same tree again updates those articles in place, each
//! change a new revision. Images the sources show are kept in the database and served
//! at `/documentacion/imagenes/ID`.

pub(crate) mod command;
pub mod images;
pub mod plan;
pub mod rst;
pub mod write;

use std::collections::BTreeMap;
use std::path::Path;

/// Files of a source tree, by path relative to its root (with `/` separators).
#[derive(Debug, Default)]
pub struct Tree {
    /// reStructuredText and the text files it may include.
    pub texts: BTreeMap<String, String>,
    /// Images, with their content type.
    pub images: BTreeMap<String, (&'static str, Vec<u8>)>,
    /// Files the import left out, and why.
    pub skipped: Vec<(String, Skipped)>,
}

/// Why a file of the tree was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skipped {
    /// A symbolic link: it may point anywhere (the server's database, say), so an
    /// import reads only regular files inside the tree.
    Link,
    /// A device, socket or pipe.
    NotAFile,
    /// Larger than the limit for its kind (bytes).
    TooLarge(u64),
}

/// Text files an import reads: documents and what they include.
const TEXT_EXTENSIONS: [&str; 4] = ["rst", "txt", "inc", "rest"];
/// The largest image kept.
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;
/// The largest text file read (a long manual chapter is about 200 KB).
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// The content type of an image file the import keeps, by extension.
fn image_type(extension: &str) -> Option<&'static str> {
    match extension {
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        "svg" => Some("image/svg+xml"),
        _ => None,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}: not UTF-8 text")]
    NotText(String),
}

/// Reads the tree under `root`: text files and images; hidden folders and Sphinx's
/// `_build` output are skipped. Only regular files inside the tree are read: symbolic
/// links (to files or folders), devices and files over [`MAX_TEXT_BYTES`] or
/// [`MAX_IMAGE_BYTES`] are listed in [`Tree::skipped`] instead.
pub fn read_tree(root: &Path) -> Result<Tree, ReadError> {
    let mut tree = Tree::default();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let failed = |source| ReadError::Io {
            path: dir.display().to_string(),
            source,
        };
        for entry in std::fs::read_dir(&dir).map_err(failed)? {
            let entry = entry.map_err(failed)?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "_build" {
                continue;
            }
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let relative = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            // The entry's own type: a link is a link, wherever it points.
            let file_type = entry.file_type().map_err(failed)?;
            if file_type.is_symlink() {
                tree.skipped.push((relative, Skipped::Link));
                continue;
            }
            if file_type.is_dir() {
                pending.push(path);
                continue;
            }
            let extension = path
                .extension()
                .map(|extension| extension.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let (limit, image) = if TEXT_EXTENSIONS.contains(&extension.as_str()) {
                (MAX_TEXT_BYTES, None)
            } else if let Some(content_type) = image_type(&extension) {
                (MAX_IMAGE_BYTES, Some(content_type))
            } else {
                continue;
            };
            if !file_type.is_file() {
                tree.skipped.push((relative, Skipped::NotAFile));
                continue;
            }
            let bytes = match read_regular(&path, limit)? {
                Ok(bytes) => bytes,
                Err(why) => {
                    tree.skipped.push((relative, why));
                    continue;
                }
            };
            match image {
                Some(content_type) => {
                    tree.images.insert(relative, (content_type, bytes));
                }
                None => {
                    let text = String::from_utf8(bytes)
                        .map_err(|_| ReadError::NotText(relative.clone()))?;
                    tree.texts.insert(relative, text.replace("\r\n", "\n"));
                }
            }
        }
    }
    tree.skipped.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(tree)
}

/// Reads the regular file at `path`, at most `limit` bytes. The file is opened
/// without following a link (one swapped in after the folder was listed is refused
/// by the system), and the limit is checked on what is read, not on what the folder
/// listing said.
fn read_regular(path: &Path, limit: u64) -> Result<Result<Vec<u8>, Skipped>, ReadError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;

    let failed = |source| ReadError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.raw_os_error() == Some(libc::ELOOP) => return Ok(Err(Skipped::Link)),
        Err(error) => return Err(failed(error)),
    };
    if !file.metadata().map_err(failed)?.is_file() {
        return Ok(Err(Skipped::NotAFile));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(Skipped::TooLarge(limit)));
    }
    Ok(Ok(bytes))
}
