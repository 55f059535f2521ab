#!/usr/bin/env bash
# Builds Temporal's time-skipping test server (the Java one from sdk-java that the TS SDK's
# TestWorkflowEnvironment.createTimeSkipping drives) into .tools/, once. The SDK would download a native
# build from temporal.download, which this machine cannot reach; Maven Central has the same server as a
# jar, so Maven resolves it and its runtime classpath (scripts/temporal-test-server/pom.xml) and this
# script writes a launcher, run.sh, that test/support/timeSkipping.ts hands to the SDK.
#
# The SDK gives the server only 5 s to accept connections, so the launcher keeps JVM start short: C1 only,
# serial GC, and an application class-data-sharing archive (classes.jsa) recorded here on a training run,
# which cuts start-up from ~1.5-3 s to ~0.7 s on the 2-core box.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TTS_VERSION="${GOVFLOW_TEMPORAL_TEST_SERVER_VERSION:-1.31.0}"
dest="$TOOLS_DIR/temporal-test-server-$TTS_VERSION"
launcher="$dest/run.sh"
if [[ -x "$launcher" ]]; then ok "Temporal test server $TTS_VERSION already built ($launcher)"; exit 0; fi

command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the Temporal test server from Maven Central; install maven first"
JAVA_BIN="${GOVFLOW_JAVA:-$(command -v java || true)}"
[[ -n "$JAVA_BIN" && -x "$JAVA_BIN" ]] || die "a Java runtime (8 or newer) is needed for the Temporal test server; install openjdk-17-jre-headless or set GOVFLOW_JAVA"
JAVA_BIN="$(readlink -f "$JAVA_BIN")"

say "Building the Temporal time-skipping test server $TTS_VERSION from Maven Central (first time only)..."
start=$(date +%s)
log="$LOG_DIR/temporal-test-server-build.log"
# A half-built folder (no run.sh: the launcher is written last) is started over.
rm -rf "$dest"; mkdir -p "$dest/lib"
if ! mvn -B -q -f "$GOVFLOW_ROOT/scripts/temporal-test-server/pom.xml" \
    -Dtemporal.test.server.version="$TTS_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dest/lib" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  die "resolving io.temporal:temporal-test-server:$TTS_VERSION with Maven failed (log $log)"
fi
[[ -f "$dest/lib/temporal-test-server-$TTS_VERSION.jar" ]] || die "Maven did not deliver temporal-test-server-$TTS_VERSION.jar (log $log)"

# Flags shared by the training run and the launcher; the archive only applies to the same JVM and classpath.
jvm_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m)

# Training run: start the server, wait for its port, stop it with SIGTERM; the JVM writes the classes it
# loaded to classes.jsa on exit. If anything goes wrong the launcher simply runs without the archive.
port="$(( 20000 + RANDOM % 20000 ))"; while port_open "$port"; do port="$(( 20000 + RANDOM % 20000 ))"; done
"$JAVA_BIN" "${jvm_flags[@]}" -XX:ArchiveClassesAtExit="$dest/classes.jsa" -cp "$dest/lib/*" \
  io.temporal.testserver.TestServer "$port" >>"$log" 2>&1 &
train_pid=$!
if wait_for "the Temporal test server (training run)" 60 "$log" port_open "$port"; then
  sleep 1
  kill -TERM "$train_pid" 2>/dev/null || true
  wait "$train_pid" 2>/dev/null || true
else
  kill -KILL "$train_pid" 2>/dev/null || true
  wait "$train_pid" 2>/dev/null || true
  die "the Temporal test server did not start with $JAVA_BIN (log $log)"
fi
if [[ -s "$dest/classes.jsa" ]]; then ok "class-data-sharing archive recorded"; else say "  (no class-data-sharing archive; the server will start a little slower)"; fi

# The launcher: the SDK runs it as `run.sh <port> [extraArgs...]` and kills it on teardown, so the JVM
# replaces the shell (exec) to receive that signal itself.
cat >"$launcher.tmp" <<EOF
#!/usr/bin/env bash
# Temporal time-skipping test server $TTS_VERSION, built by scripts/build-temporal-test-server.sh.
# Usage: run.sh <port> [--enable-time-skipping]
dir="\$(cd "\$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
java="\${GOVFLOW_JAVA:-$JAVA_BIN}"
cds=()
# -Xshare:auto: should the JVM or the jars change, the archive is ignored rather than fatal.
if [[ -f "\$dir/classes.jsa" ]]; then cds=(-XX:SharedArchiveFile="\$dir/classes.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off); fi
exec "\$java" ${jvm_flags[*]} "\${cds[@]}" \${GOVFLOW_TEST_SERVER_JAVA_OPTS:-} -cp "\$dir/lib/*" io.temporal.testserver.TestServer "\$@"
EOF
chmod +x "$launcher.tmp"
mv "$launcher.tmp" "$launcher"
ok "Temporal test server $TTS_VERSION built in $(( $(date +%s) - start ))s: $launcher"
