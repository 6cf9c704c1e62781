//! Bearer tokens: which portal may evaluate, and who may reload. A token file holds one token a
//! line, `NAME TOKEN` (or a bare token, named by its line); `#` starts a comment. Tokens are
//! compared in constant time and never logged; the log names the token.

use std::path::Path;

use axum::http::{header, HeaderMap};
use subtle::ConstantTimeEq;

/// A named token.
struct Token {
    name: String,
    secret: Vec<u8>,
}

/// The tokens one kind of access accepts; none means open access.
#[derive(Default)]
pub struct Tokens {
    tokens: Vec<Token>,
}

/// What the request may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// No tokens are configured.
    Open,
    /// A token matched: its name.
    Granted(String),
    /// Tokens are required and none matched.
    Denied,
}

impl Tokens {
    /// Reads a token file.
    pub fn read(path: &Path) -> std::io::Result<Tokens> {
        let text = std::fs::read_to_string(path)?;
        let mut tokens = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, secret) = match line.split_once(char::is_whitespace) {
                Some((name, secret)) => (name.to_string(), secret.trim()),
                None => (format!("line-{}", number + 1), line),
            };
            tokens.push(Token {
                name,
                secret: secret.as_bytes().to_vec(),
            });
        }
        if tokens.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} holds no token", path.display()),
            ));
        }
        Ok(Tokens { tokens })
    }

    /// Whether any token is required.
    pub fn required(&self) -> bool {
        !self.tokens.is_empty()
    }

    /// Checks the request's `Authorization: Bearer` header against every token, each in
    /// constant time, and all of them whatever matches first.
    pub fn check(&self, headers: &HeaderMap) -> Access {
        if self.tokens.is_empty() {
            return Access::Open;
        }
        let Some(given) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Access::Denied;
        };
        let mut granted = None;
        for token in &self.tokens {
            if bool::from(token.secret.as_slice().ct_eq(given.trim().as_bytes())) && granted.is_none() {
                granted = Some(token.name.clone());
            }
        }
        granted.map_or(Access::Denied, Access::Granted)
    }
}
