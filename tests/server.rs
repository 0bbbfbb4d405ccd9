//! `ciolint server` spoken to over JSON-RPC on stdio, as an editor would: initialize, open a
//! file of `examples/`, read the diagnostics, ask for code actions and a hover, edit the
//! buffer, shut down.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications read while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ciolint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("ciolint server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and return its whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next_message(deadline, method);
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.backlog.push(message);
        }
    }

    fn next_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        match self
            .messages
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!(
                "timed out waiting for {waiting_for}; received meanwhile: {:#?}",
                self.backlog
            ),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed stdout while we waited for {waiting_for}")
            }
        }
    }

    /// The first notification (backlog first) that `wanted` accepts.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.next_message(deadline, what);
            if wanted(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    fn diagnostics_for(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics of {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, root: &Path) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": {},
            }),
        );
        self.notify("initialized", json!({}));
        response
    }

    fn shut_down(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "server exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn find<'a>(diagnostics: &'a [Value], rule: &str) -> Option<&'a Value> {
    diagnostics.iter().find(|d| d["code"] == rule)
}

#[test]
fn diagnostics_code_actions_hover_and_edits_over_json_rpc() {
    let examples = repo().join("examples");
    let signup = examples.join("src/routes/signup.ts");
    let signup_uri = uri(&signup);
    let text = std::fs::read_to_string(&signup).unwrap();

    let mut client = Client::start(&repo());
    let init = client.initialize(&examples);
    let caps = &init["result"]["capabilities"];
    assert_eq!(init["result"]["serverInfo"]["name"], "ciolint", "{init}");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert!(
        caps["codeActionProvider"]["codeActionKinds"]
            .as_array()
            .unwrap()
            .contains(&json!("source.fixAll.ciolint"))
    );

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": signup_uri, "languageId": "typescript", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics_for(&signup_uri, Some(1));
    let ms = find(&diagnostics, "millisecond-timestamp").expect("millisecond-timestamp");
    // `created_at: Date.now(),` on line 13 (0-based 12); `Date.now()` starts at column 16.
    assert_eq!(
        ms["range"],
        json!({"start": {"line": 12, "character": 16}, "end": {"line": 12, "character": 26}})
    );
    assert_eq!(ms["severity"], 1);
    assert_eq!(ms["source"], "ciolint");
    // Project-wide rules see the other files of the workspace.
    let collision = find(&diagnostics, "event-name-collision").expect("event-name-collision");
    assert!(
        collision["relatedInformation"][0]["location"]["uri"]
            .as_str()
            .unwrap()
            .starts_with(&uri(&examples)),
        "{collision}"
    );
    // Files that are not open get their findings too.
    let client_file = uri(&examples.join("src/lib/customerio.ts"));
    let others = client.diagnostics_for(&client_file, None);
    assert!(
        find(&others, "hardcoded-credential").is_some(),
        "{others:?}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": signup_uri},
            "range": ms["range"],
            "context": {"diagnostics": [ms]},
        }),
    );
    let actions = actions["result"].as_array().expect("code actions").clone();
    let quick_fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap().contains("unix seconds"))
        .unwrap_or_else(|| panic!("no fix among {actions:?}"));
    let edit = &quick_fix["edit"]["changes"][&signup_uri][0];
    assert_eq!(edit["newText"], "Math.floor(Date.now() / 1000)");
    assert_eq!(edit["range"], ms["range"]);
    let ignore = actions
        .iter()
        .find(|a| a["title"] == "Ignore `millisecond-timestamp` on this line (ciolint-ignore)")
        .unwrap_or_else(|| panic!("no ignore action among {actions:?}"));
    let insert = &ignore["edit"]["changes"][&signup_uri][0];
    assert_eq!(
        insert["range"],
        json!({"start": {"line": 12, "character": 0}, "end": {"line": 12, "character": 0}})
    );
    assert!(
        insert["newText"]
            .as_str()
            .unwrap()
            .starts_with("    // ciolint-ignore: millisecond-timestamp -- "),
        "{insert}"
    );
    let fix_all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.ciolint")
        .unwrap_or_else(|| panic!("no fix-all among {actions:?}"));
    assert_eq!(
        fix_all["edit"]["changes"][&signup_uri][0]["newText"],
        "Math.floor(Date.now() / 1000)"
    );

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": signup_uri}, "position": {"line": 12, "character": 20}}),
    );
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.contains("**millisecond-timestamp**"), "{hover}");
    assert!(
        shown.contains("The Track and App APIs take dates as integer unix seconds"),
        "{shown}"
    );

    // Apply the fix in the buffer only: the finding goes, the file on disk is unchanged.
    let fixed = text.replace(
        "created_at: Date.now()",
        "created_at: Math.floor(Date.now() / 1000)",
    );
    assert_ne!(fixed, text);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": signup_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = client.diagnostics_for(&signup_uri, Some(2));
    assert!(find(&after, "millisecond-timestamp").is_none(), "{after:?}");
    assert!(find(&after, "event-name-collision").is_some(), "{after:?}");
    assert_eq!(std::fs::read_to_string(&signup).unwrap(), text);

    client.shut_down();
}

#[test]
fn bad_requests_get_errors_and_a_broken_config_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("ciolint.toml"), "selectt = [\"x\"]\n").unwrap();
    std::fs::write(
        root.join("app.js"),
        "const { TrackClient } = require(\"customerio-node\");\nconst cio = new TrackClient(process.env.A, process.env.B);\ncio.identify(\"1\", { created_at: Date.now() });\n",
    )
    .unwrap();
    let mut client = Client::start(&root);
    client.initialize(&root);
    let shown = client.wait_for("a message about the config", |m| {
        m["method"] == "window/showMessage"
    });
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("ciolint.toml") && message.contains("selectt"),
        "{message}"
    );
    // The check still runs, with the default settings.
    let diagnostics = client.diagnostics_for(&uri(&root.join("app.js")), None);
    assert!(find(&diagnostics, "millisecond-timestamp").is_some());

    let unknown = client.request("textDocument/definition", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let malformed = client.request("textDocument/hover", json!({"position": "nowhere"}));
    assert_eq!(malformed["error"]["code"], -32602, "{malformed}");
    client.notify("textDocument/didOpen", json!({"textDocument": 42}));
    // Still serving.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&root.join("app.js"))}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");

    // The file changes on disk (not open in the editor): its findings are cleared.
    let app = uri(&root.join("app.js"));
    std::fs::write(root.join("app.js"), "module.exports = {};\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": app, "type": 2}]}),
    );
    let cleared = client.diagnostics_for(&app, None);
    assert_eq!(cleared, Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn input_that_is_not_lsp_is_a_clear_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ciolint"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"check examples/\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stdin is not a stream of LSP messages"),
        "{stderr}"
    );
}
