//! The endpoints, and what every evaluating request goes through: token, hall, content type,
//! size, a place in the bounded queue, then a worker.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use tokio::sync::OwnedSemaphorePermit;

use super::access::Access;
use super::api_error::{json_headers, response_lang, ApiError};
use super::decision_log::{sha256_hex, Decision};
use super::halls::{self, Hall, Halls, LoadError};
use super::{batch_route, clock, openapi, Service};
use crate::component_host::{checked_utf8, HostError};
use hallpolicy_runtime::Lang;

/// Every route of the service.
pub fn router(service: Arc<Service>) -> Router {
    Router::new()
        .route("/v1/halls", get(list_halls))
        .route("/v1/halls/{hall}", get(describe_hall))
        .route("/v1/halls/{hall}/evaluate", post(evaluate))
        .route("/v1/halls/{hall}/evaluate-batch", post(batch_route::evaluate_batch))
        .route("/v1/admin/reload", post(admin_reload))
        .route("/openapi.json", get(openapi_document))
        .route("/docs", get(docs))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback(|uri: axum::http::Uri| async move { ApiError::NotFound(uri.path().to_string()) })
        .layer(axum::middleware::from_fn(super::api_error::in_accepted_language))
        .with_state(service)
}

/// `?as_of=`: the moment to evaluate at, as on the CLI.
#[derive(Debug, Deserialize)]
pub struct AsOf {
    pub as_of: Option<String>,
}

/// A hall as `/v1/halls` lists it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct HallSummary {
    /// The id in `/v1/halls/{hall}`.
    pub id: String,
    pub hall_id: String,
    pub hall: String,
    pub policy_version: String,
    pub policy_hash: String,
    pub calendar_years: (i32, i32),
}

/// `GET /healthz` and `GET /readyz`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Health {
    pub status: &'static str,
    pub halls: usize,
}

/// What a reload did.
#[derive(Debug, Default, Serialize, schemars::JsonSchema)]
pub struct ReloadReport {
    /// Halls whose policy changed and now serve the new version.
    pub reloaded: Vec<String>,
    /// Halls whose policy is as it was.
    pub unchanged: Vec<String>,
    /// Policies that failed to load; the old version, if any, keeps serving.
    pub refused: Vec<RefusedPolicy>,
}

/// A policy a reload refused.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RefusedPolicy {
    pub path: String,
    pub reason: String,
}

fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let mut text = serde_json::to_string(value).unwrap_or_default();
    text.push('\n');
    (status, json_headers(), text).into_response()
}

/// The request's access to evaluation and descriptions.
pub fn authorize(service: &Service, headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    match service.tokens.check(headers) {
        Access::Open => Ok(None),
        Access::Granted(name) => Ok(Some(name)),
        Access::Denied => Err(ApiError::Unauthorized),
    }
}

/// The hall label of a request's metrics: its id, or `unknown` for a hall not served, so that
/// no client can grow the metrics without bound.
pub fn metric_label(service: &Service, id: &str) -> String {
    if service.halls().by_id.contains_key(id) {
        id.to_string()
    } else {
        "unknown".to_string()
    }
}

/// The hall a path names.
pub fn find_hall(service: &Service, id: &str) -> Result<Arc<Hall>, ApiError> {
    service
        .halls()
        .by_id
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::UnknownHall(id.to_string()))
}

/// Refuses a body that is not one of `accepted` content types.
pub fn require_content_type(headers: &HeaderMap, accepted: &[&'static str]) -> Result<(), ApiError> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = given.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if accepted.contains(&essence.as_str()) {
        Ok(())
    } else {
        Err(ApiError::MediaType {
            expected: accepted[0],
            given: given.to_string(),
        })
    }
}

/// What an evaluating request carries once admitted: the token's name, the hall, `?as_of=`,
/// and the language its `Accept-Language` asks for.
pub struct Admitted {
    pub token: Option<String>,
    pub hall: Arc<Hall>,
    pub as_of: Option<String>,
    pub lang: Lang,
}

/// The first language of `Accept-Language` that there is a catalogue for; Chinese when none
/// is (or the header is absent), as hall staff read it.
pub fn accepted_lang(headers: &HeaderMap) -> Lang {
    let header = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    fluent_langneg::accepted_languages::parse(header)
        .iter()
        .find_map(|id| Lang::from_tag(id.language.as_str()))
        .unwrap_or_default()
}

/// The checks every evaluating request passes first, in order: token, hall, query, content type.
pub fn admit(
    service: &Service,
    id: &str,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
    headers: &HeaderMap,
    content_types: &[&'static str],
) -> Result<Admitted, ApiError> {
    let token = authorize(service, headers)?;
    let hall = find_hall(service, id)?;
    let as_of = as_of_param(query)?;
    require_content_type(headers, content_types)?;
    Ok(Admitted {
        token,
        hall,
        as_of,
        lang: accepted_lang(headers),
    })
}

/// A place in the queue, then a worker: `503` at once when the queue is full.
pub async fn take_worker(service: &Service) -> Result<(OwnedSemaphorePermit, OwnedSemaphorePermit), ApiError> {
    let waiting = service
        .waiting
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Overloaded)?;
    let running = service
        .running
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::Overloaded)?;
    Ok((waiting, running))
}

/// The refusal for a call the component could not finish.
pub fn host_refusal(error: HostError) -> ApiError {
    match error {
        HostError::TimedOut(limit) => ApiError::TimeLimit(limit.as_millis()),
        HostError::OutOfMemory(bytes) => ApiError::MemoryLimit(bytes >> 20),
        HostError::TooLarge(bytes) => ApiError::TooLarge(bytes),
        HostError::Wasm(message) => ApiError::Component(message),
    }
}

/// Reads a whole body up to `limit` bytes.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let too_large = std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if too_large {
            ApiError::TooLarge(limit)
        } else {
            ApiError::Body(e.to_string())
        }
    })
}

/// The `?as_of=` query, or the refusal naming it.
pub fn as_of_param(
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
) -> Result<Option<String>, ApiError> {
    query
        .map(|Query(q)| q.as_of)
        .map_err(|e| ApiError::Query(e.body_text()))
}

/// A decision log line for a request, before its outcome; none when the service keeps no log,
/// so that a request without one hashes nothing.
pub fn decision(
    service: &Service,
    hall: &Hall,
    case: &[u8],
    as_of: Option<&str>,
    token: Option<String>,
) -> Option<Decision> {
    let log = service.decision_log.as_ref()?;
    Some(Decision {
        time: clock::rfc3339(service.clock.now()),
        hall: hall.id.clone(),
        policy_version: hall.description.policy_version.clone(),
        policy_hash: hall.description.policy_hash.clone(),
        case_sha256: sha256_hex(case),
        as_of_param: as_of.map(str::to_string),
        as_of: None,
        outcome: String::new(),
        met: 0,
        pending: 0,
        breached: 0,
        violations: 0,
        result_sha256: String::new(),
        duration_us: 0,
        token,
        case: log.with_cases.then(|| String::from_utf8_lossy(case).into_owned()),
    })
}

/// `POST /v1/halls/{hall}/evaluate`.
async fn evaluate(
    State(service): State<Arc<Service>>,
    Path(id): Path<String>,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    let label = metric_label(&service, &id);
    let answer = evaluate_request(&service, id, query, headers, body, started).await;
    counted(&service, &label, started, answer)
}

/// The response of an evaluating request, counted in the metrics by hall and status, and a
/// refusal also by its code.
pub fn counted(service: &Service, label: &str, started: Instant, answer: Result<Response, ApiError>) -> Response {
    let response = match answer {
        Ok(response) => response,
        Err(error) => {
            service.metrics.refused(label, error.code());
            error.into_response()
        }
    };
    service
        .metrics
        .request(label, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

async fn evaluate_request(
    service: &Arc<Service>,
    id: String,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Body,
    started: Instant,
) -> Result<Response, ApiError> {
    let Admitted {
        token,
        hall,
        as_of,
        lang,
    } = admit(service, &id, query, &headers, &["application/json"])?;
    let case = read_body(body, service.limits.case_bytes).await?;
    let running = Running::start(service, take_worker(service).await?);
    let mut decision = decision(service, &hall, &case, as_of.as_deref(), token.clone());
    let answer = evaluate_case(running, &hall, token, case, as_of, lang).await;
    let response = match answer {
        Ok(Ok(mut evaluation)) => {
            if let Some(decision) = decision.as_mut() {
                decision.evaluated(&evaluation);
            }
            evaluation.push(b'\n');
            (StatusCode::OK, json_headers(), evaluation).into_response()
        }
        Ok(Err(case_error)) => {
            service.metrics.refused(&hall.id, "invalid_case");
            let text = format!("{{\"error\":{case_error}}}\n");
            if let Some(decision) = decision.as_mut() {
                decision.refused("invalid_case", text.trim_end().as_bytes());
            }
            (StatusCode::BAD_REQUEST, json_headers(), text).into_response()
        }
        Err(host_error) => {
            let refusal = host_refusal(host_error);
            if let Some(decision) = decision.as_mut() {
                let answer = serde_json::to_vec(&refusal.body()).unwrap_or_default();
                decision.refused(refusal.code(), &answer);
            }
            log_decision(service, decision, started);
            return Err(refusal);
        }
    };
    log_decision(service, decision, started);
    Ok(response)
}

/// A worker's place and an instance in use, given back when the call ends.
struct Running {
    service: Arc<Service>,
    _permits: (OwnedSemaphorePermit, OwnedSemaphorePermit),
}

impl Running {
    fn start(service: &Arc<Service>, permits: (OwnedSemaphorePermit, OwnedSemaphorePermit)) -> Running {
        service.metrics.instances(1);
        Running {
            service: service.clone(),
            _permits: permits,
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.service.metrics.instances(-1);
    }
}

/// How long a case may run on the thread that serves the request's connection. Most cases
/// finish well within it; handing every case to a blocking thread cost the service a third of
/// its throughput (BENCHMARKS.md, "hall serve").
const ON_CONNECTION_THREAD: Duration = Duration::from_millis(2);

/// Evaluates a case on the request's own thread; a case that runs past [`ON_CONNECTION_THREAD`]
/// is evaluated again from the start on a blocking thread under the full time limit, so that it
/// holds up no other connection. Evaluation is pure: the second run answers as the first would.
async fn evaluate_case(
    running: Running,
    hall: &Arc<Hall>,
    portal: Option<String>,
    case: Bytes,
    as_of: Option<String>,
    lang: Lang,
) -> Result<Result<Vec<u8>, String>, HostError> {
    let full = hall.host.limits().time;
    if ON_CONNECTION_THREAD < full {
        match evaluate_warm(
            hall,
            portal.clone(),
            &case,
            as_of.as_deref(),
            lang,
            Some(ON_CONNECTION_THREAD),
        ) {
            Err(HostError::TimedOut(_)) => running.service.metrics.ran_long(&hall.id),
            answer => return answer,
        }
    }
    let hall = hall.clone();
    // The worker's place goes with the call: a client that hangs up does not free it early.
    tokio::task::spawn_blocking(move || {
        let _running = running;
        evaluate_warm(&hall, portal, &case, as_of.as_deref(), lang, None)
    })
    .await
    .unwrap_or_else(|e| Err(HostError::Wasm(e.to_string())))
}

/// Evaluates a case in one of the hall's warm instances, within `time` or the full limit, and
/// keeps the instance for the portal's next request when the call finished: the evaluation's
/// JSON checked as UTF-8, or the case error.
fn evaluate_warm(
    hall: &Hall,
    portal: Option<String>,
    case: &[u8],
    as_of: Option<&str>,
    lang: Lang,
    time: Option<Duration>,
) -> Result<Result<Vec<u8>, String>, HostError> {
    let mut session = hall.warm.take(&hall.host, portal.as_deref())?;
    let lang = Some(lang.tag());
    let answer = match time {
        Some(time) => session.evaluate_json_bytes_within(time, case, as_of, lang)?,
        None => session.evaluate_json_bytes_in(case, as_of, lang)?,
    };
    hall.warm.give_back(portal, session);
    checked_utf8(answer)
}

/// Writes the decision, timed, when the service keeps a log.
pub fn log_decision(service: &Service, decision: Option<Decision>, started: Instant) {
    if let (Some(log), Some(mut decision)) = (&service.decision_log, decision) {
        decision.duration_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        log.write(&decision);
    }
}

/// `GET /v1/halls`.
async fn list_halls(State(service): State<Arc<Service>>, headers: HeaderMap) -> Response {
    if let Err(refusal) = authorize(&service, &headers) {
        return refusal.into_response();
    }
    let halls: Vec<HallSummary> = service
        .halls()
        .by_id
        .values()
        .map(|h| HallSummary {
            id: h.id.clone(),
            hall_id: h.description.hall_id.clone(),
            hall: h.description.hall.clone(),
            policy_version: h.description.policy_version.clone(),
            policy_hash: h.description.policy_hash.clone(),
            calendar_years: h.description.calendar_years,
        })
        .collect();
    json_response(StatusCode::OK, &halls)
}

/// `GET /v1/halls/{hall}`: what `hall describe` prints.
async fn describe_hall(State(service): State<Arc<Service>>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match authorize(&service, &headers).and_then(|_| find_hall(&service, &id)) {
        Ok(hall) => json_response(StatusCode::OK, &hall.description),
        Err(refusal) => refusal.into_response(),
    }
}

async fn healthz(State(service): State<Arc<Service>>) -> Response {
    let halls = service.halls().by_id.len();
    json_response(StatusCode::OK, &Health { status: "live", halls })
}

async fn readyz(State(service): State<Arc<Service>>) -> Response {
    let halls = service.halls().by_id.len();
    if halls == 0 {
        return json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &Health {
                status: "not ready",
                halls,
            },
        );
    }
    json_response(StatusCode::OK, &Health { status: "ready", halls })
}

async fn metrics(State(service): State<Arc<Service>>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        service.metrics.encode(),
    )
        .into_response()
}

async fn openapi_document(State(service): State<Arc<Service>>) -> Response {
    let ids: Vec<String> = service.halls().by_id.keys().cloned().collect();
    json_response(StatusCode::OK, &openapi::document_for(&ids, response_lang()))
}

async fn docs(State(service): State<Arc<Service>>) -> Response {
    let ids: Vec<String> = service.halls().by_id.keys().cloned().collect();
    let lang = response_lang();
    let page = super::docs_page::render(&openapi::document_for(&ids, lang), lang);
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// `POST /v1/admin/reload`: needs an admin token; with no admin token configured it is closed.
async fn admin_reload(State(service): State<Arc<Service>>, headers: HeaderMap) -> Response {
    if !service.admin_tokens.required() {
        return ApiError::Forbidden.into_response();
    }
    match service.admin_tokens.check(&headers) {
        Access::Granted(_) => json_response(StatusCode::OK, &reload(service).await),
        Access::Denied if headers.contains_key(header::AUTHORIZATION) => ApiError::Forbidden.into_response(),
        _ => ApiError::Unauthorized.into_response(),
    }
}

/// Loads every rule file again: a changed policy replaces its hall, one that fails keeps the
/// old version serving; requests in flight finish on the set they started with.
pub async fn reload(service: Arc<Service>) -> ReloadReport {
    let current = service.halls();
    let limits = service.limits;
    let sources = service.sources.clone();
    let fallback = service.files.clone();
    let (next, report) = tokio::task::spawn_blocking(move || {
        let files = halls::rule_files(&sources).unwrap_or(fallback);
        reload_files(&current, &files, limits)
    })
    .await
    .unwrap_or_else(|e| {
        let report = ReloadReport {
            refused: vec![RefusedPolicy {
                path: String::new(),
                reason: e.to_string(),
            }],
            ..ReloadReport::default()
        };
        (None, report)
    });
    if let Some(next) = next {
        match service.halls.write() {
            Ok(mut halls) => *halls = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
    }
    report
}

fn reload_files(
    current: &Halls,
    files: &[std::path::PathBuf],
    limits: crate::component_host::Limits,
) -> (Option<Halls>, ReloadReport) {
    let mut report = ReloadReport::default();
    let mut next = Halls::default();
    for file in files {
        let id = halls::hall_id(file).unwrap_or_default();
        let old = current.by_id.get(&id);
        let loaded = halls::compile_hall(file).and_then(|compiled| match old {
            Some(old) if old.description.policy_hash == compiled.description.policy_hash => Ok(None),
            _ => compiled.into_hall(limits).map(Some),
        });
        match loaded {
            Ok(None) => {
                report.unchanged.push(id.clone());
                if let Some(old) = old {
                    next.by_id.insert(id, old.clone());
                }
            }
            Ok(Some(hall)) => {
                report.reloaded.push(id.clone());
                next.by_id.insert(id, Arc::new(hall));
            }
            Err(LoadError { path, reason }) => {
                report.refused.push(RefusedPolicy { path, reason });
                if let Some(old) = old {
                    next.by_id.insert(id, old.clone());
                }
            }
        }
    }
    (Some(next), report)
}
