#!/bin/sh
# Installs Debian's Chromium for the browser tests, once, and openssl (make serve's
# self-signed certificate, used by the production browser test). Needs root (CI and the
# dev machines run as root).
set -e
if [ -x /usr/bin/chromium ] && command -v openssl >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium/openssl chưa được cài: chạy 'sudo apt-get install chromium openssl' (cần cho kiểm thử trình duyệt)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-liberation openssl >/dev/null
