#!/usr/bin/env bash
# Shows that signing works when a key is given (docs/releasing.md): makes a throwaway ed25519 key in a
# temporary GnuPG home, stages openenv4j-bom, openenv4j-parent and openenv4j-core with the release profile
# and that key into a temporary repository, and checks that every file has a .asc that gpg verifies and
# that scripts/CheckCentral.java reports no missing signature. Needs gpg; not run by ./test.sh (~30 s).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$root/scripts/jdk.sh"
openenv4j_find_jdk || exit 1
command -v gpg >/dev/null 2>&1 || { echo "sign-test: needs gpg ('apt-get install gnupg')" >&2; exit 1; }
work=$(mktemp -d /tmp/openenv4j-sign.XXXXXX); trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export GNUPGHOME="$work/gnupg"; mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'OpenEnv4j sign-test <sign-test@example.invalid>' ed25519 sign never 2>/dev/null
key=$(gpg --list-keys --with-colons | sed -n 's/^fpr:*\([0-9A-F]*\):.*/\1/p' | head -n 1)
mapfile -t api < <("$root/scripts/api-baseline.sh")
(cd "$root" && mvn -B -ntp -q -Prelease -DskipTests -Dmaven.install.skip=true -Dlicense.skipAddThirdParty=true \
    "-DaltDeploymentRepository=sign-test::file://$work/staging" "-Dgpg.keyname=$key" "${api[@]}" \
    -pl openenv4j-bom,openenv4j-core -am deploy) >&2
signed=0
while IFS= read -r f; do
  gpg --quiet --verify "$f.asc" "$f" 2>/dev/null || { echo "sign-test: $f has no valid signature" >&2; exit 1; }
  signed=$((signed + 1))
done < <(find "$work/staging" -type f \( -name '*.jar' -o -name '*.pom' \))
[ "$signed" -ge 6 ] || { echo "sign-test: expected at least 6 signed files, found $signed" >&2; exit 1; }
if "$JAVA_HOME/bin/java" "$root/scripts/CheckCentral.java" "$work/staging" --signed | grep -q 'no .asc'; then
  echo "sign-test: the Central check found files without a signature" >&2; exit 1
fi
echo "sign-test: $signed files signed with a throwaway key and verified by gpg"
