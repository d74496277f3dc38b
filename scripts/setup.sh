#!/usr/bin/env bash
# Sets up a fresh clone on a Debian machine: system packages (Jupyter for the notebooks; Chromium for the deck's PDF and
# the browser test; pandas, SciPy, scikit-learn, statsmodels and NLTK as reference implementations for tests and
# benchmarks; PostgreSQL 15, the second engine every query's Redshift text is tested on), the npm dependencies, and
# the tslab kernel. Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel python3-pandas python3-scipy python3-sklearn python3-nltk python3-statsmodels chromium postgresql)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

# The TypeScript kernel for Jupyter, run with Debian's python (which has ipykernel).
if ! jupyter kernelspec list 2>/dev/null | grep -q '^ *tslab '; then
  echo "setup: registering the tslab kernel" >&2
  PATH="$PWD/node_modules/.bin:$PATH" tslab install --python=/usr/bin/python3 >/dev/null 2>&1
fi
