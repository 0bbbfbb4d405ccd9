-- Drive Neovim's built-in LSP client against `ciolint server` (see nvim-test.sh): open a
-- file, wait for its diagnostics, print them with the code actions and hover offered on the
-- first one, and quit with 0 only if diagnostics arrived (and the expected rule among them).
-- Works with Neovim 0.7 (Debian 12) and later.

local bin = os.getenv('CIOLINT')
local root = os.getenv('CIOLINT_ROOT')
local file = os.getenv('CIOLINT_FILE')
local expect = os.getenv('CIOLINT_EXPECT') or ''
local out_path = os.getenv('CIOLINT_OUT')
local out = assert(io.open(out_path, 'w'))

local function finish(code)
  out:close()
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'ciolint',
  cmd = { bin, 'server' },
  root_dir = root,
  on_exit = function(code)
    if code ~= 0 then
      out:write('ciolint server exited with ' .. code .. '\n')
    end
  end,
})
if not client_id then
  out:write('could not start `' .. bin .. ' server`\n')
  finish(3)
  return
end
vim.lsp.buf_attach_client(buf, client_id)

local arrived = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not arrived then
  out:write('no diagnostics from ciolint within 30 s\n')
  finish(1)
  return
end

local function rule_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
end

local names = { 'error', 'warning', 'info', 'hint' }
local seen_expected = expect == ''
local diagnostics = vim.diagnostic.get(buf)
table.sort(diagnostics, function(a, b)
  return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
end)
for _, d in ipairs(diagnostics) do
  local rule = rule_of(d)
  seen_expected = seen_expected or rule == expect
  out:write(string.format('%s:%d:%d: %s [%s] %s\n', vim.fn.fnamemodify(file, ':.'), d.lnum + 1,
    d.col + 1, names[d.severity] or '?', rule, d.message))
end
out:write(string.format('%d diagnostics\n', #diagnostics))

-- The first diagnostic of the expected rule (or the first one): its code actions and hover.
local target = diagnostics[1]
for _, d in ipairs(diagnostics) do
  if rule_of(d) == expect then
    target = d
    break
  end
end
local uri = vim.uri_from_bufnr(buf)
local range = {
  start = { line = target.lnum, character = target.col },
  ['end'] = { line = target.end_lnum or target.lnum, character = target.end_col or target.col },
}
local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
  textDocument = { uri = uri },
  range = range,
  context = { diagnostics = {} },
}, 10000) or {}
for _, response in pairs(actions) do
  for _, action in ipairs(response.result or {}) do
    out:write('code action: ' .. action.title .. '\n')
  end
end
local hovers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = { uri = uri },
  position = range.start,
}, 10000) or {}
for _, response in pairs(hovers) do
  local contents = response.result and response.result.contents
  if contents and contents.value then
    out:write('hover: ' .. vim.split(contents.value, '\n')[1] .. '\n')
  end
end

if not seen_expected then
  out:write('expected a `' .. expect .. '` diagnostic\n')
  finish(1)
  return
end
vim.lsp.stop_client(client_id)
finish(0)
