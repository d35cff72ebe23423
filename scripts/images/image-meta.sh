#!/usr/bin/env bash
# Writes what the image build reads besides the jars, for each family in families.txt:
#   scripts/images/image-meta.sh OUT_DIR VERSION
# OUT_DIR/labels.properties: image.<family>.manifest = the default environment's openenv.yaml
#   (envs-manifests/, the OpenEnv manifest the reference's tools read), for the io.openenv.manifest label;
# OUT_DIR/space/<family>/README.md and Dockerfile: a Hugging Face Space (sdk: docker, app_port: 8000,
#   base_path: /web) that runs the image.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$1 version=$2
mkdir -p "$out"
props=$out/labels.properties
: > "$props.part"
grep -v '^#' "$here/families.txt" | while read -r family base env rest; do
  [ -n "$family" ] || continue
  manifest=$root/envs-manifests/$env/openenv.yaml
  [ -f "$manifest" ] || { echo "image-meta.sh: no manifest $manifest" >&2; exit 1; }
  # A .properties value: backslashes doubled, line ends as \n, one line.
  printf 'image.%s.manifest=%s\n' "$family" "$(sed -e 's/\\/\\\\/g' "$manifest" | awk 'BEGIN{ORS="\\n"} {print}')" >> "$props.part"
  space=$out/space/$family
  mkdir -p "$space"
  cat > "$space/README.md" <<MD
---
title: OpenEnv4j $family
emoji: 🧩
colorFrom: blue
colorTo: green
sdk: docker
app_port: 8000
base_path: /web
pinned: false
tags:
  - openenv
  - openenv4j
---

# OpenEnv4j: $family environments

Serves the OpenEnv environment \`$env\` (image \`openenv4j/$family:$version\`; other environments of the family:
$rest) over HTTP, WebSocket (\`/ws\`) and MCP on port 8000, with the web page at \`/web\`.
Set \`OPENENV4J_ENV\` in the Space's variables to serve another one of the family; see docs/images.md of
OpenEnv4j for every variable.
MD
  cat > "$space/Dockerfile" <<DF
# A Space runs this image as it is: the image's own command serves on 0.0.0.0:8000.
FROM openenv4j/$family:$version
ENV ENABLE_WEB_INTERFACE=true
DF
done
mv "$props.part" "$props"
