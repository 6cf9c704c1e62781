//! `POST /v1/halls/{hall}/evaluate-batch`: JSON lines in, JSON lines out in input order, both
//! streamed: the body is read a chunk at a time and each answer sent as it is made, so a
//! million lines never sit in memory. One worker and one instance serve the whole batch; a
//! refused line gives `{"error":…}` on its own line, as `hall eval --batch` does.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::api_error::ApiError;
use super::routes::{admit, counted, host_refusal, log_decision, metric_label, take_worker, Admitted, AsOf};
use super::Service;
use hallpolicy_runtime::Lang;

/// Lines read ahead of the worker, and answers made ahead of the client.
const AHEAD: usize = 64;

/// Media types a batch body may have.
pub const BATCH_TYPES: &[&str] = &["application/x-ndjson", "application/jsonl", "application/json-lines"];

pub async fn evaluate_batch(
    State(service): State<Arc<Service>>,
    Path(id): Path<String>,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    let label = metric_label(&service, &id);
    let answer = start_batch(&service, id, query, headers, body).await;
    counted(&service, &label, started, answer)
}

async fn start_batch(
    service: &Arc<Service>,
    id: String,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Admitted {
        token,
        hall,
        as_of,
        lang,
    } = admit(service, &id, query, &headers, BATCH_TYPES)?;
    let permits = take_worker(service).await?;
    let (line_tx, mut line_rx) = mpsc::channel::<Result<Bytes, ApiError>>(AHEAD);
    let (answer_tx, answer_rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(AHEAD);
    tokio::spawn(split_lines(body, service.limits.case_bytes, line_tx));
    let worker_service = service.clone();
    tokio::task::spawn_blocking(move || {
        let _permits = permits;
        let service = worker_service;
        let mut session = None;
        while let Some(line) = line_rx.blocking_recv() {
            let started = Instant::now();
            let case = match line {
                Ok(case) => case,
                Err(refusal) => {
                    service.metrics.refused(&hall.id, refusal.code());
                    let line = error_line(&refusal, lang);
                    if answer_tx.blocking_send(Ok(line)).is_err() {
                        break;
                    }
                    continue;
                }
            };
            if session.is_none() {
                session = hall.warm.take(&hall.host, token.as_deref()).ok();
            }
            let mut decision = super::routes::decision(&service, &hall, &case, as_of.as_deref(), token.clone());
            let mut outcome = "evaluated";
            let answer = match session.as_mut() {
                Some(session) => {
                    service.metrics.instances(1);
                    let answer = session.evaluate_json_bytes_in(&case, as_of.as_deref(), Some(lang.tag()));
                    service.metrics.instances(-1);
                    answer
                }
                None => Err(crate::component_host::HostError::Wasm(
                    "no instance could be made".to_string(),
                )),
            };
            let mut line = match answer {
                Ok(Ok(evaluation)) => {
                    if let Some(decision) = decision.as_mut() {
                        decision.evaluated(&evaluation);
                    }
                    evaluation
                }
                Ok(Err(case_error)) => {
                    service.metrics.refused(&hall.id, "invalid_case");
                    outcome = "invalid_case";
                    format!("{{\"error\":{case_error}}}").into_bytes()
                }
                Err(host_error) => {
                    // A trapped instance is spent: the next line gets a fresh one.
                    session = None;
                    let refusal = host_refusal(host_error);
                    service.metrics.refused(&hall.id, refusal.code());
                    outcome = refusal.code();
                    let body = refusal.body_in(lang);
                    serde_json::to_vec(&body).unwrap_or_default()
                }
            };
            if let Some(decision) = decision.as_mut().filter(|_| outcome != "evaluated") {
                decision.refused(outcome, &line);
            }
            log_decision(&service, decision, started);
            line.push(b'\n');
            if answer_tx.blocking_send(Ok(Bytes::from(line))).is_err() {
                break;
            }
        }
        if let Some(session) = session {
            hall.warm.give_back(token, session);
        }
    });
    let stream = futures_util::stream::unfold(
        answer_rx,
        |mut rx| async move { rx.recv().await.map(|item| (item, rx)) },
    );
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stream),
    )
        .into_response())
}

fn error_line(refusal: &ApiError, lang: Lang) -> Bytes {
    let mut line = serde_json::to_vec(&refusal.body_in(lang)).unwrap_or_default();
    line.push(b'\n');
    Bytes::from(line)
}

/// Reads the body a chunk at a time and sends each non-blank line on; a line longer than
/// `limit` is sent as an error and skipped to its end.
async fn split_lines(body: Body, limit: usize, lines: mpsc::Sender<Result<Bytes, ApiError>>) {
    let mut stream = body.into_data_stream();
    let mut pending: Vec<u8> = Vec::new();
    let mut skipping = false;
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                let _ = lines.send(Err(ApiError::Body(e.to_string()))).await;
                return;
            }
        };
        let mut rest: &[u8] = &chunk;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            let (line, after) = rest.split_at(end);
            rest = &after[1..];
            if skipping {
                skipping = false;
                pending.clear();
                continue;
            }
            pending.extend_from_slice(line);
            let whole = Bytes::from(std::mem::take(&mut pending));
            if whole.len() > limit {
                if lines.send(Err(ApiError::LineTooLarge(limit))).await.is_err() {
                    return;
                }
            } else if !whole.trim_ascii().is_empty() && lines.send(Ok(whole)).await.is_err() {
                return;
            }
        }
        if !skipping {
            pending.extend_from_slice(rest);
            if pending.len() > limit {
                pending.clear();
                skipping = true;
                if lines.send(Err(ApiError::LineTooLarge(limit))).await.is_err() {
                    return;
                }
            }
        }
    }
    if !skipping && !pending.trim_ascii().is_empty() {
        let _ = lines.send(Ok(Bytes::from(pending))).await;
    }
}
