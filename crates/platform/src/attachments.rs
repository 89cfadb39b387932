//! Attachments: logs, screenshots, crash dumps and documents people send with what they
//! write (a bug report and its comments, a ticket and its replies), recognized from
//! their bytes (never from the name or the type the browser claims), limited in size
//! and count, and always handed back as a download (`Content-Disposition: attachment`,
//! `nosniff`, a sandbox): nothing anyone sends is ever rendered by the browser as a
//! page. Markup (an HTML page, an SVG) is text like any other, served as `text/plain`
//! and as a download. A file whose name claims a type its bytes are not (`captura.png`
//! holding a page) is refused, as are programs of other systems and bytes of no kind
//! known here. The rules are plain data without I/O; [`read_multipart`] reads the form
//! that carries the files. Areas keep the files in their own tables, so each decides
//! who may download them.

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::uploads::{self, ImageKind};
use crate::web::{AppState, WebError};

/// The most files one report, comment, ticket or reply carries.
pub const COUNT_MAX: usize = 5;
/// The longest file name kept, in characters.
const NAME_MAX: usize = 100;

/// What the bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text without markup: a log, a configuration file, a trace.
    Text,
    Image(ImageKind),
    Gzip,
    Xz,
    Zstd,
    Zip,
    /// An ELF file: a core dump (or a program, which is handed back just as inertly).
    Core,
    /// A PDF document (an invoice, a company's papers).
    Pdf,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Image(ImageKind::Png) => "png",
            Kind::Image(ImageKind::Jpeg) => "jpeg",
            Kind::Image(ImageKind::Gif) => "gif",
            Kind::Image(ImageKind::Webp) => "webp",
            Kind::Gzip => "gzip",
            Kind::Xz => "xz",
            Kind::Zstd => "zstd",
            Kind::Zip => "zip",
            Kind::Core => "core",
            Kind::Pdf => "pdf",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        [
            Kind::Text,
            Kind::Image(ImageKind::Png),
            Kind::Image(ImageKind::Jpeg),
            Kind::Image(ImageKind::Gif),
            Kind::Image(ImageKind::Webp),
            Kind::Gzip,
            Kind::Xz,
            Kind::Zstd,
            Kind::Zip,
            Kind::Core,
            Kind::Pdf,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }

    /// The type it is served as (always as a download).
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Text => "text/plain; charset=utf-8",
            Kind::Image(image) => image.content_type(),
            Kind::Gzip => "application/gzip",
            Kind::Xz => "application/x-xz",
            Kind::Zstd => "application/zstd",
            Kind::Zip => "application/zip",
            Kind::Core => "application/octet-stream",
            Kind::Pdf => "application/pdf",
        }
    }

    /// The Fluent id of its name, as pages list it.
    pub fn message_id(self) -> &'static str {
        match self {
            Kind::Text => "attachment-text",
            Kind::Image(_) => "attachment-image",
            Kind::Gzip | Kind::Xz | Kind::Zstd | Kind::Zip => "attachment-archive",
            Kind::Core => "attachment-core",
            Kind::Pdf => "attachment-pdf",
        }
    }
}

/// What `bytes` are, if they are something Soporte takes.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if let Some(image) = uploads::sniff(bytes) {
        return Some(Kind::Image(image));
    }
    let magic: [(&[u8], Kind); 6] = [
        (&[0x1F, 0x8B], Kind::Gzip),
        (&[0xFD, b'7', b'z', b'X', b'Z', 0x00], Kind::Xz),
        (&[0x28, 0xB5, 0x2F, 0xFD], Kind::Zstd),
        (b"PK\x03\x04", Kind::Zip),
        (b"\x7fELF", Kind::Core),
        (b"%PDF-", Kind::Pdf),
    ];
    if let Some((_, kind)) = magic.iter().find(|(start, _)| bytes.starts_with(start)) {
        return Some(*kind);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    (!text.contains('\0')).then_some(Kind::Text)
}

/// Why a file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    TooLarge,
    /// Markup, a program of another system, or bytes of no kind Soporte takes.
    Forbidden,
    TooMany,
    /// The name says one type and the bytes another.
    Lies,
}

impl Refused {
    pub fn message_id(self) -> &'static str {
        match self {
            Refused::TooLarge => "attachment-too-large",
            Refused::Forbidden => "attachment-forbidden",
            Refused::TooMany => "attachment-too-many",
            Refused::Lies => "attachment-lies",
        }
    }
}

/// A file that may be kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

impl File {
    /// `bytes` sent as `name`, at most `max` bytes. An empty file (no file chosen) is
    /// `None`.
    pub fn parse(name: &str, bytes: Vec<u8>, max: usize) -> Result<Option<File>, Refused> {
        if bytes.is_empty() {
            return Ok(None);
        }
        if bytes.len() > max {
            return Err(Refused::TooLarge);
        }
        let kind = sniff(&bytes).ok_or(Refused::Forbidden)?;
        if claimed(name).is_some_and(|claimed| claimed != kind) {
            return Err(Refused::Lies);
        }
        Ok(Some(File {
            name: file_name(name, kind),
            kind,
            bytes,
        }))
    }
}

/// The kind a file's name claims by its extension, for the kinds that have one.
fn claimed(name: &str) -> Option<Kind> {
    let (_, extension) = name.rsplit_once('.')?;
    let kind = match extension.to_ascii_lowercase().as_str() {
        "png" => Kind::Image(ImageKind::Png),
        "jpg" | "jpeg" => Kind::Image(ImageKind::Jpeg),
        "gif" => Kind::Image(ImageKind::Gif),
        "webp" => Kind::Image(ImageKind::Webp),
        "gz" | "tgz" => Kind::Gzip,
        "xz" => Kind::Xz,
        "zst" => Kind::Zstd,
        "zip" => Kind::Zip,
        "pdf" => Kind::Pdf,
        _ => return None,
    };
    Some(kind)
}

/// A file name safe to show and to put in a header: the last part of the path sent,
/// without controls, quotes or separators, at most [`NAME_MAX`] characters; a plain
/// name when nothing is left.
pub fn file_name(sent: &str, kind: Kind) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last
        .chars()
        .filter(|c| {
            !crate::text::is_unwanted(*c)
                && !c.is_control()
                && !matches!(c, '"' | '\'' | ';' | '<' | '>' | '`')
        })
        .take(NAME_MAX)
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_owned();
    if name.is_empty() {
        format!(
            "adjunto.{}",
            match kind {
                Kind::Text => "txt",
                other => other.as_str(),
            }
        )
    } else {
        name
    }
}

/// The `Content-Disposition` of a download of `name`: an ASCII fallback, and the name
/// itself percent-encoded in UTF-8 (RFC 6266, RFC 8187).
pub fn disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '\\' && *c != '"')
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// The answer that hands a kept file back: always a download of its own type, never
/// sniffed, never run (a sandbox without sources), cached only by the person's browser.
pub fn download(name: &str, kind: Kind, bytes: Vec<u8>) -> Response {
    use axum::http::header::{
        CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
        X_CONTENT_TYPE_OPTIONS,
    };
    (
        [
            (CONTENT_TYPE, kind.content_type().to_owned()),
            (CONTENT_DISPOSITION, disposition(name)),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
            (CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// The largest attachment the server takes, in bytes (all of one request's together).
pub fn max_bytes(state: &AppState) -> usize {
    uploads::max_image_bytes(state.config.max_body_bytes)
}

/// What a form's file field says of the limits, in `locale`: how many files, how
/// large in all, which kinds, and that they are only ever downloaded.
pub fn limit_words(state: &AppState, locale: crate::i18n::Locale) -> String {
    state.i18n.text_with(
        locale,
        "attachment-limit",
        &[
            ("kb", &(max_bytes(state) / 1024).to_string()),
            ("count", &COUNT_MAX.to_string()),
        ],
    )
}

/// A file's size as a list shows it: `812 B`, `14 KB`, `2.5 MB`.
pub fn size_words(size: i64) -> String {
    if size >= 1024 * 1024 {
        format!("{:.1} MB", size as f64 / (1024.0 * 1024.0))
    } else if size >= 1024 {
        format!("{} KB", size / 1024)
    } else {
        format!("{size} B")
    }
}

/// A multipart form: its text fields and its files (name sent, bytes), in order.
#[derive(Default)]
pub struct FormData {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, Vec<u8>)>,
}

impl FormData {
    /// The first value of field `name`, or `""`.
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Every value of field `name`, in order.
    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The files sent, parsed: at most [`COUNT_MAX`] (with the `already` kept), each
    /// within `max` bytes and of a kind Soporte takes, and all of them together within
    /// `max` too (what one request may carry).
    pub fn files(&self, max: usize, already: usize) -> Result<Vec<File>, Refused> {
        let mut files = Vec::new();
        for (name, bytes) in &self.files {
            if let Some(file) = File::parse(name, bytes.clone(), max)? {
                files.push(file);
            }
        }
        if files.len() + already > COUNT_MAX {
            return Err(Refused::TooMany);
        }
        if files.iter().map(|file| file.bytes.len()).sum::<usize>() > max {
            return Err(Refused::TooLarge);
        }
        Ok(files)
    }
}

/// A form as a handler's argument: `multipart/form-data` (with its files) as
/// [`read_multipart`] reads it, or a plain `application/x-www-form-urlencoded` one (no
/// files, its fields cleaned the same way), so a form that can carry files still
/// takes a script's simple POST.
impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<FormData, WebError> {
        let multipart = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("multipart/form-data"));
        let unreadable = |error: Box<dyn std::error::Error + Send + Sync>| {
            WebError::bad_request("form-unreadable-title", "form-unreadable").because(error)
        };
        if multipart {
            let multipart = Multipart::from_request(request, state)
                .await
                .map_err(|error| unreadable(error.into()))?;
            return read_multipart(multipart).await;
        }
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|error| unreadable(error.into()))?;
        Ok(FormData {
            fields: fields
                .into_iter()
                .map(|(name, value)| {
                    let value = crate::text::clean(&value).into_owned();
                    (name, value)
                })
                .collect(),
            files: Vec::new(),
        })
    }
}

/// Reads a multipart form; files are the fields named `adjunto`, text fields are
/// cleaned ([`crate::text::clean`]). A body that cannot be read is a 400.
pub async fn read_multipart(mut multipart: Multipart) -> Result<FormData, WebError> {
    let unreadable = |error: axum::extract::multipart::MultipartError| {
        WebError::bad_request("form-unreadable-title", "form-unreadable").because(error)
    };
    let mut sent = FormData::default();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "adjunto" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(unreadable)?;
            sent.files.push((file_name, bytes.to_vec()));
        } else {
            let value = field.text().await.map_err(unreadable)?;
            sent.fields
                .push((name, crate::text::clean(&value).into_owned()));
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bytes_say_what_a_file_is() {
        assert_eq!(sniff(b"Dec  7 kernel: usb 1-1: reset\n"), Some(Kind::Text));
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(Kind::Image(ImageKind::Png))
        );
        assert_eq!(sniff(&[0x1F, 0x8B, 8, 0]), Some(Kind::Gzip));
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\x00"), Some(Kind::Core));
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Kind::Zip));
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(Kind::Pdf));
        // Markup is text: it is only ever handed back as a plain-text download.
        assert_eq!(
            sniff(b"<!DOCTYPE html><script>alert(1)</script>"),
            Some(Kind::Text)
        );
        assert_eq!(
            sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Some(Kind::Text)
        );
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\xff\xfe"), None);
        assert_eq!(sniff(b"texto\0binario"), None);
    }

    #[test]
    fn files_are_limited_and_named_safely() {
        assert_eq!(File::parse("a.log", Vec::new(), 10), Ok(None));
        assert_eq!(
            File::parse("a.log", vec![b'a'; 11], 10),
            Err(Refused::TooLarge)
        );
        assert_eq!(
            File::parse("x.png", b"<html>".to_vec(), 10),
            Err(Refused::Lies)
        );
        assert_eq!(
            File::parse("x.exe", b"MZ\x90\x00\x03\x00\xff\xfe".to_vec(), 10),
            Err(Refused::Forbidden)
        );
        assert_eq!(
            File::parse("pagina.html", b"<html>".to_vec(), 10).map(|f| f.map(|f| f.kind)),
            Ok(Some(Kind::Text))
        );
        assert_eq!(
            File::parse("dmesg.log.GZ", vec![0x1F, 0x8B, 8, 0], 10).map(|f| f.map(|f| f.kind)),
            Ok(Some(Kind::Gzip))
        );
        assert_eq!(
            file_name("C:\\Users\\ana\\dmesg.log", Kind::Text),
            "dmesg.log"
        );
        assert_eq!(file_name("../../etc/\"pass\"wd", Kind::Text), "passwd");
        assert_eq!(file_name("..", Kind::Core), "adjunto.core");
        assert_eq!(file_name("", Kind::Text), "adjunto.txt");
        assert_eq!(
            disposition("registro año.log"),
            "attachment; filename=\"registro a_o.log\"; filename*=UTF-8''registro%20a%C3%B1o.log"
        );
        assert_eq!(
            File::parse("acta.pdf", b"no soy un pdf".to_vec(), 100),
            Err(Refused::Lies)
        );
        for kind in ["text", "png", "core", "zstd", "pdf"] {
            assert_eq!(Kind::parse(kind).map(Kind::as_str), Some(kind));
        }
    }
}
