# Sourced by the launcher and the test script: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders. Prints why when none fits.

openenv4j_java_major() { # JAVA_EXECUTABLE -> major version, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

openenv4j_find_jdk() {
  local candidates=() seen="" home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || { seen="$seen $home(no javac)"; continue; }
    major=$(openenv4j_java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$home"
      return 0
    fi
    seen="$seen $home(java $major)"
  done
  echo "openenv4j: needs a JDK 21 or newer, and found none." >&2
  echo "  looked at:${seen:- nothing}" >&2
  echo "  install one (for example 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+ build)" >&2
  echo "  or point JAVA_HOME at it." >&2
  return 1
}
