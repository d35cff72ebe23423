#!/usr/bin/env bash
# Builds (once) the binaries fabric8 kube-api-test runs in offline mode: a real kube-apiserver from the Go module
# proxy, etcd from Debian (behind a wrapper that keeps it on loopback), and a kubectl stand-in for the one command
# kube-api-test runs.
#
#   scripts/kube-binaries.sh            # prints the directory to use as KUBE_API_TEST_DIR
#
# openenv4j-kubernetes's build runs it (exec-maven-plugin, skipped with -Dopenenv4j.kube.skip=true or -DskipTests).
# Result: $CACHE/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}, CACHE=${OPENENV4J_KUBE_CACHE:-~/.cache/openenv4j/kube}.
# kube-apiserver's own go.mod points its k8s.io/* staging modules at ./staging, which the published module does
# not carry, so `go install` refuses it: this script copies the module, points each replace at the published
# k8s.io/<name> v0.<minor>.<patch> instead, and builds with -mod=mod. Once: ~11 min on 2 quiet cores, 39 min
# measured with a load average of 20-35 on 2 cores (2026-12-08); ~3 GB of Go build cache (removed afterwards), a
# 98 MB binary. Later runs return at once.
#
# etcd: Debian's etcd-server 3.4 serves kube-apiserver 1.34 here (it logs that etcd lacks RequestWatchProgress and
# falls back to quorum reads for consistent lists, which is all these tests need).
# kube-api-test starts etcd with --listen-client-urls http://0.0.0.0:PORT; the etcd wrapper rewrites 0.0.0.0 to
# 127.0.0.1 so the test etcd never listens beyond loopback (the API server's dial to 0.0.0.0 reaches it there).
# kubectl: kube-api-test decides the API server is up when `kubectl ... get ns default` exits 0. The stand-in does
# exactly that request with curl and the same certificates, and refuses every other command.
set -euo pipefail
VERSION=${KUBE_VERSION:-1.34.4}
CACHE=${OPENENV4J_KUBE_CACHE:-$HOME/.cache/openenv4j/kube}
OUT="$CACHE/k8s/$VERSION-linux-amd64"
log() { echo "kube-binaries: $*" >&2; }

# Bumped when the wrappers below change, so a cache written by an older script gets the new ones.
WRAPPERS=2
if [ -x "$OUT/kube-apiserver" ] && [ "$(cat "$OUT/wrappers" 2>/dev/null)" = "$WRAPPERS" ]; then
    echo "$CACHE"
    exit 0
fi
mkdir -p "$OUT"
command -v curl >/dev/null 2>&1 || { log "needs curl ('apt-get install curl')"; exit 1; }

if ! command -v etcd >/dev/null 2>&1; then
    log "installing etcd-server from Debian"
    (apt-get install -y --no-install-recommends etcd-server >/dev/null 2>&1) \
        || (apt-get update >/dev/null && apt-get install -y --no-install-recommends etcd-server >/dev/null)
fi
rm -f "$OUT/etcd" "$OUT/kubectl"
cat > "$OUT/etcd" <<ETCD
#!/usr/bin/env bash
# etcd for kube-api-test, on loopback only (written by scripts/kube-binaries.sh).
args=()
for a in "\$@"; do args+=("\${a//0.0.0.0/127.0.0.1}"); done
exec $(command -v etcd) "\${args[@]}"
ETCD
cat > "$OUT/kubectl" <<'KUBECTL'
#!/usr/bin/env bash
# Not kubectl: the one command kube-api-test runs to see that the API server is up,
#   kubectl --client-certificate=C --client-key=K --certificate-authority=A --server=URL --request-timeout=T get ns NAME
# done as the same request with curl (written by scripts/kube-binaries.sh). Exit 0 only when the namespace exists.
cert= key= ca= server= timeout=5s rest=()
for a in "$@"; do
    case "$a" in
        --client-certificate=*) cert=${a#*=} ;;
        --client-key=*) key=${a#*=} ;;
        --certificate-authority=*) ca=${a#*=} ;;
        --server=*) server=${a#*=} ;;
        --request-timeout=*) timeout=${a#*=} ;;
        *) rest+=("$a") ;;
    esac
done
if [ "${#rest[@]}" -ne 3 ] || [ "${rest[0]}" != get ] || { [ "${rest[1]}" != ns ] && [ "${rest[1]}" != namespace ]; } \
        || [ -z "$server" ]; then
    echo "kubectl stand-in (scripts/kube-binaries.sh): only '--server=URL ... get ns NAME' is implemented, not: $*" >&2
    exit 2
fi
exec curl -sSf -o /dev/null --max-time "${timeout%s}" ${ca:+--cacert "$ca"} ${cert:+--cert "$cert"} ${key:+--key "$key"} \
    "$server/api/v1/namespaces/${rest[2]}"
KUBECTL
chmod +x "$OUT/etcd" "$OUT/kubectl"

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
    started=$SECONDS
    # A line a minute while the build runs (go build itself prints nothing until it fails).
    (while sleep 60; do log "still building kube-apiserver ($(( (SECONDS - started) / 60 )) min so far)"; done) &
    ticker=$!
    trap 'kill $ticker 2>/dev/null; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
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
    log "building kube-apiserver v$VERSION (once; nice 19; ~11 min on 2 quiet cores, ~40 min on a loaded machine)"
    LDFLAGS="-s -w -X k8s.io/component-base/version.gitVersion=v$VERSION -X k8s.io/component-base/version.gitMajor=1"
    LDFLAGS="$LDFLAGS -X k8s.io/component-base/version.gitMinor=${MINOR%%.*}"
    nice -n 19 "$GO" build -p 2 -trimpath -ldflags "$LDFLAGS" -o "$OUT/kube-apiserver.tmp" ./cmd/kube-apiserver
    kill $ticker 2>/dev/null || true
    mv "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"
    log "built kube-apiserver v$VERSION in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
    chmod -R u+w "$GOPATH" 2>/dev/null || true
    rm -rf "$GOPATH" "$GOCACHE"
fi
echo "$WRAPPERS" > "$OUT/wrappers"
log "ready in $OUT"
echo "$CACHE"
