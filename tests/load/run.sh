#!/usr/bin/env bash
# Load figures for the reader site, measured with wrk against the real app built in Release,
# on a demo-seeded database of its own: a SQLite file in a temporary folder, or a PostgreSQL
# database the script creates and drops. Deleted afterwards either way.
#
#   bash tests/load/run.sh                              # SQLite; needs: apt-get install -y wrk sqlite3 curl
#   PROVIDER=postgres bash tests/load/run.sh            # PostgreSQL; needs psql (postgresql-client) instead of sqlite3
#   PROVIDER="sqlite postgres" bash tests/load/run.sh   # both, one after the other, a table for each
#
# On PostgreSQL the script makes a fresh database on the server PG_ADMIN names (an Npgsql
# connection string whose role may create databases; default
# Host=127.0.0.1;Username=cm_test;Password=cm_test, the test role), runs the app on it and drops
# it at the end. The same string, with the database added, is the app's connection string.
#
# Measures, in one run: a static file from wwwroot; the cached anonymous article page (50
# comments); the same page uncached (a guest holding the held-comment cookie for a comment on
# another article, who shares the rendered threads, and a signed-in reader, who shares the page
# kept for signed-in readers with their own name written in: the output cache serves neither);
# the page of a guest whose own held comment is on it (the shared threads with their own thread
# written for them); the first page of an article with 5,000 approved
# comments for such a guest, one connection at a time; and posting comments (form post with
# antiforgery token, checks, sanitize, insert). Prints a table of requests/s and latency
# percentiles. The render of a page with nothing cached is measured by ReaderRenderSpeed.cs.
# Through the REST API (an API key made with `apikeys create`): a page of 20 threads of the
# 50-comment article (api-list), and posting a comment as a guest (api-post).
#
# On PostgreSQL only (ONLY="post2", not in the default set): posting spread over two servers of
# one site, two app processes on PORT and PORT+1 sharing the database, each posted to by its own
# wrk with half of POST_CONNECTIONS at the same time. Prints the combined requests/s and each
# server's percentiles, then checks what was stored against what was answered: every post
# answered with a redirect names a comment that is stored, the comments beyond those are no more
# than the posts wrk abandoned at its deadlines, no post failed with a 5xx, and the queue counters
# and every article's comment and thread counts equal a recount of the rows ("counts agree", or
# the mismatch and exit status 1). Run after the 64-connection page measurements, the first
# server keeps the connections they opened (about 80): with PostgreSQL's default max_connections of
# 100, other sessions on that server may push the second past it; run ONLY="post2" on its own then.
#
# ONLY="deep" (not in the default set): 5,000 more approved comments on the news story, three in
# four of them replies to earlier comments (seed comments --replies 75); prints the byte size of
# its first comment page and of its largest, then measures its first page cached, anonymous.
#
# ONLY="cached post" runs just those measurements (static cached guest fresh signed alone big
# post api-list api-post post2 mix). ONLY="mix" (not in the default set): the cached article page read by
# CONNECTIONS while POST_CONNECTIONS post to the same article, both measured at once, a row each. Short runs, to check the script: DURATION=3s REPEAT=1 WARMUP=2s POST_WARMUP=3s.
#
# Test configuration (documented, not the defaults): posting and sign-in rate limits are raised
# and the flood interval is 0 in the discussion settings, because every request comes from
# 127.0.0.1; posts are made by the demo admin (staff skip flood control) unless POST_AS=guest.
set -euo pipefail
cd "$(dirname "$0")/../.."

PROVIDER="${PROVIDER:-sqlite}"
PG_ADMIN="${PG_ADMIN:-Host=127.0.0.1;Username=cm_test;Password=cm_test}"
PORT="${PORT:-5941}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
POST_CONNECTIONS="${POST_CONNECTIONS:-8}"
POST_AS="${POST_AS:-admin}"
REPEAT="${REPEAT:-3}"
ONLY="${ONLY:-static cached guest fresh signed alone big post api-list api-post}"
# The server's JIT compiles hot code again, optimised, over its first tens of seconds of load:
# every measurement warms up first (WARMUP, 10 s; posting, which runs fewer requests, POST_WARMUP, 30 s).
WARMUP="${WARMUP:-10s}"
POST_WARMUP="${POST_WARMUP:-30s}"
PASSWORD="Load-Test-Password-2026"
PAGE50="/articles/carbon-levy-passes-after-all-night-sitting"
PAGE5000="/articles/ten-years-after-the-floods-river-towns-still-wait"
PAGE_DEEP="/articles/israels-conflict-with-hamas-a-diplomatic-standoff-and-the-search-for-lasting"
STATIC="/css/site.css"

for provider in $PROVIDER; do
  case "$provider" in
    sqlite) command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install -y sqlite3" >&2; exit 2; } ;;
    postgres) command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 2; } ;;
    *) echo "PROVIDER must name sqlite and/or postgres, not '$provider'" >&2; exit 2 ;;
  esac
done
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y wrk curl" >&2; exit 2; }
done

# psql reaches the server PG_ADMIN names through libpq's variables; its own database (if named) is
# where the script creates and drops the load database from.
pg_maintenance="postgres"
IFS=';' read -ra pg_parts <<<"$PG_ADMIN"
for part in "${pg_parts[@]}"; do
  key="$(echo "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')"
  value="${part#*=}"
  case "$key" in
    host|server) export PGHOST="$value" ;;
    port) export PGPORT="$value" ;;
    username|user|userid) export PGUSER="$value" ;;
    password) export PGPASSWORD="$value" ;;
    database) pg_maintenance="$value" ;;
  esac
done

work="$(mktemp -d)"
app_pids=()
pg_database=""
stop_apps() {
  local pid
  for pid in "${app_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  app_pids=()
}
drop_database() {
  if [ -n "$pg_database" ]; then
    psql -X -q -d "$pg_maintenance" -c "DROP DATABASE IF EXISTS \"${pg_database}\" WITH (FORCE)" || true
    pg_database=""
  fi
}
cleanup() {
  stop_apps
  drop_database
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build src/CommentModeration.Web -c Release -v quiet -nologo >/dev/null
app=(dotnet src/CommentModeration.Web/bin/Release/net10.0/CommentModeration.Web.dll)

export ASPNETCORE_ENVIRONMENT=Production
export Demo__Seed=true
export Demo__Password="$PASSWORD"
export Logging__LogLevel__Default=Warning
export RateLimits__Comments__PermitLimit=100000000
export RateLimits__SignIn__PermitLimit=100000
export RateLimits__Api__PermitLimit=100000000

# sql STATEMENT: runs on the current provider's load database; prints rows, columns separated by |.
sql() {
  if [ "$provider" = postgres ]; then
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$pg_database" -c "$1"
  else
    sqlite3 "${work}/load.db" "$1"
  fi
}

# start_app BASE: starts a server of the site on BASE and waits until it listens.
start_app() {
  local base="$1" log="${work}/app-${provider}-${1##*:}.log"
  "${app[@]}" --urls "$base" >"$log" 2>&1 &
  app_pids+=($!)
  for _ in $(seq 1 120); do
    grep -q "CommentModeration listening on" "$log" && return 0
    kill -0 "${app_pids[-1]}" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  echo "the server on ${base} did not start within a minute" >&2
  cat "$log" >&2
  exit 1
}

# The cookies of a curl jar as a Cookie header value for wrk.
jar_cookie() {
  awk 'BEGIN { ORS = "" } /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { print sep $6 "=" $7; sep = "; " }' "$1"
}

# sign_in BASE EMAIL: signs in through the real form with curl; prints a Cookie header value for wrk.
sign_in() {
  local base="$1" email="$2" jar="${work}/${provider}-${1##*:}-$2.jar" token status
  token=$(curl -s -c "$jar" -b "$jar" "${base}/Account/Login" | grep -o 'name="__RequestVerificationToken" [^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  status=$(curl -s -o "${work}/signin.html" -w '%{http_code} to %{redirect_url}' -c "$jar" -b "$jar" "${base}/Account/Login" \
    --data-urlencode "__RequestVerificationToken=${token}" --data-urlencode "_handler=login" \
    --data-urlencode "Input.Email=${email}" --data-urlencode "Input.Password=${PASSWORD}")
  curl -s -c "$jar" -b "$jar" "${base}/" | grep -q "Log out" || { echo "sign-in as ${email} failed (POST answered ${status})" >&2; head -c 600 "${work}/signin.html" >&2; exit 1; }
  jar_cookie "$jar"
}

# Posts a first comment as a new guest through the real form (held: the guest has no approved
# comment yet); prints the browser's Cookie header value, held-comment cookie included.
guest_with_held_comment() {
  local path="$1" email="$2" jar="${work}/${provider}-$2.jar" token
  token=$(curl -s -c "$jar" -b "$jar" "${BASE}${path}" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -c "$jar" -b "$jar" "${BASE}${path}" --data-urlencode "__RequestVerificationToken=${token}" \
    --data-urlencode "_handler=comment" --data-urlencode "comment=A first comment, held for moderation (${email})" \
    --data-urlencode "author=Held Guest" --data-urlencode "email=${email}" --data-urlencode "url=" --data-urlencode "comment_parent=0"
  grep -q "cm_held" "$jar" || { echo "no held-comment cookie for ${email}" >&2; exit 1; }
  jar_cookie "$jar"
}

# posting_form BASE: the browser that posts to the server on BASE (the demo admin, or a guest):
# sets form_token and post_cookie, the form token the page issues and the cookies it pairs with.
posting_form() {
  local base="$1" jar page
  if [ "$POST_AS" = guest ]; then
    jar="${work}/${provider}-${1##*:}-guest.jar"
  else
    sign_in "$base" admin@example.com >/dev/null
    jar="${work}/${provider}-${1##*:}-admin@example.com.jar"
  fi
  page=$(curl -s -c "$jar" -b "$jar" "${base}${PAGE50}")
  post_cookie=$(jar_cookie "$jar")
  form_token=$(echo "$page" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  [ -n "$form_token" ] || { echo "no form token on ${base}${PAGE50}" >&2; exit 1; }
}

wanted() { [[ " $ONLY " == *" $1 "* ]]; }

# stats WRK-OUTPUT: prints "req/s p50 p90 p99" (latencies in ms).
stats() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "90%" { p90 = ms($2) } $1 == "99%" { p99 = ms($2) }
    END { print rps, p50, p90, p99 }' <<<"$1"
}

# row NAME SAMPLES: appends to the results the median of each column of SAMPLES (lines "req/s p50 p90 p99").
row() {
  local name="$1" samples="$2" medians=() column
  for column in 1 2 3 4; do
    medians+=("$(awk -v c="$column" '{ print $c }' "$samples" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')")
  done
  printf '%-48s %12s %10s %10s %10s\n' "$name" "${medians[0]}" "${medians[1]}" "${medians[2]}" "${medians[3]}" >>"$results"
}

# run NAME WRK-ARGS… : a warm-up, then REPEAT measured runs; appends the medians to the results.
run() {
  local name="$1"; shift
  wrk "$@" -d"${RUN_WARMUP:-$WARMUP}" >/dev/null 2>&1 || true
  local samples="${work}/samples.txt" out
  : >"$samples"
  for _ in $(seq 1 "$REPEAT"); do
    out=$(wrk --latency "$@")
    echo "$out" | grep -E "Requests/sec|^ +(50|90|99)%|refused|Socket errors" | sed 's/^ */    /'
    stats "$out" >>"$samples"
  done
  row "$name" "$samples"
}

# The posts to the two servers at once (post2): a warm-up, then REPEAT measured runs, each server
# posted to by its own wrk with half the posting connections; every answer is written to
# ${work}/answered.* by the wrk script.
run_two_servers() {
  local half=$(( (POST_CONNECTIONS + 1) / 2 )) first="${work}/first.txt" second="${work}/second.txt" combined="${work}/combined.txt"
  local out1 out2 pid1 pid2 s1 s2
  : >"$first"; : >"$second"; : >"$combined"
  two_wrk() {
    FORM_TOKEN="$token1" COOKIE="$cookie1" POST_TAG=s1 ANSWERED="${work}/answered" \
      wrk "$@" -t"$THREADS" -c"$half" -s tests/load/post-comment.lua "${BASE}${PAGE50}" >"${work}/wrk1.txt" 2>&1 &
    pid1=$!
    FORM_TOKEN="$token2" COOKIE="$cookie2" POST_TAG=s2 ANSWERED="${work}/answered" \
      wrk "$@" -t"$THREADS" -c"$half" -s tests/load/post-comment.lua "${BASE2}${PAGE50}" >"${work}/wrk2.txt" 2>&1 &
    pid2=$!
    wait "$pid1" "$pid2"
  }
  two_wrk -d"$POST_WARMUP"
  wrk_runs=1
  for _ in $(seq 1 "$REPEAT"); do
    two_wrk --latency -d"$DURATION"
    wrk_runs=$((wrk_runs + 1))
    out1=$(cat "${work}/wrk1.txt"); out2=$(cat "${work}/wrk2.txt")
    s1=$(stats "$out1"); s2=$(stats "$out2")
    echo "    server 1: $(echo "$out1" | grep -E 'Requests/sec' | tr -s ' ')  p99 ${s1##* } ms"
    echo "    server 2: $(echo "$out2" | grep -E 'Requests/sec' | tr -s ' ')  p99 ${s2##* } ms"
    echo "$s1" >>"$first"; echo "$s2" >>"$second"
    awk -v a="$s1" -v b="$s2" 'BEGIN { split(a, x, " "); split(b, y, " "); print x[1] + y[1], "-", "-", "-" }' >>"$combined"
  done
  row "posting, two servers, combined (${POST_AS}, $((2 * half)) conn)" "$combined"
  row "  server 1 (${half} conn)" "$first"
  row "  server 2 (${half} conn)" "$second"
  posted_connections=$((2 * half))
}

# check_counts FIRST-ID: what the posts stored against what was answered, and every counter against its rows.
check_counts() {
  local first_id="$1" answered_ids="${work}/answered-ids.txt" stored_ids="${work}/stored-ids.txt" problems=0
  cat "${work}"/answered.* 2>/dev/null | grep -E '^[0-9]+$' | LC_ALL=C sort >"$answered_ids" || true
  sql "SELECT \"Id\" FROM \"Comments\" WHERE \"Id\" >= ${first_id} ORDER BY \"Id\"" | LC_ALL=C sort >"$stored_ids"
  local answered stored missing beyond failed others abandon_limit
  answered=$(wc -l <"$answered_ids")
  stored=$(wc -l <"$stored_ids")
  missing=$(LC_ALL=C comm -23 "$answered_ids" "$stored_ids" | wc -l)
  beyond=$(LC_ALL=C comm -13 "$answered_ids" "$stored_ids" | wc -l)
  failed=$(cat "${work}"/answered.* 2>/dev/null | grep -cE '^status 5' || true)
  others=$(cat "${work}"/answered.* 2>/dev/null | grep -cvE '^[0-9]+$' || true)
  # wrk stops at its deadline without waiting for the answers under way: at most one post per connection per wrk run.
  abandon_limit=$((wrk_runs * posted_connections))
  echo "    posts answered with a redirect: ${answered}; other answers: ${others} (${failed} of them 5xx); comments stored: ${stored}"
  echo "    stored beyond the answered: ${beyond} (posts wrk abandoned at its deadlines, at most ${abandon_limit})"
  if [ "$missing" -ne 0 ]; then echo "    MISMATCH: ${missing} answered posts name no stored comment" >&2; problems=1; fi
  if [ "$beyond" -gt "$abandon_limit" ]; then echo "    MISMATCH: more comments stored than posts answered or abandoned" >&2; problems=1; fi
  if [ "$failed" -ne 0 ]; then echo "    MISMATCH: ${failed} posts failed with a 5xx" >&2; problems=1; fi
  # The queues as CommentQueues defines them, and the article counts as CommentVisibility does.
  local recount
  recount=$(sql "
    SELECT 'queue ' || n.name || ': counter ' || COALESCE(q.\"Value\", 0) || ', rows ' || n.rows
    FROM (SELECT 'Pending' AS name, COUNT(*) AS rows FROM \"Comments\" WHERE \"Status\" = 0
          UNION ALL SELECT 'Approved', COUNT(*) FROM \"Comments\" WHERE \"Status\" = 1
          UNION ALL SELECT 'Rejected', COUNT(*) FROM \"Comments\" WHERE \"Status\" = 2
          UNION ALL SELECT 'Spam', COUNT(*) FROM \"Comments\" WHERE \"Status\" = 3
          UNION ALL SELECT 'Flagged', COUNT(*) FROM \"Comments\" WHERE \"Status\" = 1 AND \"NeedsReview\"
          UNION ALL SELECT 'Reported', COUNT(*) FROM \"Comments\" WHERE \"Status\" = 1 AND \"OpenReportCount\" > 0) AS n
    LEFT JOIN \"QueueCounters\" AS q ON q.\"Name\" = n.name
    WHERE COALESCE(q.\"Value\", 0) <> n.rows
    UNION ALL
    SELECT 'article ' || a.\"Slug\" || ': comments ' || a.\"ApprovedCommentCount\" || ' (rows ' || c.comments || '), threads '
      || a.\"PublishedThreadCount\" || ' (rows ' || c.threads || ')'
    FROM \"Articles\" AS a
    JOIN (SELECT a2.\"Id\" AS id,
            (SELECT COUNT(*) FROM \"Comments\" AS x WHERE x.\"ArticleId\" = a2.\"Id\" AND x.\"Status\" = 1 AND NOT x.\"HiddenByReports\") AS comments,
            (SELECT COUNT(*) FROM \"Comments\" AS x WHERE x.\"ArticleId\" = a2.\"Id\" AND x.\"Status\" = 1 AND NOT x.\"HiddenByReports\" AND x.\"ParentId\" IS NULL) AS threads
          FROM \"Articles\" AS a2) AS c ON c.id = a.\"Id\"
    WHERE a.\"ApprovedCommentCount\" <> c.comments OR a.\"PublishedThreadCount\" <> c.threads")
  if [ -n "$recount" ]; then echo "    MISMATCH between counters and rows:" >&2; echo "$recount" | sed 's/^/      /' >&2; problems=1; fi
  if [ "$problems" -eq 0 ]; then echo "    counts agree"; else counts_failed=1; fi
}

counts_failed=0

# measure PROVIDER: seeds a load database on PROVIDER, starts the site on it and runs the measurements wanted.
measure() {
  provider="$1"
  results="${work}/results-${provider}.txt"
  : >"$results"
  BASE="http://127.0.0.1:${PORT}"
  BASE2="http://127.0.0.1:$((PORT + 1))"
  export DataProtection__KeysFolder="${work}/keys-${provider}"
  if [ "$provider" = postgres ]; then
    pg_database="cm_load_$$_${RANDOM}"
    psql -X -q -v ON_ERROR_STOP=1 -d "$pg_maintenance" -c "CREATE DATABASE \"${pg_database}\""
    export Database__Provider=Postgres
    export ConnectionStrings__Default="${PG_ADMIN};Database=${pg_database}"
  else
    export Database__Provider=Sqlite
    export ConnectionStrings__Default="Data Source=${work}/load.db"
  fi

  echo "== ${provider}: seed: demo site, 45 more approved comments on the levy article (50 in all), 5,000 on the floods article"
  "${app[@]}" migrate >"${work}/migrate.log" 2>&1 || { cat "${work}/migrate.log" >&2; exit 1; }
  sql 'INSERT INTO "DiscussionSettings" ("Id", "GuestsMayComment", "RequireNameAndEmail", "ManualApproval", "RequirePreviouslyApproved",
         "HoldWhenLinksAtLeast", "ModerationKeys", "DisallowedKeys", "FloodIntervalSeconds", "CloseCommentsAfterDays", "ThreadDepth",
         "CommentsPerPage", "ReportsToHide", "PurgeSpamAfterDays", "NotifyAuthorsOfDecisions", "EditWindowMinutes", "DeletedAccountComments")
       VALUES (1, TRUE, TRUE, FALSE, TRUE, 2, '"''"', '"''"', 0, 0, 5, 50, 3, 30, TRUE, 5, 0)
       ON CONFLICT ("Id") DO UPDATE SET "FloodIntervalSeconds" = 0;'
  "${app[@]}" seed demo >/dev/null
  "${app[@]}" seed comments --count 45 --article "${PAGE50#/articles/}" --status approved | tail -1
  "${app[@]}" seed comments --count 5000 --article "${PAGE5000#/articles/}" --status approved | tail -1
  if wanted deep; then
    "${app[@]}" seed comments --count 5000 --article "${PAGE_DEEP#/articles/}" --status approved --replies 75 --random-seed 16 | tail -1
  fi
  api_key=$("${app[@]}" apikeys create --name "Load test" --scopes read,comment 2>/dev/null)
  article50_id=$(sql "SELECT \"Id\" FROM \"Articles\" WHERE \"Slug\" = '${PAGE50#/articles/}';")

  echo "== ${provider}: start on ${BASE}"
  start_app "$BASE"

  reader_cookie=$(sign_in "$BASE" alice@example.com)
  # Held elsewhere: the output cache skips this browser, and its page of the levy article has no
  # comment of its own, so the thread comes from the rendered threads every such reader shares.
  held_elsewhere_cookie=$(guest_with_held_comment "$PAGE5000" held-elsewhere@example.net)
  # Held on the page itself: this browser gets the shared threads with its own thread written for it.
  held_here_cookie=$(guest_with_held_comment "$PAGE50" held-here@example.net)
  held_on_5000_cookie=$(guest_with_held_comment "$PAGE5000" held-on-5000@example.net)

  if wanted static; then
    echo "== static file ${STATIC}"
    run "static file (${STATIC})" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${BASE}${STATIC}"
  fi
  if wanted cached; then
    echo "== cached anonymous article page (50 comments)"
    curl -s -o /dev/null "${BASE}${PAGE50}"
    run "article page, cached, anonymous" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${BASE}${PAGE50}"
  fi
  if wanted guest; then
    echo "== uncached article page (50 comments): a guest holding a held comment on another article"
    run "article page, uncached, 50 comments, guest" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Cookie: ${held_elsewhere_cookie}" "${BASE}${PAGE50}"
  fi
  if wanted fresh; then
    # A page number past the end shows the last page and is never kept (odd page numbers cannot fill
    # the shared threads), so this guest's page is read and written from the database every time.
    echo "== uncached and unshared: the 50 comments read and written for every request (?cpage=99, guest)"
    run "article page, 50 comments read + written each time" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Cookie: ${held_elsewhere_cookie}" "${BASE}${PAGE50}?cpage=99"
  fi
  if wanted signed; then
    echo "== article page for a signed-in reader (50 comments): the page shared by signed-in readers, their name written in"
    run "article page, uncached, 50 comments, signed in" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Cookie: ${reader_cookie}" "${BASE}${PAGE50}"
  fi
  if wanted alone; then
    echo "== own held comment on the page: the shared threads, and the guest's own thread written for them"
    run "article page, 50 comments + own held comment" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Cookie: ${held_here_cookie}" "${BASE}${PAGE50}"
  fi
  if wanted big; then
    echo "== first page of the 5,000-comment article with an own held comment, one connection"
    run "5,000-comment article, page 1, own held, 1 conn" -t1 -c1 -d"$DURATION" -H "Cookie: ${held_on_5000_cookie}" "${BASE}${PAGE5000}"
  fi

  if wanted deep; then
    echo "== the 5,000-comment news story, replies to replies (75%): page sizes, then its first page cached, anonymous"
    local pages page size largest=0 largest_page=1
    size=$(curl -s -o /dev/null -w '%{size_download}' "${BASE}${PAGE_DEEP}")
    pages=$(curl -s "${BASE}${PAGE_DEEP}" | grep -o 'cpage=[0-9]*#comments' | sed 's/cpage=//; s/#comments//' | sort -n | tail -1)
    for page in $(seq 1 "${pages:-1}"); do
      local bytes
      bytes=$(curl -s -o /dev/null -w '%{size_download}' "${BASE}${PAGE_DEEP}?cpage=${page}")
      if [ "$bytes" -gt "$largest" ]; then largest="$bytes"; largest_page="$page"; fi
    done
    echo "    first page: ${size} bytes; largest of ${pages:-1} pages: ${largest} bytes (page ${largest_page})"
    run "5,000 replies-to-replies article, page 1, cached" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${BASE}${PAGE_DEEP}"
  fi

  if wanted post; then
    echo "== posting comments as ${POST_AS}"
    posting_form "$BASE"
    local before after
    before=$(sql 'SELECT COUNT(*) FROM "Comments";')
    RUN_WARMUP="$POST_WARMUP" FORM_TOKEN="$form_token" COOKIE="$post_cookie" run "posting a comment (${POST_AS}, ${POST_CONNECTIONS} conn)" -t"$THREADS" -c"$POST_CONNECTIONS" -d"$DURATION" -s tests/load/post-comment.lua "${BASE}${PAGE50}"
    after=$(sql 'SELECT COUNT(*) FROM "Comments";')
    echo "    comments stored during the posting runs (warm-up included): $((after - before))"
  fi

  if wanted api-list; then
    echo "== API: a page of 20 threads of the 50-comment article (GET /api/v1/articles/${article50_id}/comments)"
    run "API: list a page of comments (20 threads)" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer ${api_key}" \
      "${BASE}/api/v1/articles/${article50_id}/comments?pageSize=20"
  fi
  if wanted api-post; then
    echo "== API: posting a comment as a guest (POST /api/v1/articles/${article50_id}/comments)"
    local api_before api_after
    api_before=$(sql 'SELECT COUNT(*) FROM "Comments";')
    RUN_WARMUP="$POST_WARMUP" API_KEY="$api_key" run "API: post a comment (guest, ${POST_CONNECTIONS} conn)" -t"$THREADS" -c"$POST_CONNECTIONS" -d"$DURATION" \
      -s tests/load/post-comment.lua "${BASE}/api/v1/articles/${article50_id}/comments"
    api_after=$(sql 'SELECT COUNT(*) FROM "Comments";')
    echo "    comments stored during the API posting runs (warm-up included): $((api_after - api_before))"
  fi

  if wanted post2; then
    if [ "$provider" = postgres ]; then
      echo "== posting comments as ${POST_AS} over two servers on one database: ${BASE} and ${BASE2}"
      start_app "$BASE2"
      posting_form "$BASE"; token1="$form_token"; cookie1="$post_cookie"
      posting_form "$BASE2"; token2="$form_token"; cookie2="$post_cookie"
      rm -f "${work}"/answered.*
      local first_id
      first_id=$(sql 'SELECT COALESCE(MAX("Id"), 0) + 1 FROM "Comments";')
      run_two_servers
      # Posts wrk abandoned may still be in a group about to commit.
      sleep 2
      check_counts "$first_id"
    else
      echo "== posting over two servers: PostgreSQL only (two servers share one database); not run on ${provider}"
    fi
  fi

  if wanted mix; then
    # Every approved post changes the page the readers read: the page must not be rendered again by
    # every reader at once (one render per change at most, the others served the page before it).
    echo "== read while posting: ${CONNECTIONS} connections read the levy article while ${POST_CONNECTIONS} post to it as ${POST_AS}"
    posting_form "$BASE"
    local mix_reads="${work}/mix-reads.txt" mix_posts="${work}/mix-posts.txt" mix_before mix_after read_out post_out read_pid post_pid
    : >"$mix_reads"; : >"$mix_posts"
    mix_wrk() {
      wrk "$@" -t"$THREADS" -c"$CONNECTIONS" "${BASE}${PAGE50}" >"${work}/mix-read.txt" 2>&1 &
      read_pid=$!
      FORM_TOKEN="$form_token" COOKIE="$post_cookie" POST_TAG=mix \
        wrk "$@" -t"$THREADS" -c"$POST_CONNECTIONS" -s tests/load/post-comment.lua "${BASE}${PAGE50}" >"${work}/mix-post.txt" 2>&1 &
      post_pid=$!
      wait "$read_pid" "$post_pid"
    }
    mix_before=$(sql 'SELECT COUNT(*) FROM "Comments";')
    mix_wrk -d"$WARMUP"
    for _ in $(seq 1 "$REPEAT"); do
      mix_wrk --latency -d"$DURATION"
      read_out=$(cat "${work}/mix-read.txt"); post_out=$(cat "${work}/mix-post.txt")
      echo "    reads: $(echo "$read_out" | grep -E 'Requests/sec' | tr -s ' ')  p99 $(stats "$read_out" | awk '{ print $4 }') ms"
      echo "    posts: $(echo "$post_out" | grep -E 'Requests/sec' | tr -s ' ')  p99 $(stats "$post_out" | awk '{ print $4 }') ms; $(echo "$post_out" | grep refused)"
      stats "$read_out" >>"$mix_reads"; stats "$post_out" >>"$mix_posts"
    done
    row "read while posting: article page (${CONNECTIONS} conn)" "$mix_reads"
    row "read while posting: posting (${POST_AS}, ${POST_CONNECTIONS} conn)" "$mix_posts"
    mix_after=$(sql 'SELECT COUNT(*) FROM "Comments";')
    echo "    comments stored during the mixed runs (warm-up included): $((mix_after - mix_before))"
  fi

  stop_apps
  drop_database
}

for provider in $PROVIDER; do
  measure "$provider"
done

for provider in $PROVIDER; do
  results="${work}/results-${provider}.txt"
  echo
  echo "${provider}: medians of ${REPEAT} runs of ${DURATION}; ${THREADS} wrk threads, ${CONNECTIONS} connections unless noted; latencies in ms"
  printf '%-48s %12s %10s %10s %10s\n' "measurement" "requests/s" "p50" "p90" "p99"
  cat "$results"
  if wanted static && wanted cached; then
    static_rps=$(awk 'NR == 1 { print $(NF - 3) }' "$results")
    cached_rps=$(awk 'NR == 2 { print $(NF - 3) }' "$results")
    awk -v c="$cached_rps" -v s="$static_rps" 'BEGIN { printf "cached article page / static file: %.2f\n", c / s }'
  fi
done
exit "$counts_failed"
