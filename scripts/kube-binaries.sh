#!/usr/bin/env bash
# Builds (once) the binaries fabric8 kube-api-test runs in offline mode: a real kube-apiserver from the Go module
# proxy, etcd from Debian, and a stand-in kubectl (kube-api-test only checks that it exists).
#
#   scripts/kube-binaries.sh            # prints the directory to use as KUBE_API_TEST_DIR
#
# Result: $CACHE/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}, CACHE=${OPENENV4J_KUBE_CACHE:-~/.cache/openenv4j/kube}.
# kube-apiserver's own go.mod points its k8s.io/* staging modules at ./staging, which the published module does
# not carry, so `go install` refuses it: this script copies the module, points each replace at the published
# k8s.io/<name> v0.<minor>.<patch> instead, and builds with -mod=mod. Once: ~11 min on 2 busy cores, ~3 GB of Go
# build cache (removed afterwards), a 119 MB binary. Later runs return at once.
set -euo pipefail
VERSION=${KUBE_VERSION:-1.34.4}
CACHE=${OPENENV4J_KUBE_CACHE:-$HOME/.cache/openenv4j/kube}
OUT="$CACHE/k8s/$VERSION-linux-amd64"
log() { echo "kube-binaries: $*" >&2; }

if [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/etcd" ] && [ -x "$OUT/kubectl" ]; then
    echo "$CACHE"
    exit 0
fi
mkdir -p "$OUT"

if [ ! -x "$OUT/etcd" ]; then
    if ! command -v etcd >/dev/null 2>&1; then
        log "installing etcd-server from Debian"
        (apt-get install -y --no-install-recommends etcd-server >/dev/null 2>&1) \
            || (apt-get update >/dev/null && apt-get install -y --no-install-recommends etcd-server >/dev/null)
    fi
    ln -sf "$(command -v etcd)" "$OUT/etcd"
fi

if [ ! -x "$OUT/kubectl" ]; then
    printf '#!/bin/sh\necho "kubectl stand-in: kube-api-test only needs the file" >&2\nexit 1\n' > "$OUT/kubectl"
    chmod +x "$OUT/kubectl"
fi

if [ ! -x "$OUT/kube-apiserver" ]; then
    GO=go
    if ! command -v go >/dev/null 2>&1 || [ "$(go env GOVERSION 2>/dev/null | sed -E 's/^go1\.([0-9]+).*/\1/')" -lt 24 ] 2>/dev/null; then
        # No Go 1.24+ here: the Go toolchain is itself a module on the Go module proxy (golang.org/toolchain).
        TOOLCHAIN=v0.0.1-go1.24.4.linux-amd64
        if [ ! -x "$CACHE/go/bin/go" ]; then
            log "fetching the Go toolchain ($TOOLCHAIN) from the Go module proxy"
            mkdir -p "$CACHE/go.tmp"
            curl -fsSL "https://proxy.golang.org/golang.org/toolchain/@v/$TOOLCHAIN.zip" -o "$CACHE/go.tmp/toolchain.zip"
            (cd "$CACHE/go.tmp" && python3 -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(".")' toolchain.zip)
            rm -rf "$CACHE/go"
            mv "$CACHE/go.tmp/golang.org/toolchain@$TOOLCHAIN" "$CACHE/go"
            chmod +x "$CACHE"/go/bin/* "$CACHE"/go/pkg/tool/*/*
            rm -rf "$CACHE/go.tmp"
        fi
        GO="$CACHE/go/bin/go"
    fi
    WORK=$(mktemp -d "$CACHE/build.XXXXXX")
    trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
    # Module and build caches outlive an interrupted build (a rerun resumes) and are removed after a success.
    export GOPATH="$CACHE/gopath" GOCACHE="$CACHE/gocache" GOFLAGS=-mod=mod GOTOOLCHAIN=local
    log "fetching k8s.io/kubernetes v$VERSION from the Go module proxy"
    DIR=$(cd "$WORK" && "$GO" mod download -json "k8s.io/kubernetes@v$VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    cp -r "$DIR" "$WORK/src"
    chmod -R u+w "$WORK/src"
    cd "$WORK/src"
    rm -rf vendor go.work go.work.sum
    MINOR=${VERSION#*.}
    STAGING="v0.$MINOR"
    # k8s.io/X => ./staging/src/k8s.io/X  becomes  k8s.io/X => k8s.io/X v0.<minor>.<patch>
    sed -i -E "s#(k8s\.io/[A-Za-z0-9_./-]+) => \./staging/src/k8s\.io/[A-Za-z0-9_./-]+#\1 => \1 $STAGING#" go.mod
    log "building kube-apiserver v$VERSION (nice 19; ~11 min on 2 busy cores, longer when they are shared)"
    LDFLAGS="-s -w -X k8s.io/component-base/version.gitVersion=v$VERSION -X k8s.io/component-base/version.gitMajor=1"
    LDFLAGS="$LDFLAGS -X k8s.io/component-base/version.gitMinor=${MINOR%%.*}"
    nice -n 19 "$GO" build -p 2 -trimpath -ldflags "$LDFLAGS" -o "$OUT/kube-apiserver.tmp" ./cmd/kube-apiserver
    mv "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"
    chmod -R u+w "$GOPATH" 2>/dev/null || true
    rm -rf "$GOPATH" "$GOCACHE"
fi
log "ready in $OUT"
echo "$CACHE"
