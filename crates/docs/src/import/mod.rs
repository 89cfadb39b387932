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
}

/// Text files an import reads: documents and what they include.
const TEXT_EXTENSIONS: [&str; 4] = ["rst", "txt", "inc", "rest"];
/// The largest image kept.
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;

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
/// `_build` output are skipped, as are images over [`MAX_IMAGE_BYTES`].
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
            let file_type = entry.file_type().map_err(failed)?;
            if file_type.is_dir() {
                pending.push(path);
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
            let extension = path
                .extension()
                .map(|extension| extension.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let read = |path: &Path| {
                std::fs::read(path).map_err(|source| ReadError::Io {
                    path: path.display().to_string(),
                    source,
                })
            };
            if TEXT_EXTENSIONS.contains(&extension.as_str()) {
                let text = String::from_utf8(read(&path)?)
                    .map_err(|_| ReadError::NotText(relative.clone()))?;
                tree.texts.insert(relative, text.replace("\r\n", "\n"));
            } else if let Some(content_type) = image_type(&extension) {
                let size = entry.metadata().map_err(failed)?.len();
                if size <= MAX_IMAGE_BYTES {
                    tree.images.insert(relative, (content_type, read(&path)?));
                }
            }
        }
    }
    Ok(tree)
}
