//! Coordinates typed or pasted by a business, without any map service: "10.2899, 103.9840"
//! (decimal degrees, with or without degree signs, a `;` or a decimal comma, N/S/E/W letters,
//! or degrees-minutes-seconds as Google Maps shows them), or a map link pasted from a phone:
//! Google Maps (`!3d…!4d…` place data, `?q=`/`?query=`/`?ll=`/`?destination=`, a coordinates
//! path segment, `/@lat,lon,zoom`), OpenStreetMap (`?mlat=…&mlon=…`, `#map=zoom/lat/lon`),
//! and `geo:` URIs.
//!
//! Rules: everything is parsed offline. A short link (`maps.app.goo.gl/…`, `goo.gl/maps/…`,
//! `osm.org/go/…`) only names a page of the map service, so it cannot be read here: the
//! message says so and asks for the coordinates. Values out of range, or clearly outside
//! Vietnam (mainland, its near islands, Hoàng Sa and Trường Sa), are refused with a message
//! saying which; a pair typed longitude first is refused with the pair in the right order.
//! Coordinates are kept to 6 decimals (about 10 cm), so a value shown and posted again does
//! not change.

use crate::i18n::Msg;

/// A position in decimal degrees (WGS 84, as every map app shares it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

impl Coordinates {
    /// "10.2899, 103.984": how a form shows the coordinates, and reads them back.
    pub fn shown(&self) -> String {
        format!("{}, {}", self.latitude, self.longitude)
    }
}

/// Why a typed or pasted value gave no coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum CoordinateError {
    /// Neither coordinates nor a web address.
    Unreadable,
    /// A short link: only the map service knows where it points.
    ShortLink,
    /// A web address holding no coordinates (a search by name, a page of the site).
    NoCoordinatesInLink,
    /// Latitude beyond ±90° or longitude beyond ±180°.
    OutOfRange,
    /// Real coordinates, but not in Vietnam.
    OutsideVietnam { latitude: f64, longitude: f64 },
    /// Longitude first: the pair in Vietnam is the other way round.
    Swapped { latitude: f64, longitude: f64 },
}

impl CoordinateError {
    /// The message next to the field (`map-link-…`).
    pub fn msg(&self) -> Msg {
        match self {
            CoordinateError::Unreadable => Msg::new("map-link-unreadable"),
            CoordinateError::ShortLink => Msg::new("map-link-short-link"),
            CoordinateError::NoCoordinatesInLink => Msg::new("map-link-no-coordinates"),
            CoordinateError::OutOfRange => Msg::new("map-link-out-of-range"),
            CoordinateError::OutsideVietnam {
                latitude,
                longitude,
            } => Msg::new("map-link-outside-vietnam").arg(
                "value",
                Coordinates {
                    latitude: *latitude,
                    longitude: *longitude,
                }
                .shown(),
            ),
            CoordinateError::Swapped {
                latitude,
                longitude,
            } => Msg::new("map-link-swapped").arg(
                "value",
                Coordinates {
                    latitude: *latitude,
                    longitude: *longitude,
                }
                .shown(),
            ),
        }
    }
}

/// Longest input read, in bytes: a Google Maps link with its data parameters is a few
/// hundred characters; anything far longer is not a link to a place.
const MAX_INPUT: usize = 4_000;

/// Reads coordinates or a map link. Empty input is `Ok(None)`: coordinates are optional.
pub fn parse(input: &str) -> Result<Option<Coordinates>, CoordinateError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > MAX_INPUT {
        return Err(CoordinateError::Unreadable);
    }
    let lower = text.to_ascii_lowercase();
    let (a, b) = if let Some(rest) = lower.strip_prefix("geo:") {
        from_geo_uri(rest)?
    } else if looks_like_link(&lower) {
        from_link(text)?
    } else {
        plain_pair(text).ok_or(CoordinateError::Unreadable)?
    };
    let round = |v: f64| (v * 1e6).round() / 1e6;
    check(round(a), round(b)).map(Some)
}

/// The range and place checks of coordinates given as two numbers (an import's two
/// columns); the values are kept as given.
pub fn check(latitude: f64, longitude: f64) -> Result<Coordinates, CoordinateError> {
    if in_vietnam(latitude, longitude) {
        return Ok(Coordinates {
            latitude,
            longitude,
        });
    }
    // Checked before the ranges: Vietnam's longitudes are beyond any latitude.
    if in_vietnam(longitude, latitude) {
        return Err(CoordinateError::Swapped {
            latitude: longitude,
            longitude: latitude,
        });
    }
    if !latitude.is_finite()
        || !longitude.is_finite()
        || latitude.abs() > 90.0
        || longitude.abs() > 180.0
    {
        return Err(CoordinateError::OutOfRange);
    }
    Err(CoordinateError::OutsideVietnam {
        latitude,
        longitude,
    })
}

/// Whether a point lies in one of the boxes around Vietnam: the mainland with its near
/// islands (Phú Quốc, Côn Đảo, Bạch Long Vĩ…), Hoàng Sa, and Trường Sa. Loose on purpose:
/// it catches a wrong sign or a pasted place abroad, not a point just over a border.
pub fn in_vietnam(latitude: f64, longitude: f64) -> bool {
    const BOXES: [(f64, f64, f64, f64); 3] = [
        // (south, north, west, east)
        (8.0, 23.6, 102.0, 110.0),
        (15.5, 17.5, 110.0, 113.0),
        (6.0, 12.0, 110.0, 118.0),
    ];
    BOXES
        .iter()
        .any(|(s, n, w, e)| (*s..=*n).contains(&latitude) && (*w..=*e).contains(&longitude))
}

fn looks_like_link(lower: &str) -> bool {
    lower.contains("://")
        || [
            "www.",
            "maps.",
            "google.",
            "goo.gl",
            "openstreetmap.",
            "osm.org",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// `geo:lat,lon[,alt][;params][?q=lat,lon(label)]` (RFC 5870, and Android's `geo:0,0?q=`).
fn from_geo_uri(rest: &str) -> Result<(f64, f64), CoordinateError> {
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.split(';').next().unwrap_or_default();
    let mut parts = path.split(',').map(str::trim);
    let pair = match (parts.next(), parts.next()) {
        (Some(a), Some(b)) => a.parse::<f64>().ok().zip(b.parse::<f64>().ok()),
        _ => None,
    };
    let from_query = query_params(query)
        .into_iter()
        .find(|(k, _)| k == "q")
        .and_then(|(_, v)| coordinates_in_value(&v));
    match (pair, from_query) {
        (Some((a, b)), Some(q)) if a == 0.0 && b == 0.0 => Ok(q),
        (Some(p), _) => Ok(p),
        (None, Some(q)) => Ok(q),
        (None, None) => Err(CoordinateError::Unreadable),
    }
}

/// Coordinates from a pasted web address.
fn from_link(text: &str) -> Result<(f64, f64), CoordinateError> {
    let without_scheme = text.split_once("://").map_or(text, |(_, rest)| rest);
    let host_end = without_scheme
        .find(['/', '?', '#'])
        .unwrap_or(without_scheme.len());
    let host = without_scheme[..host_end].to_ascii_lowercase();
    let host = host.rsplit('@').next().unwrap_or_default();
    let rest = &without_scheme[host_end..];
    let (before_fragment, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = before_fragment
        .split_once('?')
        .unwrap_or((before_fragment, ""));
    let path_lower = path.to_ascii_lowercase();
    let short = host == "maps.app.goo.gl"
        || host == "g.co"
        || (host == "goo.gl" && path_lower.starts_with("/maps"))
        || (host.ends_with("osm.org") && path_lower.starts_with("/go/"));
    if short {
        return Err(CoordinateError::ShortLink);
    }
    let params = query_params(query);
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    // OpenStreetMap's marker.
    if let (Some(lat), Some(lon)) = (param("mlat"), param("mlon"))
        && let (Ok(lat), Ok(lon)) = (lat.trim().parse(), lon.trim().parse())
    {
        return Ok((lat, lon));
    }
    // Google's place pin in the data parameter.
    if let Some(pin) = google_pin(text) {
        return Ok(pin);
    }
    for name in ["q", "query", "ll", "destination", "daddr", "center", "sll"] {
        if let Some(found) = param(name).and_then(coordinates_in_value) {
            return Ok(found);
        }
    }
    // `/maps/search/10.2899,+103.984`, `/maps/place/10.2899,103.984/…`.
    if let Some(found) = path
        .split('/')
        .filter(|s| !s.starts_with('@'))
        .find_map(|segment| coordinates_in_value(&percent_decoded(segment, true)))
    {
        return Ok(found);
    }
    // The map's centre: Google's `/@lat,lon,zoom`, OpenStreetMap's `#map=zoom/lat/lon`.
    if let Some(at) = path.split('/').find_map(|s| s.strip_prefix('@')) {
        let mut parts = at.split(',');
        if let (Some(a), Some(b)) = (parts.next(), parts.next())
            && let (Ok(a), Ok(b)) = (a.parse(), b.parse())
        {
            return Ok((a, b));
        }
    }
    for (key, value) in query_params(fragment) {
        if key == "map" {
            let parts: Vec<&str> = value.split('/').collect();
            if let [_, lat, lon, ..] = parts.as_slice()
                && let (Ok(a), Ok(b)) = (lat.parse(), lon.parse())
            {
                return Ok((a, b));
            }
        }
    }
    Err(CoordinateError::NoCoordinatesInLink)
}

/// `!3d<lat>!4d<lon>` in a Google Maps address (the last pair: the place itself).
fn google_pin(text: &str) -> Option<(f64, f64)> {
    let at = text.rfind("!3d")?;
    let rest = &text[at + 3..];
    let (lat, rest) = rest.split_once("!4d")?;
    let lon: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    Some((lat.parse().ok()?, lon.parse().ok()?))
}

/// A query parameter's value holding coordinates: "10.2899,103.984", "loc:10.28 103.98",
/// "10.2899,103.984(Cửa hàng)".
fn coordinates_in_value(value: &str) -> Option<(f64, f64)> {
    let value = value.trim();
    let value = value.strip_prefix("loc:").unwrap_or(value);
    let value = value.split('(').next().unwrap_or_default();
    plain_pair(value)
}

/// `key=value` pairs of a query string or fragment, percent-decoded.
fn query_params(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decoded(k, true).to_ascii_lowercase(),
                percent_decoded(v, true),
            )
        })
        .collect()
}

/// `%XX` escapes decoded (and `+` as a space when `plus_is_space`); a broken escape stays.
fn percent_decoded(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Typed coordinates: two values, latitude first unless hemisphere letters say otherwise.
fn plain_pair(text: &str) -> Option<(f64, f64)> {
    let text = text.trim();
    let (first, second) = split_pair(text)?;
    let a = one_value(first)?;
    let b = one_value(second)?;
    match (a.axis, b.axis) {
        (Axis::Latitude, Axis::Latitude) | (Axis::Longitude, Axis::Longitude) => None,
        (Axis::Longitude, _) | (_, Axis::Latitude) => Some((b.value, a.value)),
        _ => Some((a.value, b.value)),
    }
}

/// Splits "lat, lon" into its two halves: at a `;`, after a N/S letter or before an E/W
/// one, at the one comma (or the one ", " when decimal commas are used), or at the space.
fn split_pair(text: &str) -> Option<(&str, &str)> {
    if let Some(pair) = text.split_once(';') {
        return Some(pair);
    }
    let upper = text.to_ascii_uppercase();
    // "10°17'23.6"N 103°59'02.4"E": a hemisphere letter ends the first half.
    if let Some(i) = upper.find(['N', 'S'])
        && i > 0
        && i + 1 < text.len()
    {
        let (a, b) = text.split_at(i + 1);
        if b.trim().len() > 1 {
            return Some((a, b.trim_start_matches([',', ' '])));
        }
    }
    // "N 10.28 E 103.98": a hemisphere letter starts the second half.
    if upper.starts_with(['N', 'S'])
        && let Some(i) = upper.find(['E', 'W'])
    {
        let (a, b) = text.split_at(i);
        return Some((a.trim_end_matches([',', ' ']), b));
    }
    match text.matches(',').count() {
        1 => return text.split_once(','),
        0 => {}
        _ => return text.split_once(", ").or_else(|| text.split_once(" ,")),
    }
    let mut words = text.split_whitespace();
    let (a, b) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    Some((a, b))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Axis {
    Latitude,
    Longitude,
    /// No letter: decided by the position in the pair.
    Either,
}

struct Value {
    value: f64,
    axis: Axis,
}

/// One coordinate: decimal degrees or degrees, minutes, seconds, with an optional sign or
/// hemisphere letter and degree, minute and second signs.
fn one_value(text: &str) -> Option<Value> {
    let text = text.trim().replace(',', ".");
    let mut sign = 1.0;
    let mut axis = Axis::Either;
    let mut numbers: Vec<String> = Vec::new();
    let mut current = String::new();
    // A letter after the digits ends the value ("10.28N"); "1e3" is no coordinate.
    let mut closed = false;
    let flush = |current: &mut String, numbers: &mut Vec<String>| {
        if !current.is_empty() {
            numbers.push(std::mem::take(current));
        }
    };
    for c in text.chars() {
        match c {
            '0'..='9' | '.' if closed => return None,
            '0'..='9' | '.' => current.push(c),
            '-' | '+' if current.is_empty() && numbers.is_empty() => {
                if c == '-' {
                    sign = -sign;
                }
            }
            'N' | 'n' | 'S' | 's' | 'E' | 'e' | 'W' | 'w' if axis == Axis::Either => {
                flush(&mut current, &mut numbers);
                closed = !numbers.is_empty();
                axis = if matches!(c, 'N' | 'n' | 'S' | 's') {
                    Axis::Latitude
                } else {
                    Axis::Longitude
                };
                if matches!(c, 'S' | 's' | 'W' | 'w') {
                    sign = -sign;
                }
            }
            '°' | 'º' | '\'' | '"' | '′' | '″' | '’' | '”' | ' ' | '\u{a0}' => {
                flush(&mut current, &mut numbers);
            }
            _ => return None,
        }
    }
    flush(&mut current, &mut numbers);
    let parsed: Vec<f64> = numbers
        .iter()
        .map(|n| n.parse::<f64>().ok())
        .collect::<Option<_>>()?;
    let value = match parsed.as_slice() {
        [d] => *d,
        [d, m] if *m < 60.0 && d.fract() == 0.0 => d + m / 60.0,
        [d, m, s] if *m < 60.0 && *s < 60.0 && d.fract() == 0.0 && m.fract() == 0.0 => {
            d + m / 60.0 + s / 3600.0
        }
        _ => return None,
    };
    Some(Value {
        value: sign * value,
        axis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> (f64, f64) {
        match parse(input) {
            Ok(Some(c)) => (c.latitude, c.longitude),
            other => panic!("{input}: {other:?}"),
        }
    }

    fn close(input: &str, lat: f64, lon: f64) {
        let (a, b) = ok(input);
        assert!(
            (a - lat).abs() < 1e-4 && (b - lon).abs() < 1e-4,
            "{input}: got {a}, {b}, expected {lat}, {lon}"
        );
    }

    #[test]
    fn empty_is_no_coordinates() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("   "), Ok(None));
    }

    #[test]
    fn typed_decimal_degrees() {
        assert_eq!(ok("10.2899, 103.9840"), (10.2899, 103.984));
        assert_eq!(ok("10.2899,103.984"), (10.2899, 103.984));
        assert_eq!(ok("10.2899 103.984"), (10.2899, 103.984));
        assert_eq!(ok("10.2899; 103.984"), (10.2899, 103.984));
        assert_eq!(ok("10.2899°, 103.9840°"), (10.2899, 103.984));
        assert_eq!(ok("10.2899° N, 103.9840° E"), (10.2899, 103.984));
        assert_eq!(ok("N 10.2899, E 103.984"), (10.2899, 103.984));
        assert_eq!(ok("103.984 E, 10.2899 N"), (10.2899, 103.984));
        assert_eq!(ok("  21.0285 ,105.8542  "), (21.0285, 105.8542));
        // Vietnamese decimal commas.
        assert_eq!(ok("10,2899; 103,984"), (10.2899, 103.984));
        assert_eq!(ok("10,2899, 103,984"), (10.2899, 103.984));
    }

    #[test]
    fn typed_degrees_minutes_seconds() {
        close("10°17'23.6\"N 103°59'02.4\"E", 10.289_889, 103.984);
        close("21°01′42.6″N 105°51′15.1″E", 21.028_5, 105.854_2);
        close("21° 1.71' N, 105° 51.25' E", 21.0285, 105.854_17);
    }

    #[test]
    fn six_decimals_are_kept() {
        assert_eq!(ok("10.123456789, 103.987654321"), (10.123457, 103.987654));
        let shown = Coordinates {
            latitude: 10.2899,
            longitude: 103.984,
        }
        .shown();
        assert_eq!(shown, "10.2899, 103.984");
        assert_eq!(ok(&shown), (10.2899, 103.984), "shown text reads back");
    }

    #[test]
    fn google_maps_links() {
        close(
            "https://www.google.com/maps/place/Nh%C3%A0+th%C3%B9ng+n%C6%B0%E1%BB%9Bc+m%E1%BA%AFm/@10.2899,103.984,17z",
            10.2899,
            103.984,
        );
        close(
            "https://www.google.com/maps?q=10.2899,103.984",
            10.2899,
            103.984,
        );
        close(
            "https://www.google.com/maps?q=10.2899%2C103.984&z=17",
            10.2899,
            103.984,
        );
        close(
            "https://maps.google.com/?ll=21.0285,105.8542",
            21.0285,
            105.8542,
        );
        close("maps.google.com/?q=loc:21.0285+105.8542", 21.0285, 105.8542);
        close(
            "https://www.google.com/maps/search/?api=1&query=16.0544,108.2022",
            16.0544,
            108.2022,
        );
        close(
            "https://www.google.com/maps/dir/?api=1&destination=10.7769,106.7009",
            10.7769,
            106.7009,
        );
        close(
            "https://www.google.com/maps/search/10.2899,+103.984?entry=tts",
            10.2899,
            103.984,
        );
        close(
            "https://www.google.com.vn/maps/@21.0285,105.8542,15z",
            21.0285,
            105.8542,
        );
    }

    #[test]
    fn google_place_pin_wins_over_the_map_centre() {
        let link = "https://www.google.com/maps/place/C%C6%A1+s%E1%BB%9F+Kh%E1%BA%A3i+Ho%C3%A0n/@10.2850,103.9700,15z/data=!3m1!4b1!4m6!3m5!1s0x31a78c62b49eda17:0x8aa79fbbdcad1e61!8m2!3d10.2899!4d103.984!16s%2Fg%2F11c5";
        close(link, 10.2899, 103.984);
    }

    #[test]
    fn openstreetmap_links() {
        close(
            "https://www.openstreetmap.org/?mlat=10.2899&mlon=103.9840#map=17/10.28/103.98",
            10.2899,
            103.984,
        );
        close(
            "https://www.openstreetmap.org/#map=17/21.02850/105.85420",
            21.0285,
            105.8542,
        );
        close(
            "https://www.openstreetmap.org/way/123456#map=18/16.05440/108.20220&layers=N",
            16.0544,
            108.2022,
        );
    }

    #[test]
    fn geo_uris() {
        close("geo:10.2899,103.984", 10.2899, 103.984);
        close("geo:10.2899,103.984;u=35", 10.2899, 103.984);
        close("GEO:21.0285,105.8542,12", 21.0285, 105.8542);
        close("geo:0,0?q=16.0544,108.2022(Chợ Hàn)", 16.0544, 108.2022);
    }

    #[test]
    fn islands_are_in_vietnam() {
        assert!(parse("10.2270, 103.9670").is_ok(), "Phú Quốc");
        assert!(parse("8.6820, 106.6080").is_ok(), "Côn Đảo");
        assert!(parse("20.1330, 107.7280").is_ok(), "Bạch Long Vĩ");
        assert!(parse("16.5330, 111.6080").is_ok(), "Hoàng Sa");
        assert!(parse("8.6450, 111.9200").is_ok(), "Trường Sa");
        assert!(parse("23.3630, 105.3160").is_ok(), "Lũng Cú");
    }

    #[test]
    fn short_links_ask_for_the_coordinates() {
        for link in [
            "https://maps.app.goo.gl/AbCdEf123",
            "maps.app.goo.gl/AbCdEf123",
            "https://goo.gl/maps/xyz",
            "https://osm.org/go/4m8Zh7ZqF--",
        ] {
            assert_eq!(parse(link), Err(CoordinateError::ShortLink), "{link}");
        }
        let text = crate::i18n::Locale::Vi.msg(&CoordinateError::ShortLink.msg());
        assert!(text.contains("maps.app.goo.gl"), "{text}");
    }

    #[test]
    fn links_without_coordinates() {
        for link in [
            "https://www.google.com/maps/place/Ch%E1%BB%A3+B%E1%BA%BFn+Th%C3%A0nh",
            "https://www.openstreetmap.org/node/123",
            "https://hangviet.vn/san-pham/nuoc-mam",
        ] {
            assert_eq!(
                parse(link),
                Err(CoordinateError::NoCoordinatesInLink),
                "{link}"
            );
        }
    }

    #[test]
    fn out_of_range_and_abroad() {
        assert_eq!(parse("95.0, 105.0"), Err(CoordinateError::OutOfRange));
        assert_eq!(parse("21.0, 190.0"), Err(CoordinateError::OutOfRange));
        assert_eq!(
            parse("48.8584, 2.2945"),
            Err(CoordinateError::OutsideVietnam {
                latitude: 48.8584,
                longitude: 2.2945
            })
        );
        assert_eq!(
            parse("-10.2899, 103.984"),
            Err(CoordinateError::OutsideVietnam {
                latitude: -10.2899,
                longitude: 103.984
            }),
            "a lost sign"
        );
        assert!(
            matches!(
                parse("13.7563, 100.5018"),
                Err(CoordinateError::OutsideVietnam { .. })
            ),
            "Bangkok"
        );
        assert!(matches!(
            parse("https://www.google.com/maps/@35.6812,139.7671,15z"),
            Err(CoordinateError::OutsideVietnam { .. })
        ));
    }

    #[test]
    fn longitude_first_is_refused_with_the_right_order() {
        let err = parse("103.984, 10.2899").expect_err("swapped");
        assert_eq!(
            err,
            CoordinateError::Swapped {
                latitude: 10.2899,
                longitude: 103.984
            }
        );
        let text = crate::i18n::Locale::En.msg(&err.msg());
        assert!(text.contains("10.2899, 103.984"), "{text}");
    }

    #[test]
    fn nonsense_is_unreadable() {
        for text in [
            "gần chợ",
            "10.2899",
            "10.2899, 103.984, 5",
            "abc, def",
            "10..2, 103.9",
            "1e3, 5",
            "10.28 N, 20.1 S",
            "javascript:alert(1)",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
        assert_eq!(parse(&"1".repeat(5_000)), Err(CoordinateError::Unreadable));
        assert_eq!(parse("gần chợ"), Err(CoordinateError::Unreadable));
    }

    #[test]
    fn hostile_links_do_not_panic() {
        for text in [
            "https://",
            "https://www.google.com/maps?q=%",
            "https://www.google.com/maps?q=%E",
            "https://www.google.com/maps?q=%ZZ10,103",
            "https://www.google.com/maps/@",
            "https://www.google.com/maps/data=!3d!4d",
            "https://www.openstreetmap.org/#map=",
            "https://www.openstreetmap.org/?mlat=&mlon=",
            "geo:",
            "geo:?q=",
            "http://user@evil.example@maps.app.goo.gl/x",
            "N",
            "S E",
            "ééé://x",
        ] {
            let _ = parse(text);
        }
        assert_eq!(percent_decoded("%", true), "%");
        assert_eq!(percent_decoded("a%2", true), "a%2");
        assert_eq!(percent_decoded("a%2Cb+c", true), "a,b c");
        assert_eq!(percent_decoded("%C3%A0", false), "à");
    }
}
