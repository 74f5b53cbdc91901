#!/bin/sh
# Installs what turns the DOCX documents into PDF (LibreOffice Writer, headless), the
# Times New Roman-compatible fonts they use (Liberation Serif) and, for the tests,
# pdftoppm (PDF → PNG). Once; needs root (CI and the dev machines run as root).
set -e
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
   && [ -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "LibreOffice chưa được cài: chạy 'sudo sh scripts/install-documents.sh' (cần để xuất PDF)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-liberation poppler-utils >/dev/null
