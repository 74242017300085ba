#!/usr/bin/env bash
# Performance benchmark of org-member-sync: builds the jar (when stale), generates an input, starts the sandbox
# tenant as its own process with the chosen buckets and latency, runs the real jar against it and prints one table.
#
#   samples/bench/bench.sh [scenario]          (default: smoke)
#
# scenario            what it measures (targets of the performance issue)
#   smoke             2,000 rows, 30 % present, invalid and duplicate rows, then a rerun that must send no POST;
#                     checks counts, the rerun and 429s (calls vs minimum reported); < 30 s with a built jar (CI)
#   documented-buckets  Auth0's buckets (writes 200/min burst 20, reads 500/min burst 40), 150 ms latency:
#                     snapshot, add and verify phases each >= 95 % of their bucket after the burst; <= 1 % 429
#   forecast          2,000 rows over 10 organizations with 5 unknown users, Auth0's documented buckets, 150 ms
#                     latency: the plan's apiSeconds (summary.json, made before the first write) beside the measured
#                     API span (sandbox log: first to last Management API request); PASS within 15 %. The
#                     documented-buckets scenario prints the same comparison
#   r50, r200         writes and reads R = 50 (200) requests/s, burst 50, 100 ms latency: add phase >= 95 % of R
#   million           1,000,000 rows over 2,000 organizations, unthrottled, job heap -Xmx256m: completes,
#                     staging >= 100,000 rows/s, peak RSS
#   overhead          unthrottled, no latency: add-phase calls/s vs a bare HttpClient loop (BareLoop.java) sending
#                     the same POSTs with the same concurrency against the same sandbox, before and after the job
#   startup           10-row input: time from `java` to the Spring context, the first token request and the first
#                     Management API call. Modes: jar (plain `java -jar`: the job runs in a JVM that maps the
#                     class-data archive of ORG_MEMBER_SYNC_CACHE, made by a warm-up run first, whose time is printed),
#                     nocache (ORG_MEMBER_SYNC_CACHE=off: one JVM, as before the cache), cds+c1 (the archive by hand,
#                     -XX:TieredStopAtLevel=1), image (IMAGE, default target/jib-image.tar, when it exists and the bench
#                     runs as root: the image unpacked, its entrypoint run in a chroot as its user); also noaot,
#                     jar+lazy, cds, cds+lazy, aot, aot+cds, c1 via STARTUP_MODES
#   history           the same input every night on one H2 job database (RUNS nights, default 30, of ROWS rows,
#                     default 100,000, all members present after night 1): job-database file size after each night,
#                     at the end also compacted (SHUTDOWN COMPACT on a copy), ledger tables and job instances. KEEP_RUNS passes sync.history.keep-runs; JAR=... of
#                     an earlier build measures it before history was kept (it only grows)
#   hr                100,000 employees over 200 organizations named by organization_name and email (1 % written in
#                     capitals, 100 without an account), writes and reads R = 50/s: the export path (API calls
#                     used for the emails, resolution seconds, whole run vs its add phase), then the by-email
#                     path as a dry run beside it (its calls, and the hours they take at Auth0's 150/min)
#   mirror            a nightly --sync.mode=mirror run: ROWS members (100,000) over ORGS organizations (200) before the
#                     run, LEAVERS (1 %) of them gone from the input and JOINERS (1 %) new, under Auth0's documented
#                     buckets (writes 200/min burst 20, reads 500/min burst 40): whole run and phases, REMOVED/ADDED,
#                     calls against the minimum (the listings before and after, one write per ten changes)
#   free-tenant       500 rows over 10 organizations against a free-tenant-like sandbox (2 requests/s in all, burst 2,
#                     no per-endpoint bucket), the job given no rate option: every member added, 429s <= 5 %
#   enterprise        15,000 rows over 20 organizations against buckets 5x Auth0's documented ones (writes 1000/min
#                     burst 100, reads 2500/min burst 200), 100 ms latency, the job given no rate option: add phase
#                     >= 80 % of the write bucket after its first minute (the pace is found from the headers),
#                     429s <= 1 %
#   overlap           4,000 rows over 20 organizations, 1,600 to add, Auth0's documented buckets, 100 ms latency, no
#                     rate option: the API span (first to last Management API request) against the larger of the two
#                     bucket floors ((calls - burst) / rate of member writes and of member reads): target <= 1.15 x.
#                     The steps still run one after another, so today this is measured, not met
#   shared-tenant     4,000 rows over 20 organizations, 2,000 to add, Auth0's documented buckets, 100 ms latency; another
#                     application takes every member-write token that appears for DRAIN_SECONDS (1) s, DRAINS (4)
#                     times, every DRAIN_EVERY (12) s: 429s per drain (target <= 1), POSTs sent inside a 429's wait
#                     (target 0), the POST span against what the bucket allowed (within 20 %)
#   all               every scenario above, one after the other
#
# Everything can be overridden from the environment, e.g. `ROWS=50000 CONCURRENCY=32 samples/bench/bench.sh r200`:
#   ROWS ORGS PRESENT (fraction of rows already members) BAD (fraction of invalid rows) UNKNOWN (rows naming
#   users that do not exist) DUPS (duplicate rows) LATENCY_MS WRITES_PER_MIN WRITES_BURST READS_PER_MIN
#   READS_BURST (0 = unthrottled) CONCURRENCY (sync.concurrency; unset = the job's default) JOB_JAVA_OPTS
#   SANDBOX_JAVA_OPTS JOB_ARGS (extra job arguments) RERUN (1 = run the same input again and check that it sends no POST)
#   REPS (startup repetitions) RUNS KEEP_RUNS (history) JOB_TIMEOUT (e.g. 10m: stop a job that takes longer, report its progress, exit 3)
#   BUILD (auto|always|never) JAR BENCH_DIR (default target/bench) MVN (mvn command)
#
# Output: one table per run (rows, organizations, calls by kind, 429s, retries, per phase: seconds, calls, the
# minimum calls, calls/s, calls/s after the burst vs the bucket rate R, members added/s, peak RSS) and lines
# "CHECK ... PASS|MISS". Exit 0 when every check passes, 3 when a target is missed, 1 when the bench itself failed.
# Files of each run (input, sandbox request log, job log, summary.json, /usr/bin/time output) stay in
# $BENCH_DIR/<scenario>-<time>/.
#
# Rates: the sandbox logs every request's arrival time (GET /sandbox/requests). Member GETs before the first POST
# are the snapshot phase, POSTs the add phase, GETs after the last POST the verify phase. "calls/s after burst" is
# (n - B - 1) / (t_n - t_(B+1)): the rate from the request that arrives when the bucket's burst B is spent to the
# last request of the phase, so the free burst at the start does not flatter the figure. "calls/s phase" is
# calls / the phase's seconds in summary.json (includes ledger work before the first and after the last call).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_SRC="$ROOT/samples/bench"
SCENARIO=${1:-smoke}
MVN=${MVN:-mvn}
BENCH_DIR=${BENCH_DIR:-$ROOT/target/bench}
# java -jar keeps its class-data archive here (README "Faster start-up"), not in the user's ~/.cache
export ORG_MEMBER_SYNC_CACHE=${ORG_MEMBER_SYNC_CACHE:-$BENCH_DIR/jvm-cache}
JAR=${JAR:-$ROOT/target/org-member-sync.jar}
CHECKS_FAILED=0
SANDBOX_PID=

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }

IMAGE_MOUNTS=
cleanup() {
  local mount
  for mount in $IMAGE_MOUNTS; do umount "$mount" 2>/dev/null || true; done
  if [[ -n "$SANDBOX_PID" ]] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------------------
# scenario parameters

scenario_defaults() {
  local s=$1
  # shellcheck disable=SC2034
  case "$s" in
    smoke)
      : "${ROWS:=2000}" "${ORGS:=10}" "${PRESENT:=0.3}" "${BAD:=0.01}" "${UNKNOWN:=0}" "${DUPS:=5}"
      : "${LATENCY_MS:=2}" "${WRITES_PER_MIN:=30000}" "${WRITES_BURST:=50}" "${READS_PER_MIN:=30000}" "${READS_BURST:=50}"
      # Two short JVMs: C1 only and the serial collector start faster (a loaded CI machine stays under 30 s).
      : "${RERUN:=1}" "${JOB_JAVA_OPTS:=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
      : "${SANDBOX_JAVA_OPTS:=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC}" ;;
    documented-buckets)
      : "${ROWS:=24000}" "${ORGS:=20}" "${PRESENT:=0.875}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=150}" "${WRITES_PER_MIN:=200}" "${WRITES_BURST:=20}" "${READS_PER_MIN:=500}" "${READS_BURST:=40}"
      : "${RERUN:=0}" ;;
    forecast)
      : "${ROWS:=2000}" "${ORGS:=10}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=5}" "${DUPS:=0}"
      : "${LATENCY_MS:=150}" "${WRITES_PER_MIN:=200}" "${WRITES_BURST:=20}" "${READS_PER_MIN:=500}" "${READS_BURST:=40}"
      : "${RERUN:=0}" ;;
    r50)
      : "${ROWS:=30000}" "${ORGS:=30}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=100}" "${WRITES_PER_MIN:=3000}" "${WRITES_BURST:=50}" "${READS_PER_MIN:=3000}" "${READS_BURST:=50}"
      : "${RERUN:=0}" ;;
    r200)
      : "${ROWS:=100000}" "${ORGS:=100}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=100}" "${WRITES_PER_MIN:=12000}" "${WRITES_BURST:=50}" "${READS_PER_MIN:=12000}" "${READS_BURST:=50}"
      : "${RERUN:=0}" ;;
    million)
      : "${ROWS:=1000000}" "${ORGS:=2000}" "${PRESENT:=0.2}" "${BAD:=0.001}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=0}" "${WRITES_PER_MIN:=0}" "${WRITES_BURST:=0}" "${READS_PER_MIN:=0}" "${READS_BURST:=0}"
      : "${RERUN:=0}" "${JOB_JAVA_OPTS:=-Xmx256m}" ;;
    overhead)
      : "${ROWS:=200000}" "${ORGS:=200}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=0}" "${WRITES_PER_MIN:=0}" "${WRITES_BURST:=0}" "${READS_PER_MIN:=0}" "${READS_BURST:=0}"
      : "${RERUN:=0}" ;;
    hr)
      : "${ROWS:=100000}" "${ORGS:=200}" "${UNKNOWN:=100}" "${LATENCY_MS:=2}"
      : "${WRITES_PER_MIN:=3000}" "${WRITES_BURST:=50}" "${READS_PER_MIN:=3000}" "${READS_BURST:=50}"
      : "${PRESENT:=0}" "${BAD:=0}" "${DUPS:=0}" ;;
    mirror)
      : "${ROWS:=100000}" "${ORGS:=200}" "${LEAVERS:=0.01}" "${JOINERS:=0.01}" "${LATENCY_MS:=2}"
      : "${WRITES_PER_MIN:=200}" "${WRITES_BURST:=20}" "${READS_PER_MIN:=500}" "${READS_BURST:=40}"
      : "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}" ;;
    overlap)
      : "${ROWS:=4000}" "${ORGS:=20}" "${PRESENT:=0.6}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}" "${LATENCY_MS:=100}"
      : "${WRITES_PER_MIN:=200}" "${WRITES_BURST:=20}" "${READS_PER_MIN:=500}" "${READS_BURST:=40}"
      : "${JOB_RATES:=none}" "${RERUN:=0}" ;;
    free-tenant)
      : "${ROWS:=500}" "${ORGS:=10}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}" "${LATENCY_MS:=50}"
      : "${WRITES_PER_MIN:=0}" "${WRITES_BURST:=0}" "${READS_PER_MIN:=0}" "${READS_BURST:=0}"
      : "${TENANT_PER_SEC:=2}" "${TENANT_BURST:=2}" "${JOB_RATES:=none}" "${RERUN:=0}" ;;
    enterprise)
      : "${ROWS:=15000}" "${ORGS:=20}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}" "${LATENCY_MS:=100}"
      : "${WRITES_PER_MIN:=1000}" "${WRITES_BURST:=100}" "${READS_PER_MIN:=2500}" "${READS_BURST:=200}"
      : "${JOB_RATES:=none}" "${RERUN:=0}" ;;
    shared-tenant)
      : "${ROWS:=4000}" "${ORGS:=20}" "${PRESENT:=0.5}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=100}" "${WRITES_PER_MIN:=200}" "${WRITES_BURST:=20}" "${READS_PER_MIN:=500}" "${READS_BURST:=40}"
      : "${RERUN:=0}" "${DRAINS:=4}" "${DRAIN_EVERY:=12}" "${DRAIN_SECONDS:=1}" ;;
    startup)
      : "${ROWS:=10}" "${ORGS:=2}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=0}" "${WRITES_PER_MIN:=0}" "${WRITES_BURST:=0}" "${READS_PER_MIN:=0}" "${READS_BURST:=0}"
      : "${RERUN:=0}" "${REPS:=5}" ;;
    history)
      : "${ROWS:=100000}" "${ORGS:=100}" "${PRESENT:=0}" "${BAD:=0}" "${UNKNOWN:=0}" "${DUPS:=0}"
      : "${LATENCY_MS:=0}" "${WRITES_PER_MIN:=0}" "${WRITES_BURST:=0}" "${READS_PER_MIN:=0}" "${READS_BURST:=0}"
      : "${RERUN:=0}" "${RUNS:=30}" "${KEEP_RUNS:=}" ;;
    *) die "unknown scenario '$s' (smoke, documented-buckets, forecast, r50, r200, million, overhead, startup, history, hr, mirror, overlap, free-tenant, enterprise, shared-tenant, all)" ;;
  esac
  : "${CONCURRENCY:=}" "${JOB_JAVA_OPTS:=}" "${JOB_ARGS:=}"
}

# ---------------------------------------------------------------------------------------------------------------
# build

build() {
  local mode=${BUILD:-auto}
  if [[ "$mode" == never ]]; then
    [[ -f "$JAR" ]] || die "$JAR does not exist (BUILD=never)"
    return
  fi
  if [[ "$mode" == auto && -f "$JAR" ]] && [[ -z "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    log "jar up to date: $JAR"
    return
  fi
  log "building $JAR ($MVN -q -DskipTests package)"
  (cd "$ROOT" && $MVN -q -DskipTests package) >&2 || die "build failed"
}

# ---------------------------------------------------------------------------------------------------------------
# input: in.csv, seed-members.csv (members before the run) and expect.env (expected counts, minimum calls)

generate_input() {
  local dir=$1
  awk -v rows="$ROWS" -v orgs="$ORGS" -v present="$PRESENT" -v bad="$BAD" -v unknown="$UNKNOWN" -v dups="$DUPS" \
      -v csv="$dir/in.csv" -v seed="$dir/seed-members.csv" -v expect="$dir/expect.env" '
    function isbad(i)     { return (i * 104729) % 100000 < bad * 100000 }
    function ispresent(i) { return !isbad(i) && ((i * 7919 + 13) % 100000) < present * 100000 }
    function ceil(x)      { return x == int(x) ? x : int(x) + 1 }
    function pages_min(m) { return int(m / 100) + 1 }               # stop at the first page shorter than take=100
    function pages_pager(m) { return m == 0 ? 1 : ceil(m / 100) + 1 } # read until the empty page (MemberPager)
    BEGIN {
      base = rows - unknown - dups
      if (base < 1) { print "ROWS too small" > "/dev/stderr"; exit 1 }
      users = base
      print "organization_id,user_id" > csv
      print "organization_id,user_id" > seed
      for (i = 1; i <= base; i++) {
        o = (i - 1) % orgs + 1
        if (isbad(i)) { printf "org-gen%08d,auth0|gen%08d\n", o, i > csv; nbad++; continue }
        printf "org_gen%08d,auth0|gen%08d\n", o, i > csv
        has[o] = 1
        if (ispresent(i)) { printf "org_gen%08d,auth0|gen%08d\n", o, i > seed; m[o]++; npresent++ }
        else { k[o]++; nmissing++ }
      }
      for (j = 1; j <= unknown; j++) {
        o = (j - 1) % orgs + 1
        # sorts before the other ids of its organization: inside a full first batch, which Auth0 then refuses
        printf "org_gen%08d,auth0|0unknown%08d\n", o, j > csv
        has[o] = 1
      }
      for (j = 1; j <= dups; j++) {
        r = 1 + (j * 7919) % base
        while (isbad(r)) r = r % base + 1
        printf "org_gen%08d,auth0|gen%08d\n", (r - 1) % orgs + 1, r > csv
      }
      post_min += unknown   # each batch Auth0 refuses for an unknown user costs one more POST: the resend
      for (o in has) {
        mo = m[o] + 0; ko = k[o] + 0   # plain numbers: gawk 5.2 fails on untyped array elements as arguments
        snap_min += pages_min(mo); snap_pager += pages_pager(mo); norgs++
        rerun_min += pages_min(mo + ko)
        if (ko > 0) {
          post_min += ceil(ko / 10)
          verify_min += pages_min(mo + ko); verify_pager += pages_pager(mo + ko)
        }
      }
      printf "EXP_ROWS=%d\nEXP_ORGS=%d\nEXP_USERS=%d\nEXP_INVALID=%d\nEXP_PRESENT=%d\nEXP_ADDED=%d\n", \
        rows, norgs, users, nbad, npresent, nmissing > expect
      printf "EXP_UNKNOWN=%d\nEXP_DUPS=%d\n", unknown, dups > expect
      printf "MIN_TOKEN=1\nMIN_SNAPSHOT=%d\nPAGER_SNAPSHOT=%d\nMIN_POSTS=%d\nMIN_VERIFY=%d\nPAGER_VERIFY=%d\n", \
        snap_min, snap_pager, post_min, verify_min, verify_pager > expect
      printf "MIN_RERUN_SNAPSHOT=%d\n", rerun_min > expect
    }'
}

# ---------------------------------------------------------------------------------------------------------------
# sandbox

start_sandbox() {
  local dir=$1; shift
  local args=(--port=0 "--generate-orgs=$SANDBOX_ORGS" "--generate-users=$SANDBOX_USERS"
              "--writes-per-minute=$WRITES_PER_MIN" "--writes-burst=$(( WRITES_BURST > 0 ? WRITES_BURST : 20 ))"
              "--reads-per-minute=$READS_PER_MIN" "--reads-burst=$(( READS_BURST > 0 ? READS_BURST : 40 ))"
              "--latency-ms=$LATENCY_MS" "$@")
  [[ -n "${TENANT_PER_SEC:-}" ]] && args+=("--tenant-per-second=$TENANT_PER_SEC" "--tenant-burst=${TENANT_BURST:-1}")
  [[ $(wc -l < "$dir/seed-members.csv") -gt 1 ]] && args+=("--seed-members=$dir/seed-members.csv")
  java ${SANDBOX_JAVA_OPTS:-} -cp "$dir/app.jar" -Dloader.main=dev.orgmembersync.sandbox.SandboxServerMain \
      org.springframework.boot.loader.launch.PropertiesLauncher "${args[@]}" > "$dir/sandbox.out" 2> "$dir/sandbox.err" &
  SANDBOX_PID=$!
  local i
  for i in $(seq 1 600); do
    if grep -q 'listening on' "$dir/sandbox.out" 2>/dev/null; then
      BASE=$(sed -n 's/^sandbox listening on //p' "$dir/sandbox.out")
      log "sandbox $BASE (pid $SANDBOX_PID): writes ${WRITES_PER_MIN}/min burst $WRITES_BURST, reads ${READS_PER_MIN}/min burst $READS_BURST, latency ${LATENCY_MS} ms"
      return
    fi
    kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$dir/sandbox.err" >&2; die "sandbox did not start"; }
    sleep 0.1
  done
  die "sandbox did not start within 60 s"
}

stop_sandbox() {
  if [[ -n "$SANDBOX_PID" ]]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    SANDBOX_PID=
  fi
}

fetch_requests() {
  local dir=$1
  curl -sf "$BASE/sandbox/requests" | tail -n +2 | sort -t, -k1,1n > "$dir/requests.csv"
}

# ---------------------------------------------------------------------------------------------------------------
# the job

job_rate_args() {
  # JOB_RATES=none: no rate option at all, the job finds the pace itself (its defaults are Auth0's documented buckets)
  [[ "${JOB_RATES:-}" == none ]] && return
  # The job is told the tenant's buckets; an unthrottled sandbox gets a budget the job never reaches.
  local wpm=$WRITES_PER_MIN wb=$WRITES_BURST rpm=$READS_PER_MIN rb=$READS_BURST
  if (( wpm == 0 )); then wpm=6000000; wb=10000; fi
  if (( rpm == 0 )); then rpm=6000000; rb=10000; fi
  echo "--sync.rate-limit.writes.per-minute=$wpm --sync.rate-limit.writes.burst=$wb" \
       "--sync.rate-limit.reads.per-minute=$rpm --sync.rate-limit.reads.burst=$rb"
}

# run_job DIR LABEL [java launch words...]: runs the job in DIR/LABEL, sets JOB_RC, JOB_T0, JOB_T1 (epoch ms)
run_job() {
  local dir=$1 label=$2; shift 2
  local work="$dir/$label"
  mkdir -p "$work"
  local launch=("$@")
  [[ ${#launch[@]} -eq 0 ]] && launch=(java $JOB_JAVA_OPTS -jar "$dir/app.jar")
  local args=("--sync.input=$dir/in.csv" "--auth0.base-url=$BASE" --auth0.client-id=sandbox-client
              --auth0.client-secret=sandbox-secret-change-me "--sync.report-dir=$work/report")
  # shellcheck disable=SC2207
  args+=($(job_rate_args))
  [[ -n "$CONCURRENCY" ]] && args+=("--sync.concurrency=$CONCURRENCY")
  # shellcheck disable=SC2206
  [[ -n "$JOB_ARGS" ]] && args+=($JOB_ARGS)
  echo "${launch[*]} ${args[*]}" > "$work/command.txt"
  JOB_T0=$(now_ms)
  set +e
  (cd "$work" && timeout "${JOB_TIMEOUT:-0}" /usr/bin/time -v -o "$work/time.txt" "${launch[@]}" "${args[@]}" \
      > "$work/job.log" 2>&1)
  JOB_RC=$?
  set -e
  JOB_T1=$(now_ms)
  if [[ $JOB_RC -eq 124 ]]; then
    fetch_requests "$dir"
    awk -F, -v t0="$JOB_T0" -v t1="$JOB_T1" -v limit="$JOB_TIMEOUT" '
      $1 >= t0 && $1 <= t1 { c[$2]++; if ($2 == "members_post" && $1 >= t1 - 60000) last++ }
      END { printf "TIMEOUT: the job did not finish within %s; calls so far: members_get %d, members_post %d;" \
                   " POSTs in the last 60 s: %.1f/s\n", limit, c["members_get"], c["members_post"], last / 60 }' \
      "$dir/requests.csv" | tee "$work/timeout.txt"
    grep -E "^[0-9:.]+ +INFO" "$work/job.log" | tail -3 >&2 || true
    exit 3
  fi
  if [[ $JOB_RC -ne 0 && $JOB_RC -ne 2 ]]; then
    tail -20 "$work/job.log" >&2
    die "job $label exited $JOB_RC (see $work/job.log)"
  fi
}

peak_rss_mb() {
  awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1/time.txt"
}

# ---------------------------------------------------------------------------------------------------------------
# analysis: per-phase figures from the sandbox log (window [t0, t1]) joined with summary.json

# phase_stats T0 T1 -> lines "phase n n429 first last after_burst_rate" for token, resolve, snapshot, add, verify
# phase_stats T0 T1 WRITES_BURST READS_BURST SNAPSHOT_END_MS: calls per phase. The snapshot, adds and verification run
# side by side: a member listing is the snapshot's until the job logged the snapshot's end, verification's after it
# (0: unknown, then after the last POST).
phase_stats() {
  local t0=$1 t1=$2 wb=$3 rb=$4 se=${5:-0}
  awk -F, -v t0="$t0" -v t1="$t1" -v wb="$wb" -v rb="$rb" -v se="$se" '
    $1 >= t0 && $1 <= t1 {
      n++; t[n] = $1; kind[n] = $2; st[n] = $3
      if ($2 == "members_post") { if (!fp) fp = $1; lp = $1 }
    }
    function add(p, i) { c[p]++; tt[p, c[p]] = t[i]; if (st[i] == 429) e[p]++ }
    END {
      for (i = 1; i <= n; i++) {
        if (kind[i] == "token") add("token", i)
        else if (kind[i] == "org_by_name") add("resolve", i)
        else if (kind[i] == "members_post") add("add", i)
        else if (kind[i] == "members_get") add((se > 0 ? t[i] > se : fp && t[i] > lp) ? "verify" : "snapshot", i)
      }
      split("token resolve snapshot add verify", ps, " ")
      for (j = 1; j <= 5; j++) {
        p = ps[j]; k = c[p] + 0
        b = (p == "add") ? wb : (p == "snapshot" || p == "verify" || p == "resolve") ? rb : 0
        ab = "-"
        if (k > b + 2 && tt[p, k] > tt[p, b + 1]) ab = sprintf("%.2f", (k - b - 1) / ((tt[p, k] - tt[p, b + 1]) / 1000))
        printf "%s %d %d %s %s %s\n", p, k, e[p] + 0, k ? tt[p, 1] : 0, k ? tt[p, k] : 0, ab
      }
    }' "$RUN_DIR/requests.csv"
}

# report WORK T0 T1 TITLE: prints the table of one job run, sets globals used by the checks
report() {
  local work=$1 t0=$2 t1=$3 title=$4
  local summary="$work/report/summary.json"
  [[ -f "$summary" ]] || die "no summary.json in $work/report"
  # shellcheck disable=SC1091
  source "$RUN_DIR/expect.env"
  local wb=$WRITES_BURST rb=$READS_BURST
  (( WRITES_PER_MIN == 0 )) && wb=0
  (( READS_PER_MIN == 0 )) && rb=0
  local wr rr
  wr=$(awk -v r="$WRITES_PER_MIN" 'BEGIN { print (r > 0 ? sprintf("%.2f", r / 60) : "-") }')
  rr=$(awk -v r="$READS_PER_MIN" 'BEGIN { print (r > 0 ? sprintf("%.2f", r / 60) : "-") }')
  phase_stats "$t0" "$t1" "$wb" "$rb" "$(log_time_ms "$work/job.log" "phase snapshot done")" > "$work/phases.txt"
  local status rows api_calls api_429 api_retries duration
  status=$(jq -r .status "$summary"); rows=$(jq -r .rows "$summary")
  api_calls=$(jq -r .api.calls "$summary"); api_429=$(jq -r .api.throttled "$summary")
  api_retries=$(jq -r .api.retries "$summary"); duration=$(jq -r .durationSeconds "$summary")
  local sec; sec() { jq -r --arg p "$1" '.phases[$p] // 0' "$summary"; }
  local count; count() { jq -r --arg s "$1" '.counts[$s] // 0' "$summary"; }
  local rss; rss=$(peak_rss_mb "$work")
  local total=0 t429=0 p n e f l ab
  declare -gA PN PE PAB
  while read -r p n e f l ab; do PN[$p]=$n; PE[$p]=$e; PAB[$p]=$ab; total=$((total + n)); t429=$((t429 + e)); done < "$work/phases.txt"
  local min_total=$((MIN_TOKEN + MIN_SNAPSHOT + MIN_POSTS + MIN_VERIFY))
  local added; added=$(count ADDED)
  local snap_min=$MIN_SNAPSHOT post_min=$MIN_POSTS ver_min=$MIN_VERIFY
  if [[ "$title" == rerun* ]]; then
    # A rerun finds every member present: a snapshot of all members, no POST, nothing to verify.
    snap_min=$MIN_RERUN_SNAPSHOT; post_min=0; ver_min=0; min_total=$((MIN_TOKEN + MIN_RERUN_SNAPSHOT))
  fi
  local jcfg="concurrency ${CONCURRENCY:-default(32)}${JOB_JAVA_OPTS:+, $JOB_JAVA_OPTS}"
  echo
  echo "=== $SCENARIO: $title ==="
  printf '%-17s %s\n' "input" "rows $rows, orgs $EXP_ORGS, already present $EXP_PRESENT, to add $EXP_ADDED, invalid $EXP_INVALID, unknown users $EXP_UNKNOWN, duplicates $EXP_DUPS"
  printf '%-17s %s\n' "sandbox" "writes $(rate_text "$WRITES_PER_MIN" "$WRITES_BURST"), reads $(rate_text "$READS_PER_MIN" "$READS_BURST"), latency ${LATENCY_MS} ms; job $jcfg"
  printf '%-17s %s\n' "result" "exit $JOB_RC, $status in ${duration} s; ADDED $added, ALREADY_MEMBER $(count ALREADY_MEMBER), INVALID $(count INVALID), DUPLICATE $(count DUPLICATE), UNKNOWN_USER $(count UNKNOWN_USER), FAILED $(count FAILED), MISSING $(count MISSING)"
  printf '%-17s %s\n' "calls (sandbox)" "$total: token ${PN[token]}, org-by-name ${PN[resolve]}, GET members $(( PN[snapshot] + PN[verify] )) (snapshot ${PN[snapshot]}, verify ${PN[verify]}), POST members ${PN[add]}"
  printf '%-17s %s\n' "calls (job)" "$api_calls, throttled (429) $api_429, retries $api_retries"
  printf '%-17s %s\n' "minimum calls" "$min_total = token 1 + snapshot $snap_min + adds $post_min + verify $ver_min -> made $(pct_over "$total" "$min_total") above$([[ $EXP_UNKNOWN -gt 0 ]] && echo " (unknown users force extra POSTs)")"
  printf '%-17s %s\n' "429 answers" "$t429 of $total calls ($(awk -v a="$t429" -v b="$total" 'BEGIN { printf "%.2f", b ? 100 * a / b : 0 }') %)"
  echo
  printf '%-26s %8s %7s %7s %5s %9s %11s %8s %7s\n' phase seconds calls min 429 "calls/s" "after-burst" "R/s" "% of R"
  local step label min r calls_s pr
  for step in stageStep indexLedgerStep resolveOrganizationsStep duplicatesStep snapshotStep addMembersStep verifyStep reportStep; do
    local s; s=$(sec "$step")
    case $step in
      resolveOrganizationsStep) label=resolve; min=0; r=$rr ;;
      snapshotStep) label=snapshot; min=$snap_min; r=$rr ;;
      addMembersStep) label=add; min=$post_min; r=$wr ;;
      verifyStep) label=verify; min=$ver_min; r=$rr ;;
      *) label=; min=; r= ;;
    esac
    if [[ -n "$label" ]]; then
      n=${PN[$label]}; e=${PE[$label]}; ab=${PAB[$label]}
      calls_s=$(awk -v n="$n" -v s="$s" 'BEGIN { print (s > 0 && n > 0 ? sprintf("%.2f", n / s) : "-") }')
      pr=$(awk -v a="$ab" -v r="$r" 'BEGIN { print (a != "-" && r != "-") ? sprintf("%.1f%%", 100 * a / r) : "-" }')
      printf '%-26s %8s %7s %7s %5s %9s %11s %8s %7s\n' "$step" "$s" "$n" "$min" "$e" "$calls_s" "$ab" "$r" "$pr"
    else
      printf '%-26s %8s\n' "$step" "$s"
    fi
  done
  printf '%-26s %8s\n' "total (durationSeconds)" "$duration"
  echo
  local stage_rate load_rate add_rate
  stage_rate=$(awk -v r="$rows" -v s="$(sec stageStep)" 'BEGIN { print (s > 0 ? sprintf("%.0f", r / s) : "-") }')
  load_rate=$(awk -v r="$rows" -v s="$(sec stageStep)" -v i="$(sec indexLedgerStep)" \
    'BEGIN { print (s + i > 0 ? sprintf("%.0f", r / (s + i)) : "-") }')
  add_rate=$(awk -v a="$added" -v s="$(sec addMembersStep)" 'BEGIN { print (s > 0 ? sprintf("%.1f", a / s) : "-") }')
  printf '%-17s %s\n' "staging" "$stage_rate rows/s (stageStep); $load_rate rows/s with the index build (stageStep + indexLedgerStep)"
  printf '%-17s %s\n' "members added/s" "$add_rate (ADDED / addMembersStep seconds)"
  printf '%-17s %s\n' "peak RSS" "$rss MB (job process, /usr/bin/time -v)"
  # for the checks
  R_TOTAL=$total; R_429=$t429; R_MIN=$min_total; R_STATUS=$status; R_ADDED=$added; R_STAGE=$load_rate
  R_POSTS=${PN[add]}; R_ADD_SECONDS=$(sec addMembersStep); R_RSS=$rss; R_WR=$wr; R_RR=$rr
}

# log_time_ms LOG TEXT: the epoch milliseconds of the job log's first line containing TEXT (0 if none); the log's
# times are local times of the day the bench runs
log_time_ms() {
  local hms; hms=$(grep -m1 -F "$2" "$1" | grep -o -m1 "^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]*" || true)
  [[ -n "$hms" ]] && date -d "$(date +%F) $hms" +%s%3N || echo 0
}

rate_text() { (( $1 > 0 )) && echo "$1/min burst $2" || echo "unthrottled"; }
pct_over() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", b ? 100 * (a - b) / b : 0 }'; }

check() { # check NAME CONDITION(awk expression) DETAIL [soft]: a soft miss is printed but does not fail the bench
  local name=$1 cond=$2 detail=$3 soft=${4:-}
  if awk "BEGIN { exit !($cond) }"; then
    printf 'CHECK %-58s PASS  %s\n' "$name" "$detail"
  elif [[ -n "$soft" ]]; then
    printf 'CHECK %-58s MISS  %s (%s)\n' "$name" "$detail" "$soft"
  else
    printf 'CHECK %-58s MISS  %s\n' "$name" "$detail"
    CHECKS_FAILED=1
  fi
}

# forecast_check WORK T0 T1: the plan's apiSeconds beside the API span the sandbox saw (arrival of the first to the
# last Management API request of the run, the token excluded) and the one the job measured (summary.json actual)
forecast_check() {
  local summary="$1/report/summary.json"
  local planned measured job_measured
  planned=$(jq -r '.plan.apiSeconds // 0' "$summary")
  job_measured=$(jq -r '.actual.apiSeconds // "-"' "$summary")
  measured=$(awk -F, -v t0="$2" -v t1="$3" '$1 >= t0 && $1 <= t1 && $2 != "token" { if (!f) f = $1; l = $1 }
    END { printf "%.1f", (l - f) / 1000 }' "$RUN_DIR/requests.csv")
  printf '%-17s %s\n' "plan" "$(grep -o 'plan: .*' "$1/job.log" | head -1)"
  printf '%-17s %s\n' "API seconds" "forecast $planned s, measured $measured s (sandbox log), $job_measured s (job); refused-batch calls $(jq -r '.actual.refusedBatchCalls' "$summary")"
  check "forecast apiSeconds within 15% of the measured API span" \
    "$planned >= 0.85 * $measured && $planned <= 1.15 * $measured" \
    "forecast $planned s, measured $measured s ($(pct_over "$planned" "$measured"))"
}

# overlap_check T0 T1 [FACTOR BASIS]: the API span (first to last Management API request) against FACTOR x BASIS:
# "floor" (default, FACTOR 1.15), the larger bucket floor, (calls - burst) / rate, of writes and reads; or "adds", the
# add phase alone (first to last POST)
overlap_check() {
  local factor=${3:-1.15} basis=${4:-floor}
  awk -F, -v t0="$1" -v t1="$2" -v wr="$WRITES_PER_MIN" -v wb="$WRITES_BURST" -v rr="$READS_PER_MIN" -v rb="$READS_BURST" '
    $1 >= t0 && $1 <= t1 && $2 != "token" {
      if (!f) f = $1; l = $1
      if ($2 == "members_post") { w++; if (!fp) fp = $1; lp = $1 }
      if ($2 == "members_get") r++
    }
    END {
      fw = (w > wb ? w - wb : 0) / (wr / 60); fr = (r > rb ? r - rb : 0) / (rr / 60); fl = fw > fr ? fw : fr
      printf "%.1f %.1f %.1f %d %d %.1f %.1f\n", (l - f) / 1000, fw, fr, w, r, fl, (lp - fp) / 1000
    }' "$RUN_DIR/requests.csv" > "$RUN_DIR/overlap.txt"
  local span fw fr w r fl adds
  read -r span fw fr w r fl adds < "$RUN_DIR/overlap.txt"
  printf '%-17s %s\n' "API span" "$span s; floors: $w member writes $fw s, $r member reads $fr s (sum $(awk -v a="$fw" -v b="$fr" 'BEGIN { printf "%.1f", a + b }') s); add phase (first to last POST) $adds s"
  if [[ $basis == adds ]]; then
    check "API span <= $factor x the add phase alone" "$span <= $factor * $adds" \
      "$span s vs $adds s ($(awk -v a="$span" -v b="$adds" 'BEGIN { printf "%.2f", b ? a / b : 0 }') x)"
  else
    check "API span <= $factor x the larger bucket floor" "$span <= $factor * $fl" \
      "$span s vs $fl s ($(awk -v a="$span" -v b="$fl" 'BEGIN { printf "%.2f", b ? a / b : 0 }') x)"
  fi
}

# post_rate_after MS T0 T1: POSTs per second from MS after the run's first POST to its last ("-" if too few)
post_rate_after() {
  awk -F, -v skip="$1" -v t0="$2" -v t1="$3" '
    $1 >= t0 && $1 <= t1 && $2 == "members_post" { if (!first) first = $1; if ($1 >= first + skip) { n++; if (!a) a = $1; b = $1 } }
    END { print (n > 2 && b > a) ? sprintf("%.2f", (n - 1) / ((b - a) / 1000)) : "-" }' "$RUN_DIR/requests.csv"
}

pct_of() { awk -v a="$1" -v r="$2" 'BEGIN { print ((a == "-" || r == "-" || r == 0) ? -1 : 100 * a / r) }'; }

common_checks() {
  # The smoke run (CI) enforces correctness only; the call-count target is reported there, enforced elsewhere.
  check "calls <= 105% of minimum" "$R_TOTAL <= 1.05 * $R_MIN" "$R_TOTAL calls, minimum $R_MIN" \
    "$([[ $SCENARIO == smoke ]] && echo "not enforced in smoke")"
  check "429 answers <= 1% of calls" "$R_429 <= 0.01 * $R_TOTAL" "$R_429 of $R_TOTAL"
}

# ---------------------------------------------------------------------------------------------------------------
# scenarios

prepare_run() {
  RUN_DIR="$BENCH_DIR/$SCENARIO-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$RUN_DIR"
  cp "$JAR" "$RUN_DIR/app.jar"   # a private copy: a concurrent `mvn package` cannot swap it mid-run
  generate_input "$RUN_DIR"
  # shellcheck disable=SC1091
  source "$RUN_DIR/expect.env"
  SANDBOX_ORGS=$ORGS
  SANDBOX_USERS=$EXP_USERS
  log "run directory $RUN_DIR; input $ROWS rows, $ORGS orgs ($(wc -c < "$RUN_DIR/in.csv") bytes)"
}

scenario_rates() {
  prepare_run
  start_sandbox "$RUN_DIR"
  log "running the job"
  run_job "$RUN_DIR" run1
  fetch_requests "$RUN_DIR"
  report "$RUN_DIR/run1" "$JOB_T0" "$JOB_T1" "first run"
  echo
  common_checks
  case $SCENARIO in
    documented-buckets|forecast) forecast_check "$RUN_DIR/run1" "$JOB_T0" "$JOB_T1" ;;
  esac
  case $SCENARIO in
    documented-buckets)
      # verification lists each organization as its adds end, so its pace is the adds'; the run's span is the target
      overlap_check "$JOB_T0" "$JOB_T1" 1.10 adds
      local ph
      for ph in snapshot add; do
        local r=$R_RR; [[ $ph == add ]] && r=$R_WR
        check "$ph phase >= 95% of its bucket after the burst" "$(pct_of "${PAB[$ph]}" "$r") >= 95" \
          "${PAB[$ph]}/s of $r/s"
      done ;;
    r50|r200)
      check "add phase >= 95% of R after the burst" "$(pct_of "${PAB[add]}" "$R_WR") >= 95" "${PAB[add]}/s of $R_WR/s" ;;
    smoke)
      check "counts as expected" "$R_ADDED == $EXP_ADDED" "ADDED $R_ADDED, expected $EXP_ADDED" ;;
    enterprise)
      local later; later=$(post_rate_after 60000 "$JOB_T0" "$JOB_T1")
      grep -o "Pacing: .*" "$RUN_DIR/run1/job.log" || true
      echo "add phase from the start: ${PAB[add]}/s after the burst ($(pct_of "${PAB[add]}" "$R_WR") % of the write bucket)"
      check "add phase >= 80% of the write bucket after its first minute (no rate option)" \
        "$(pct_of "$later" "$R_WR") >= 80" "$later/s of $R_WR/s"
      check "429 answers <= 1% of calls" "$R_429 <= 0.01 * $R_TOTAL" "$R_429 of $R_TOTAL" ;;
    overlap) overlap_check "$JOB_T0" "$JOB_T1" ;;
    free-tenant)
      check "every member added" "$R_ADDED == $EXP_ADDED" "ADDED $R_ADDED of $EXP_ADDED"
      check "429 answers <= 5% of calls (no rate option)" "$R_429 <= 0.05 * $R_TOTAL" "$R_429 of $R_TOTAL" ;;
    million)
      check "completes" "\"$R_STATUS\" != \"FAILED\"" "$R_STATUS"
      check "staging >= 100,000 rows/s" "$R_STAGE >= 100000" "$R_STAGE rows/s, CSV to indexed ledger"
      echo "peak RSS $R_RSS MB with $JOB_JAVA_OPTS" ;;
  esac
  if [[ "$RERUN" == 1 ]]; then
    log "running the same input again"
    run_job "$RUN_DIR" rerun
    fetch_requests "$RUN_DIR"
    report "$RUN_DIR/rerun" "$JOB_T0" "$JOB_T1" "rerun of the same input"
    echo
    check "rerun sends no POST" "$R_POSTS == 0" "$R_POSTS POSTs"
    check "rerun calls <= 105% of minimum" "$R_TOTAL <= 1.05 * $R_MIN" "$R_TOTAL calls, minimum $R_MIN" \
      "$([[ $SCENARIO == smoke ]] && echo "not enforced in smoke")"
    check "429 answers <= 1% of calls (rerun)" "$R_429 <= 0.01 * $R_TOTAL" "$R_429 of $R_TOTAL"
  fi
}

# shared-tenant: Auth0's documented buckets, and another application that takes every member-write token for
# DRAIN_SECONDS, DRAINS times, every DRAIN_EVERY s after the job's first POST: 429s per drain, POSTs sent inside a
# 429's wait, the POST span against what the bucket allowed
scenario_shared_tenant() {
  prepare_run
  start_sandbox "$RUN_DIR"
  (
    until [[ $(curl -sf "$BASE/sandbox/stats?posts=false" | jq '.requests.members_post') -gt 0 ]]; do sleep 0.1; done
    # Each drain: for DRAIN_SECONDS the other application takes every write token that appears, racing the job.
    for _ in $(seq 1 "$DRAINS"); do
      sleep "$DRAIN_EVERY"
      local start taken=0 got
      start=$(now_ms)
      while (( $(now_ms) - start < DRAIN_SECONDS * 1000 )); do
        got=$(curl -sf -X POST "$BASE/sandbox/drain?bucket=writes" | jq .taken)
        taken=$(( taken + got ))
        sleep 0.02
      done
      echo "$start $taken" >> "$RUN_DIR/drains.txt"
    done
  ) &
  local drainer=$!
  log "running the job; outside traffic drains the write bucket $DRAINS times, every ${DRAIN_EVERY} s"
  run_job "$RUN_DIR" run1
  kill "$drainer" 2>/dev/null || true
  wait "$drainer" 2>/dev/null || true
  fetch_requests "$RUN_DIR"
  report "$RUN_DIR/run1" "$JOB_T0" "$JOB_T1" "first run"
  echo
  [[ -f "$RUN_DIR/drains.txt" ]] || die "no drain happened before the job ended"
  # A 429 at t: the job waits at least 1 s; POSTs arriving from t + 2 x latency + 50 ms (no longer in flight when
  # the 429 was answered) to t + 1 s were sent inside that wait.
  local stats
  stats=$(awk -F'[ ,]' -v lat="$LATENCY_MS" '
    FNR == NR { d[++n] = $1; taken += $2; next }
    $2 == "members_post" {
      posts++; if (!first) first = $1; last = $1
      for (i = 1; i <= k; i++) if ($1 > t[i] + 2 * lat + 50 && $1 < t[i] + 1000) early++
      if ($3 == 429) { t[++k] = $1; for (j = n; j >= 1; j--) if ($1 >= d[j]) { per[j]++; break } }
    }
    END { max = 0; for (j = 1; j <= n; j++) { line = line sprintf(" %d", per[j]); if (per[j] > max) max = per[j] }
          printf "%d %d %d %d %.1f %d%s\n", n, taken, k, early, (last - first) / 1000, max, line }' \
    "$RUN_DIR/drains.txt" "$RUN_DIR/requests.csv")
  local drains taken throttled early span max per
  read -r drains taken throttled early span max per <<< "$stats"
  local floor
  floor=$(awk -v p="$R_POSTS" -v taken="$taken" -v r="$WRITES_PER_MIN" -v b="$WRITES_BURST" \
    'BEGIN { printf "%.1f", (p + taken - b) * 60 / r }')
  echo "outside traffic   $drains drains took $taken write tokens; 429s on member writes per drain: $per"
  echo "member writes     $R_POSTS POSTs over $span s; the bucket allowed them in $floor s (its refill after the first $WRITES_BURST, the outside traffic's tokens included)"
  check "<= 1 429 per drain (member writes)" "$max <= 1" "at most $max per drain, $throttled in all"
  check "no POST sent inside a 429's wait" "$early == 0" "$early POSTs"
  check "POST span within 20% of the bucket's floor" "$span <= 1.2 * $floor" "$span s vs $floor s"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
ticks_ms() { echo $(( $1 * 1000 / $(getconf CLK_TCK) )); }

# bare_loop LABEL ORG_OFFSET: one BareLoop run (new members for organizations the job does not touch), with the
# sandbox's CPU time; sets BARE_RATE, BARE_CPU (ms, BareLoop process), BARE_SB_CPU (ms, sandbox)
bare_loop() {
  local label=$1 offset=$2 s0 s1
  log "bare HttpClient loop ($label): $MIN_POSTS POSTs, concurrency ${CONCURRENCY:-32}"
  s0=$(cpu_ticks "$SANDBOX_PID")
  java "$BENCH_SRC/BareLoop.java" "--base-url=$BASE" "--posts=$MIN_POSTS" "--concurrency=${CONCURRENCY:-32}" \
      "--orgs=$ORGS" "--org-offset=$offset" "--users=$EXP_USERS" | tee "$RUN_DIR/bare-$label.txt" >&2
  s1=$(cpu_ticks "$SANDBOX_PID")
  BARE_RATE=$(sed -n 's/.*calls_per_s=\([0-9.]*\).*/\1/p' "$RUN_DIR/bare-$label.txt")
  BARE_CPU=$(sed -n 's/.*cpu_ms=\([0-9]*\).*/\1/p' "$RUN_DIR/bare-$label.txt")
  BARE_SB_CPU=$(ticks_ms $(( s1 - s0 )))
}

# Samples the job's and the sandbox's CPU when the job logs "phase addMembers started" and "... done".
watch_add_phase_cpu() {
  local log=$1/job.log out=$1/add-cpu.txt pid="" a0 b0 a1 b1
  while [[ ! -f "$log" ]] || ! grep -q "phase addMembers started" "$log"; do
    [[ -f "$1/report/summary.json" ]] && return; sleep 0.05; done
  pid=$(pgrep -f -- "^java .*-jar $RUN_DIR/app.jar --sync.input" | head -1)
  # java -jar runs the job in a second JVM (the class-data cache): measure that one
  local job_jvm; job_jvm=$(pgrep -P "$pid" | head -1 || true); [[ -n "$job_jvm" ]] && pid=$job_jvm
  a0=$(cpu_ticks "$pid"); b0=$(cpu_ticks "$SANDBOX_PID")
  while ! grep -q "phase addMembers done" "$log"; do [[ -f "$1/report/summary.json" ]] && return; sleep 0.05; done
  a1=$(cpu_ticks "$pid"); b1=$(cpu_ticks "$SANDBOX_PID")
  echo "$(ticks_ms $(( a1 - a0 ))) $(ticks_ms $(( b1 - b0 )))" > "$out"
}

scenario_overhead() {
  prepare_run
  SANDBOX_ORGS=$((ORGS * 3))   # the bare loops add members to organizations the job does not touch
  start_sandbox "$RUN_DIR"
  local conc=${CONCURRENCY:-32}
  bare_loop before "$ORGS"
  local before=$BARE_RATE before_cpu=$BARE_CPU before_sb=$BARE_SB_CPU
  log "running the job"
  mkdir -p "$RUN_DIR/run1"
  watch_add_phase_cpu "$RUN_DIR/run1" &
  local watcher=$!
  run_job "$RUN_DIR" run1
  wait "$watcher" 2>/dev/null || true
  bare_loop after $((ORGS * 2))
  local after=$BARE_RATE after_cpu=$BARE_CPU after_sb=$BARE_SB_CPU
  fetch_requests "$RUN_DIR"
  report "$RUN_DIR/run1" "$JOB_T0" "$JOB_T1" "job between two bare HttpClient loops"
  local best job_phase job_span job_cpu=- job_sb=-
  best=$(awk -v a="$before" -v b="$after" 'BEGIN { print (a > b ? a : b) }')
  job_phase=$(awk -v n="$R_POSTS" -v s="$R_ADD_SECONDS" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
  job_span=$(awk '$1 == "add" { printf "%.1f", ($5 > $4) ? ($2 - 1) / (($5 - $4) / 1000) : 0 }' "$RUN_DIR/run1/phases.txt")
  [[ -f "$RUN_DIR/run1/add-cpu.txt" ]] && read -r job_cpu job_sb < "$RUN_DIR/run1/add-cpu.txt"
  per_call() { awk -v c="$1" -v n="$R_POSTS" 'BEGIN { print (c == "-" ? "-" : sprintf("%.3f", c / n)) }'; }
  capacity() { awk -v a="$1" -v b="$2" -v n="$R_POSTS" 'BEGIN { print (a == "-" ? "-" : sprintf("%.0f", 2000 * n / (a + b))) }'; }
  local cap_before cap_after cap_job cap_best
  cap_before=$(capacity "$before_cpu" "$before_sb"); cap_after=$(capacity "$after_cpu" "$after_sb")
  cap_job=$(capacity "$job_cpu" "$job_sb")
  cap_best=$(awk -v a="$cap_before" -v b="$cap_after" 'BEGIN { print (a > b ? a : b) }')
  pct() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "-" || b == 0 ? "-" : sprintf("%.0f%%", 100 * a / b)) }'; }
  echo
  echo "POST /members, $R_POSTS calls, concurrency $conc, unthrottled, loopback. CPU ms per call: client process and"
  echo "sandbox process over the loop (job: over addMembersStep). 2-core capacity = 2000 ms / (client + sandbox ms per"
  echo "call): the rate both would reach if they had the machine's two cores to themselves (CPU-bound)."
  printf '%-42s %9s %8s %11s %11s %10s %8s\n' "" "calls/s" "vs bare" "client ms" "sandbox ms" "capacity" "vs bare"
  printf '%-42s %9s %8s %11s %11s %10s %8s\n' "bare HttpClient loop, before the job" "$before" "$(pct "$before" "$best")" \
    "$(per_call "$before_cpu")" "$(per_call "$before_sb")" "$cap_before" "$(pct "$cap_before" "$cap_best")"
  printf '%-42s %9s %8s %11s %11s %10s %8s\n' "bare HttpClient loop, after the job" "$after" "$(pct "$after" "$best")" \
    "$(per_call "$after_cpu")" "$(per_call "$after_sb")" "$cap_after" "$(pct "$cap_after" "$cap_best")"
  printf '%-42s %9s %8s %11s %11s %10s %8s\n' "job, addMembersStep (calls / step seconds)" "$job_phase" \
    "$(pct "$job_phase" "$best")" "$(per_call "$job_cpu")" "$(per_call "$job_sb")" "$cap_job" "$(pct "$cap_job" "$cap_best")"
  printf '%-42s %9s %8s\n' "job, first to last POST (sandbox log)" "$job_span" "$(pct "$job_span" "$best")"
  echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine disturbs calls/s; capacity is steadier)"
  echo
  check "job add phase >= 80% of the bare loop (faster of the two)" "$job_phase >= 0.8 * $best" "$job_phase vs $best calls/s"
}

scenario_startup() {
  prepare_run
  start_sandbox "$RUN_DIR"
  # CDS: the jar extracted (Spring Boot's tools jarmode), an archive written at the exit of one full training run.
  local cds="$RUN_DIR/cds"
  java -Djarmode=tools -jar "$RUN_DIR/app.jar" extract --destination "$cds" >/dev/null
  log "CDS training run"
  run_job "$RUN_DIR" cds-training java -XX:ArchiveClassesAtExit="$cds/app.jsa" -jar "$cds/app.jar"
  # jar: plain `java -jar`, which runs the job in a JVM with the archive in the class-data cache (made by the
  # warm-up run below); nocache: ORG_MEMBER_SYNC_CACHE=off, the job in the launched JVM as before the cache
  local default_modes="jar nocache cds+c1"
  log "warm-up run: java -jar makes its class-data archive"
  run_job "$RUN_DIR" jar-warmup java $JOB_JAVA_OPTS -jar "$RUN_DIR/app.jar"
  WARMUP_MS=$(( JOB_T1 - JOB_T0 ))
  # A jar with Spring AOT output (spring-boot:process-aot) also runs with its generated bean definitions.
  if unzip -l "$RUN_DIR/app.jar" | grep -q '__ApplicationContextInitializer.class'; then
    default_modes="$default_modes aot aot+cds"
    log "CDS training run with Spring AOT"
    run_job "$RUN_DIR" aot-cds-training java -Dspring.aot.enabled=true -XX:ArchiveClassesAtExit="$cds/aot.jsa" \
      -jar "$cds/app.jar"
  fi
  # image: the container image (IMAGE, default target/jib-image.tar) unpacked, its entrypoint run in a chroot as its
  # user, as a container engine would (root needed); the run directory is bind-mounted at the same path inside
  local image=${IMAGE:-$ROOT/target/jib-image.tar} image_root="" image_entrypoint="" image_user="" image_env=()
  if [[ -f "$image" && $(id -u) -eq 0 ]]; then
    default_modes="$default_modes image"
  fi
  local modes
  read -r -a modes <<< "${STARTUP_MODES:-$default_modes}"
  if [[ " ${modes[*]} " == *" image "* ]]; then
    [[ -f "$image" ]] || die "no image $image (mvn -Pimage package, README Container)"
    image_root="$RUN_DIR/image-rootfs"
    local image_dir="$RUN_DIR/image" layer config
    mkdir -p "$image_dir" "$image_root"
    tar -C "$image_dir" -xf "$image"
    for layer in $(jq -r '.[0].Layers[]' "$image_dir/manifest.json"); do
      tar -C "$image_root" -xzf "$image_dir/$layer" 2>/dev/null || tar -C "$image_root" -xf "$image_dir/$layer"
    done
    config="$image_dir/$(jq -r '.[0].Config' "$image_dir/manifest.json")"
    image_entrypoint=$(jq -r '.config.Entrypoint | join(" ")' "$config")
    image_user=$(jq -r '.config.User' "$config")
    mapfile -t image_env < <(jq -r '.config.Env[]' "$config")
    mkdir -p "$image_root/proc" "$image_root$RUN_DIR"
    chmod a+rwx "$RUN_DIR" && chmod a+r "$RUN_DIR/in.csv"
    mount -t proc proc "$image_root/proc"
    mount --bind "$RUN_DIR" "$image_root$RUN_DIR"
    IMAGE_MOUNTS="$image_root$RUN_DIR $image_root/proc"
    log "image $image: $image_entrypoint"
  fi
  local mode rep
  printf '%s\n' "mode rep context_ready_ms first_token_ms first_api_ms exit_ms rss_mb" > "$RUN_DIR/startup.txt"
  for rep in $(seq 1 "$REPS"); do
    for mode in "${modes[@]}"; do
      local launch=() extra=""
      case $mode in
        jar) launch=(java $JOB_JAVA_OPTS -jar "$RUN_DIR/app.jar") ;;
        nocache) launch=(env ORG_MEMBER_SYNC_CACHE=off java $JOB_JAVA_OPTS -jar "$RUN_DIR/app.jar") ;;
        noaot) launch=(java $JOB_JAVA_OPTS -Dspring.aot.enabled=false -jar "$RUN_DIR/app.jar") ;;
        jar+lazy) launch=(java $JOB_JAVA_OPTS -jar "$RUN_DIR/app.jar"); extra="--spring.main.lazy-initialization=true" ;;
        cds) launch=(java $JOB_JAVA_OPTS -XX:SharedArchiveFile="$cds/app.jsa" -jar "$cds/app.jar") ;;
        cds+lazy) launch=(java $JOB_JAVA_OPTS -XX:SharedArchiveFile="$cds/app.jsa" -jar "$cds/app.jar"); extra="--spring.main.lazy-initialization=true" ;;
        aot) launch=(java $JOB_JAVA_OPTS -Dspring.aot.enabled=true -jar "$RUN_DIR/app.jar") ;;
        aot+cds) launch=(java $JOB_JAVA_OPTS -Dspring.aot.enabled=true -XX:SharedArchiveFile="$cds/aot.jsa" -jar "$cds/app.jar") ;;
        c1) launch=(java $JOB_JAVA_OPTS -XX:TieredStopAtLevel=1 -jar "$RUN_DIR/app.jar") ;;
        cds+c1) launch=(java $JOB_JAVA_OPTS -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$cds/app.jsa" -jar "$cds/app.jar") ;;
        image) mkdir -p "$RUN_DIR/$mode-$rep" && chmod a+rwx "$RUN_DIR/$mode-$rep"
               # shellcheck disable=SC2016
               launch=(chroot --userspec="$image_user" "$image_root" /usr/bin/env -i "${image_env[@]}" sh -c 'cd "$0" && exec "$@"'
                       "$RUN_DIR/$mode-$rep" $image_entrypoint) ;;
        *) die "unknown startup mode $mode (jar nocache image noaot jar+lazy cds cds+lazy aot aot+cds c1 cds+c1)" ;;
      esac
      local saved_args=$JOB_ARGS
      JOB_ARGS="$JOB_ARGS $extra"
      run_job "$RUN_DIR" "$mode-$rep" "${launch[@]}"
      JOB_ARGS=$saved_args
      fetch_requests "$RUN_DIR"
      # "context ready": the job's first log line (SyncCommand, right after the Spring context has started)
      local ready_clock ready=0
      ready_clock=$(grep -m1 -oE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}' "$RUN_DIR/$mode-$rep/job.log" || true)
      [[ -n "$ready_clock" ]] && ready=$(( $(date -d "$(date -d @$((JOB_T0 / 1000)) +%F) $ready_clock" +%s%3N) - JOB_T0 ))
      awk -F, -v t0="$JOB_T0" -v t1="$JOB_T1" -v mode="$mode" -v rep="$rep" -v ready="$ready" \
          -v rss="$(peak_rss_mb "$RUN_DIR/$mode-$rep")" '
        $1 >= t0 && $1 <= t1 { if (!tok && $2 == "token") tok = $1; if (!api && $2 != "token") api = $1 }
        END { printf "%s %d %d %d %d %d %s\n", mode, rep, ready, tok - t0, api - t0, t1 - t0, rss }' "$RUN_DIR/requests.csv" \
        >> "$RUN_DIR/startup.txt"
    done
  done
  echo
  echo "=== startup: $ROWS-row input, unthrottled sandbox, median of $REPS runs (ms from launching java) ==="
  printf '%-10s %14s %14s %16s %10s %8s\n' mode "context ready" "first token" "first API call" "exit" "RSS MB"
  for mode in "${modes[@]}"; do
    awk -v mode="$mode" '
      function median(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
                                         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $1 == mode { n++; r[n] = $3; a[n] = $4; b[n] = $5; c[n] = $6; d[n] = $7 }
      END { printf "%-10s %14d %14d %16d %10d %8d\n", mode, median(r, n), median(a, n), median(b, n), median(c, n), median(d, n) }' \
      "$RUN_DIR/startup.txt"
  done
  echo "load average during the runs: $(cut -d' ' -f1-3 /proc/loadavg) (a 2-core machine shared with other work)"
  echo "(per run: $RUN_DIR/startup.txt; CDS archive $(du -h "$cds/app.jsa" | cut -f1) from one training run)"
  echo "(jar: the first run, which made the class-data cache's archive, took ${WARMUP_MS} ms to exit)"
}

# hr: an HR export (organization_name,email) resolved by one user export, then by users-by-email (dry run)
scenario_hr() {
  RUN_DIR="$BENCH_DIR/$SCENARIO-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$RUN_DIR"
  cp "$JAR" "$RUN_DIR/app.jar"
  local people=$(( ROWS - UNKNOWN ))
  awk -v rows="$ROWS" -v orgs="$ORGS" -v unknown="$UNKNOWN" 'BEGIN {
      print "organization_name,email,department,roles"
      for (i = 1; i <= rows - unknown; i++) {
        email = sprintf("gen%08d@example.com", i)
        if (i % 100 == 0) email = toupper(email)      # HR writes some addresses in capitals
        printf "gen-org-%08d,%s,Dept %d,\n", (i - 1) % orgs + 1, email, i % 17
      }
      for (j = 1; j <= unknown; j++) printf "gen-org-%08d,new.hire%05d@example.com,New,\n", (j - 1) % orgs + 1, j
    }' > "$RUN_DIR/in.csv"
  printf 'organization_id,user_id\n' > "$RUN_DIR/seed-members.csv"
  SANDBOX_ORGS=$ORGS
  SANDBOX_USERS=$people
  log "run directory $RUN_DIR; input $ROWS rows, $ORGS orgs ($(wc -c < "$RUN_DIR/in.csv") bytes)"
  start_sandbox "$RUN_DIR" --export-delay-ms=3000
  local users_rate="--sync.rate-limit.users.per-minute=150 --sync.rate-limit.users.burst=10"
  JOB_ARGS="$JOB_ARGS_BASE --sync.users.lookup=export --sync.users.export-poll-interval=1s $users_rate"
  log "export path: the whole run"
  run_job "$RUN_DIR" export
  local s1; s1=$(curl -sf "$BASE/sandbox/stats?posts=false")
  # The by-email path as a dry run against the same tenant: the same lookups, no writes. Unthrottled here, so
  # that it finishes; the time it would take at Auth0's 150/min is computed from its calls.
  JOB_ARGS="$JOB_ARGS_BASE --sync.users.lookup=by-email --sync.dry-run=true"
  JOB_ARGS="$JOB_ARGS --sync.rate-limit.users.per-minute=6000000 --sync.rate-limit.users.burst=10000"
  log "by-email path (dry run)"
  run_job "$RUN_DIR" by-email
  local s2; s2=$(curl -sf "$BASE/sandbox/stats?posts=false")
  local e="$RUN_DIR/export/report/summary.json" b="$RUN_DIR/by-email/report/summary.json"
  local post=$(jq '.requests.users_export_post' <<<"$s1") jobs=$(jq '.requests.job_get' <<<"$s1")
  local downloads=$(jq '.export_downloads.total' <<<"$s1") auth=$(jq '.export_downloads.with_authorization' <<<"$s2")
  local by_email=$(( $(jq '.requests.users_by_email' <<<"$s2") - $(jq '.requests.users_by_email' <<<"$s1") ))
  printf '\nHR export: %d rows over %d organizations by email; sandbox writes and reads %s/min, latency %s ms\n' \
    "$ROWS" "$ORGS" "$WRITES_PER_MIN" "$LATENCY_MS"
  printf '%-34s %14s %14s\n' "" "export" "by-email (dry)"
  printf '%-34s %14s %14s\n' "calls to resolve the emails" "$(( post + jobs + downloads ))" "$by_email"
  printf '%-34s %14s %14s\n' "  of which" "1 POST, $jobs GET job, $downloads download" "users-by-email"
  printf '%-34s %14s %14s\n' "resolveUsers phase (s)" "$(jq '.phases.resolveUsersStep' "$e")" \
    "$(jq '.phases.resolveUsersStep' "$b")"
  printf '%-34s %14s %14s\n' "export seconds (POST to download)" "$(jq '.users.exportSeconds' "$e")" "-"
  printf '%-34s %14s %14s\n' "addMembers phase (s)" "$(jq '.phases.addMembersStep' "$e")" "(dry run)"
  printf '%-34s %14s %14s\n' "whole run (s)" "$(jq '.durationSeconds' "$e")" "$(jq '.durationSeconds' "$b")"
  printf '%-34s %14s %14s\n' "resolved / unknown / ambiguous" \
    "$(jq -r '"\(.users.resolved) / \(.users.unknown) / \(.users.ambiguous)"' "$e")" \
    "$(jq -r '"\(.users.resolved) / \(.users.unknown) / \(.users.ambiguous)"' "$b")"
  awk -v n="$by_email" 'BEGIN { printf "by-email at Auth0'"'"'s 150/min would take %.1f h for its %d calls\n", n / 150 / 60, n }'
  echo
  check "export resolves every known email" "$(jq '.users.resolved' "$e") == $people" "$(jq '.users.resolved' "$e") of $people"
  check "both paths agree" "$(jq '.users.resolved' "$e") == $(jq '.users.resolved' "$b")" \
    "$(jq '.users.resolved' "$e") vs $(jq '.users.resolved' "$b")"
  check "no Authorization header on the download" "$auth == 0" "$auth"
  check "export path: a handful of calls" "$(( post + jobs + downloads )) <= 20" "$(( post + jobs + downloads )) calls"
  check "resolution within 10 % of the run" "$(jq '.phases.resolveUsersStep' "$e") <= 0.1 * $(jq '.durationSeconds' "$e")" \
    "$(jq '.phases.resolveUsersStep' "$e") s of $(jq '.durationSeconds' "$e") s"
}

scenario_mirror() {
  RUN_DIR="$BENCH_DIR/$SCENARIO-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$RUN_DIR"
  cp "$JAR" "$RUN_DIR/app.jar"
  # Member i belongs to organization (i - 1) % ORGS + 1; a hash picks the leavers, spread over the organizations;
  # the joiners are new users ROWS + 1 ... dealt round the organizations.
  awk -v rows="$ROWS" -v orgs="$ORGS" -v leavers="$LEAVERS" -v joiners="$JOINERS" -v dir="$RUN_DIR" '
    function ceil(x) { return x == int(x) ? x : int(x) + 1 }
    function pages(m) { return int(m / 100) + 1 }   # the minimum: stop at the first page shorter than 100
    BEGIN {
      print "organization_id,user_id" > (dir "/in.csv"); print "organization_id,user_id" > (dir "/seed-members.csv")
      for (i = 1; i <= rows; i++) {
        o = (i - 1) % orgs + 1; m[o]++
        printf "org_gen%08d,auth0|gen%08d\n", o, i > (dir "/seed-members.csv")
        if ((i * 7919 + 17) % 100000 < leavers * 100000) { l[o]++; nl++ } else printf "org_gen%08d,auth0|gen%08d\n", o, i > (dir "/in.csv")
      }
      nj = int(rows * joiners)
      for (j = 1; j <= nj; j++) { o = (j - 1) % orgs + 1; k[o]++; printf "org_gen%08d,auth0|gen%08d\n", o, rows + j > (dir "/in.csv") }
      for (o = 1; o <= orgs; o++) {
        snap += pages(m[o]); posts += ceil(k[o] / 10); deletes += ceil(l[o] / 10)
        if (k[o] + l[o] > 0) verify += pages(m[o] - l[o] + k[o])
        if (l[o] > maxl) maxl = l[o]
      }
      printf "EXP_LEAVERS=%d\nEXP_JOINERS=%d\nMAX_LEAVERS=%d\nMIN_SNAPSHOT=%d\nMIN_POSTS=%d\nMIN_DELETES=%d\nMIN_VERIFY=%d\n", \
        nl, nj, maxl, snap, posts, deletes, verify > (dir "/expect.env")
    }'
  # shellcheck disable=SC1091
  source "$RUN_DIR/expect.env"
  SANDBOX_ORGS=$ORGS
  SANDBOX_USERS=$(( ROWS + EXP_JOINERS ))
  log "run directory $RUN_DIR; $ROWS members over $ORGS organizations, $EXP_LEAVERS leavers (at most $MAX_LEAVERS in one), $EXP_JOINERS joiners"
  start_sandbox "$RUN_DIR"
  JOB_ARGS="$JOB_ARGS --sync.mode=mirror"
  run_job "$RUN_DIR" run1
  local stats; stats=$(curl -sf "$BASE/sandbox/stats?posts=false")
  local summary="$RUN_DIR/run1/report/summary.json"
  local token=$(jq '.requests.token' <<<"$stats") gets=$(jq '.requests.members_get' <<<"$stats")
  local posts=$(jq '.requests.members_post' <<<"$stats") deletes=$(jq '.requests.members_delete' <<<"$stats")
  local total=$(( token + gets + posts + deletes )) min=$(( 1 + MIN_SNAPSHOT + MIN_POSTS + MIN_DELETES + MIN_VERIFY ))
  local count; count() { jq -r --arg s "$1" '.counts[$s] // 0' "$summary"; }
  local sec; sec() { jq -r --arg p "$1" '.phases[$p] // 0' "$summary"; }
  printf '\n=== mirror: %d members over %d organizations, %d leavers, %d joiners ===\n' "$ROWS" "$ORGS" "$EXP_LEAVERS" "$EXP_JOINERS"
  printf '%-17s %s\n' "sandbox" "writes $(rate_text "$WRITES_PER_MIN" "$WRITES_BURST"), reads $(rate_text "$READS_PER_MIN" "$READS_BURST"), latency ${LATENCY_MS} ms"
  printf '%-17s %s\n' "result" "exit $JOB_RC, $(jq -r .status "$summary") in $(jq .durationSeconds "$summary") s (wall $(( (JOB_T1 - JOB_T0) / 1000 )) s); REMOVED $(count REMOVED), ADDED $(count ADDED), ALREADY_MEMBER $(count ALREADY_MEMBER), REMOVAL_HELD $(count REMOVAL_HELD), REMOVAL_UNCONFIRMED $(count REMOVAL_UNCONFIRMED), MISSING $(count MISSING)"
  printf '%-17s %s\n' "calls" "$total: token $token, GET members $gets, POST members $posts, DELETE members $deletes"
  printf '%-17s %s\n' "minimum calls" "$min = token 1 + snapshot $MIN_SNAPSHOT + POST $MIN_POSTS + DELETE $MIN_DELETES + verify $MIN_VERIFY -> $(pct_over "$total" "$min") above"
  printf '%-17s %s\n' "phases (s)" "snapshot $(sec snapshotStep), addMembers $(sec addMembersStep), removeMembers $(sec removeMembersStep), verify $(sec verifyStep)"
  printf '%-17s %s\n' "429 answers" "$(jq '.too_many_requests' <<<"$stats") of $total"
  echo
  check "every leaver removed" "$(count REMOVED) == $EXP_LEAVERS" "$(count REMOVED) of $EXP_LEAVERS"
  check "every joiner added" "$(count ADDED) == $EXP_JOINERS" "$(count ADDED) of $EXP_JOINERS"
  check "nobody else touched" "$(count ALREADY_MEMBER) == $(( ROWS - EXP_LEAVERS ))" "$(count ALREADY_MEMBER) already members"
  check "calls <= 105% of minimum" "$total <= 1.05 * $min" "$total calls, minimum $min" "the trailing empty pages"
}

# h2_query DB SQL: one value from the H2 file DB, with the H2 in the job's jar (the job must not be running)
h2_query() {
  java -cp "$RUN_DIR/app.jar" -Dloader.main=org.h2.tools.Shell org.springframework.boot.loader.launch.PropertiesLauncher \
      -url "jdbc:h2:file:$1" -user sa -password "" -sql "$2" | sed -n 2p | awk '{ print $1 }'
}

scenario_history() {
  prepare_run
  start_sandbox "$RUN_DIR"
  local db="$RUN_DIR/jobdb/db" base_args=$JOB_ARGS n size
  JOB_ARGS="$base_args --spring.datasource.url=jdbc:h2:file:$db"
  [[ -n "$KEEP_RUNS" ]] && JOB_ARGS+=" --sync.history.keep-runs=$KEEP_RUNS"
  printf "%-6s %5s %9s %12s\n" night exit seconds "db MB" | tee "$RUN_DIR/history.txt"
  for n in $(seq 1 "$RUNS"); do
    run_job "$RUN_DIR" "night-$n"
    size=$(stat -c %s "$db.mv.db")
    printf "%-6s %5s %9.1f %12.1f\n" "$n" "$JOB_RC" "$(( JOB_T1 - JOB_T0 ))e-3" "$(( size / 1000 ))e-3" \
      | tee -a "$RUN_DIR/history.txt"
    rm -rf "$RUN_DIR/night-$n/report"   # only the database is measured
  done
  JOB_ARGS=$base_args
  local tables instances
  tables=$(h2_query "$db" "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'SYNC\\_LEDGER\\_%'")
  instances=$(h2_query "$db" "SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")
  # H2 reuses the space of dropped tables but rarely gives it back: compact a copy to see what is live
  cp "$db.mv.db" "$RUN_DIR/compacted.mv.db"
  h2_query "$RUN_DIR/compacted" "SHUTDOWN COMPACT" > /dev/null || true
  echo "after $RUNS nights of $ROWS rows: job database $(( size / 1000000 )) MB ($size bytes; compacted" \
       "$(( $(stat -c %s "$RUN_DIR/compacted.mv.db") / 1000000 )) MB), $tables ledger tables, $instances job instances" \
       "(keep-runs ${KEEP_RUNS:-default})" | tee -a "$RUN_DIR/history.txt"
  if [[ -n "$KEEP_RUNS" ]]; then
    check "ledger tables kept" "$tables <= $KEEP_RUNS" "$tables tables, keep-runs $KEEP_RUNS"
  fi
}

run_scenario() {
  SCENARIO=$1
  (
    trap cleanup EXIT
    scenario_defaults "$SCENARIO"
    case $SCENARIO in
      overhead) scenario_overhead ;;
      startup) scenario_startup ;;
      hr) JOB_ARGS_BASE=$JOB_ARGS; scenario_hr ;;
      history) scenario_history ;;
      mirror) scenario_mirror ;;
      shared-tenant) scenario_shared_tenant ;;
      *) scenario_rates ;;
    esac
    stop_sandbox
    exit $(( CHECKS_FAILED ? 3 : 0 ))
  )
}

command -v jq >/dev/null || die "jq is required"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is required (apt-get install time)"
if [[ "$SCENARIO" == -h || "$SCENARIO" == --help ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
mkdir -p "$BENCH_DIR"
build
if [[ "$SCENARIO" == all ]]; then
  rc=0
  for s in smoke documented-buckets forecast r50 r200 million overhead startup; do
    run_scenario "$s" || rc=$(( $? > rc ? $? : rc ))
  done
  exit $rc
fi
run_scenario "$SCENARIO"
