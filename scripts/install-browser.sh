#!/bin/sh
# Installs Debian's Chromium for the browser tests, once. Needs root (CI and the dev machines run as root).
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium chưa được cài: chạy 'sudo apt-get install chromium' (cần cho kiểm thử trình duyệt)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-liberation >/dev/null
