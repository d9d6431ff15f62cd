-- wrk script: posts "Leave a Reply" forms to one article as fast as wrk can, each with a
-- different text (duplicates are refused). The form token and cookies come from the
-- environment, fetched once by run.sh: FORM_TOKEN, COOKIE, TOKEN_FIELD. POST_TAG tells apart
-- the texts of wrk processes started together. With ANSWERED set, each thread writes every
-- answer to the file ANSWERED.<its prefix>: the comment id a redirect names, or "status N".
-- With API_KEY set it posts through the REST API instead (POST /api/v1/articles/{id}/comments, JSON, as guests).
local api_key = os.getenv("API_KEY")
local token = os.getenv("FORM_TOKEN")
local cookie = os.getenv("COOKIE")
local field = os.getenv("TOKEN_FIELD") or "__RequestVerificationToken"
local counter = 0
local threads = {}
-- thread_id is a global that setup() gives each thread (thread:set); a local here would hide it.
local prefix = ""

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  -- Unique per run and thread: texts never repeat across runs (duplicates are refused).
  thread_id = thread_id or 0
  math.randomseed(os.time() * 100 + thread_id)
  prefix = (os.getenv("POST_TAG") or "") .. os.time() .. "-" .. thread_id .. "-" .. math.random(1000000000)
  if os.getenv("ANSWERED") then
    answered = io.open(os.getenv("ANSWERED") .. "." .. prefix, "w")
    answered:setvbuf("line")
  end
end

if os.getenv("ANSWERED") then
  function response(status, headers, body)
    if status == 302 or status == 303 then
      answered:write((string.match(headers["Location"] or "", "#comment%-(%d+)") or "no id") .. "\n")
    else
      answered:write("status " .. status .. "\n")
    end
  end
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function api_request()
  local body = '{"body":"API load test comment ' .. prefix .. '-' .. counter .. ': the levy debate goes on.",'
    .. '"authorName":"API Tester ' .. thread_id .. '","authorEmail":"api' .. thread_id .. '@example.net","ip":"192.0.2.' .. thread_id .. '"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. api_key }, body)
end

function request()
  counter = counter + 1
  if api_key then return api_request() end
  local text = "Load test comment " .. prefix .. "-" .. counter .. ": the levy debate goes on, and on."
  local body = field .. "=" .. encode(token)
    .. "&_handler=comment"
    .. "&comment=" .. encode(text)
    .. "&author=" .. encode("Load Tester " .. thread_id)
    .. "&email=" .. encode("load" .. (os.getenv("POST_TAG") or "") .. "-" .. thread_id .. "@example.net")
    .. "&url=&comment_parent=0"
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

function done(summary, latency, requests)
  io.write("refused or failed posts (non-2xx/3xx): " .. summary.errors.status .. "\n")
end
