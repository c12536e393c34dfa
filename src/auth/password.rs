//! Password rules and Argon2id hashing. Hashing is CPU-heavy: it runs on the blocking pool,
//! at most one per core at a time, so a burst of logins cannot starve page rendering.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;
use tokio::sync::Semaphore;

use crate::error::AppError;
use crate::i18n::Msg;

pub const MIN_CHARS: usize = 8;
/// Long passphrases are welcome; this only stops abuse of the hasher.
pub const MAX_CHARS: usize = 256;

/// Passwords everyone tries first, lowercased; refused whatever their length.
const COMMON: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "123123123",
    "11111111",
    "00000000",
    "88888888",
    "66666666",
    "99999999",
    "12341234",
    "87654321",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "iloveyou",
    "qwertyui",
    "qwertyuiop",
    "qwerty123",
    "abcd1234",
    "abc12345",
    "abc123456",
    "1qaz2wsx",
    "zaq12wsx",
    "aa123456",
    "a1234567",
    "matkhau",
    "matkhau1",
    "matkhau123",
    "anhyeuem",
    "anhyeuem1",
    "emyeuanh",
    "yeuemmaimai",
    "vietnam1",
    "vietnam123",
    "hanoi123",
    "saigon123",
    "admin123",
    "administrator",
    "letmein1",
    "welcome1",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "trustno1",
    "11223344",
    "12121212",
    "147258369",
    "123654789",
    "987654321",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "asdfghjk",
    "zxcvbnm1",
    "hangviet",
    "hangviet123",
];

/// Checks a new password; the error is a catalogue message for the form.
pub fn check_policy(password: &str, email: &str) -> Result<(), Msg> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(Msg::new("auth-password-too-short").arg("min", MIN_CHARS));
    }
    if chars > MAX_CHARS {
        return Err(Msg::new("auth-password-too-long").arg("max", MAX_CHARS));
    }
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if COMMON.contains(&lower.as_str()) || (!local.is_empty() && lower == local) {
        return Err(Msg::new("auth-password-common"));
    }
    Ok(())
}

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS
        .get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// Hashes with Argon2id and a random salt (PHC string).
pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// Checks `password` against a stored PHC string.
pub fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

pub async fn hash(password: String) -> Result<String, AppError> {
    let _permit = permits().acquire().await.map_err(AppError::internal)?;
    actix_web::web::block(move || hash_blocking(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

/// Verifies; with no stored hash (unknown email) it verifies against a dummy one, so a wrong
/// email takes as long as a wrong password.
pub async fn verify(password: String, hash: Option<String>) -> Result<bool, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let _permit = permits().acquire().await.map_err(AppError::internal)?;
    actix_web::web::block(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| hash_blocking("not a real password").unwrap_or_default())
                .clone()
        });
        verify_blocking(&password, &hash) && known
    })
    .await
    .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert!(check_policy("ngắn", "a@b.vn").is_err());
        let short = check_policy("ngắn", "a@b.vn").expect_err("too short");
        assert_eq!(
            crate::i18n::Locale::Vi.msg(&short),
            "Mật khẩu cần ít nhất 8 ký tự."
        );
        let long = check_policy(&"a".repeat(MAX_CHARS + 1), "a@b.vn").expect_err("too long");
        assert_eq!(
            crate::i18n::Locale::Vi.msg(&long),
            "Mật khẩu dài tối đa 256 ký tự."
        );
        assert!(check_policy("password", "a@b.vn").is_err());
        assert!(
            check_policy("Matkhau123", "a@b.vn").is_err(),
            "case does not help"
        );
        assert!(
            check_policy("nguyenvana", "nguyenvana@b.vn").is_err(),
            "not the email"
        );
        assert!(check_policy("Hoa sen trắng nở giữa đầm 2025", "a@b.vn").is_ok());
        assert!(
            check_policy(&"đ".repeat(64), "a@b.vn").is_ok(),
            "64+ and Vietnamese accepted"
        );
        assert!(check_policy(&"x".repeat(300), "a@b.vn").is_err());
    }

    #[test]
    fn hash_and_verify() {
        let h = hash_blocking("Mật khẩu rất dài 123").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_blocking("Mật khẩu rất dài 123", &h));
        assert!(!verify_blocking("mật khẩu rất dài 123", &h));
    }
}
