//! Password hashing with Argon2id (the argon2 crate's defaults: 19 MiB, 2 passes) in PHC
//! strings, and checking a password against a stored hash, off the async workers, few at a time.

use std::sync::{Arc, LazyLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::Semaphore;

use super::{AuthError, MAX_PASSWORD_BYTES};

/// Hashes that run at once (each takes 19 MiB and a core for tens of milliseconds); the rest
/// wait their turn, so a flood of sign-ins queues instead of exhausting the server.
pub const HASHING_AT_ONCE: usize = 2;

static HASHING: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(HASHING_AT_ONCE)));

/// Runs `work` on tokio's blocking threads once a hashing permit is free. The permit goes with
/// the work, so it is held until the hash is done even when the caller stops waiting.
async fn off_the_workers<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AuthError> {
    let permit = Arc::clone(&HASHING).acquire_owned().await.map_err(|e| AuthError::Hash(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(|e| AuthError::Hash(e.to_string()))
}

pub async fn hash(password: &str) -> Result<String, AuthError> {
    let password = password.to_owned();
    off_the_workers(move || hash_now(&password)).await?
}

/// `Ok(false)` for a wrong password and for an unreadable stored hash; `Err` only when the
/// check could not run.
pub async fn verify(stored: &str, password: &str) -> Result<bool, AuthError> {
    let (stored, password) = (stored.to_owned(), password.to_owned());
    off_the_workers(move || verify_now(&stored, &password)).await
}

fn hash_now(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AuthError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AuthError::Hash(e.to_string()))?;
    let hashed = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| AuthError::Hash(e.to_string()))?;
    Ok(hashed.to_string())
}

fn verify_now(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A valid hash of a password nobody has, to spend the same time on unknown e-mail addresses.
pub const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3ydHh0t8D3kfZQkWZr9fvX4Qq3Q0O1p0RKw2dd8Qx1c";

/// Rules for a new password: long enough to resist guessing, short enough to sign in with.
pub fn check_new(password: &str) -> Result<(), AuthError> {
    if password.chars().count() < 12 {
        return Err(AuthError::WeakPassword);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AuthError::LongPassword);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_salted_and_checks_only_the_right_password() {
        let first = hash("correct horse battery").await.unwrap();
        assert!(first.starts_with("$argon2id$"));
        assert_ne!(first, hash("correct horse battery").await.unwrap(), "a fresh salt each time");
        assert!(verify(&first, "correct horse battery").await.unwrap());
        assert!(!verify(&first, "correct horse batterY").await.unwrap());
        assert!(!verify("not a hash", "x").await.unwrap());
        assert!(!verify(DECOY_HASH, "").await.unwrap());
        assert!(check_new("kort").is_err() && check_new("lang genoeg wachtwoord").is_ok());
        assert!(matches!(check_new(&"x".repeat(MAX_PASSWORD_BYTES + 1)), Err(AuthError::LongPassword)));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_permitted_hashes_run_at_once() {
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let jobs = (0..8).map(|_| {
            tokio::spawn(off_the_workers(|| {
                let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                MOST.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                RUNNING.fetch_sub(1, Ordering::SeqCst);
            }))
        });
        for job in jobs.collect::<Vec<_>>() {
            job.await.expect("joined").expect("ran");
        }
        assert!(MOST.load(Ordering::SeqCst) <= HASHING_AT_ONCE);
    }
}
