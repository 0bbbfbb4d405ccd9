// Starts `ciolint server` for the files ciolint reads; the server does the rest
// (diagnostics, quick fixes, "fix all", ciolint-ignore comments, hover).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("ciolint").get("path") || "ciolint";
  const server = { command, args: ["server"] };
  client = new LanguageClient(
    "ciolint",
    "ciolint",
    { run: server, debug: server },
    {
      documentSelector: [
        "javascript",
        "javascriptreact",
        "typescript",
        "typescriptreact",
        "python",
        "ruby",
        "go",
        "html",
      ].map((language) => ({ scheme: "file", language })),
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
