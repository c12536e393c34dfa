//! What online voting needs besides the database: the vote's secret keys, voters' identities
//! (an address normalised, then a keyed hash of it), their contact addresses encrypted, the
//! receipt code a confirmed ballot gets, and the proof-of-work challenges (ALTCHA) on ballot
//! and confirmation requests.
//!
//! One master key ([`VoteKeys::load`]) gives every key by HMAC with a label, so each has one
//! purpose. It comes from `HANGVIET_VOTE_KEY` (64 hex digits: what several machines sharing
//! one database must all be given), else from `keys/vote.key` in the data directory, made on
//! first start. Without the key, the identity hashes in a stolen database cannot be matched to
//! addresses by trying likely ones, nor the contacts read.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::text::hex;

type HmacSha256 = Hmac<Sha256>;

/// Zero bits a proof-of-work's derived key must start with, by default: 16 bits, about
/// 65,000 SHA-256 hashes for the voter's phone (a second or two, done while they pick), one
/// for the server whatever the difficulty. `HANGVIET_VOTE_POW_BITS` changes it (4 to 24, in
/// steps of 4: the prefix is hex digits).
pub const POW_BITS: u32 = 16;
/// How long a challenge may be answered, in seconds.
pub const POW_LIFETIME_SECS: i64 = 30 * 60;

/// The vote's keys, each derived from the master key for one purpose.
#[derive(Clone)]
pub struct VoteKeys {
    identity: [u8; 32],
    contact: [u8; 32],
    receipt: [u8; 32],
    shuffle: [u8; 32],
    pow: String,
    /// The hex prefix answers must have ([`POW_BITS`]).
    pow_prefix: String,
}

impl std::fmt::Debug for VoteKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VoteKeys(…)")
    }
}

/// HMAC-SHA-256 keyed with `key`.
fn mac(key: &[u8]) -> HmacSha256 {
    <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length")
}

fn derive(master: &[u8], label: &str) -> [u8; 32] {
    let mut mac = mac(master);
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

fn parse_hex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

impl VoteKeys {
    pub fn from_master(master: &[u8]) -> VoteKeys {
        VoteKeys {
            identity: derive(master, "hangviet vote identity"),
            contact: derive(master, "hangviet vote contact"),
            receipt: derive(master, "hangviet vote receipt"),
            shuffle: derive(master, "hangviet vote shuffle"),
            pow: hex(&derive(master, "hangviet vote proof-of-work")),
            pow_prefix: "0".repeat((POW_BITS / 4) as usize),
        }
    }

    /// The same keys asking `bits` zero bits of proof of work (4 to 24, a multiple of 4).
    pub fn with_pow_bits(mut self, bits: u32) -> anyhow::Result<VoteKeys> {
        anyhow::ensure!(
            (4..=24).contains(&bits) && bits.is_multiple_of(4),
            "HANGVIET_VOTE_POW_BITS must be 4, 8, … or 24"
        );
        self.pow_prefix = "0".repeat((bits / 4) as usize);
        Ok(self)
    }

    /// The keys from `configured` (64 hex digits), else from `DATA_DIR/keys/vote.key`, which
    /// is made (readable by its owner only) when missing.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<VoteKeys> {
        if let Some(text) = configured.filter(|t| !t.trim().is_empty()) {
            let master = parse_hex(text)
                .filter(|k| k.len() == 32)
                .ok_or_else(|| anyhow::anyhow!("HANGVIET_VOTE_KEY must be 64 hex digits"))?;
            return Ok(VoteKeys::from_master(&master));
        }
        let path = data_dir.join("keys").join("vote.key");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let master = parse_hex(&text)
                .filter(|k| k.len() == 32)
                .ok_or_else(|| anyhow::anyhow!("{} is not 64 hex digits", path.display()))?;
            return Ok(VoteKeys::from_master(&master));
        }
        let mut master = [0u8; 32];
        OsRng.fill_bytes(&mut master);
        std::fs::create_dir_all(data_dir.join("keys"))?;
        write_private(&path, &format!("{}\n", hex(&master)))?;
        // Two processes starting at once: whichever file landed is the key.
        let text = std::fs::read_to_string(&path)?;
        let master = parse_hex(&text)
            .filter(|k| k.len() == 32)
            .ok_or_else(|| anyhow::anyhow!("{} is not 64 hex digits", path.display()))?;
        Ok(VoteKeys::from_master(&master))
    }

    /// The keyed hash of a normalised identity ([`normalise_email`]): what makes one live
    /// ballot per voter, without keeping who.
    pub fn identity_hash(&self, normalised: &str) -> String {
        let mut mac = mac(&self.identity);
        mac.update(normalised.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A phone ballot's code as stored: keyed, and bound to its link's token, so it is no
    /// use without the link and cannot be found by trying the million codes offline.
    pub fn code_hash(&self, token: &str, code: &str) -> String {
        let mut mac = mac(&self.identity);
        mac.update(b"code\0");
        mac.update(token.as_bytes());
        mac.update(b"\0");
        mac.update(code.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A contact address, encrypted (ChaCha20-Poly1305, a random nonce first), as hex.
    pub fn seal_contact(&self, contact: &str) -> String {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.contact));
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), contact.as_bytes())
            .unwrap_or_default();
        format!("{}{}", hex(&nonce), hex(&sealed))
    }

    /// A contact sealed by [`VoteKeys::seal_contact`]; `None` if it was not (or another key).
    pub fn open_contact(&self, sealed: &str) -> Option<String> {
        let bytes = parse_hex(sealed)?;
        if bytes.len() < 12 + 16 {
            return None;
        }
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.contact));
        let plain = cipher
            .decrypt(Nonce::from_slice(&bytes[..12]), &bytes[12..])
            .ok()?;
        String::from_utf8(plain).ok()
    }

    /// The receipt code of the ballot confirmed with link `token`: only whoever holds the
    /// link can know it. Twelve characters of Crockford's base 32 in groups of four
    /// (`7K3M-9QXP-2DHW`, 60 bits).
    pub fn receipt_code(&self, token: &str) -> String {
        let mut mac = mac(&self.receipt);
        mac.update(token.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bits = u64::from_be_bytes(digest[..8].try_into().unwrap_or_default());
        let mut out = String::new();
        for i in 0..12 {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(char::from(CROCKFORD[(bits >> 59) as usize]));
            bits <<= 5;
        }
        out
    }

    /// A ballot's place in the published (shuffled) order: unrelated to when it was cast,
    /// and the same each time the files are written.
    pub fn shuffle_key(&self, ballot_id: i32) -> String {
        let mut mac = mac(&self.shuffle);
        mac.update(&ballot_id.to_be_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A new proof-of-work challenge for `purpose` (`ballot`, `confirm`), as the JSON the
    /// page's solver reads.
    pub fn challenge(&self, purpose: &str, now_unix: i64) -> String {
        let mut data = std::collections::BTreeMap::new();
        data.insert("purpose".to_owned(), serde_json::Value::from(purpose));
        let challenge = altcha::create_challenge(altcha::CreateChallengeOptions {
            algorithm: "SHA-256".to_owned(),
            cost: 1,
            data: Some(data),
            expires_at: Some(now_unix + POW_LIFETIME_SECS),
            hmac_signature_secret: Some(self.pow.clone()),
            key_prefix: self.pow_prefix.clone(),
            ..Default::default()
        });
        challenge
            .ok()
            .and_then(|c| serde_json::to_string(&c).ok())
            .unwrap_or_default()
    }

    /// Checks an answered challenge (`{"challenge": …, "solution": …}`) for `purpose`: the
    /// nonce to spend (each challenge is good once), or why not.
    pub fn check_pow(&self, payload: &str, purpose: &str) -> Result<String, PowError> {
        if payload.len() > 4_000 {
            return Err(PowError::Missing);
        }
        let payload: altcha::Payload =
            serde_json::from_str(payload).map_err(|_| PowError::Missing)?;
        let params = &payload.challenge.parameters;
        let for_purpose = params
            .data
            .as_ref()
            .and_then(|d| d.get("purpose"))
            .and_then(|p| p.as_str())
            == Some(purpose);
        let verified = altcha::verify_solution(altcha::VerifySolutionOptions::new(
            &payload.challenge,
            &payload.solution,
            self.pow.clone(),
        ));
        match verified {
            Ok(r) if r.expired => Err(PowError::Expired),
            // A valid signature means these are our own parameters.
            Ok(r) if r.verified && for_purpose && params.key_prefix == self.pow_prefix => {
                Ok(params.nonce.clone())
            }
            _ => Err(PowError::Invalid),
        }
    }
}

/// Why an answered challenge was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PowError {
    #[error("no answered challenge")]
    Missing,
    #[error("the challenge expired")]
    Expired,
    #[error("the challenge was not answered")]
    Invalid,
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A receipt code as typed by a voter, in its canonical form: upper case, `I`/`L` read as
/// 1, `O` as 0, groups of four; `None` if it cannot be one.
pub fn canonical_receipt(typed: &str) -> Option<String> {
    let mut chars = Vec::new();
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            '-' | ' ' => continue,
            c => c,
        };
        if !CROCKFORD.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        chars.push(c);
    }
    if chars.len() != 12 {
        return None;
    }
    Some(
        chars
            .chunks(4)
            .map(|g| g.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

/// SHA-256 (hex) of a canonical receipt code: what the database keeps and the published
/// list shows.
pub fn receipt_hash(code: &str) -> String {
    hex(&Sha256::digest(code.as_bytes()))
}

/// Providers that deliver `name+anything@` to `name@`, and those (Gmail) that also ignore
/// dots in the name. One mailbox must not make several voters.
const PLUS_TAGS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "fastmail.com",
    "yandex.com",
    "zoho.com",
];
const IGNORES_DOTS: &[&str] = &["gmail.com", "googlemail.com"];

/// Why an address cannot identify a voter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
    Malformed,
    Disposable,
}

/// An address as one voter: lower case, Gmail's dots and the `+tags` of providers that ignore
/// them dropped, `googlemail.com` read as `gmail.com`. Throw-away domains are refused.
pub fn normalise_email(address: &str) -> Result<String, AddressError> {
    let address = address.trim().to_lowercase();
    if crate::validate::email(&address).is_err() {
        return Err(AddressError::Malformed);
    }
    if !mailchecker::is_valid(&address) {
        // Its list holds the throw-away domains; the syntax was checked above.
        return Err(AddressError::Disposable);
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(AddressError::Malformed);
    };
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let mut local = local.to_owned();
    if PLUS_TAGS.contains(&domain)
        && let Some((name, _tag)) = local.split_once('+')
    {
        local = name.to_owned();
    }
    if IGNORES_DOTS.contains(&domain) {
        local.retain(|c| c != '.');
    }
    if local.is_empty() {
        return Err(AddressError::Malformed);
    }
    Ok(format!("{local}@{domain}"))
}

/// Where a phone voter's contact is kept: `tel:` and the number in international form, so
/// it cannot be mistaken for an address.
pub const PHONE_PREFIX: &str = "tel:";

/// A Vietnamese mobile number as one voter: spaces, dots, dashes and brackets dropped, the
/// country code (`+84`, `84`) or the trunk `0` read the same way, as `84` and the nine digits
/// of the subscriber number (a mobile one: starting 3, 5, 7, 8 or 9). `0912 345 678`,
/// `+84 912.345.678` → `84912345678`.
pub fn normalise_phone(number: &str) -> Result<String, AddressError> {
    if number.chars().count() > 32 {
        return Err(AddressError::Malformed);
    }
    let mut digits = String::new();
    let mut plus = false;
    for c in number.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            // One plus sign, before the digits.
            '+' if digits.is_empty() && !plus => plus = true,
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return Err(AddressError::Malformed),
        }
    }
    let national = if let Some(rest) = digits.strip_prefix("84").filter(|r| r.len() == 9) {
        rest
    } else if let Some(rest) = digits.strip_prefix('0').filter(|r| r.len() == 9) {
        rest
    } else {
        return Err(AddressError::Malformed);
    };
    if !national.starts_with(['3', '5', '7', '8', '9']) {
        return Err(AddressError::Malformed);
    }
    Ok(format!("84{national}"))
}

/// How long a phone ballot's code works, in minutes.
pub const CODE_LIFETIME_MINUTES: i64 = 15;
/// Wrong codes a phone ballot takes before its link stops working.
pub const MAX_CODE_TRIES: i32 = 5;

/// A new six-digit code for a phone ballot, every code equally likely.
pub fn new_code() -> String {
    // The largest multiple of a million below 2^32: drawing under it keeps codes uniform.
    const BOUND: u32 = 4_294_000_000;
    loop {
        let n = OsRng.next_u32();
        if n < BOUND {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// A phone number as the pages show it back: `0912 345 678`.
pub fn shown_phone(international: &str) -> String {
    let national = international.strip_prefix("84").unwrap_or(international);
    if national.len() != 9 {
        return international.to_owned();
    }
    format!("0{} {} {}", &national[..3], &national[3..6], &national[6..])
}

/// An SMS gateway reached by mail: many carriers and SMS providers deliver a message sent
/// to `{number}@their-domain` as a text. Configured (`HANGVIET_SMS_GATEWAY`) as an address
/// with `{phone}` where the number goes, in international form without `+`
/// (`{phone}@sms.example.vn`); the mail outbox sends it, with its retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsGateway {
    template: String,
}

impl SmsGateway {
    /// The gateway of `template`; an error names what is wrong with it.
    pub fn parse(template: &str) -> Result<SmsGateway, String> {
        let template = template.trim();
        if template.matches("{phone}").count() != 1 {
            return Err(format!(
                "the SMS gateway {template:?} must hold {{phone}} once, as in {{phone}}@sms.example.vn"
            ));
        }
        let gateway = SmsGateway {
            template: template.to_owned(),
        };
        let sample = gateway.address("84912345678");
        if crate::validate::email(&sample).is_err() {
            return Err(format!(
                "the SMS gateway {template:?} does not make a mail address ({sample})"
            ));
        }
        Ok(gateway)
    }

    /// The address that texts `international` (as [`normalise_phone`] gives it).
    pub fn address(&self, international: &str) -> String {
        self.template.replace("{phone}", international)
    }
}

/// Writes a new file readable by its owner only (mode 0600 on Unix); fails if it exists.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => file.write_all(text.as_bytes()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> VoteKeys {
        VoteKeys::from_master(&[7; 32])
    }

    #[test]
    fn one_phone_is_one_voter_however_it_is_written() {
        for written in [
            "0912345678",
            "0912 345 678",
            "+84 912.345.678",
            "84912345678",
            "(+84) 912-345-678",
        ] {
            assert_eq!(
                normalise_phone(written).as_deref(),
                Ok("84912345678"),
                "{written}"
            );
        }
        for bad in [
            "",
            "091234567",
            "09123456789",
            "0212345678",
            "+1 912 345 678",
            "0912345678\u{0}",
            "0912a45678",
            "091 234 567 8+",
        ] {
            assert_eq!(
                normalise_phone(bad),
                Err(AddressError::Malformed),
                "{bad:?}"
            );
        }
        assert_eq!(shown_phone("84912345678"), "0912 345 678");
    }

    #[test]
    fn the_sms_gateway_is_an_address_with_the_number() {
        let g = SmsGateway::parse("{phone}@sms.example.vn").expect("a gateway");
        assert_eq!(g.address("84912345678"), "84912345678@sms.example.vn");
        assert!(SmsGateway::parse("sms.example.vn").is_err());
        assert!(SmsGateway::parse("{phone}{phone}@x.vn").is_err());
        assert!(SmsGateway::parse("{phone} @bad").is_err());
    }

    #[test]
    fn a_code_is_bound_to_its_link() {
        let k = keys();
        assert_eq!(k.code_hash("t1", "123456"), k.code_hash("t1", "123456"));
        assert_ne!(k.code_hash("t1", "123456"), k.code_hash("t2", "123456"));
        assert_ne!(k.code_hash("t1", "123456"), k.code_hash("t1", "123457"));
    }

    #[test]
    fn one_mailbox_is_one_voter() {
        let same = [
            "Nguyen.Van.An+binhchon@Gmail.com",
            "nguyenvanan@gmail.com",
            "nguyen.vanan@googlemail.com",
        ];
        for a in same {
            assert_eq!(
                normalise_email(a).as_deref(),
                Ok("nguyenvanan@gmail.com"),
                "{a}"
            );
        }
        // Dots matter and tags are kept where the provider does not ignore them.
        assert_eq!(
            normalise_email("a.b+x@example.vn").as_deref(),
            Ok("a.b+x@example.vn")
        );
        assert_eq!(
            normalise_email("a.b+x@outlook.com").as_deref(),
            Ok("a.b@outlook.com")
        );
        assert_eq!(
            normalise_email("x@mailinator.com"),
            Err(AddressError::Disposable)
        );
        assert_eq!(
            normalise_email("not an address"),
            Err(AddressError::Malformed)
        );
        assert_eq!(
            normalise_email("+tag@gmail.com"),
            Err(AddressError::Malformed)
        );
        let k = keys();
        assert_eq!(
            k.identity_hash("nguyenvanan@gmail.com"),
            k.identity_hash("nguyenvanan@gmail.com")
        );
        assert_ne!(
            k.identity_hash("nguyenvanan@gmail.com"),
            VoteKeys::from_master(&[8; 32]).identity_hash("nguyenvanan@gmail.com"),
            "keyed"
        );
    }

    #[test]
    fn contacts_open_only_with_their_key() {
        let k = keys();
        let sealed = k.seal_contact("an@example.vn");
        assert!(!sealed.contains("example"));
        assert_eq!(k.open_contact(&sealed).as_deref(), Some("an@example.vn"));
        assert_ne!(
            sealed,
            k.seal_contact("an@example.vn"),
            "a fresh nonce each time"
        );
        assert_eq!(VoteKeys::from_master(&[8; 32]).open_contact(&sealed), None);
        assert_eq!(k.open_contact("zz"), None);
    }

    #[test]
    fn receipts_are_typed_forgivingly() {
        let code = keys().receipt_code("token");
        assert_eq!(code.len(), 14);
        assert_eq!(canonical_receipt(&code).as_deref(), Some(code.as_str()));
        assert_eq!(
            canonical_receipt(&code.to_lowercase().replace('-', " ")).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(
            canonical_receipt("1O2L-abcd-efgh").as_deref(),
            Some("1021-ABCD-EFGH")
        );
        assert_eq!(
            canonical_receipt("ABCD-EFGH-UUUU"),
            None,
            "U is not a digit"
        );
        assert_eq!(canonical_receipt("ABCD"), None);
    }

    #[test]
    fn a_challenge_is_answered_once_for_its_purpose() {
        let k = keys();
        let now = chrono::Utc::now().timestamp();
        let json = k.challenge("ballot", now);
        let challenge: altcha::Challenge = serde_json::from_str(&json).expect("challenge");
        let solution = altcha::solve_challenge(altcha::SolveChallengeOptions::new(&challenge))
            .expect("solves")
            .expect("in time");
        let payload = serde_json::to_string(&altcha::Payload {
            challenge: challenge.clone(),
            solution: solution.clone(),
        })
        .expect("json");
        assert_eq!(
            k.check_pow(&payload, "ballot"),
            Ok(challenge.parameters.nonce)
        );
        assert_eq!(k.check_pow(&payload, "confirm"), Err(PowError::Invalid));
        assert_eq!(
            VoteKeys::from_master(&[8; 32]).check_pow(&payload, "ballot"),
            Err(PowError::Invalid)
        );
        let wrong = payload.replace(
            &format!("\"counter\":{}", solution.counter),
            &format!("\"counter\":{}", solution.counter + 1),
        );
        assert_eq!(k.check_pow(&wrong, "ballot"), Err(PowError::Invalid));
        assert_eq!(k.check_pow("", "ballot"), Err(PowError::Missing));
        let old = k.challenge("ballot", now - 2 * POW_LIFETIME_SECS);
        let old: altcha::Challenge = serde_json::from_str(&old).expect("challenge");
        let solution = altcha::solve_challenge(altcha::SolveChallengeOptions::new(&old))
            .expect("solves")
            .expect("in time");
        let payload = serde_json::to_string(&altcha::Payload {
            challenge: old,
            solution,
        })
        .expect("json");
        assert_eq!(k.check_pow(&payload, "ballot"), Err(PowError::Expired));
    }
}
