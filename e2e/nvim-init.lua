-- Headless Neovim (Debian's 0.7.x) as a second real LSP client for the e2e test:
--   nvim --headless --clean -u e2e/nvim-init.lua FILE
-- Starts the server given in MMREVIEW_CMD (a JSON array) for FILE, waits until its
-- diagnostics arrive, writes what it saw as JSON to MMREVIEW_OUT and quits.
-- Env: MMREVIEW_CMD, MMREVIEW_OUT, MMREVIEW_FILETYPE (default "mmreview"),
--      MMREVIEW_TIMEOUT_MS (default 60000), MMREVIEW_EXPECT (count the CLI reported),
--      MMREVIEW_SETTLE_MS (default 1000: quiet time that ends the wait without a count).
-- 0.7 has no vim.lsp.start, so start_client + buf_attach_client are used.

local out = os.getenv('MMREVIEW_OUT')
local cmd_json = os.getenv('MMREVIEW_CMD')
local filetype = os.getenv('MMREVIEW_FILETYPE') or 'mmreview'
local timeout = tonumber(os.getenv('MMREVIEW_TIMEOUT_MS') or '60000')
local expect = tonumber(os.getenv('MMREVIEW_EXPECT') or '')
local settle = tonumber(os.getenv('MMREVIEW_SETTLE_MS') or '1000')

local state = { publishes = {}, messages = {}, exit = vim.NIL, attached = false, timed_out = false }
local last_publish_at = nil

local function record_message(kind)
  return function(_, result)
    table.insert(state.messages, { kind = kind, type = result.type, message = result.message })
  end
end

local function dump()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(state))
  f:close()
end

local function run()
  local cmd = vim.fn.json_decode(cmd_json)
  local buf = vim.api.nvim_get_current_buf()
  -- The filetype is set by hand: --clean detects none that our server is for, and the
  -- client sends it as the languageId.
  vim.bo[buf].filetype = filetype
  local id = vim.lsp.start_client({
    name = 'mmreview',
    cmd = cmd,
    root_dir = vim.fn.getcwd(),
    get_language_id = function() return filetype end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        table.insert(state.publishes, { uri = result.uri, version = result.version, diagnostics = result.diagnostics })
        last_publish_at = vim.loop.now()
        return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
      end,
      ['window/logMessage'] = record_message('log'),
      ['window/showMessage'] = record_message('show'),
    },
    on_exit = function(code, signal) state.exit = { code = code, signal = signal } end,
  })
  if not id then
    state.error = 'start_client failed'
    dump()
    vim.cmd('qall!')
    return
  end
  state.attached = vim.lsp.buf_attach_client(buf, id)
  local uri = vim.uri_from_bufnr(buf)
  state.uri = uri

  local function latest()
    for i = #state.publishes, 1, -1 do
      if state.publishes[i].uri == uri then return state.publishes[i] end
    end
  end
  -- Done when the server published the CLI's count for this file, or once it has been
  -- quiet for a while after a publish, or it exited.
  local ok = vim.wait(timeout, function()
    if state.exit ~= vim.NIL then return true end
    local p = latest()
    if not p then return false end
    if expect and #p.diagnostics == expect then return true end
    -- A count that never matches ends after a longer quiet time, so a mismatch is
    -- reported in seconds rather than at the timeout.
    return vim.loop.now() - last_publish_at >= (expect and 5 * settle or settle)
  end, 50)
  state.timed_out = not ok
  local p = latest()
  state.diagnostics = p and p.diagnostics or vim.NIL
  dump()
  vim.lsp.stop_client(id)
  vim.wait(2000, function() return state.exit ~= vim.NIL end, 50)
  vim.cmd('qall!')
end

-- Any error must still end Neovim (headless, it would otherwise wait forever) and say why.
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      state.error = tostring(err)
      io.stderr:write('nvim-init.lua: ' .. state.error .. '\n')
      if out then pcall(dump) end
      vim.cmd('cquit 3')
    end
  end,
})
