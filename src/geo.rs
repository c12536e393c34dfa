//! Positions on the Earth for "where to buy": the distance between two points (haversine), the
//! bounding box a radius covers (what the indexed "near me" query asks the database for), the
//! strict reading of a `near=lat,lng` query parameter, and "Chỉ đường" links that open
//! directions in the visitor's own map app.
//!
//! Nothing here calls an external service: a position comes from the visitor's browser or
//! from coordinates a business typed in.

/// Mean radius of the Earth, in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Kilometres in one degree of latitude.
const KM_PER_DEGREE: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
/// Longest `near` value read; anything longer is junk.
const MAX_NEAR_LEN: usize = 64;

/// A point given in decimal degrees (WGS 84, as phones and map apps give them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub latitude: f64,
    pub longitude: f64,
}

impl Position {
    /// A position when both values are finite and in range (latitude −90…90, longitude
    /// −180…180).
    pub fn new(latitude: f64, longitude: f64) -> Option<Position> {
        let ok = latitude.is_finite()
            && longitude.is_finite()
            && (-90.0..=90.0).contains(&latitude)
            && (-180.0..=180.0).contains(&longitude);
        ok.then_some(Position {
            latitude,
            longitude,
        })
    }

    /// Reads `near=lat,lng` strictly: two plain decimal numbers ("21.0285,105.8542", spaces
    /// around them allowed), in range. Anything else — a missing part, a third one, `NaN`,
    /// `inf`, exponents, hex, out-of-range values — is `None`.
    pub fn parse(text: &str) -> Option<Position> {
        if text.len() > MAX_NEAR_LEN {
            return None;
        }
        let (lat, lng) = text.split_once(',')?;
        Position::new(decimal(lat)?, decimal(lng)?)
    }

    /// The great-circle distance to `other`, in kilometres (haversine formula).
    pub fn distance_km(&self, other: &Position) -> f64 {
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let d_lat = lat2 - lat1;
        let d_lng = (other.longitude - self.longitude).to_radians();
        let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lng / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
    }

    /// `lat,lng` with six decimals (about 10 cm), as the `near` parameter and map links
    /// write it.
    pub fn to_param(&self) -> String {
        format!("{:.6},{:.6}", self.latitude, self.longitude)
    }
}

/// A plain decimal number: optional sign, digits, optional fraction. No exponent, no
/// `inf`/`NaN`, which `f64::from_str` would accept.
fn decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(digits.ends_with('.'));
    if !plain {
        return None;
    }
    text.parse().ok()
}

/// The latitude/longitude rectangle around a point that holds every point within a radius:
/// what the database is asked for, through its index on `(latitude, longitude)`. Longitude
/// degrees shrink towards the poles, so the box is wider in degrees of longitude by
/// `1 / cos(latitude)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min_latitude: f64,
    pub max_latitude: f64,
    pub min_longitude: f64,
    pub max_longitude: f64,
}

impl BoundingBox {
    /// The box around `centre` holding the circle of `radius_km`. Near a pole (or for a radius
    /// reaching one) the box takes every longitude; it is clamped to the valid ranges and never
    /// wraps across the 180th meridian (Vietnam is far from it).
    pub fn around(centre: &Position, radius_km: f64) -> BoundingBox {
        let d_lat = radius_km / KM_PER_DEGREE;
        let min_latitude = (centre.latitude - d_lat).max(-90.0);
        let max_latitude = (centre.latitude + d_lat).min(90.0);
        // The widest parallel in the box is the one nearest a pole.
        let widest = min_latitude
            .abs()
            .max(max_latitude.abs())
            .to_radians()
            .cos();
        let d_lng = if widest < 1e-6 {
            360.0
        } else {
            radius_km / (KM_PER_DEGREE * widest)
        };
        let (min_longitude, max_longitude) = if d_lng >= 180.0 {
            (-180.0, 180.0)
        } else {
            (
                (centre.longitude - d_lng).max(-180.0),
                (centre.longitude + d_lng).min(180.0),
            )
        };
        BoundingBox {
            min_latitude,
            max_latitude,
            min_longitude,
            max_longitude,
        }
    }

    pub fn contains(&self, p: &Position) -> bool {
        (self.min_latitude..=self.max_latitude).contains(&p.latitude)
            && (self.min_longitude..=self.max_longitude).contains(&p.longitude)
    }
}

/// Where "Chỉ đường" leads: Google Maps' universal directions link, which opens the phone's
/// map app (or the web map) with the destination filled in — by coordinates when they are
/// known, otherwise by the written address (street, ward, province).
pub fn directions_url(position: Option<Position>, address_parts: &[&str]) -> String {
    const BASE: &str = "https://www.google.com/maps/dir/?api=1&";
    let destination = match position {
        // Digits, sign, dot and the comma need no encoding.
        Some(p) => return format!("{BASE}destination={},{}", p.latitude, p.longitude),
        None => address_parts
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<&str>>()
            .join(", "),
    };
    let query = serde_urlencoded::to_string([("destination", destination)]).unwrap_or_default();
    format!("{BASE}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HA_NOI: Position = Position {
        latitude: 21.0285,
        longitude: 105.8542,
    };
    const TP_HCM: Position = Position {
        latitude: 10.7769,
        longitude: 106.7009,
    };

    #[test]
    fn distance_between_known_cities() {
        // Hà Nội – TP Hồ Chí Minh is about 1,140 km as the crow flies.
        let d = HA_NOI.distance_km(&TP_HCM);
        assert!((1130.0..1150.0).contains(&d), "{d}");
        assert!(HA_NOI.distance_km(&HA_NOI).abs() < 1e-9);
        assert!((HA_NOI.distance_km(&TP_HCM) - TP_HCM.distance_km(&HA_NOI)).abs() < 1e-9);
        // One degree of latitude is about 111.2 km.
        let north = Position::new(22.0285, 105.8542).expect("valid");
        assert!((HA_NOI.distance_km(&north) - 111.2).abs() < 0.2);
    }

    #[test]
    fn parse_accepts_plain_decimals_only() {
        assert_eq!(Position::parse("21.0285,105.8542"), Some(HA_NOI));
        assert_eq!(Position::parse(" 21.0285 , 105.8542 "), Some(HA_NOI));
        assert_eq!(Position::parse("-33.5,+151"), Position::new(-33.5, 151.0));
        for junk in [
            "",
            "21.0285",
            "21.0285,",
            ",105.8542",
            "21.0285,105.8542,3",
            "91,10",
            "-91,10",
            "10,181",
            "NaN,10",
            "inf,10",
            "1e1,10",
            "0x10,10",
            "21.,105",
            ".5,105",
            "21;105",
            "hà nội",
            "21.0285,105.8542'; DROP TABLE x",
            &"1".repeat(100),
        ] {
            assert_eq!(Position::parse(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn bounding_box_holds_the_circle() {
        let b = BoundingBox::around(&HA_NOI, 10.0);
        // 10 km is about 0.09° of latitude and, at 21° N, about 0.096° of longitude.
        assert!(
            (b.max_latitude - HA_NOI.latitude - 0.0899).abs() < 0.001,
            "{b:?}"
        );
        assert!(
            (b.max_longitude - HA_NOI.longitude - 0.0963).abs() < 0.002,
            "{b:?}"
        );
        assert!(b.max_longitude - HA_NOI.longitude > b.max_latitude - HA_NOI.latitude);
        // Points 9.9 km away in eight directions are inside.
        for bearing in 0..8 {
            let angle = f64::from(bearing) * std::f64::consts::FRAC_PI_4;
            let p = Position::new(
                HA_NOI.latitude + 9.9 / KM_PER_DEGREE * angle.cos(),
                HA_NOI.longitude
                    + 9.9 / (KM_PER_DEGREE * HA_NOI.latitude.to_radians().cos()) * angle.sin(),
            )
            .expect("valid");
            assert!(HA_NOI.distance_km(&p) < 10.0);
            assert!(b.contains(&p), "{bearing}");
        }
        assert!(!b.contains(&TP_HCM));
    }

    #[test]
    fn bounding_box_near_a_pole_takes_every_longitude() {
        let b = BoundingBox::around(&Position::new(89.99, 0.0).expect("valid"), 50.0);
        assert_eq!((b.min_longitude, b.max_longitude), (-180.0, 180.0));
        assert_eq!(b.max_latitude, 90.0);
    }

    #[test]
    fn directions_by_coordinates_or_by_address() {
        assert_eq!(
            directions_url(Some(HA_NOI), &["12 Tràng Tiền"]),
            "https://www.google.com/maps/dir/?api=1&destination=21.0285,105.8542"
        );
        assert_eq!(
            directions_url(None, &["12 Tràng Tiền", "", "Phường Hoàn Kiếm", "Hà Nội"]),
            "https://www.google.com/maps/dir/?api=1&destination=\
             12+Tr%C3%A0ng+Ti%E1%BB%81n%2C+Ph%C6%B0%E1%BB%9Dng+Ho%C3%A0n+Ki%E1%BA%BFm%2C+H%C3%A0+N%E1%BB%99i"
        );
        // Characters that would end the parameter or the attribute are encoded.
        let url = directions_url(None, &["1 & 2 \"Lê Lợi\"#a"]);
        assert_eq!(url.matches('&').count(), 1, "{url}");
        assert!(
            url.ends_with("1+%26+2+%22L%C3%AA+L%E1%BB%A3i%22%23a"),
            "{url}"
        );
    }
}
