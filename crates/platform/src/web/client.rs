//! The client's address, for rate limits: the peer of the connection, or, behind a
//! reverse proxy that says so in the settings, the address that proxy appended to
//! `X-Forwarded-For`.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::AppState;

/// The address a request came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientIp, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(addr)| addr.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect();
        Ok(ClientIp(client_ip(
            &forwarded,
            peer,
            state.config.behind_proxy,
        )))
    }
}

/// The rule: trust only the last hop, the one our own proxy appended; anything before
/// it came from the client and may be forged.
pub fn client_ip(forwarded: &[&str], peer: IpAddr, behind_proxy: bool) -> IpAddr {
    if !behind_proxy {
        return peer;
    }
    forwarded
        .iter()
        .flat_map(|value| value.split(','))
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROXY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1));

    #[test]
    fn without_a_proxy_the_header_is_ignored() {
        assert_eq!(client_ip(&["203.0.113.9"], PROXY, false), PROXY);
    }

    #[test]
    fn behind_a_proxy_the_last_hop_counts() {
        let ip = |text: &str| text.parse::<IpAddr>().ok();
        assert_eq!(
            Some(client_ip(&["203.0.113.9"], PROXY, true)),
            ip("203.0.113.9")
        );
        assert_eq!(
            Some(client_ip(&["10.9.9.9, 203.0.113.9"], PROXY, true)),
            ip("203.0.113.9")
        );
        assert_eq!(
            Some(client_ip(&["10.9.9.9", "2001:db8::1"], PROXY, true)),
            ip("2001:db8::1")
        );
        assert_eq!(client_ip(&["garbage"], PROXY, true), PROXY);
        assert_eq!(client_ip(&[], PROXY, true), PROXY);
    }
}
