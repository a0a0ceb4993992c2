//! Password hashing with Argon2id (the argon2 crate's defaults: 19 MiB, 2 passes) in PHC
//! strings, and checking a password against a stored hash.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use super::AuthError;

pub fn hash(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AuthError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AuthError::Hash(e.to_string()))?;
    let hashed = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AuthError::Hash(e.to_string()))?;
    Ok(hashed.to_string())
}

/// False for a wrong password and for an unreadable stored hash.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A valid hash of a password nobody has, to spend the same time on unknown e-mail addresses.
pub const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3ydHh0t8D3kfZQkWZr9fvX4Qq3Q0O1p0RKw2dd8Qx1c";

/// Rules for a new password: long enough to resist guessing.
pub fn check_new(password: &str) -> Result<(), AuthError> {
    if password.chars().count() < 12 {
        return Err(AuthError::WeakPassword);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_salted_and_checks_only_the_right_password() {
        let first = hash("correct horse battery").unwrap();
        assert!(first.starts_with("$argon2id$"));
        assert_ne!(first, hash("correct horse battery").unwrap(), "a fresh salt each time");
        assert!(verify(&first, "correct horse battery"));
        assert!(!verify(&first, "correct horse batterY"));
        assert!(!verify("not a hash", "x"));
        assert!(!verify(DECOY_HASH, ""));
        assert!(check_new("kort").is_err() && check_new("lang genoeg wachtwoord").is_ok());
    }
}
