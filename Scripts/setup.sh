#!/usr/bin/env bash
# Installs what the build needs beyond Swift itself: libyaml's headers (Debian: libyaml-dev,
# macOS: brew install libyaml). Does nothing when they are already there.
set -euo pipefail
if pkg-config --exists yaml-0.1 2>/dev/null; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing libyaml-dev" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libyaml-dev pkg-config
elif command -v brew >/dev/null 2>&1; then
    brew install libyaml pkg-config
else
    echo "setup: libyaml is missing; install libyaml (with its headers) and pkg-config" >&2
    exit 1
fi
