//! Every refusal the service gives, as data: a status and the `{path, reason}` error every host
//! gives, with a stable code for the refusals that are the service's own.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

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
    /// Why, in words a person reads.
    pub reason: String,
    /// A stable code for refusals of the service itself (`too_large`, `unknown_hall`…); absent
    /// for a refused case, whose error is the evaluator's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// A refusal of the service's own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("no hall `{0}` is served here")]
    UnknownHall(String),
    #[error("the case is larger than this service's limit of {0} bytes")]
    TooLarge(usize),
    #[error("the request body must be {expected}, not `{given}`")]
    MediaType { expected: &'static str, given: String },
    #[error("the request body could not be read: {0}")]
    Body(String),
    #[error("the query is not valid: {0}")]
    Query(String),
    #[error("evaluation stopped: it ran longer than its time limit of {0} ms")]
    TimeLimit(u128),
    #[error("evaluation stopped: it exceeded its memory cap of {0} MiB")]
    MemoryLimit(usize),
    #[error("the service is at its limit of waiting requests; try again shortly")]
    Overloaded,
    #[error("a bearer token is required")]
    Unauthorized,
    #[error("this needs the admin token")]
    Forbidden,
    #[error("the component failed: {0}")]
    Component(String),
    #[error("no such endpoint: {0}")]
    NotFound(String),
}

impl ApiError {
    /// The HTTP status of the refusal.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::UnknownHall(_) | ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
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

    /// The error as its JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                path: match self {
                    ApiError::Query(_) => "as_of".to_string(),
                    _ => String::new(),
                },
                reason: self.to_string(),
                code: Some(self.code()),
            },
        }
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
