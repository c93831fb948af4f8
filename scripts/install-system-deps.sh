#!/usr/bin/env bash
# Installs what chitieu needs from the system's packages: tesseract with its
# Vietnamese data (OCR of scanned pages), the DejaVu fonts the tests use to
# print the corpus as PDF, and Chromium, which the browser tests drive headless
# through the review site and Datasette. Idempotent; quiet when all is there.
# Without root or sudo it says what to install and carries on: everything but
# OCR works without tesseract, and only the browser tests need Chromium.
set -euo pipefail

have_vie() { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; }
have_font() { [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; }
have_chromium() { command -v chromium >/dev/null 2>&1; }
have_all() { have_vie && have_font && have_chromium; }
have_all && exit 0

packages="tesseract-ocr tesseract-ocr-vie fonts-dejavu-core chromium chromium-driver"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo=none; fi
  if [ "$sudo" != none ]; then
    echo "installing $packages (OCR of scanned pages; fonts for the PDF tests; a browser for the review tests)…"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null
    have_all && exit 0
  fi
fi
have_vie || {
  echo "note: OCR is unavailable: install tesseract with its Vietnamese data (tesseract-ocr tesseract-ocr-vie" >&2
  echo "      on Debian/Ubuntu, tesseract + tesseract-lang on Homebrew). Scanned pages will fail with that reason." >&2
}
have_font || echo "note: the PDF tests need the DejaVu fonts (fonts-dejavu-core on Debian/Ubuntu)." >&2
have_chromium || echo "note: the browser tests need Chromium (chromium on Debian/Ubuntu); they are skipped without it." >&2
exit 0
