//! `hall`: the hallpolicy command-line tool. One file per subcommand.

use hall::command_error::{self, CommandResult};
use hall::{
    batch, build_component, check, component_host, coverage, describe, diff, doc, eval, explain, fmt, generate, review,
    serve, snapshot_test, trace,
};

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hall::Format;

/// Rules-as-code for government service halls: check rule files, evaluate cases.
#[derive(Parser)]
#[command(name = "hall", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a rule file and report every diagnostic.
    Check {
        /// The rule file (`.hall`).
        file: std::path::PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Evaluate a case against a policy: obligations, violations and clocks.
    Eval {
        /// The policy's rule file (`.hall`).
        policy: std::path::PathBuf,
        /// The case, as JSON (with `--batch`: a JSON-lines file or a folder of cases).
        case: std::path::PathBuf,
        /// Evaluate many cases: JSON lines out, in input order, one line per case.
        #[arg(long)]
        batch: bool,
        /// Workers for `--batch` (default: every core).
        #[arg(long)]
        jobs: Option<usize>,
        /// The moment to evaluate at (`2026-05-20T09:00:00+08:00`, or a date meaning 24:00 of
        /// that day); overrides the case's own `as_of`.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Evaluate in process instead of through the policy's WebAssembly component.
        #[arg(long)]
        native: bool,
        /// Time limit of one call through the component, in milliseconds.
        #[arg(long, default_value_t = component_host::Limits::default().time.as_millis() as u64)]
        time_limit_ms: u64,
        /// Memory cap of one component instance, in MiB.
        #[arg(long, default_value_t = (component_host::Limits::default().memory_bytes >> 20) as u64)]
        memory_mib: u64,
        /// The language of the messages: zh (中文, the default) or en.
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// Serve policies over HTTP to portals in any language (see the README, "Serving portals").
    Serve {
        /// Rule files (`.hall`) and folders of them; each hall's id is its file's stem.
        #[arg(required = true)]
        policies: Vec<std::path::PathBuf>,
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8181")]
        addr: std::net::SocketAddr,
        /// Evaluations that run at once (default: every core; at most 64).
        #[arg(long)]
        workers: Option<usize>,
        /// Requests that may wait for a worker; past it the service answers 503.
        #[arg(long, default_value_t = 256)]
        queue: usize,
        /// Bearer tokens that may evaluate, one `NAME TOKEN` a line.
        #[arg(long)]
        token_file: Option<std::path::PathBuf>,
        /// Bearer tokens that may reload (`POST /v1/admin/reload`).
        #[arg(long)]
        admin_token_file: Option<std::path::PathBuf>,
        /// The decision log: a file, or `-` for stdout.
        #[arg(long)]
        decision_log: Option<String>,
        /// Set the decision log file aside as `FILE.1` past this many MiB.
        #[arg(long, default_value_t = 100)]
        decision_log_max_mib: u64,
        /// How many set-aside decision log files to keep (`FILE.1` newest … `FILE.N`).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
        decision_log_keep: u32,
        /// Put each whole case in the decision log.
        #[arg(long)]
        log_cases: bool,
        /// Time limit of one call through the component, in milliseconds.
        #[arg(long, default_value_t = component_host::Limits::default().time.as_millis() as u64)]
        time_limit_ms: u64,
        /// Memory cap of one component instance, in MiB.
        #[arg(long, default_value_t = (component_host::Limits::default().memory_bytes >> 20) as u64)]
        memory_mib: u64,
        /// The language of the service's own lines on stderr: zh (中文, the default) or en.
        /// Answers are in the language each request's `Accept-Language` asks for.
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// Write the JSON Schemas of the case, the evaluation and the error, and the service's
    /// OpenAPI document, into a folder (the repository keeps them in `hosts/cli/schemas`).
    Schemas {
        /// The folder to write into.
        dir: std::path::PathBuf,
    },
    /// Show which rules a folder of cases shows met and breached; exit 1 if any rule is not
    /// seen both ways.
    Coverage {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// A folder of case fixtures (`*.json`).
        cases: std::path::PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// The language of the summary: zh (中文, the default) or en.
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// Write random valid cases of a policy as JSON lines (deterministic for a seed).
    Generate {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// How many cases.
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// The seed; the same seed gives the same cases.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How to report diagnostics: `text` for people, `json` for editors.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Lay rule files out canonically, keeping comments and line breaks.
    Fmt {
        /// The rule files (`.hall`).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Change nothing; list the files that are not formatted and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Write every keyword in this language (`zh` or `en`).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// How to report diagnostics: `text` for people, `json` for editors.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Explain how each obligation and violation of a case was derived, and what would have
    /// avoided each breach.
    Explain {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// The case, as JSON.
        case: std::path::PathBuf,
        /// The moment to evaluate at; overrides the case's own `as_of`.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// The language of the explanation: zh (中文, the default) or en.
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// Write a hall's rule book as static HTML: articles beside the rules that encode them,
    /// limits, matters and ladders as tables, citations linked.
    Doc {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// The regulation text (for the articles beside their rules).
        #[arg(long)]
        text: Option<std::path::PathBuf>,
        /// The folder to write `index.html` into.
        #[arg(short, long)]
        output: std::path::PathBuf,
        /// How to report diagnostics: `text` for people, `json` for editors.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// The language of the book: zh (中文, the default) or en.
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// Check every case of a folder against its snapshot (`CASES/snapshots/CASE.snap`, insta's
    /// format); print a diff on mismatch and leave `.snap.new` for `cargo insta review`.
    Test {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// A folder of cases (`*.json`).
        cases: std::path::PathBuf,
        /// Accept every new or changed result as the snapshot.
        #[arg(long)]
        update: bool,
        /// How to report diagnostics: `text` for people, `json` for editors.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// The language of the summary: zh (中文, the default) or en.
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// Compare two versions of a policy over a folder of cases: which cases change obligations,
    /// violations, due dates or penalty rungs, grouped by rule. Exit 1 when any case changes.
    Diff {
        /// The policy as it was.
        old: std::path::PathBuf,
        /// The policy as proposed.
        new: std::path::PathBuf,
        /// A folder of cases (`*.json`).
        #[arg(long)]
        cases: std::path::PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// The language of the summary: zh (中文, the default) or en.
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// Evaluate a folder of cases together: each case, then what repetition across them
    /// triggers (a section's second upheld complaint in a year…).
    Review {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// A folder of cases (`*.json`).
        cases: std::path::PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Trace a regulation text's numbered articles to the rules that encode them (Markdown);
    /// exit 1 if an article is neither encoded nor left out with a reason.
    Trace {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// The regulation text, as plain text with its own numbering.
        text: std::path::PathBuf,
        /// The policy's `source` the text is, when it declares several.
        #[arg(long)]
        source: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Describe a policy as its component does: hall, version, hash, rules, case schema (JSON).
    Describe {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// How to report diagnostics: `text` for people, `json` for editors.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Compile a rule file into a self-contained WebAssembly component.
    Build {
        /// The rule file (`.hall`).
        policy: std::path::PathBuf,
        /// Where to write the component.
        #[arg(short, long)]
        output: std::path::PathBuf,
        /// How to report diagnostics: `text` for people, `json` for editors.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// A language: of keywords for `hall fmt --lang`, of messages for `eval` and `explain`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Lang {
    /// 中文
    Zh,
    /// English
    En,
}

impl Lang {
    fn messages(self) -> hallpolicy_runtime::Lang {
        match self {
            Lang::Zh => hallpolicy_runtime::Lang::Zh,
            Lang::En => hallpolicy_runtime::Lang::En,
        }
    }
}

/// A reader that stops early (`hall … | head`) closes stdout; end quietly, as Unix tools do,
/// instead of reporting a panic.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_closed_stdout();
    command_error::finish(run(Cli::parse()))
}

/// Runs the subcommand the command line names.
fn run(cli: Cli) -> CommandResult {
    match cli.command {
        Command::Check { file, format } => check::run(&file, format),
        Command::Serve {
            policies,
            addr,
            workers,
            queue,
            token_file,
            admin_token_file,
            decision_log,
            decision_log_max_mib,
            decision_log_keep,
            log_cases,
            time_limit_ms,
            memory_mib,
            lang,
        } => {
            let tokens = |file: Option<std::path::PathBuf>| match file {
                Some(path) => serve::access::Tokens::read(&path).map_err(command_error::CommandError::read(&path)),
                None => Ok(serve::access::Tokens::default()),
            };
            let decision_log = match decision_log {
                Some(target) => Some(
                    serve::decision_log::DecisionLog::open(
                        &target,
                        serve::decision_log::Rotation {
                            max_bytes: decision_log_max_mib << 20,
                            keep: decision_log_keep,
                        },
                        log_cases,
                    )
                    .map_err(command_error::CommandError::write(std::path::Path::new(&target)))?,
                ),
                None => None,
            };
            serve::run(
                serve::Config {
                    sources: policies,
                    addr,
                    limits: component_host::Limits::new(time_limit_ms, memory_mib)?,
                    workers: workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
                    queue,
                    tokens: tokens(token_file)?,
                    admin_tokens: tokens(admin_token_file)?,
                    decision_log,
                    clock: std::sync::Arc::new(serve::clock::SystemClock),
                },
                lang.messages(),
            )?;
            Ok(command_error::Outcome::Done)
        }
        Command::Schemas { dir } => {
            std::fs::create_dir_all(&dir).map_err(command_error::CommandError::write(&dir))?;
            for (name, text) in serve::openapi::schema_files() {
                let path = dir.join(name);
                std::fs::write(&path, text).map_err(command_error::CommandError::write(&path))?;
            }
            Ok(command_error::Outcome::Done)
        }
        Command::Eval {
            policy,
            case,
            batch: is_batch,
            jobs,
            as_of,
            format,
            native,
            time_limit_ms,
            memory_mib,
            lang,
        } => {
            let limits = component_host::Limits::new(time_limit_ms, memory_mib)?;
            if is_batch {
                let compiled = hall::policy::load(&policy, format)?;
                let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
                return batch::run(
                    compiled,
                    &case,
                    as_of.as_deref(),
                    &eval::Engine {
                        native,
                        limits,
                        lang: lang.messages(),
                    },
                    jobs,
                );
            }
            eval::run(
                &policy,
                &case,
                as_of.as_deref(),
                format,
                &eval::Engine {
                    native,
                    limits,
                    lang: lang.messages(),
                },
            )
        }
        Command::Build { policy, output, format } => build_component::run(&policy, &output, format),
        Command::Describe { policy, format } => describe::run(&policy, format),
        Command::Coverage {
            policy,
            cases,
            format,
            lang,
        } => coverage::run(&policy, &cases, format, lang.messages()),
        Command::Review { policy, cases, format } => review::run(&policy, &cases, format),
        Command::Diff {
            old,
            new,
            cases,
            format,
            lang,
        } => diff::run(&old, &new, &cases, format, lang.messages()),
        Command::Test {
            policy,
            cases,
            update,
            format,
            lang,
        } => snapshot_test::run(&policy, &cases, update, format, lang.messages()),
        Command::Doc {
            policy,
            text,
            output,
            format,
            lang,
        } => doc::run(&policy, text.as_deref(), &output, format, lang.messages()),
        Command::Generate {
            policy,
            count,
            seed,
            format,
        } => generate::run(&policy, count, seed, format),
        Command::Fmt {
            files,
            check,
            lang,
            format,
        } => fmt::run(
            &files,
            check,
            lang.map(|l| match l {
                Lang::Zh => hallpolicy_compiler::format::Lang::Zh,
                Lang::En => hallpolicy_compiler::format::Lang::En,
            }),
            format,
        ),
        Command::Explain {
            policy,
            case,
            as_of,
            format,
            lang,
        } => explain::run(&policy, &case, as_of.as_deref(), format, lang.messages()),
        Command::Trace {
            policy,
            text,
            source,
            format,
        } => trace::run(&policy, &text, source.as_deref(), format),
    }
}
