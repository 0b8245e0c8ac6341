#!/bin/sh
# What the suite's real clients need (tests/clients/tools.py): Node.js and npm, Java and
# chromium from Debian's packages (installed when missing, as root), then Lighthouse and the
# Nu HTML checker at the versions of package-lock.json. Without root, one message says what
# to run. The Nu checker's own download of a Java runtime is not run (--ignore-scripts).
set -eu
chromium=${KB_CHROMIUM:-/usr/bin/chromium}
missing=""
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
[ -x "$chromium" ] || missing="$missing chromium"
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $missing >/dev/null
  else
    echo "kb's tests need:$missing. Run: sudo apt-get install -y$missing && make test" >&2
    exit 1
  fi
fi
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
