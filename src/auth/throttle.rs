//! Limits on password guessing, and the address key they count by.
//!
//! The threat: an attacker guesses one account's password from many addresses, or sprays a few
//! passwords over many accounts from one address; and a vandal without any password tries to
//! lock an owner out by spending the account's attempts. The design (OWASP ASVS 5.0 V6.1.1,
//! V6.3.1; NIST SP 800-63B 5.2.2) bounds the first two without granting the third:
//!
//! - **per address**: [`LOGINS_PER_ADDRESS`] attempts per 15 minutes from one address, on any
//!   accounts (spraying);
//! - **per account and address**: [`LOGINS_PER_ACCOUNT_ADDRESS`] attempts per 15 minutes on one
//!   account from one address;
//! - **per account, from unknown addresses**: [`LOGINS_PER_ACCOUNT_UNKNOWN`] attempts per hour
//!   on one account from all addresses that have not logged in to it successfully in the last
//!   [`KNOWN_FOR`](crate::db::models::login_address::KNOWN_FOR) days, together.
//!
//! An address becomes known to an account only by a successful login or sign-up, i.e. by
//! someone holding the password, so an attacker cannot make one. The owner logging in from an
//! address they used before is therefore never refused because of attempts from elsewhere;
//! only someone sharing that address (a NAT, the same IPv6 /64) can spend its budget. Guessing
//! stays bounded across all addresses: at most 20 per hour from everywhere unknown, plus 10 per
//! 15 minutes from each address that has already had the password. The price: while an account
//! is under attack its owner on a new address waits up to an hour (the 429 page asks them to
//! wait).
//!
//! Every attempt counts, right or wrong, and is counted before the password is checked, so
//! concurrent attempts cannot slip past a limit (see [`RateLimit::hit`]). Limits are keyed by
//! email, whether or not an account has it, so a 429 tells nothing about which emails exist.
//!
//! Addresses are keyed by [`address_key`]: an IPv6 client usually holds a whole /64, so
//! counting its single addresses would give it 2^64 budgets.

use std::net::{IpAddr, Ipv6Addr};

use chrono::Duration;

use crate::db::DbConnection;
use crate::db::models::rate_limit::RateLimit;

/// Login attempts per address, on any accounts, per 15 minutes.
pub const LOGINS_PER_ADDRESS: i64 = 30;
/// Login attempts on one account from one address per 15 minutes.
pub const LOGINS_PER_ACCOUNT_ADDRESS: i64 = 10;
/// Login attempts on one account from all its unknown addresses together, per hour.
pub const LOGINS_PER_ACCOUNT_UNKNOWN: i64 = 20;
/// Checks of the current password on the password-change page, per account per 15 minutes.
pub const PASSWORD_CHECKS_PER_ACCOUNT: i64 = 10;
/// Sign-ups per address per 15 minutes.
pub const SIGNUPS_PER_ADDRESS: i64 = 10;

/// Longest email (in characters) kept in a bucket name (RFC 5321 allows 254 characters in an address).
const MAX_EMAIL: usize = 320;

fn short_window() -> Duration {
    Duration::minutes(15)
}

/// The rate-limit key of a client address: an IPv4 address as it is (an IPv4-mapped IPv6
/// address counts as its IPv4 address), an IPv6 address as its /64 network (`2001:db8:1:2::/64`).
/// Anything that does not parse as an address is kept as it is.
pub fn address_key(address: &str) -> String {
    match address.trim().parse::<IpAddr>().map(crate::site::canonical) {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => {
            let network = u128::from(v6) & !(u128::from(u64::MAX));
            format!("{}/64", Ipv6Addr::from(network))
        }
        Err(_) => address.to_owned(),
    }
}

/// Whether a login attempt on `email` from `address` (an [`address_key`]) may go on to the
/// password check; `known` says the address logged in to this account recently. Records the
/// attempt in every bucket it passes.
pub fn admit_login(
    conn: &mut DbConnection,
    email: &str,
    address: &str,
    known: bool,
) -> diesel::QueryResult<bool> {
    // No account's email is this long; the cut only keeps junk from bloating bucket names.
    let email = email
        .char_indices()
        .nth(MAX_EMAIL)
        .map_or(email, |(cut, _)| &email[..cut]);
    if !RateLimit::hit(
        conn,
        &format!("login-ip:{address}"),
        LOGINS_PER_ADDRESS,
        short_window(),
    )? {
        return Ok(false);
    }
    if !RateLimit::hit(
        conn,
        &format!("login-account-ip:{email} {address}"),
        LOGINS_PER_ACCOUNT_ADDRESS,
        short_window(),
    )? {
        return Ok(false);
    }
    if known {
        return Ok(true);
    }
    RateLimit::hit(
        conn,
        &format!("login-account:{email}"),
        LOGINS_PER_ACCOUNT_UNKNOWN,
        Duration::hours(1),
    )
}

/// Whether the signed-in account `user_id` may have its current password checked again (the
/// password-change page: a stolen session must not become a password oracle).
pub fn admit_password_check(conn: &mut DbConnection, user_id: i32) -> diesel::QueryResult<bool> {
    RateLimit::hit(
        conn,
        &format!("password-check:{user_id}"),
        PASSWORD_CHECKS_PER_ACCOUNT,
        short_window(),
    )
}

/// Whether `address` may sign up once more.
pub fn admit_signup(conn: &mut DbConnection, address: &str) -> diesel::QueryResult<bool> {
    RateLimit::hit(
        conn,
        &format!("signup-ip:{address}"),
        SIGNUPS_PER_ADDRESS,
        short_window(),
    )
}

/// Requests for a mailed link (forgotten password, a new confirmation link) per address per
/// 15 minutes. Each recipient also gets at most a few such mails an hour
/// (`actions::mail_accounts`), so neither form can flood a mailbox.
pub const MAIL_REQUESTS_PER_ADDRESS: i64 = 10;

/// Whether `address` may ask for one more mailed link.
pub fn admit_mail_request(conn: &mut DbConnection, address: &str) -> diesel::QueryResult<bool> {
    RateLimit::hit(
        conn,
        &format!("mail-request-ip:{address}"),
        MAIL_REQUESTS_PER_ADDRESS,
        short_window(),
    )
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn ipv4_is_kept_whole() {
        assert_eq!(address_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("203.0.113.8"), "203.0.113.8");
    }

    #[test]
    fn ipv4_mapped_ipv6_counts_as_ipv4() {
        assert_eq!(address_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("::ffff:cb00:7107"), "203.0.113.7");
    }

    #[test]
    fn ipv6_is_grouped_by_its_64() {
        let key = address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        assert_eq!(key, "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2::1"), key);
        assert_eq!(address_key("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff"), key);
        assert_ne!(address_key("2001:db8:1:3::1"), key);
        assert_eq!(address_key("::1"), "::/64");
    }

    #[test]
    fn other_values_are_kept() {
        assert_eq!(address_key("unknown"), "unknown");
    }
}
