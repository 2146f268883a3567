#!/usr/bin/env bash
# Installs the real clients the tests use: Debian's Chromium and its chromedriver (the page), a CJK font (without
# one, Chinese renders as boxes in screenshots, and the report documents have no font to embed), poppler-utils
# (pdftotext, pdffonts, pdftoppm read the report PDFs as a reader's tools would), LibreOffice Calc (headless) and
# openpyxl (the spreadsheet programs that fill and save report forms). Nothing is downloaded outside Debian's
# packages. `--fonts` installs only the font, which the server itself needs for PDF documents.
set -euo pipefail
missing=()
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ "${1:-}" != "--fonts" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v pdftotext >/dev/null && command -v pdffonts >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
  /usr/bin/python3 -c 'import openpyxl' 2>/dev/null || missing+=(python3-openpyxl)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "[browser] missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install --no-install-recommends ${missing[*]})" >&2
  exit 1
fi
echo "[browser] installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
