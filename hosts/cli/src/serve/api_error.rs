//! Every refusal the service gives, as data: a status and the `{path, reason, code, args}` error
//! every host gives. A refused case's error is the evaluator's; the service's own refusals have
//! codes of their own, worded from the catalogues in the language the request accepts.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hallpolicy_runtime::message::{render, Arg, Args};
use hallpolicy_runtime::{Lang, Message};
use serde::Serialize;

tokio::task_local! {
    /// The language the request being answered accepts, for refusals made anywhere in its handler.
    static RESPONSE_LANG: Lang;
}

/// Middleware: answers the request, its refusals worded in the language it accepts.
pub async fn in_accepted_language(request: Request, next: Next) -> Response {
    let lang = super::routes::accepted_lang(request.headers());
    let mut response = RESPONSE_LANG.scope(lang, next.run(request)).await;
    // Words differ by language, so a cache between portal and service must key on it.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// The language of the request being answered; Chinese outside one.
pub fn response_lang() -> Lang {
    RESPONSE_LANG.try_with(|lang| *lang).unwrap_or_default()
}

/// The body of every error response: `{"error": {...}}`, as `hall eval --format json` prints a
/// refused case.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[schemars(rename = "ErrorResponse")]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What was refused and why.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ErrorDetail {
    /// The JSON path of the offending field in the case (`events[2].at`), or `""` for the case
    /// as a whole or the request.
    pub path: String,
    /// Why, in words a person reads: Chinese, or the language `Accept-Language` asks for.
    pub reason: String,
    /// A stable code: the service's own (`too_large`, `unknown_hall`…) or, for a refused case,
    /// the evaluator's (`case-no-such-day`…, listed in `engine/runtime/MESSAGES.md`).
    pub code: String,
    /// The named values the reason is made of.
    pub args: Args,
}

/// A refusal of the service's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    UnknownHall(String),
    TooLarge(usize),
    /// A line of a batch above the case size limit.
    LineTooLarge(usize),
    MediaType {
        expected: &'static str,
        given: String,
    },
    Body(String),
    Query(String),
    TimeLimit(u128),
    MemoryLimit(usize),
    Overloaded,
    Unauthorized,
    Forbidden,
    Component(String),
    NotFound(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::Zh))
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The HTTP status of the refusal.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::UnknownHall(_) | ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) | ApiError::LineTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::MediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Body(_) | ApiError::Query(_) => StatusCode::BAD_REQUEST,
            ApiError::TimeLimit(_) | ApiError::MemoryLimit(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::Component(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code a portal words its own message by.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::UnknownHall(_) => "unknown_hall",
            ApiError::NotFound(_) => "not_found",
            ApiError::TooLarge(_) => "too_large",
            ApiError::LineTooLarge(_) => "invalid_line",
            ApiError::MediaType { .. } => "unsupported_media_type",
            ApiError::Body(_) => "unreadable_body",
            ApiError::Query(_) => "invalid_query",
            ApiError::TimeLimit(_) => "time_limit",
            ApiError::MemoryLimit(_) => "memory_limit",
            ApiError::Overloaded => "overloaded",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::Component(_) => "component_failed",
        }
    }

    /// The values the words are made of, named as the catalogues name them.
    pub fn args(&self) -> Args {
        let text = |name: &'static str, value: &str| (name.into(), Arg::Text(value.to_string()));
        let number = |name: &'static str, value: i64| (name.into(), Arg::Number(value));
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        Args(match self {
            ApiError::UnknownHall(hall) => vec![text("hall", hall)],
            ApiError::TooLarge(limit) | ApiError::LineTooLarge(limit) => vec![number("limit", count(*limit))],
            ApiError::MediaType { expected, given } => vec![text("expected", expected), text("given", given)],
            ApiError::Body(detail) | ApiError::Query(detail) | ApiError::Component(detail) => {
                vec![text("detail", detail)]
            }
            ApiError::TimeLimit(ms) => vec![number("limit", i64::try_from(*ms).unwrap_or(i64::MAX))],
            ApiError::MemoryLimit(mib) => vec![number("limit", count(*mib))],
            ApiError::NotFound(path) => vec![text("path", path)],
            ApiError::Overloaded | ApiError::Unauthorized | ApiError::Forbidden => Vec::new(),
        })
    }

    /// The refusal in `lang`'s words, from the catalogue entry `service-<code>`.
    pub fn words(&self, lang: Lang) -> String {
        let message = Message {
            code: format!("service-{}", self.code().replace('_', "-")).into(),
            args: self.args(),
            text: String::new(),
        };
        render(&message, lang)
    }

    /// The error as its JSON body, worded in `lang`.
    pub fn body_in(&self, lang: Lang) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                path: match self {
                    ApiError::Query(_) => "as_of".to_string(),
                    _ => String::new(),
                },
                reason: self.words(lang),
                code: self.code().to_string(),
                args: self.args(),
            },
        }
    }

    /// The error as its JSON body, worded in the language of the request being answered.
    pub fn body(&self) -> ErrorBody {
        self.body_in(response_lang())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut text = serde_json::to_string(&self.body()).unwrap_or_default();
        text.push('\n');
        let mut response = (self.status(), json_headers(), text).into_response();
        match self {
            ApiError::Overloaded => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            ApiError::Unauthorized => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// The content type of every JSON answer.
pub fn json_headers() -> [(header::HeaderName, HeaderValue); 1] {
    [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_words_in_both_languages() {
        let all = [
            ApiError::UnknownHall("h".into()),
            ApiError::TooLarge(1),
            ApiError::LineTooLarge(1),
            ApiError::MediaType {
                expected: "application/json",
                given: "text/plain".into(),
            },
            ApiError::Body("x".into()),
            ApiError::Query("x".into()),
            ApiError::TimeLimit(1),
            ApiError::MemoryLimit(1),
            ApiError::Overloaded,
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::Component("x".into()),
            ApiError::NotFound("/x".into()),
        ];
        for refusal in all {
            let (zh, en) = (refusal.words(Lang::Zh), refusal.words(Lang::En));
            assert!(
                !zh.starts_with("service-") && !en.starts_with("service-"),
                "{refusal:?}"
            );
            let chinese = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(chinese(&zh) && !chinese(&en), "{zh} / {en}");
        }
    }
}
