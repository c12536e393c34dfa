#!/usr/bin/env bash
# Makes sure Debian's Chromium and its chromedriver are installed (the browser suite,
# tests/it/browser.rs, drives them headless); installs them from Debian's packages where
# they are missing. Nothing is downloaded at test time.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "Installing Chromium and chromedriver from Debian's packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium chromium-driver >&2
fi
chromium --version
chromedriver --version
