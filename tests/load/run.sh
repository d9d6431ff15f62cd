#!/usr/bin/env bash
# Load figures for the reader site, measured with wrk against the real app built in Release,
# on a demo-seeded database of its own (a temporary folder, deleted afterwards).
#
#   bash tests/load/run.sh            # needs: apt-get install -y wrk sqlite3
#
# Measures, in one run: a static file from wwwroot; the cached anonymous article page (50
# comments); the same page uncached (a guest holding the held-comment cookie for a comment on
# another article, who shares the rendered threads, and a signed-in reader, who shares the page
# kept for signed-in readers with their own name written in: the output cache serves neither); the page of a guest whose own held comment is on it (the shared threads
# with their own thread written for them); the first page of an article with 5,000 approved
# comments for such a guest, one connection at a time; and posting comments (form post with
# antiforgery token, checks, sanitize, insert). Prints a table of requests/s and latency
# percentiles. The render of a page with nothing cached is measured by ReaderRenderSpeed.cs.
# Through the REST API (an API key made with `apikeys create`): a page of 20 threads of the
# 50-comment article (api-list), and posting a comment as a guest (api-post); ONLY="api-list api-post"
# runs just those.
#
# Test configuration (documented, not the defaults): posting and sign-in rate limits are raised
# and the flood interval is 0 in the discussion settings, because every request comes from
# 127.0.0.1; posts are made by the demo admin (staff skip flood control) unless POST_AS=guest.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${PORT:-5941}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
POST_CONNECTIONS="${POST_CONNECTIONS:-8}"
POST_AS="${POST_AS:-admin}"
PASSWORD="Load-Test-Password-2026"
BASE="http://127.0.0.1:${PORT}"
PAGE50="/articles/carbon-levy-passes-after-all-night-sitting"
PAGE5000="/articles/ten-years-after-the-floods-river-towns-still-wait"
STATIC="/css/site.css"

for tool in wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y wrk sqlite3 curl" >&2; exit 2; }
done

work="$(mktemp -d)"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build src/CommentModeration.Web -c Release -v quiet -nologo >/dev/null
app=(dotnet src/CommentModeration.Web/bin/Release/net10.0/CommentModeration.Web.dll)

export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__Default="Data Source=${work}/load.db"
export DataProtection__KeysFolder="${work}/keys"
export Demo__Seed=true
export Demo__Password="$PASSWORD"
export Logging__LogLevel__Default=Warning
export RateLimits__Comments__PermitLimit=100000000
export RateLimits__SignIn__PermitLimit=100000
export RateLimits__Api__PermitLimit=100000000

echo "== seed: demo site, 45 more approved comments on the levy article (50 in all), 5,000 on the floods article"
"${app[@]}" migrate >/dev/null
sqlite3 "${work}/load.db" <<'SQL'
INSERT INTO "DiscussionSettings" ("Id", "GuestsMayComment", "RequireNameAndEmail", "ManualApproval", "RequirePreviouslyApproved",
  "HoldWhenLinksAtLeast", "ModerationKeys", "DisallowedKeys", "FloodIntervalSeconds", "CloseCommentsAfterDays", "ThreadDepth",
  "CommentsPerPage", "ReportsToHide", "PurgeSpamAfterDays", "NotifyAuthorsOfDecisions")
VALUES (1, 1, 1, 0, 1, 2, '', '', 0, 0, 5, 50, 3, 30, 1)
ON CONFLICT ("Id") DO UPDATE SET "FloodIntervalSeconds" = 0;
SQL
"${app[@]}" seed demo >/dev/null
"${app[@]}" seed comments --count 45 --article "${PAGE50#/articles/}" --status approved | tail -1
"${app[@]}" seed comments --count 5000 --article "${PAGE5000#/articles/}" --status approved | tail -1
api_key=$("${app[@]}" apikeys create --name "Load test" --scopes read,comment 2>/dev/null)
article50_id=$(sqlite3 "${work}/load.db" "SELECT \"Id\" FROM \"Articles\" WHERE \"Slug\" = '${PAGE50#/articles/}';")

echo "== start on ${BASE}"
"${app[@]}" --urls "$BASE" >"${work}/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  grep -q "CommentModeration listening on" "${work}/app.log" && break
  kill -0 "$app_pid" 2>/dev/null || { cat "${work}/app.log"; exit 1; }
  sleep 0.5
done

# Signs in through the real form with curl; prints a Cookie header value for wrk.
sign_in() {
  local email="$1" jar="${work}/$1.jar" token status
  token=$(curl -s -c "$jar" -b "$jar" "${BASE}/Account/Login" | grep -o 'name="__RequestVerificationToken" [^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  status=$(curl -s -o "${work}/signin.html" -w '%{http_code}' -c "$jar" -b "$jar" "${BASE}/Account/Login" \
    --data-urlencode "__RequestVerificationToken=${token}" --data-urlencode "_handler=login" \
    --data-urlencode "Input.Email=${email}" --data-urlencode "Input.Password=${PASSWORD}")
  curl -s -c "$jar" -b "$jar" "${BASE}/" | grep -q "Log out" || { echo "sign-in as ${email} failed (POST answered ${status})" >&2; head -c 600 "${work}/signin.html" >&2; exit 1; }
  awk 'BEGIN { ORS = "" } /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { print sep $6 "=" $7; sep = "; " }' "$jar"
}

reader_cookie=$(sign_in alice@example.com)

# Posts a first comment as a new guest through the real form (held: the guest has no approved
# comment yet); prints the browser's Cookie header value, held-comment cookie included.
guest_with_held_comment() {
  local path="$1" email="$2" jar="${work}/$2.jar" token
  token=$(curl -s -c "$jar" -b "$jar" "${BASE}${path}" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -c "$jar" -b "$jar" "${BASE}${path}" --data-urlencode "__RequestVerificationToken=${token}" \
    --data-urlencode "_handler=comment" --data-urlencode "comment=A first comment, held for moderation (${email})" \
    --data-urlencode "author=Held Guest" --data-urlencode "email=${email}" --data-urlencode "url=" --data-urlencode "comment_parent=0"
  grep -q "cm_held" "$jar" || { echo "no held-comment cookie for ${email}" >&2; exit 1; }
  awk 'BEGIN { ORS = "" } /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { print sep $6 "=" $7; sep = "; " }' "$jar"
}
# Held elsewhere: the output cache skips this browser, and its page of the levy article has no
# comment of its own, so the thread comes from the rendered threads every such reader shares.
held_elsewhere_cookie=$(guest_with_held_comment "$PAGE5000" held-elsewhere@example.net)
# Held on the page itself: this browser gets the shared threads with its own thread written for it.
held_here_cookie=$(guest_with_held_comment "$PAGE50" held-here@example.net)
held_on_5000_cookie=$(guest_with_held_comment "$PAGE5000" held-on-5000@example.net)

results="${work}/results.txt"
: >"$results"
REPEAT="${REPEAT:-3}"
# ONLY="cached post" runs just those measurements (static cached guest fresh signed alone big post api-list api-post).
ONLY="${ONLY:-static cached guest fresh signed alone big post api-list api-post}"
wanted() { [[ " $ONLY " == *" $1 "* ]]; }
# The server's JIT compiles hot code again, optimised, over its first tens of seconds of load:
# every measurement warms up first (WARMUP, 10 s; posting, which runs fewer requests, POST_WARMUP, 30 s).
WARMUP="${WARMUP:-10s}"
POST_WARMUP="${POST_WARMUP:-30s}"
# run NAME WRK-ARGS… : a warm-up, then REPEAT measured runs; appends the medians
# "name req/s p50 p90 p99" (latencies in ms) to the results.
run() {
  local name="$1"; shift
  wrk "$@" -d"${RUN_WARMUP:-$WARMUP}" >/dev/null 2>&1 || true
  local samples="${work}/samples.txt" out
  : >"$samples"
  for _ in $(seq 1 "$REPEAT"); do
    out=$(wrk --latency "$@")
    echo "$out" | grep -E "Requests/sec|^ +(50|90|99)%|refused|Socket errors" | sed 's/^ */    /'
    echo "$out" | awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "90%" { p90 = ms($2) } $1 == "99%" { p99 = ms($2) }
      END { print rps, p50, p90, p99 }' >>"$samples"
  done
  local medians=() column
  for column in 1 2 3 4; do
    medians+=("$(awk -v c="$column" '{ print $c }' "$samples" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')")
  done
  printf '%-48s %12s %10s %10s %10s\n' "$name" "${medians[0]}" "${medians[1]}" "${medians[2]}" "${medians[3]}" >>"$results"
}

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

if wanted post; then
  echo "== posting comments as ${POST_AS}"
if [ "$POST_AS" = guest ]; then
  jar="${work}/guest.jar"
else
  sign_in admin@example.com >/dev/null
  jar="${work}/admin@example.com.jar"
fi
# The page issues the form token (and the antiforgery cookie it pairs with) to this browser.
page=$(curl -s -c "$jar" -b "$jar" "${BASE}${PAGE50}")
post_cookie=$(awk 'BEGIN { ORS = "" } /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next } { print sep $6 "=" $7; sep = "; " }' "$jar")
form_token=$(echo "$page" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$form_token" ] || { echo "no form token on ${PAGE50}" >&2; exit 1; }
before=$(sqlite3 "${work}/load.db" 'SELECT COUNT(*) FROM "Comments";')
RUN_WARMUP="$POST_WARMUP" FORM_TOKEN="$form_token" COOKIE="$post_cookie" run "posting a comment (${POST_AS}, ${POST_CONNECTIONS} conn)" -t"$THREADS" -c"$POST_CONNECTIONS" -d"$DURATION" -s tests/load/post-comment.lua "${BASE}${PAGE50}"
after=$(sqlite3 "${work}/load.db" 'SELECT COUNT(*) FROM "Comments";')
echo "    comments stored during the posting runs (warm-up included): $((after - before))"
fi

if wanted api-list; then
  echo "== API: a page of 20 threads of the 50-comment article (GET /api/v1/articles/${article50_id}/comments)"
  run "API: list a page of comments (20 threads)" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer ${api_key}" \
    "${BASE}/api/v1/articles/${article50_id}/comments?pageSize=20"
fi
if wanted api-post; then
  echo "== API: posting a comment as a guest (POST /api/v1/articles/${article50_id}/comments)"
  before=$(sqlite3 "${work}/load.db" 'SELECT COUNT(*) FROM "Comments";')
  RUN_WARMUP="$POST_WARMUP" API_KEY="$api_key" run "API: post a comment (guest, ${POST_CONNECTIONS} conn)" -t"$THREADS" -c"$POST_CONNECTIONS" -d"$DURATION" \
    -s tests/load/post-comment.lua "${BASE}/api/v1/articles/${article50_id}/comments"
  after=$(sqlite3 "${work}/load.db" 'SELECT COUNT(*) FROM "Comments";')
  echo "    comments stored during the API posting runs (warm-up included): $((after - before))"
fi

echo
echo "medians of ${REPEAT} runs of ${DURATION}; ${THREADS} wrk threads, ${CONNECTIONS} connections unless noted; latencies in ms"
printf '%-48s %12s %10s %10s %10s\n' "measurement" "requests/s" "p50" "p90" "p99"
cat "$results"
if wanted static && wanted cached; then
  static_rps=$(awk 'NR == 1 { print $(NF - 3) }' "$results")
  cached_rps=$(awk 'NR == 2 { print $(NF - 3) }' "$results")
  awk -v c="$cached_rps" -v s="$static_rps" 'BEGIN { printf "cached article page / static file: %.2f\n", c / s }'
fi
