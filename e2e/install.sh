#!/usr/bin/env bash
# e2e/install.sh - installs what the end-to-end tests drive: Debian's chromium and
# neovim, code-server 4.100.3 (a real VS Code with a Node extension host) and
# playwright-core. Idempotent: each step is skipped when its result is already there,
# so a warm run takes seconds. Only the npm registry and Debian's apt are reachable,
# hence the ripgrep and node-gyp workarounds (see shared/reference/vscode-e2e.md).
#
# Everything lands under e2e/.cache (git-ignored) and e2e/node_modules.
# Logs: e2e/.cache/logs/*.log; timings: e2e/.cache/logs/install-timings.txt.
# Env: FRESH=1 wipes code-server, node_modules and the npm cache first (cold timing).
set -euo pipefail

E2E="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="$E2E/.cache"
LOG="$CACHE/logs"
CS_VERSION=4.100.3   # newest code-server whose engine is Node 20; later ones need Node 22+
CS_DIR="$CACHE/code-server"
mkdir -p "$LOG" "$CACHE/tmp"
: > "$LOG/install-timings.txt"
: > "$LOG/apt.log"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
say() { echo "[e2e-install] $*"; }
record() { say "$1: $2 s"; echo "$1 $2" >> "$LOG/install-timings.txt"; }
# On failure show the log's tail: CI has no other way to see it.
fail_with_log() { say "FAILED, tail of $1:"; grep -v 'Unknown .*config' "$1" | tail -40 >&2; exit 1; }

# npm and node-gyp scratch space stays inside the cache; the ripgrep seed below must be
# where @vscode/ripgrep's postinstall looks ($TMPDIR).
export TMPDIR="$CACHE/tmp"
export npm_config_cache="$CACHE/npm-cache"
export npm_config_yes=true   # node-pty's postinstall runs `npx node-gyp`; a user npmrc may say yes=false
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # we drive Debian's chromium; its own download is unreachable

T_ALL=$(now)
if [ "${FRESH:-0}" = 1 ]; then
  say "FRESH=1: removing code-server, node_modules, npm cache"
  rm -rf "$CS_DIR" "$E2E/node_modules" "$CACHE/npm-cache" "$CACHE"/tmp/vscode-ripgrep-cache-*
fi

# ------------------------------------------------------------------ apt (only what is missing)
# chromium: the browser; neovim: the second LSP client; ripgrep: stands in for
# @vscode/ripgrep's GitHub download; build-essential + python3: node-gyp for code-server's
# native modules; libkrb5-dev: gssapi headers for the `kerberos` module.
T=$(now)
APT_PKGS=(chromium neovim ripgrep build-essential python3 libkrb5-dev ca-certificates)
MISSING=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
if [ "${#MISSING[@]}" -gt 0 ]; then
  say "apt-get install ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  # Two tries: a mirror hiccup on a fresh CI machine should not fail the whole run.
  for try in 1 2; do
    if { $SUDO apt-get update -qq && $SUDO apt-get install -y --no-install-recommends "${MISSING[@]}"; } \
      >> "$LOG/apt.log" 2>&1; then break; fi
    [ "$try" = 2 ] && fail_with_log "$LOG/apt.log"
    say "apt-get failed, retrying"
  done
fi
for b in chromium nvim rg; do command -v "$b" >/dev/null || { say "missing $b after apt"; exit 1; }; done
record apt "$(elapsed "$T")"

NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" = 20 ] || { say "code-server $CS_VERSION needs Node 20, found $(node -v)"; exit 1; }
# node-gyp: build against the local headers; it would otherwise download them from nodejs.org.
if [ -f /usr/include/node/node_version.h ]; then export npm_config_nodedir=/usr; fi

# ------------------------------------------------------------------ code-server
# The marker is written only after a complete install, so an interrupted one is redone.
T=$(now)
if [ "$(cat "$CS_DIR/.installed" 2>/dev/null)" != "$CS_VERSION" ]; then
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"; cd "$CS_DIR"
  echo '{"name":"code-server-host","private":true}' > package.json
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already has
  # the tarball; seed it with Debian's rg. Version and tag are read from the packages so
  # nothing here goes stale when code-server changes.
  npm pack --silent "code-server@$CS_VERSION" > "$LOG/npm-pack.log" 2>&1 || fail_with_log "$LOG/npm-pack.log"
  RG_PKG=$(tar xzf "code-server-$CS_VERSION.tgz" -O package/lib/vscode/npm-shrinkwrap.json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).packages["node_modules/@vscode/ripgrep"].version))')
  npm pack --silent "@vscode/ripgrep@$RG_PKG" >> "$LOG/npm-pack.log" 2>&1 || fail_with_log "$LOG/npm-pack.log"
  RG_TAG=$(tar xzf "vscode-ripgrep-$RG_PKG.tgz" -O package/lib/postinstall.js | sed -n "s/^const VERSION = '\(.*\)';/\1/p")
  [ -n "$RG_TAG" ] || { say "could not read the ripgrep tag from @vscode/ripgrep $RG_PKG"; exit 1; }
  RG_CACHE="$TMPDIR/vscode-ripgrep-cache-$RG_PKG"
  mkdir -p "$RG_CACHE" "$TMPDIR/rg-stage"
  cp "$(command -v rg)" "$TMPDIR/rg-stage/rg"
  tar czf "$RG_CACHE/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rg-stage" rg
  rm -rf "$TMPDIR/rg-stage" "code-server-$CS_VERSION.tgz" "vscode-ripgrep-$RG_PKG.tgz"
  say "seeded ripgrep cache (@vscode/ripgrep $RG_PKG, $RG_TAG) with Debian's rg"
  # code-server's postinstall runs `npm install` in lib/vscode; native modules whose
  # prebuilt download fails are built from source.
  npm install --unsafe-perm --foreground-scripts "code-server@$CS_VERSION" \
    > "$LOG/npm-code-server.log" 2>&1 || fail_with_log "$LOG/npm-code-server.log"
  [ -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg ] ||
    { say "code-server installed without its rg"; exit 1; }
  echo "$CS_VERSION" > .installed
  cd "$E2E"
fi
record code_server "$(elapsed "$T")"

# ------------------------------------------------------------------ playwright-core
T=$(now)
PW_WANT=$(node -p 'require(process.argv[1]).packages["node_modules/playwright-core"].version' "$E2E/package-lock.json")
PW_HAVE=$(node -p 'require(process.argv[1]).version' "$E2E/node_modules/playwright-core/package.json" 2>/dev/null || true)
if [ "$PW_HAVE" != "$PW_WANT" ]; then
  (cd "$E2E" && npm ci --no-audit --no-fund) > "$LOG/npm-e2e.log" 2>&1 || fail_with_log "$LOG/npm-e2e.log"
fi
record playwright_core "$(elapsed "$T")"

record total "$(elapsed "$T_ALL")"
say "code-server $(cat "$CS_DIR/.installed"), playwright-core $PW_WANT, $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1)"
