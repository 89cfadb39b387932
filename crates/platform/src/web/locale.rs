//! Which language a request is answered in: the `lang` cookie set by the visible
//! switch, else the browser's `Accept-Language`, else es-MX.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;

use crate::i18n::Locale;

/// The name of the cookie that remembers a chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The locale of the current request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(pub Locale);

impl Lang {
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let from_cookie = cookie(headers, LANG_COOKIE).and_then(Locale::from_tag);
        let from_browser = || {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Locale::from_accept_language)
        };
        Lang(from_cookie.or_else(from_browser).unwrap_or_default())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Lang, Infallible> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

/// The value of cookie `name`, from any `Cookie` header of the request.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(axum::http::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_cookie_wins_over_the_browser() {
        let map = headers(&[(COOKIE, "a=1; lang=en"), (ACCEPT_LANGUAGE, "es-MX")]);
        assert_eq!(Lang::from_headers(&map), Lang(Locale::En));
    }

    #[test]
    fn the_browser_is_heard_without_a_cookie() {
        let map = headers(&[(ACCEPT_LANGUAGE, "en-US,en;q=0.9")]);
        assert_eq!(Lang::from_headers(&map), Lang(Locale::En));
    }

    #[test]
    fn spanish_is_the_default() {
        assert_eq!(Lang::from_headers(&HeaderMap::new()), Lang(Locale::EsMx));
        let map = headers(&[(COOKIE, "lang=klingon"), (ACCEPT_LANGUAGE, "de")]);
        assert_eq!(Lang::from_headers(&map), Lang(Locale::EsMx));
    }
}
