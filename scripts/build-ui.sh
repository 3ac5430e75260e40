#!/usr/bin/env bash
# Rebuilds the web UI: installs the npm packages pinned in src/Host/ClientApp/package-lock.json, bundles the sources
# with esbuild into fingerprinted, pre-compressed files under src/Host/wwwroot, and records the hashes of sources and
# outputs in src/Host/ClientApp/bundle-manifest.json. Commit both; the build and CI never run npm
# (BundleManifestTests fails when the committed bundle is older than its sources).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../src/Host/ClientApp"
npm ci --no-audit --no-fund
node build.mjs
