//! `hall serve` as a portal meets it: servers started by each test on `127.0.0.1:0`, called
//! over real HTTP. Every endpoint, every status and error, byte identity with `hall eval` on
//! every fixture, tokens, the decision log, reload and shutdown with requests in flight.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use hall::component_host::Limits;
use hall::serve::access::Tokens;
use hall::serve::clock::FixedClock;
use hall::serve::decision_log::{sha256_hex, Decision, DecisionLog, Rotation};
use hall::serve::{self, Config};
use hallpolicy_runtime::Evaluator;
use hallpolicy_runtime::SCHEMA_VERSION;
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;

/// A 咨询 with no events: quick to evaluate.
const SMALL_CASE: &str =
    r#"{"kind":"咨询","subject":"c","as_of":"2026-06-01T10:00:00+08:00","facts":{"渠道":"来访"},"events":[]}"#;

const SAMPLE_CASE: &str = "tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn config(sources: Vec<PathBuf>) -> Config {
    Config {
        sources,
        addr: "127.0.0.1:0".parse().unwrap(),
        limits: Limits::default(),
        workers: 4,
        queue: 64,
        tokens: Tokens::default(),
        admin_tokens: Tokens::default(),
        decision_log: None,
        clock: Arc::new(FixedClock(SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_000_000))),
    }
}

/// A server on its own runtime thread; dropped or stopped, it drains and ends.
struct TestServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    fn start(config: Config) -> TestServer {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let running = serve::start(config).await.unwrap();
                ready_tx.send(running.addr).unwrap();
                let _ = stop_rx.await;
                running.shutdown().await
            })
        });
        let addr = ready_rx.recv().unwrap();
        TestServer {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Starts a graceful shutdown and waits for it to end.
    fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        self.thread.take().unwrap().join().unwrap().unwrap();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// One server of every shipped policy and the counting fixtures' policy, shared by the tests
/// that need no configuration of their own.
fn shared() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        TestServer::start(config(vec![
            root().join("policy"),
            root().join("tests/fixtures/policies/counting.hall"),
        ]))
    })
}

fn client() -> Client {
    Client::builder().timeout(Duration::from_secs(120)).build().unwrap()
}

fn post(url: &str, content_type: &str, body: impl Into<reqwest::blocking::Body>) -> Response {
    client()
        .post(url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .unwrap()
}

fn post_json(url: &str, body: impl Into<reqwest::blocking::Body>) -> Response {
    post(url, "application/json", body)
}

fn policy_file(hall: &str) -> PathBuf {
    if hall == "counting" {
        root().join("tests/fixtures/policies/counting.hall")
    } else {
        root().join(format!("policy/{hall}.hall"))
    }
}

fn native(hall: &str) -> Evaluator {
    let policy = hallpolicy_compiler::compile(&std::fs::read_to_string(policy_file(hall)).unwrap()).unwrap();
    Evaluator::new(policy)
}

/// What `hall eval --format json` prints for a case: the evaluation, or the case's error.
fn expected_answer(evaluator: &Evaluator, case: &[u8], as_of: Option<&str>) -> (StatusCode, String) {
    match evaluator.evaluate_json_bytes(case, as_of) {
        Ok(evaluation) => (StatusCode::OK, format!("{}\n", evaluation.to_json())),
        Err(error) => (
            StatusCode::BAD_REQUEST,
            format!("{{\"error\":{}}}\n", serde_json::to_string(&error).unwrap()),
        ),
    }
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_fixture_evaluates_to_the_bytes_hall_eval_prints() {
    let server = shared();
    let mut compared = 0;
    for dir in json_files_dirs() {
        let hall = dir.file_name().unwrap().to_string_lossy().into_owned();
        let evaluator = native(&hall);
        for file in json_files(&dir) {
            let case = std::fs::read(&file).unwrap();
            let response = post_json(&server.url(&format!("/v1/halls/{hall}/evaluate")), case.clone());
            let (status, body) = expected_answer(&evaluator, &case, None);
            assert_eq!(response.status(), status, "{}", file.display());
            assert_eq!(response.headers()["content-type"], "application/json");
            assert_eq!(response.text().unwrap(), body, "{}", file.display());
            compared += 1;
        }
    }
    assert!(compared > 150, "{compared} fixtures");
}

fn json_files_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn the_sample_case_answers_exactly_what_the_cli_prints() {
    let server = shared();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_hall"))
        .current_dir(root())
        .args(["eval", "--format", "json", "policy/baicheng-004.hall", SAMPLE_CASE])
        .output()
        .unwrap();
    assert!(cli.status.success());
    let response = post_json(
        &server.url("/v1/halls/baicheng-004/evaluate"),
        std::fs::read(root().join(SAMPLE_CASE)).unwrap(),
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().unwrap().as_ref(), cli.stdout.as_slice());
}

#[test]
fn answers_are_in_chinese_unless_accept_language_asks_for_english() {
    let server = shared();
    let case = std::fs::read(root().join(SAMPLE_CASE)).unwrap();
    let url = server.url("/v1/halls/baicheng-004/evaluate");
    let ask = |accept: Option<&str>| {
        let mut request = client()
            .post(&url)
            .header("content-type", "application/json")
            .body(case.clone());
        if let Some(accept) = accept {
            request = request.header("accept-language", accept);
        }
        let answer: serde_json::Value = request.send().unwrap().json().unwrap();
        let first = &answer["violations"][0]["what"][0];
        (
            answer["lang"].as_str().unwrap().to_string(),
            first["code"].as_str().unwrap().to_string(),
            first["text"].as_str().unwrap().to_string(),
        )
    };
    let chinese = (
        "zh-CN".to_string(),
        "notice-omitted".to_string(),
        "告知遗漏了“银行开户许可证”".to_string(),
    );
    let english = (
        "en".to_string(),
        "notice-omitted".to_string(),
        "the notice left out “银行开户许可证”".to_string(),
    );
    assert_eq!(ask(None), chinese);
    assert_eq!(ask(Some("zh-CN,zh;q=0.9,en;q=0.8")), chinese);
    assert_eq!(ask(Some("en-GB,en;q=0.9")), english);
    assert_eq!(ask(Some("fr-FR, en;q=0.5")), english);
    assert_eq!(ask(Some("fr-FR")), chinese);
    // The English answer is the bytes `hall eval --lang en` prints.
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_hall"))
        .current_dir(root())
        .args([
            "eval",
            "--format",
            "json",
            "--lang",
            "en",
            "policy/baicheng-004.hall",
            SAMPLE_CASE,
        ])
        .output()
        .unwrap();
    let served = client()
        .post(&url)
        .header("content-type", "application/json")
        .header("accept-language", "en")
        .body(case.clone())
        .send()
        .unwrap();
    assert_eq!(served.headers()["vary"], "accept-language");
    let served = served.bytes().unwrap();
    assert_eq!(served.as_ref(), cli.stdout.as_slice());
}

#[test]
fn every_bad_case_is_a_400_with_the_path_and_reason_every_host_gives() {
    let server = shared();
    let evaluator = native("baicheng-004");
    for file in json_files(&root().join("tests/fixtures/bad-cases")) {
        let case = std::fs::read(&file).unwrap();
        let (status, body) = expected_answer(&evaluator, &case, None);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}", file.display());
        let response = post_json(&server.url("/v1/halls/baicheng-004/evaluate"), case);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}", file.display());
        assert_eq!(response.text().unwrap(), body, "{}", file.display());
    }
    let response = post_json(&server.url("/v1/halls/baicheng-004/evaluate"), vec![0xff, 0xfe]);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["path"], "");
    assert!(error["error"]["reason"].as_str().unwrap().contains("UTF-8"), "{error}");
}

#[test]
fn as_of_in_the_query_overrides_the_case_as_on_the_cli() {
    let server = shared();
    let case = std::fs::read(root().join(SAMPLE_CASE)).unwrap();
    let evaluator = native("baicheng-004");
    let response = post_json(
        &server.url("/v1/halls/baicheng-004/evaluate?as_of=2026-06-20"),
        case.clone(),
    );
    let (status, body) = expected_answer(&evaluator, &case, Some("2026-06-20"));
    assert_eq!((response.status(), status), (StatusCode::OK, StatusCode::OK));
    let text = response.text().unwrap();
    assert_eq!(text, body);
    assert!(text.contains("\"as_of\":\"2026-06-21T00:00:00+08:00\""), "{text}");
    let response = post_json(&server.url("/v1/halls/baicheng-004/evaluate?as_of=yesterday"), case);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["path"], "as_of", "{error}");
}

#[test]
fn refusals_of_the_service_are_json_with_a_status_and_a_code() {
    let server = shared();
    let response = post_json(&server.url("/v1/halls/no-such-hall/evaluate"), "{}");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["code"], "unknown_hall");
    assert_eq!(error["error"]["reason"], "本服务没有大厅“no-such-hall”");
    assert_eq!(error["error"]["args"], serde_json::json!({"hall": "no-such-hall"}));
    let response = client()
        .post(server.url("/v1/halls/no-such-hall/evaluate"))
        .header("content-type", "application/json")
        .header("accept-language", "en-GB, zh;q=0.5")
        .body("{}")
        .send()
        .unwrap();
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["reason"], "no hall “no-such-hall” is served here");

    let response = post(&server.url("/v1/halls/baicheng-004/evaluate"), "text/plain", "{}");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["code"], "unsupported_media_type");

    let response = post_json(
        &server.url("/v1/halls/baicheng-004/evaluate"),
        vec![b' '; (16 << 20) + 1],
    );
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["code"], "too_large");
    assert_eq!(error["error"]["reason"], "案件超过本服务的上限 16777216 字节");
    assert_eq!(error["error"]["args"]["limit"], 16777216);

    let response = client().get(server.url("/v1/nothing")).send().unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["code"], "not_found");
}

#[test]
fn halls_are_listed_and_described_as_hall_describe_prints_them() {
    let server = shared();
    let halls: serde_json::Value = client().get(server.url("/v1/halls")).send().unwrap().json().unwrap();
    let ids: Vec<&str> = halls
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 10, "{ids:?}");
    assert!(ids.contains(&"baicheng-004") && ids.contains(&"counting"));
    assert_eq!(halls[0]["hall"], "白城市政务大厅分厅");

    let described = client().get(server.url("/v1/halls/baicheng-004")).send().unwrap();
    assert_eq!(described.status(), StatusCode::OK);
    let policy = hallpolicy_compiler::compile(&std::fs::read_to_string(policy_file("baicheng-004")).unwrap()).unwrap();
    let expected = hallpolicy_runtime::report::describe::describe(&policy, &policy.to_bytes());
    assert_eq!(
        described.text().unwrap(),
        format!("{}\n", serde_json::to_string(&expected).unwrap())
    );
    let missing = client().get(server.url("/v1/halls/nowhere")).send().unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[test]
fn health_readiness_and_metrics_report_the_service() {
    let server = shared();
    let live: serde_json::Value = client().get(server.url("/healthz")).send().unwrap().json().unwrap();
    assert_eq!(live["status"], "live");
    let ready = client().get(server.url("/readyz")).send().unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.json::<serde_json::Value>().unwrap()["halls"], 10);
    post_json(&server.url("/v1/halls/guihua-001/evaluate"), "{\"kind\":7}");
    post_json(&server.url("/v1/halls/made-up/evaluate"), "{}");
    let metrics = client().get(server.url("/metrics")).send().unwrap();
    assert!(metrics.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = metrics.text().unwrap();
    assert!(
        text.contains("hall_requests_total{hall=\"guihua-001\",status=\"400\"}"),
        "{text}"
    );
    assert!(
        text.contains("hall_cases_refused_total{hall=\"guihua-001\",reason=\"invalid_case\"}"),
        "{text}"
    );
    assert!(
        text.contains("hall_requests_total{hall=\"unknown\",status=\"404\"}"),
        "{text}"
    );
    assert!(!text.contains("made-up"), "no client may add labels");
    assert!(text.contains("hall_request_duration_seconds_bucket"), "{text}");
    // Other tests share this server, so only the gauge's presence is certain here.
    assert!(text.contains("\nhall_instances_in_use "), "{text}");
}

#[test]
fn the_openapi_document_describes_every_route_with_generated_schemas() {
    let server = shared();
    let document: serde_json::Value = client()
        .get(server.url("/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    for path in [
        "/v1/halls/{hall}/evaluate",
        "/v1/halls/{hall}/evaluate-batch",
        "/v1/halls",
        "/v1/halls/{hall}",
        "/v1/admin/reload",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
        "/docs",
    ] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["Evaluation"]["properties"]["obligations"]["items"]["$ref"],
        "#/components/schemas/Obligation"
    );
    assert_eq!(
        schemas["Status"]["enum"],
        serde_json::json!(["met", "pending", "breached"])
    );
    assert!(schemas["Case"]["required"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("kind")));
    assert!(schemas["ErrorDetail"]["properties"]["path"].is_object());
    for (code, _) in document["paths"]["/v1/halls/{hall}/evaluate"]["post"]["responses"]
        .as_object()
        .unwrap()
    {
        assert!(
            ["200", "400", "401", "404", "413", "415", "422", "503"].contains(&code.as_str()),
            "{code}"
        );
    }
}

#[test]
fn the_docs_page_renders_every_operation_and_schema_in_the_language_asked_for() {
    let server = shared();
    let response = client().get(server.url("/docs")).send().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
    let page = response.text().unwrap();
    assert!(page.contains("<code>/v1/halls/{hall}/evaluate</code>"), "{page}");
    assert!(page.contains("<section id=\"schema-Obligation\">"));
    assert!(
        page.contains("<code>&quot;baicheng-004&quot;</code>"),
        "the served halls are the values of {{hall}}"
    );
    assert!(!page.contains("<script"), "nothing to fetch or run");
    // Chinese unless English is asked for: the page's own words and the operations'.
    for (lang, words) in [
        (
            "zh-CN",
            [
                "<html lang=zh-CN>",
                "<h2>接口</h2>",
                "<h2>数据结构</h2>",
                "<th>参数</th><th>位置</th><th>类型</th><th>说明</th>",
                "<p>评估一个案件</p>",
                "<td>413</td><td>案件超过本服务接受的大小。</td>",
            ],
        ),
        (
            "en",
            [
                "<html lang=en>",
                "<h2>Operations</h2>",
                "<h2>Schemas</h2>",
                "<th>parameter</th><th>in</th><th>type</th><th>description</th>",
                "<p>Evaluate one case</p>",
                "<td>413</td><td>The case is larger than the service accepts.</td>",
            ],
        ),
    ] {
        let page = client()
            .get(server.url("/docs"))
            .header("accept-language", lang)
            .send()
            .unwrap();
        // A cache between portal and service must not give one language's page for another.
        assert_eq!(page.headers()["vary"], "accept-language");
        let page = page.text().unwrap();
        for expected in words {
            assert!(page.contains(expected), "{lang}: {expected}");
        }
        let document: serde_json::Value = client()
            .get(server.url("/openapi.json"))
            .header("accept-language", lang)
            .send()
            .unwrap()
            .json()
            .unwrap();
        let summary = &document["paths"]["/v1/halls/{hall}/evaluate"]["post"]["summary"];
        assert_eq!(
            summary,
            if lang == "en" {
                "Evaluate one case"
            } else {
                "评估一个案件"
            }
        );
    }
}

#[test]
fn the_schema_files_in_the_repository_are_the_generated_ones() {
    for (file, generated) in hall::serve::openapi::schema_files() {
        let path = root().join("hosts/cli/schemas").join(file);
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == generated,
            "{} is stale: run `hall schemas hosts/cli/schemas`",
            path.display()
        );
    }
}

#[test]
fn every_evaluation_names_the_version_of_the_schema_files_that_describe_it() {
    let shipped: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("hosts/cli/schemas/evaluation.schema.json")).unwrap())
            .unwrap();
    let id = shipped["$id"].as_str().unwrap();
    assert_eq!(
        id,
        format!("https://hallpolicy.dev/schemas/{SCHEMA_VERSION}/Evaluation")
    );
    assert!(shipped["required"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("schema_version")));
    let response = post_json(
        &shared().url("/v1/halls/baicheng-004/evaluate"),
        std::fs::read(root().join(SAMPLE_CASE)).unwrap(),
    );
    let text = response.text().unwrap();
    assert!(
        text.starts_with(&format!("{{\"schema_version\":\"{SCHEMA_VERSION}\",\"hall\":")),
        "{text}"
    );
    let openapi: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("hosts/cli/schemas/openapi.json")).unwrap()).unwrap();
    assert_eq!(openapi["info"]["version"], SCHEMA_VERSION);
}

fn batch_body(cases: &[&[u8]]) -> Vec<u8> {
    let mut body = Vec::new();
    for case in cases {
        body.extend_from_slice(case);
        body.push(b'\n');
    }
    body
}

fn one_line(path: &str) -> Vec<u8> {
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(root().join(path)).unwrap()).unwrap();
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn a_batch_answers_a_line_per_case_in_input_order() {
    let server = shared();
    let sample = one_line(SAMPLE_CASE);
    let other = one_line("tests/fixtures/cases/baicheng-004/承诺件-检测中止跨春节.json");
    let body = batch_body(&[&sample, b"", b"{\"kind\":\"x\"}", b"not json", &other]);
    let response = post(
        &server.url("/v1/halls/baicheng-004/evaluate-batch?as_of=2026-07-01"),
        "application/x-ndjson",
        body,
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let text = response.text().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let evaluator = native("baicheng-004");
    let expected: Vec<String> = [&sample[..], b"{\"kind\":\"x\"}", b"not json", &other]
        .iter()
        .map(|case| {
            expected_answer(&evaluator, case, Some("2026-07-01"))
                .1
                .trim_end()
                .to_string()
        })
        .collect();
    assert_eq!(lines, expected);
    let wrong = post(
        &server.url("/v1/halls/baicheng-004/evaluate-batch"),
        "application/json",
        "{}",
    );
    assert_eq!(wrong.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// A batch request whose body the test writes a line at a time while it reads the answers, as
/// a streaming client does (reqwest's blocking client sends the whole body before it reads).
struct StreamingBatch {
    lines: Option<tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>>,
    answers: std::sync::mpsc::Receiver<String>,
    thread: std::thread::JoinHandle<()>,
}

impl StreamingBatch {
    fn open(server: &TestServer, hall: &str) -> StreamingBatch {
        let url = server.url(&format!("/v1/halls/{hall}/evaluate-batch"));
        let (lines, receive_lines) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(16);
        let (send_answer, answers) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                use futures_util::StreamExt;
                let body = futures_util::stream::unfold(receive_lines, |mut rx| async move {
                    rx.recv().await.map(|line| (line, rx))
                });
                let response = reqwest::Client::new()
                    .post(url)
                    .header("content-type", "application/x-ndjson")
                    .body(reqwest::Body::wrap_stream(body))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::OK);
                let mut chunks = response.bytes_stream();
                let mut pending = Vec::new();
                while let Some(chunk) = chunks.next().await {
                    pending.extend_from_slice(&chunk.unwrap());
                    while let Some(end) = pending.iter().position(|&b| b == b'\n') {
                        let line: Vec<u8> = pending.drain(..=end).collect();
                        if send_answer.send(String::from_utf8(line).unwrap()).is_err() {
                            return;
                        }
                    }
                }
            });
        });
        StreamingBatch {
            lines: Some(lines),
            answers,
            thread,
        }
    }

    fn send(&self, case: &[u8]) {
        let mut line = case.to_vec();
        line.push(b'\n');
        self.lines.as_ref().unwrap().blocking_send(Ok(line)).unwrap();
    }

    fn next_answer(&self) -> String {
        self.answers.recv_timeout(Duration::from_secs(60)).unwrap()
    }

    /// Ends the body and gives the answers still to come.
    fn finish(mut self) -> Vec<String> {
        self.lines.take();
        let rest = self.answers.iter().collect();
        self.thread.join().unwrap();
        rest
    }
}

#[test]
fn a_batch_streams_both_ways_each_answer_comes_before_the_next_line_is_sent() {
    let server = shared();
    let sample = one_line(SAMPLE_CASE);
    let batch = StreamingBatch::open(server, "baicheng-004");
    let expected = expected_answer(&native("baicheng-004"), &sample, None).1;
    batch.send(&sample);
    for _ in 0..50 {
        assert_eq!(batch.next_answer(), expected);
        // The next line goes only once the last answer is in.
        batch.send(&sample);
    }
    assert_eq!(batch.finish(), vec![expected]);
}

#[test]
fn a_batch_of_100000_lines_streams_through_in_order() {
    let server = shared();
    let batch = StreamingBatch::open(server, "baicheng-004");
    let expected = expected_answer(&native("baicheng-004"), SMALL_CASE.as_bytes(), None).1;
    let count = 100_000;
    // Lines are made as the client sends them and read as they come: the whole body never
    // exists, and the answers never wait for the body to end.
    let sender = batch.lines.clone().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..count {
            let mut line = SMALL_CASE.as_bytes().to_vec();
            line.push(b'\n');
            sender.blocking_send(Ok(line)).unwrap();
        }
    });
    let mut lines = 0;
    while lines < count {
        assert_eq!(batch.next_answer(), expected);
        lines += 1;
    }
    writer.join().unwrap();
    assert_eq!(lines, count);
    assert!(batch.finish().is_empty());
}

fn token_file(dir: &Path, name: &str, lines: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, lines).unwrap();
    path
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hall-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn tokens_keep_out_who_has_none_and_the_log_names_the_token_not_the_secret() {
    let dir = temp_dir("tokens");
    let log = dir.join("decisions.jsonl");
    let mut config = config(vec![policy_file("baicheng-004")]);
    config.tokens = Tokens::read(&token_file(
        &dir,
        "tokens",
        "# portals\nbaicheng-portal s3cret-one\nother-portal s3cret-two\n",
    ))
    .unwrap();
    config.admin_tokens = Tokens::read(&token_file(&dir, "admin", "ops admin-secret\n")).unwrap();
    config.decision_log = Some(DecisionLog::open(log.to_str().unwrap(), ROOMY, false).unwrap());
    let server = TestServer::start(config);
    let url = server.url("/v1/halls/baicheng-004/evaluate");
    let case = std::fs::read(root().join(SAMPLE_CASE)).unwrap();
    let send = |token: Option<&str>| {
        let mut request = client()
            .post(&url)
            .header("content-type", "application/json")
            .body(case.clone());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().unwrap()
    };
    let none = send(None);
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(none.headers()["www-authenticate"], "Bearer");
    assert_eq!(send(Some("s3cret")).status(), StatusCode::UNAUTHORIZED);
    assert_eq!(send(Some("admin-secret")).status(), StatusCode::UNAUTHORIZED);
    assert_eq!(send(Some("s3cret-two")).status(), StatusCode::OK);
    assert_eq!(
        client().get(server.url("/v1/halls")).send().unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        client().get(server.url("/healthz")).send().unwrap().status(),
        StatusCode::OK
    );
    let reload = |token: Option<&str>| {
        let mut request = client().post(server.url("/v1/admin/reload"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().unwrap().status()
    };
    assert_eq!(reload(None), StatusCode::UNAUTHORIZED);
    assert_eq!(reload(Some("s3cret-one")), StatusCode::FORBIDDEN);
    assert_eq!(reload(Some("admin-secret")), StatusCode::OK);
    server.stop();
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(!written.contains("s3cret"), "{written}");
    let lines: Vec<Decision> = written.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "only the evaluation is logged: {written}");
    assert_eq!(lines[0].token.as_deref(), Some("other-portal"));
}

#[test]
fn a_decision_log_line_replays_to_the_same_result() {
    let dir = temp_dir("decisions");
    let log = dir.join("decisions.jsonl");
    let mut config = config(vec![policy_file("baicheng-004")]);
    config.decision_log = Some(DecisionLog::open(log.to_str().unwrap(), ROOMY, true).unwrap());
    let server = TestServer::start(config);
    let case = std::fs::read(root().join(SAMPLE_CASE)).unwrap();
    let response = post_json(
        &server.url("/v1/halls/baicheng-004/evaluate?as_of=2026-06-20"),
        case.clone(),
    );
    let body = response.text().unwrap();
    post_json(&server.url("/v1/halls/baicheng-004/evaluate"), "{\"kind\":1}");
    server.stop();
    let lines: Vec<Decision> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let decision = &lines[0];
    assert_eq!(decision.time, "2026-11-30T00:53:20.000Z", "the service's clock");
    assert_eq!(decision.hall, "baicheng-004");
    assert_eq!(decision.policy_version, "2026.11");
    assert_eq!(decision.case_sha256, sha256_hex(&case));
    assert_eq!(decision.as_of_param.as_deref(), Some("2026-06-20"));
    assert_eq!(decision.outcome, "evaluated");
    assert_eq!(decision.result_sha256, sha256_hex(body.trim_end().as_bytes()));
    let evaluation: serde_json::Value = serde_json::from_str(&body).unwrap();
    let count = |status: &str| {
        evaluation["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["status"] == status)
            .count()
    };
    assert_eq!(
        (decision.met, decision.pending, decision.breached),
        (count("met"), count("pending"), count("breached"))
    );
    assert_eq!(decision.violations, evaluation["violations"].as_array().unwrap().len());
    assert_eq!(decision.as_of.as_deref(), evaluation["as_of"].as_str());
    // The replay: the logged case at the logged moment, against the policy of the logged hash.
    let policy = hallpolicy_compiler::compile(&std::fs::read_to_string(policy_file("baicheng-004")).unwrap()).unwrap();
    assert_eq!(
        hallpolicy_runtime::report::describe::policy_hash(&policy.to_bytes()),
        decision.policy_hash
    );
    let replayed = Evaluator::new(policy)
        .evaluate_json_bytes(
            decision.case.as_ref().unwrap().as_bytes(),
            decision.as_of_param.as_deref(),
        )
        .unwrap()
        .to_json();
    assert_eq!(sha256_hex(replayed.as_bytes()), decision.result_sha256);
    assert_eq!(lines[1].outcome, "invalid_case");
}

/// A log that does not rotate in a test's few lines.
const ROOMY: Rotation = Rotation {
    max_bytes: 1 << 20,
    keep: 1,
};

#[test]
fn a_decision_log_file_rotates_past_its_size_and_keeps_its_last_files() {
    let dir = temp_dir("rotate");
    let log = dir.join("decisions.jsonl");
    let rotation = Rotation {
        max_bytes: 1500,
        keep: 3,
    };
    let mut config = config(vec![policy_file("baicheng-004")]);
    config.decision_log = Some(DecisionLog::open(log.to_str().unwrap(), rotation, false).unwrap());
    let server = TestServer::start(config);
    // Each request with its own `as_of`, so each line can be told from the others.
    let moments: Vec<String> = (0..30)
        .map(|minute| format!("2026-07-01T09:{minute:02}:00+08:00"))
        .collect();
    for moment in &moments {
        let response = post_json(
            &server.url(&format!(
                "/v1/halls/baicheng-004/evaluate?as_of={}",
                moment.replace('+', "%2B")
            )),
            std::fs::read(root().join(SAMPLE_CASE)).unwrap(),
        );
        assert_eq!(response.status(), StatusCode::OK);
    }
    server.stop();
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let files = [
        read("decisions.jsonl.3"),
        read("decisions.jsonl.2"),
        read("decisions.jsonl.1"),
        read("decisions.jsonl"),
    ];
    assert!(
        !dir.join("decisions.jsonl.4").exists(),
        "only three set-aside files are kept"
    );
    for file in &files {
        assert!(!file.is_empty() && file.len() <= 1500, "{}", file.len());
    }
    // Oldest first, the kept lines are the last ones written, none lost between the files.
    let kept: Vec<String> = files
        .iter()
        .flat_map(|f| f.lines())
        .map(|line| serde_json::from_str::<Decision>(line).unwrap().as_of_param.unwrap())
        .collect();
    assert_eq!(kept, moments[moments.len() - kept.len()..]);
    assert!(kept.len() < moments.len(), "the oldest file was deleted");
}

fn many_waiting(n: usize) -> String {
    let mut events = vec![r#"{"type":"下班时间到","at":"2026-06-01T17:00:00+08:00"}"#.to_string()];
    for i in 0..n {
        events.push(format!(
            r#"{{"type":"等候","at":"2026-06-01T17:00:00+08:00","服务对象":"服务对象{i:06}"}}"#
        ));
    }
    format!(
        r#"{{"kind":"延时服务","subject":"many","as_of":"2026-06-02T09:00:00+08:00","facts":{{"类型":"推迟下班"}},"events":[{}]}}"#,
        events.join(",")
    )
}

/// A server under `limits` refuses the large case with a 422 of `code` and `reason`, and then
/// evaluates the small one: a refusal harms no later request.
fn refused_past_a_limit(limits: Limits, code: &str, reason: &str) -> TestServer {
    let mut config = config(vec![policy_file("baicheng-004")]);
    config.limits = limits;
    let server = TestServer::start(config);
    let response = post_json(&server.url("/v1/halls/baicheng-004/evaluate"), many_waiting(60_000));
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = response.json().unwrap();
    assert_eq!(error["error"]["code"], code);
    assert_eq!(error["error"]["reason"], reason);
    let small = post_json(&server.url("/v1/halls/baicheng-004/evaluate"), SMALL_CASE);
    assert_eq!(small.status(), StatusCode::OK);
    server
}

#[test]
fn a_case_past_its_time_limit_is_a_422_naming_the_limit_and_the_service_goes_on() {
    // The large case takes about 1.5 s, the small one well under a millisecond.
    refused_past_a_limit(
        Limits::new(100, 256).unwrap(),
        "time_limit",
        "评估已停止：运行超过时限 100 毫秒",
    );
}

#[test]
fn a_case_too_long_for_the_connection_thread_is_evaluated_again_on_a_blocking_thread_to_the_same_bytes() {
    // A few thousand waiting applicants run well past the 2 ms a case may take on the thread
    // that serves its connection, and well within the time limit.
    let server = TestServer::start(config(vec![policy_file("baicheng-004")]));
    let case = many_waiting(4_000);
    let expected = expected_answer(&native("baicheng-004"), case.as_bytes(), None);
    for _ in 0..2 {
        let response = post_json(&server.url("/v1/halls/baicheng-004/evaluate"), case.clone());
        assert_eq!(response.status(), expected.0);
        assert_eq!(response.text().unwrap(), expected.1);
    }
    let metrics = client().get(server.url("/metrics")).send().unwrap().text().unwrap();
    assert!(metrics.contains("\nhall_instances_in_use 0\n"), "{metrics}");
    assert!(
        metrics.contains("hall_cases_ran_long_total{hall=\"baicheng-004\"} 2\n"),
        "{metrics}"
    );
}

#[test]
fn a_case_past_its_memory_cap_is_a_422_naming_the_cap() {
    let server = refused_past_a_limit(
        Limits::new(60_000, 8).unwrap(),
        "memory_limit",
        "评估已停止：超出内存上限 8 MiB",
    );
    let metrics = client().get(server.url("/metrics")).send().unwrap().text().unwrap();
    assert!(
        metrics.contains("\nhall_instances_in_use 0\n"),
        "every instance given back: {metrics}"
    );
    assert!(
        metrics.contains("hall_cases_refused_total{hall=\"baicheng-004\",reason=\"memory_limit\"} 1"),
        "{metrics}"
    );
}

#[test]
fn a_full_queue_answers_503_with_retry_after_at_once() {
    let mut config = config(vec![policy_file("baicheng-004")]);
    config.workers = 1;
    config.queue = 0;
    let server = TestServer::start(config);
    // A batch holds the one worker for as long as its body is open.
    let batch = StreamingBatch::open(&server, "baicheng-004");
    let sample = one_line(SAMPLE_CASE);
    batch.send(&sample);
    batch.next_answer();
    let refused = post_json(&server.url("/v1/halls/baicheng-004/evaluate"), sample.clone());
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.headers()["retry-after"], "1");
    assert_eq!(
        refused.json::<serde_json::Value>().unwrap()["error"]["code"],
        "overloaded"
    );
    assert!(batch.finish().is_empty());
    assert_eq!(
        post_json(&server.url("/v1/halls/baicheng-004/evaluate"), sample).status(),
        StatusCode::OK
    );
}

fn with_version(source: &str, version: &str) -> String {
    let start = source.find("version \"").unwrap() + "version \"".len();
    let end = start + source[start..].find('"').unwrap();
    format!("{}{version}{}", &source[..start], &source[end..])
}

#[test]
fn reload_under_load_loses_no_request_and_refuses_a_policy_that_does_not_check() {
    let dir = temp_dir("reload");
    let file = dir.join("baicheng-004.hall");
    let source = std::fs::read_to_string(policy_file("baicheng-004")).unwrap();
    std::fs::write(&file, &source).unwrap();
    let mut config = config(vec![dir.clone()]);
    config.admin_tokens = Tokens::read(&token_file(&dir, "admin.tokens", "ops admin-secret\n")).unwrap();
    let server = TestServer::start(config);
    let url = server.url("/v1/halls/baicheng-004/evaluate");
    let sample = std::fs::read(root().join(SAMPLE_CASE)).unwrap();
    // A batch in flight across the reload: it finishes on the version it started with.
    let batch = StreamingBatch::open(&server, "baicheng-004");
    let one = one_line(SAMPLE_CASE);
    batch.send(&one);
    let line = batch.next_answer();
    assert!(line.contains("\"policy_version\":\"2026.11\""));

    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load: Vec<_> = (0..4)
        .map(|_| {
            let (url, sample, stop) = (url.clone(), sample.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut versions = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let response = post_json(&url, sample.clone());
                    assert_eq!(response.status(), StatusCode::OK);
                    let body: serde_json::Value = response.json().unwrap();
                    versions.push(body["policy_version"].as_str().unwrap().to_string());
                }
                versions
            })
        })
        .collect();
    std::fs::write(&file, with_version(&source, "2027.01")).unwrap();
    let report: serde_json::Value = client()
        .post(server.url("/v1/admin/reload"))
        .bearer_auth("admin-secret")
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(report["reloaded"], serde_json::json!(["baicheng-004"]));
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let versions: Vec<String> = load.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(
        versions.iter().any(|v| v == "2027.01"),
        "new requests use the new version"
    );
    let first_new = versions.iter().position(|v| v == "2027.01").unwrap();
    assert!(!versions.is_empty() && first_new < versions.len());

    batch.send(&one);
    let rest = batch.finish().concat();
    assert!(
        rest.contains("\"policy_version\":\"2026.11\""),
        "the batch in flight stays on the old version"
    );

    std::fs::write(&file, "rule broken {").unwrap();
    let report: serde_json::Value = client()
        .post(server.url("/v1/admin/reload"))
        .bearer_auth("admin-secret")
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(report["refused"][0]["path"], file.display().to_string());
    assert!(
        report["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("does not check"),
        "{report}"
    );
    let still: serde_json::Value = post_json(&url, sample).json().unwrap();
    assert_eq!(still["policy_version"], "2027.01", "the old version keeps serving");
}

#[test]
fn shutdown_under_load_finishes_every_request_in_flight() {
    let server = TestServer::start(config(vec![policy_file("baicheng-004")]));
    let one = one_line(SAMPLE_CASE);
    let batch = StreamingBatch::open(&server, "baicheng-004");
    batch.send(&one);
    batch.next_answer();
    let addr = server.addr;
    let stopping = std::thread::spawn(move || server.stop());
    std::thread::sleep(Duration::from_millis(200));
    // The batch in flight goes on after the shutdown began.
    for _ in 0..10 {
        batch.send(&one);
    }
    assert_eq!(batch.finish().len(), 10);
    stopping.join().unwrap();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no new connection after shutdown"
    );
}

/// `hall serve` as started from a shell: its stderr names the address and halls.
struct ServeProcess {
    child: std::process::Child,
    base: String,
    /// Its first line on stderr: where it listens.
    banner: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl ServeProcess {
    fn start(args: &[&str]) -> ServeProcess {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hall"))
            .arg("serve")
            .args(args)
            .current_dir(root())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (send, stderr) = std::sync::mpsc::channel();
        let reader = std::io::BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in reader.lines() {
                if send.send(line.unwrap()).is_err() {
                    return;
                }
            }
        });
        let first = stderr.recv_timeout(Duration::from_secs(120)).unwrap();
        let base = first[first.find("http://").unwrap()..].to_string();
        ServeProcess {
            child,
            base,
            banner: first,
            stderr,
        }
    }

    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn lines_until(&self, wanted: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let line = self.stderr.recv_timeout(Duration::from_secs(60)).unwrap();
            let done = line.contains(wanted);
            seen.push(line);
            if done {
                return seen;
            }
        }
    }
}

#[test]
fn the_binary_reloads_on_sighup_and_drains_and_exits_on_sigterm() {
    let dir = temp_dir("signals");
    let file = dir.join("baicheng-004.hall");
    let source = std::fs::read_to_string(policy_file("baicheng-004")).unwrap();
    std::fs::write(&file, &source).unwrap();
    let mut server = ServeProcess::start(&["--addr", "127.0.0.1:0", file.to_str().unwrap()]);
    let halls = server.lines_until("baicheng-004");
    assert!(halls[0].contains("白城市政务大厅分厅 2026.11"), "{halls:?}");
    let version = |base: &str| -> String {
        let described: serde_json::Value = client()
            .get(format!("{base}/v1/halls/baicheng-004"))
            .send()
            .unwrap()
            .json()
            .unwrap();
        described["policy_version"].as_str().unwrap().to_string()
    };
    assert_eq!(version(&server.base), "2026.11");
    std::fs::write(&file, with_version(&source, "2027.02")).unwrap();
    server.signal("HUP");
    let reloaded = server.lines_until("已重新加载");
    assert!(
        reloaded.last().unwrap().contains("\"reloaded\":[\"baicheng-004\"]"),
        "{reloaded:?}"
    );
    assert_eq!(version(&server.base), "2027.02");
    server.signal("TERM");
    server.lines_until("hall serve：正在停止，待处理中的请求办完");
    assert!(server.child.wait().unwrap().success());
}

#[test]
fn binding_beyond_loopback_without_tokens_warns_in_chinese_or_in_english_on_request() {
    for (lang, listening, hall, warning) in [
        (
            "zh",
            "hall serve：正在监听 http://0.0.0.0:",
            "  baicheng-004 — 白城市政务大厅分厅 2026.11（策略 ",
            "hall serve：警告：未设 --token-file 却在回环地址以外监听，任何能访问本服务者都可以评估",
        ),
        (
            "en",
            "hall serve: listening on http://0.0.0.0:",
            "  baicheng-004 — 白城市政务大厅分厅 2026.11 (policy ",
            "hall serve: warning: listening beyond loopback without --token-file; anyone who can reach it may evaluate",
        ),
    ] {
        let mut server = ServeProcess::start(&["--lang", lang, "--addr", "0.0.0.0:0", "policy/baicheng-004.hall"]);
        let lines = server.lines_until(warning);
        assert!(lines.len() == 2 && lines[0].starts_with(hall), "{lines:?}");
        assert!(server.banner.starts_with(listening), "{}", server.banner);
        server.signal("TERM");
        assert!(server.child.wait().unwrap().success());
    }
}
