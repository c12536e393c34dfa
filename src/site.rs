//! The site's own address and who the client is (DESIGN.md section 4).
//!
//! Rules: every absolute URL (canonical links, `og:url`, JSON-LD, the feed, the sitemap, the
//! API, emails) is built from the configured public address, never from request headers, so a
//! forged `Host` or `X-Forwarded-Host` cannot reach a page (or the page cache). Forwarded
//! headers name the client only when the connection comes from a configured proxy; otherwise
//! the client is the peer of the TCP connection.

use std::net::IpAddr;

use actix_web::HttpRequest;
use anyhow::{Context, bail};

/// The public address and the trusted proxies, parsed once at start.
#[derive(Debug, Clone)]
pub struct SiteAddress {
    /// `scheme://host[:port]`, without a trailing slash.
    origin: String,
    https: bool,
    proxies: Networks,
}

/// An address block: `10.0.0.0/8`, `2001:db8::/32`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    fn parse(text: &str) -> anyhow::Result<Network> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let base: IpAddr = addr
            .parse()
            .with_context(|| format!("{text:?} is not an IP address or network"))?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .with_context(|| format!("{text:?} has a bad prefix length"))?,
            None => max,
        };
        Ok(Network { base, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, canonical(ip)) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(base) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(base) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// A list of addresses and networks (`127.0.0.1, 10.0.0.0/8, 2001:db8::/32`), parsed once.
#[derive(Debug, Clone, Default)]
pub struct Networks(Vec<Network>);

impl Networks {
    /// A comma-separated list; empty means none.
    pub fn parse(text: &str) -> anyhow::Result<Networks> {
        text.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Network::parse)
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Networks)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the IPv4 address it carries.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

impl SiteAddress {
    /// `public_url` is `http(s)://host[:port]` (a trailing slash is allowed); `proxies` a
    /// comma-separated list of addresses or networks (empty: none).
    pub fn new(public_url: &str, proxies: &str) -> anyhow::Result<SiteAddress> {
        let url = public_url.trim().trim_end_matches('/');
        let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            bail!("the public URL {public_url:?} must start with http:// or https://");
        };
        if rest.is_empty()
            || rest
                .chars()
                .any(|c| matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace())
            || rest.chars().any(char::is_control)
        {
            bail!("the public URL {public_url:?} must be scheme://host[:port], without a path");
        }
        let proxies = Networks::parse(proxies).context("HANGVIET_TRUSTED_PROXIES")?;
        Ok(SiteAddress {
            origin: format!("{}://{}", if https { "https" } else { "http" }, rest),
            https,
            proxies,
        })
    }

    /// The public address a server listening on `bind` has when none is configured.
    pub fn default_for_bind(bind: &str) -> String {
        let host = match bind.parse::<std::net::SocketAddr>() {
            Ok(addr) if addr.ip().is_unspecified() => format!("127.0.0.1:{}", addr.port()),
            Ok(addr) => addr.to_string(),
            Err(_) => bind.to_owned(),
        };
        format!("http://{host}")
    }

    /// `https://hangviet.vn`: the origin every absolute URL starts with.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether the site is served over HTTPS (secure cookies, HSTS).
    pub fn is_https(&self) -> bool {
        self.https
    }

    /// `origin` followed by `path` (which starts with `/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        self.proxies.contains(ip)
    }

    /// Whether the TCP peer is a trusted proxy (whose headers about the client are believed).
    pub fn peer_is_trusted(&self, req: &HttpRequest) -> bool {
        req.peer_addr()
            .is_some_and(|peer| self.is_trusted(canonical(peer.ip())))
    }

    /// The client's address: the TCP peer, or — when the peer is a trusted proxy — the
    /// right-most address of `X-Forwarded-For` (else `Forwarded`) that is not itself a
    /// trusted proxy. A header that does not parse leaves the proxy's own address.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = canonical(req.peer_addr()?.ip());
        if !self.is_trusted(peer) {
            return Some(peer);
        }
        let headers = req.headers();
        let chain: Vec<&str> = if headers.contains_key("x-forwarded-for") {
            headers
                .get_all("x-forwarded-for")
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .collect()
        } else {
            headers
                .get_all("forwarded")
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(forwarded_for)
                .collect()
        };
        let mut client = peer;
        for hop in chain.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                return Some(client);
            };
            client = ip;
            if !self.is_trusted(ip) {
                break;
            }
        }
        Some(client)
    }
}

/// The `for=` value of one element of a `Forwarded` header (RFC 7239).
fn forwarded_for(element: &str) -> Option<&str> {
    element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| value.trim().trim_matches('"'))
    })
}

/// One hop: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:5678`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(addr) = hop.parse::<std::net::SocketAddr>() {
        return Some(canonical(addr.ip()));
    }
    let inner = hop.strip_prefix('[')?.split(']').next()?;
    inner.parse::<IpAddr>().ok().map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn site(proxies: &str) -> SiteAddress {
        SiteAddress::new("https://hangviet.vn/", proxies).expect("valid")
    }

    #[test]
    fn public_url_is_an_origin() {
        assert_eq!(site("").origin(), "https://hangviet.vn");
        assert!(site("").is_https());
        for bad in [
            "hangviet.vn",
            "ftp://x",
            "https://",
            "https://a/b",
            "https://a?x",
            "https://u@a",
            "https://a\tb",
            "javascript:alert(1)",
        ] {
            assert!(SiteAddress::new(bad, "").is_err(), "{bad}");
        }
        assert_eq!(
            SiteAddress::default_for_bind("0.0.0.0:8080"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            SiteAddress::default_for_bind("127.0.0.1:9000"),
            "http://127.0.0.1:9000"
        );
    }

    #[test]
    fn bad_proxy_lists_are_refused() {
        for bad in ["10.0.0.0/33", "x", "::1/129", "1.2.3.4/"] {
            assert!(SiteAddress::new("http://a", bad).is_err(), "{bad}");
        }
    }

    fn client(site: &SiteAddress, peer: &str, headers: &[(&str, &str)]) -> IpAddr {
        let mut req = TestRequest::get().peer_addr(peer.parse().expect("socket address"));
        for h in headers {
            req = req.insert_header(*h);
        }
        site.client_ip(&req.to_http_request()).expect("peer")
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let none = site("");
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        for h in [
            ("X-Forwarded-For", "9.9.9.9"),
            ("x-forwarded-for", "9.9.9.9, 8.8.8.8"),
            ("Forwarded", "for=9.9.9.9"),
            ("X-Real-IP", "9.9.9.9"),
        ] {
            assert_eq!(client(&none, "203.0.113.5:1000", &[h]), ip("203.0.113.5"));
        }
        let proxied = site("10.0.0.0/8, ::1");
        assert_eq!(
            client(
                &proxied,
                "10.1.2.3:1000",
                &[("X-Forwarded-For", "6.6.6.6, 203.0.113.7")]
            ),
            ip("203.0.113.7"),
            "the right-most untrusted hop, not what the client wrote first"
        );
        assert_eq!(
            client(
                &proxied,
                "10.1.2.3:1000",
                &[("X-Forwarded-For", "203.0.113.7, 10.9.9.9")]
            ),
            ip("203.0.113.7")
        );
        assert_eq!(
            client(
                &proxied,
                "[::1]:1000",
                &[("Forwarded", "for=\"[2001:db8::7]:443\";proto=https")]
            ),
            ip("2001:db8::7")
        );
        assert_eq!(
            client(&proxied, "10.1.2.3:1000", &[("X-Forwarded-For", "bogus")]),
            ip("10.1.2.3"),
            "garbage leaves the proxy's own address"
        );
        assert_eq!(
            client(
                &proxied,
                "[::ffff:10.1.2.3]:1000",
                &[("X-Forwarded-For", "::ffff:1.2.3.4")]
            ),
            ip("1.2.3.4"),
            "mapped IPv4 is IPv4"
        );
    }
}
