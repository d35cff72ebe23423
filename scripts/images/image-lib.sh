# Shared by the base image scripts (sourced, not run): fetch and unpack Debian packages, finish a root file
# system (users, /tmp, ld.so cache) and pack it as a one-layer Docker-archive tar, reproducibly.

# image_versions PACKAGE...: prints PACKAGE=VERSION for the candidate version of each package.
image_versions() {
  apt-cache policy "$@" | awk '/^[^ ].*:$/ {p=substr($1, 1, length($1)-1)} /Candidate:/ {print p "=" $2}'
}

# image_fetch_debs DIR PACKAGE=VERSION...: downloads each package version into DIR (once) and prints the .deb
# paths, one a line, sorted.
image_fetch_debs() {
  local dir=$1; shift
  mkdir -p "$dir"
  local missing=() files=() pv p v f
  for pv in "$@"; do
    p=${pv%%=*} v=${pv#*=}
    if [ -z "$v" ] || [ "$v" = "(none)" ] || [ "$v" = "$pv" ]; then
      echo "image-lib: Debian package $p has no candidate version (run 'apt-get update' first)" >&2; return 1
    fi
    f=$(compgen -G "$dir/${p}_${v//:/%3a}_*.deb" | head -1 || true)
    if [ -n "$f" ]; then files+=("$f"); else missing+=("$pv"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    (cd "$dir" && apt-get -o APT::Sandbox::User=root download -q "${missing[@]}" >&2) \
      || { echo "image-lib: apt-get download failed" >&2; return 1; }
    for pv in "${missing[@]}"; do
      p=${pv%%=*} v=${pv#*=}
      f=$(compgen -G "$dir/${p}_${v//:/%3a}_*.deb" | head -1 || true)
      [ -n "$f" ] || { echo "image-lib: $pv was not downloaded" >&2; return 1; }
      files+=("$f")
    done
  fi
  printf '%s\n' "${files[@]}" | LC_ALL=C sort
}

# image_unpack_debs ROOTFS DEB...: unpacks the packages' files (no maintainer scripts run).
image_unpack_debs() {
  local rootfs=$1; shift
  umask 022
  mkdir -p "$rootfs"
  local d
  for d in "$@"; do dpkg-deb -x "$d" "$rootfs"; done
}

# image_finish_rootfs ROOTFS: users root and nonroot (65532), /tmp 1777, /home/nonroot, the ld.so cache,
# and no files whose content depends on when or where they were built.
image_finish_rootfs() {
  local r=$1
  mkdir -p "$r/etc" "$r/tmp" "$r/home/nonroot" "$r/usr/local/bin" "$r/root"
  [ -e "$r/bin/sh" ] || [ ! -e "$r/bin/dash" ] || ln -s dash "$r/bin/sh"
  if [ ! -e "$r/lib64/ld-linux-x86-64.so.2" ] && [ -e "$r/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]; then
    mkdir -p "$r/lib64"; ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$r/lib64/ld-linux-x86-64.so.2"
  fi
  printf 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/home/nonroot:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' > "$r/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\nnogroup:x:65534:\n' > "$r/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$r/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$r/etc/hosts"
  rm -rf "$r/usr/share/doc" "$r/usr/share/man" "$r/usr/share/info" "$r/usr/share/lintian" "$r/var/cache/ldconfig" \
    "$r/var/log" "$r/var/lib/apt/lists" "$r/etc/machine-id"
  find "$r" -name '__pycache__' -type d -prune -exec rm -rf {} +
  mkdir -p "$r/etc/ld.so.conf.d"
  [ -f "$r/etc/ld.so.conf" ] || printf 'include /etc/ld.so.conf.d/*.conf\n' > "$r/etc/ld.so.conf"
  [ -f "$r/etc/ld.so.conf.d/x86_64-linux-gnu.conf" ] || \
    printf '/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' > "$r/etc/ld.so.conf.d/x86_64-linux-gnu.conf"
  ldconfig -r "$r" -X 2>/dev/null || ldconfig -r "$r"
  rm -rf "$r/var/cache/ldconfig"
  chown -R 0:0 "$r"
  chown 65532:65532 "$r/home/nonroot"
  chmod 1777 "$r/tmp"
  chmod 700 "$r/root"
}

# image_pack ROOTFS OUT WORK TAG ENV_JSON LABELS_JSON: a one-layer Docker-archive tar at OUT, created at the epoch.
image_pack() {
  local rootfs=$1 out=$2 work=$3 tag=$4 env=$5 labels=$6
  local layer=$work/layer.tar
  tar --create --file "$layer" --directory "$rootfs" --sort=name --mtime=@0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime,delete=mtime --no-acls --no-xattrs --no-selinux .
  local diff; diff=$(sha256sum "$layer" | cut -d' ' -f1)
  local arch=$work/archive
  mkdir -p "$arch/$diff"
  mv "$layer" "$arch/$diff/layer.tar"
  printf '{"architecture":"amd64","config":{"Env":[%s],"Labels":{%s},"User":"65532:65532","WorkingDir":"/home/nonroot"},"created":"1970-01-01T00:00:00Z","history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/images (openenv4j)"}],"os":"linux","rootfs":{"diff_ids":["sha256:%s"],"type":"layers"}}' \
    "$env" "$labels" "$diff" > "$work/config.json"
  local cfg; cfg=$(sha256sum "$work/config.json" | cut -d' ' -f1)
  mv "$work/config.json" "$arch/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg" "$tag" "$diff" > "$arch/manifest.json"
  tar --create --file "$out.part" --directory "$arch" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime,delete=mtime manifest.json "$cfg.json" "$diff"
  mv "$out.part" "$out"
}

# image_id TAR: the image id (sha256 of its config) of a Docker-archive tar.
image_id() {
  tar -xOf "$1" manifest.json | sed -E 's/.*"Config":"([0-9a-f]{64})\.json".*/sha256:\1/'; echo
}

# image_base_args NAME "$@": sets out (default: the cache's NAME.tar) and force from --output FILE and --force;
# sets cache (OPENENV4J_IMAGES_CACHE, default ~/.cache/openenv4j/images).
image_base_args() {
  local name=$1; shift
  cache=${OPENENV4J_IMAGES_CACHE:-$HOME/.cache/openenv4j/images}
  out=$cache/$name.tar
  force=false
  while [ $# -gt 0 ]; do
    case $1 in
      --force) force=true ;;
      --output) out=$2; shift ;;
      *) echo "$name.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
  done
  mkdir -p "$cache" "$(dirname "$out")"
}

# The modules the server needs (jdeps over the command line's class path), and a few it loads reflectively.
IMAGE_JAVA_MODULES=java.base,java.desktop,java.management,java.naming,java.net.http,java.sql,jdk.httpserver,jdk.jfr,jdk.jshell,jdk.unsupported,java.logging,jdk.crypto.ec,jdk.zipfs,jdk.management

# image_inputs SCRIPT DEB...: the hash of what a base is made of (the scripts, the packages, the JDK, the modules).
image_inputs() {
  local script=$1; shift
  { sha256sum "$script" "${BASH_SOURCE[0]}" | cut -d' ' -f1
    local d; for d in "$@"; do sha256sum "$d" | cut -d' ' -f1; done
    cat "$JAVA_HOME/release"; echo "$IMAGE_JAVA_MODULES"; } | sha256sum | cut -d' ' -f1
}

# image_jlink ROOTFS: the runtime at ROOTFS/opt/java. --generate-cds-archive adds the class data sharing archive
# (a shorter start-up); jlink writes it byte for byte the same on every run.
image_jlink() {
  "$JAVA_HOME/bin/jlink" --add-modules "$IMAGE_JAVA_MODULES" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --generate-cds-archive --output "$1/opt/java" >&2
}

# image_pack_base ROOTFS OUT WORK NAME INPUTS PATH: packs a base with its labels and records its inputs.
image_pack_base() {
  local rootfs=$1 out=$2 work=$3 name=$4 inputs=$5 path=$6
  image_pack "$rootfs" "$out" "$work" "openenv4j/$name:latest" \
    "\"PATH=$path\",\"JAVA_HOME=/opt/java\",\"LANG=C.UTF-8\"" \
    "$(printf '"org.opencontainers.image.title":"openenv4j %s","io.openenv4j.base.inputs":"%s","io.openenv4j.base.java":"%s"' \
        "$name" "$inputs" "$(. "$JAVA_HOME/release"; echo "$JAVA_RUNTIME_VERSION")")"
  echo "$inputs" > "$out.inputs"
}
