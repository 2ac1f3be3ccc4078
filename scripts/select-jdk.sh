# Sourced by ./medrobust, scripts/test and .ci/run: points JAVA_HOME at a JDK >= 25.
# Order: $JAVA_HOME if it is already >= 25; the Temurin 25 install; any java >= 25 on PATH. Else one line, exit 2.
medrobust_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
medrobust_select_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 \
      "$(command -v java >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] \
        && [ "$(medrobust_java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "medrobust: needs a JDK 25 or newer; install Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64 or set JAVA_HOME" >&2
  exit 2
}
medrobust_select_jdk
# Maven 3.8's bundled Guava touches sun.misc.Unsafe; JDK 24+ warns about it on every build. Say it is expected.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
