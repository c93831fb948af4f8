#!/usr/bin/env bash
# Installs what chitieu needs from the system's packages: tesseract with its
# Vietnamese data (OCR of scanned pages), antiword (Word 97 .doc files), the
# DejaVu fonts the tests use to print the corpus as PDF, LibreOffice Writer
# (headless), with which the tests turn a .docx into PDF and .doc, and Chromium,
# which the browser tests drive through the review site and Datasette.
# Idempotent; quiet when all is there. Without root or sudo it says what to
# install and carries on: everything but OCR and .doc works without them.
set -euo pipefail

have_vie() { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; }
have_font() { [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; }
have_antiword() { command -v antiword >/dev/null 2>&1; }
have_office() { command -v soffice >/dev/null 2>&1; }
have_chromium() { command -v chromium >/dev/null 2>&1; }
have_all() { have_vie && have_font && have_antiword && have_office && have_chromium; }
have_all && exit 0

packages="tesseract-ocr tesseract-ocr-vie fonts-dejavu-core antiword libreoffice-writer-nogui chromium chromium-driver"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo=none; fi
  if [ "$sudo" != none ]; then
    echo "installing $packages (OCR of scanned pages; Word 97 .doc; fonts, LibreOffice and a browser for the tests)…"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
    have_all && exit 0
  fi
fi
have_vie || {
  echo "note: OCR is unavailable: install tesseract with its Vietnamese data (tesseract-ocr tesseract-ocr-vie" >&2
  echo "      on Debian/Ubuntu, tesseract + tesseract-lang on Homebrew). Scanned pages will fail with that reason." >&2
}
have_antiword || echo "note: Word 97 .doc files will fail until antiword is installed (antiword on Debian/Ubuntu and Homebrew)." >&2
have_font || echo "note: the PDF tests need the DejaVu fonts (fonts-dejavu-core on Debian/Ubuntu)." >&2
have_office || echo "note: the format-pair tests need LibreOffice (libreoffice-writer-nogui on Debian/Ubuntu)." >&2
have_chromium || echo "note: the browser tests need Chromium (chromium on Debian/Ubuntu)." >&2
exit 0
