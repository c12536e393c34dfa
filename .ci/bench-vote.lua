-- wrk script of the ballot benchmark (.ci/bench-vote.sh): sends each prepared request once
-- (cookie, X-Forwarded-For, path and body, tab-separated, one per line of the file given
-- after `--`); the threads share the lines out. Prepare more than the run's DURATION takes:
-- once a thread's lines are used up it sends GETs of /healthz, counted apart, and the
-- figures would mix them in (bench-vote.sh says so).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  local n, i = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if i % n == id then table.insert(lines, line) end
    i = i + 1
  end
  next_line, seen_303, seen_200, other, spare = 1, 0, 0, 0, 0
end

function request()
  local line = lines[next_line]
  next_line = next_line + 1
  if line == nil then
    spare = spare + 1
    return wrk.format("GET", "/healthz")
  end
  local cookie, xff, path, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = xff,
    ["Origin"] = wrk.headers["Origin"],
    ["Sec-Fetch-Site"] = "same-origin",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  if status == 303 then
    seen_303 = seen_303 + 1
  elseif status == 200 then
    seen_200 = seen_200 + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local s303, s200, other_all, spare_all = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s303 = s303 + t:get("seen_303")
    s200 = s200 + t:get("seen_200")
    other_all = other_all + t:get("other")
    spare_all = spare_all + t:get("spare")
  end
  -- A ballot taken answers 303, a confirmation 200 (as does /healthz).
  io.write(string.format("answers: 303 %d, 200 %d, other %d; beyond the prepared requests %d\n",
    s303, s200, other_all, spare_all))
end
