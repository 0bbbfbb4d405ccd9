//! `ciolint server`: a Language Server over stdio. Every check is the whole-project check of
//! `ciolint check`, run on the workspace with the editor's unsaved buffers overlaid, so
//! cross-file rules and the resolver see what the user sees; findings become diagnostics,
//! fixes and suppressions become code actions, and hovering a finding explains its rule.
//!
//! Checks run on a worker thread, one at a time: typing postpones the next check until the
//! buffer has been still for [`DEBOUNCE`], and requests are answered from the last results
//! meanwhile.

mod actions;
mod analysis;
mod convert;

use analysis::{Analysis, Buffer};
use anyhow::{Context, Result};
use convert::{Encoding, path_to_uri, uri_to_path};
use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics,
    ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, HoverRequest, RegisterCapability, Request as _, Shutdown,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, Diagnostic,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, InitializeResult, MessageType, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long a buffer must be still after an edit before it is checked again.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Project checks recurse over syntax trees and summaries; give the worker room.
const CHECK_STACK: usize = 256 << 20;

/// Files whose change can change a finding, for the client's file watcher.
const WATCHED: &[&str] = &[
    "**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,py,rb,rake,ru,go}",
    "**/*.{html,htm,liquid,mjml,hbs,handlebars,md,erb,yml,yaml,json,toml}",
    "**/{Gemfile,Rakefile,go.mod,.env,.env.*}",
];

/// Serve one client over stdin and stdout until it says `exit` (or hangs up). Returns
/// whether the client shut the server down properly first (the exit code says so, as the
/// protocol asks).
pub fn run() -> Result<bool> {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(connection);
    let disconnected = served.as_ref().err().is_some_and(|err| {
        err.downcast_ref::<lsp_server::ProtocolError>()
            .is_some_and(|e| e.channel_is_disconnected())
    });
    match served {
        Ok(shut_down) => {
            let joined = io_threads.join();
            // A client that has shut us down may close the pipes in any order.
            if !shut_down {
                joined.context("the connection to the editor failed")?;
            }
            Ok(shut_down)
        }
        // The reader stopped before `initialize`: say why (its thread has ended, so this
        // does not block).
        Err(_) if disconnected => match io_threads.join() {
            Err(io) => anyhow::bail!(
                "stdin is not a stream of LSP messages ({io}); `ciolint server` talks to an \
                 editor's language client (see editors/README.md)"
            ),
            Ok(()) => anyhow::bail!(
                "stdin closed before an `initialize` request: `ciolint server` is started by an \
                 editor's language client (see editors/README.md)"
            ),
        },
        Err(err) => Err(err),
    }
}

fn serve(connection: Connection) -> Result<bool> {
    let (id, params) = connection
        .initialize_start()
        .context("waiting for the editor's `initialize` request")?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(err) => {
            let message = format!("ciolint could not read the `initialize` parameters: {err}");
            connection.sender.send(
                Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone()).into(),
            )?;
            anyhow::bail!(message);
        }
    };
    let encoding = negotiate_encoding(&params);
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "ciolint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result)?)
        .context("finishing the `initialize` handshake")?;
    // `initialize_finish` has also read the client's `initialized` notification.
    let mut server = Server::new(connection, &params, encoding);
    server.register_file_watcher()?;
    server.schedule(Duration::ZERO);
    server.main_loop()
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(actions::FIX_ALL_KIND),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// An open buffer.
struct Document {
    /// The URI exactly as the client wrote it, to publish under the same name.
    uri: Uri,
    text: String,
    version: i32,
}

/// What a finished check sends back.
type Outcome = std::result::Result<Analysis, String>;

struct Server {
    connection: Connection,
    encoding: Encoding,
    roots: Vec<PathBuf>,
    documents: HashMap<PathBuf, Document>,
    /// The last finished check.
    analysis: Analysis,
    /// What each file was last sent, to clear files that lost their findings.
    published: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// When the next check starts (none pending when `None`).
    check_due: Option<Instant>,
    checking: bool,
    results: (Sender<Outcome>, Receiver<Outcome>),
    /// Errors already shown, so a broken config is reported once, not on every keystroke.
    shown_errors: HashSet<String>,
    watch_files: bool,
    next_request: i32,
    /// The client sent `shutdown`: only `exit` is expected now.
    shutting_down: bool,
}

impl Server {
    fn new(connection: Connection, params: &InitializeParams, encoding: Encoding) -> Self {
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_to_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(uri_to_path)
        {
            roots.push(root);
        }
        roots.retain(|r| r.is_absolute() && r.is_dir());
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        Server {
            connection,
            encoding,
            roots,
            documents: HashMap::new(),
            analysis: Analysis::default(),
            published: BTreeMap::new(),
            check_due: None,
            checking: false,
            results: crossbeam_channel::unbounded(),
            shown_errors: HashSet::new(),
            watch_files,
            next_request: 0,
            shutting_down: false,
        }
    }

    /// Serve until `exit` or a hang-up; returns whether `shutdown` came first.
    fn main_loop(&mut self) -> Result<bool> {
        loop {
            let wait = match self.check_due {
                Some(due) if !self.checking && !self.shutting_down => {
                    due.saturating_duration_since(Instant::now())
                }
                _ => Duration::from_secs(3600),
            };
            let receiver = self.connection.receiver.clone();
            let results = self.results.1.clone();
            select! {
                recv(receiver) -> message => {
                    // The client hung up without `exit`: nothing left to serve.
                    let Ok(message) = message else { return Ok(self.shutting_down) };
                    if self.handle(message)? {
                        return Ok(self.shutting_down);
                    }
                }
                recv(results) -> outcome => {
                    self.checking = false;
                    if let Ok(outcome) = outcome {
                        self.finish_check(outcome)?;
                    }
                }
                default(wait) => self.start_check(),
            }
        }
    }

    /// Handle one message; `true` when the client asked to exit.
    fn handle(&mut self, message: Message) -> Result<bool> {
        match message {
            Message::Request(request) => {
                let response = if request.method == Shutdown::METHOD {
                    self.shutting_down = true;
                    Response::new_ok(request.id, ())
                } else if self.shutting_down {
                    Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".to_string(),
                    )
                } else {
                    self.answer(request)
                };
                self.connection.sender.send(response.into())?;
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return Ok(true);
                }
                self.notified(notification)?;
            }
            // Answers to our own requests (the file watcher registration) need no follow-up.
            Message::Response(_) => {}
        }
        Ok(false)
    }

    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            CodeActionRequest::METHOD => parse::<lsp_types::CodeActionParams>(&request)
                .map(|p| serde_json::to_value(self.code_actions(&p))),
            HoverRequest::METHOD => parse::<lsp_types::HoverParams>(&request)
                .map(|p| serde_json::to_value(self.hover(&p))),
            other => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("ciolint does not handle `{other}`"),
                );
            }
        };
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(err)) => Response::new_err(id, ErrorCode::InternalError as i32, err.to_string()),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        }
    }

    fn notified(&mut self, notification: Notification) -> Result<()> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    parse_notification::<lsp_types::DidOpenTextDocumentParams>(&notification, self)
                else {
                    return Ok(());
                };
                if let Some(path) = uri_to_path(&p.text_document.uri) {
                    self.documents.insert(
                        path,
                        Document {
                            uri: p.text_document.uri,
                            text: p.text_document.text,
                            version: p.text_document.version,
                        },
                    );
                    self.schedule(Duration::ZERO);
                }
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = parse_notification::<lsp_types::DidChangeTextDocumentParams>(
                    &notification,
                    self,
                ) else {
                    return Ok(());
                };
                let Some(path) = uri_to_path(&p.text_document.uri) else {
                    return Ok(());
                };
                // Full synchronisation: the last change holds the whole text.
                if let (Some(document), Some(change)) = (
                    self.documents.get_mut(&path),
                    p.content_changes.into_iter().last(),
                ) {
                    document.text = change.text;
                    document.version = p.text_document.version;
                    self.schedule(DEBOUNCE);
                }
            }
            DidSaveTextDocument::METHOD => self.schedule(Duration::ZERO),
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    parse_notification::<lsp_types::DidCloseTextDocumentParams>(&notification, self)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                {
                    // What is on disk counts again.
                    self.documents.remove(&path);
                    self.schedule(DEBOUNCE);
                }
            }
            DidChangeWatchedFiles::METHOD => self.schedule(DEBOUNCE),
            DidChangeWorkspaceFolders::METHOD => {
                if let Ok(p) = parse_notification::<lsp_types::DidChangeWorkspaceFoldersParams>(
                    &notification,
                    self,
                ) {
                    let removed: Vec<PathBuf> = p
                        .event
                        .removed
                        .iter()
                        .filter_map(|f| uri_to_path(&f.uri))
                        .collect();
                    self.roots.retain(|r| !removed.contains(r));
                    self.roots.extend(
                        p.event
                            .added
                            .iter()
                            .filter_map(|f| uri_to_path(&f.uri))
                            .filter(|r| r.is_dir()),
                    );
                    self.schedule(Duration::ZERO);
                }
            }
            // `$/cancelRequest`, `$/setTrace` and the like: answers are immediate anyway.
            _ => {}
        }
        Ok(())
    }

    /// Check again after `delay`, or sooner if a check is already due sooner.
    fn schedule(&mut self, delay: Duration) {
        let at = Instant::now() + delay;
        // Typing moves the check later; an immediate request (open, save) is never delayed.
        self.check_due = Some(match self.check_due {
            Some(due) if delay.is_zero() => due.min(at),
            _ => at,
        });
    }

    fn start_check(&mut self) {
        self.check_due = None;
        let request = analysis::Request {
            roots: self.roots.clone(),
            buffers: self
                .documents
                .iter()
                .map(|(path, d)| Buffer {
                    path: path.clone(),
                    text: d.text.clone(),
                    version: d.version,
                })
                .collect(),
            encoding: self.encoding,
        };
        if request.roots.is_empty() && request.buffers.is_empty() {
            return;
        }
        let sender = self.results.0.clone();
        let spawned = std::thread::Builder::new()
            .name("ciolint-check".to_string())
            .stack_size(CHECK_STACK)
            .spawn(move || {
                let outcome = std::panic::catch_unwind(|| analysis::analyse(&request))
                    .map_err(|panic| {
                        let what = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default();
                        format!("ciolint failed while checking the workspace ({what}); this is a bug, please report it")
                    });
                let _ = sender.send(outcome);
            });
        match spawned {
            Ok(_) => self.checking = true,
            Err(err) => {
                let _ = self.log(
                    MessageType::ERROR,
                    &format!("could not start a check: {err}"),
                );
            }
        }
    }

    fn finish_check(&mut self, outcome: Outcome) -> Result<()> {
        let analysis = match outcome {
            Ok(analysis) => analysis,
            Err(message) => {
                self.show_once(MessageType::ERROR, message)?;
                return Ok(());
            }
        };
        let current: HashSet<String> = analysis.errors.iter().cloned().collect();
        for error in &analysis.errors {
            self.show_once(MessageType::ERROR, error.clone())?;
        }
        // A fixed problem is shown again if it comes back.
        self.shown_errors.retain(|e| current.contains(e));
        self.log(
            MessageType::LOG,
            &format!(
                "checked {} files: {} with findings",
                analysis.files_scanned,
                analysis.files.len()
            ),
        )?;
        let mut next: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for (path, file) in &analysis.files {
            next.insert(path.clone(), file.diagnostics.clone());
        }
        for (path, diagnostics) in &next {
            let open = self.documents.contains_key(path);
            if open || self.published.get(path) != Some(diagnostics) {
                let version = analysis.files.get(path).and_then(|f| f.version);
                self.publish(path, diagnostics.clone(), version)?;
            }
        }
        let cleared: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|p| !next.contains_key(*p))
            .cloned()
            .collect();
        for path in cleared {
            self.publish(&path, Vec::new(), None)?;
        }
        // Open files without findings get an empty list too: the client then knows they
        // were checked.
        let unseen: Vec<PathBuf> = self
            .documents
            .keys()
            .filter(|p| !next.contains_key(*p) && !self.published.contains_key(*p))
            .cloned()
            .collect();
        for path in unseen {
            let version = self.documents.get(&path).map(|d| d.version);
            self.publish(&path, Vec::new(), version)?;
            next.insert(path, Vec::new());
        }
        next.retain(|p, d| !d.is_empty() || self.documents.contains_key(p));
        self.published = next;
        self.analysis = analysis;
        Ok(())
    }

    fn uri_of(&self, path: &std::path::Path) -> Option<Uri> {
        match self.documents.get(path) {
            Some(d) => Some(d.uri.clone()),
            None => path_to_uri(path),
        }
    }

    fn publish(
        &self,
        path: &std::path::Path,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) -> Result<()> {
        let Some(uri) = self.uri_of(path) else {
            return Ok(());
        };
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        })
    }

    /// The results for a document, if they were computed on the text the client has now.
    fn current_result(&self, uri: &Uri) -> Option<(PathBuf, &analysis::FileResult)> {
        let path = uri_to_path(uri)?;
        let file = self.analysis.files.get(&path)?;
        // Positions are only valid in the text they were computed on (a check started before
        // the file was opened read the same text from disk).
        let current = self
            .documents
            .get(&path)
            .is_none_or(|d| d.text == file.text);
        current.then_some((path, file))
    }

    fn code_actions(&self, params: &lsp_types::CodeActionParams) -> Vec<lsp_types::CodeAction> {
        let Some((path, file)) = self.current_result(&params.text_document.uri) else {
            return Vec::new();
        };
        actions::code_actions(
            &params.text_document.uri,
            &path,
            file,
            params.range,
            params.context.only.as_deref(),
            self.encoding,
        )
    }

    fn hover(&self, params: &lsp_types::HoverParams) -> Option<lsp_types::Hover> {
        let position = &params.text_document_position_params;
        let (_, file) = self.current_result(&position.text_document.uri)?;
        actions::hover(file, position.position)
    }

    fn register_file_watcher(&mut self) -> Result<()> {
        if !self.watch_files {
            return Ok(());
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: WATCHED
                .iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.to_string()),
                    kind: None,
                })
                .collect(),
        };
        let registration = Registration {
            id: "ciolint-watched-files".to_string(),
            method: DidChangeWatchedFiles::METHOD.to_string(),
            register_options: Some(serde_json::to_value(options)?),
        };
        self.next_request += 1;
        let request = Request::new(
            RequestId::from(format!("ciolint-{}", self.next_request)),
            RegisterCapability::METHOD.to_string(),
            RegistrationParams {
                registrations: vec![registration],
            },
        );
        self.connection.sender.send(request.into())?;
        Ok(())
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) -> Result<()> {
        self.connection
            .sender
            .send(Notification::new(N::METHOD.to_string(), params).into())?;
        Ok(())
    }

    fn log(&self, typ: MessageType, message: &str) -> Result<()> {
        self.notify::<LogMessage>(lsp_types::LogMessageParams {
            typ,
            message: message.to_string(),
        })
    }

    fn show_once(&mut self, typ: MessageType, message: String) -> Result<()> {
        if self.shown_errors.insert(message.clone()) {
            self.log(typ, &message)?;
            self.notify::<ShowMessage>(lsp_types::ShowMessageParams {
                typ,
                message: format!("ciolint: {message}"),
            })?;
        }
        Ok(())
    }
}

fn parse<P: serde::de::DeserializeOwned>(request: &Request) -> std::result::Result<P, String> {
    serde_json::from_value(request.params.clone())
        .map_err(|e| format!("invalid parameters for `{}`: {e}", request.method))
}

/// A notification's parameters; a malformed one is logged and skipped (notifications have
/// no answer to carry an error).
fn parse_notification<P: serde::de::DeserializeOwned>(
    notification: &Notification,
    server: &Server,
) -> std::result::Result<P, ()> {
    serde_json::from_value(notification.params.clone()).map_err(|e| {
        let _ = server.log(
            MessageType::WARNING,
            &format!("ignored `{}`: invalid parameters: {e}", notification.method),
        );
    })
}
