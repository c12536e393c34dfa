-- wrk script for .ci/bench-faults.sh: requests the paths of $URLS (one per line) in turn,
-- each thread from its own offset, with the cookie $COOKIE when set (a signed-in visitor,
-- never served from the page cache). Prints one line:
-- `requests N rps R p50 MS p99 MS max MS 2xx N 3xx N 4xx N 5xx N sock E`.
local paths = {}
for line in io.lines(os.getenv("URLS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local cookie = os.getenv("COOKIE") or ""
local threads = {}
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

init = function(args)
  i = id * 7919
  s2, s3, s4, s5 = 0, 0, 0, 0
  if #cookie > 0 then
    wrk.headers["Cookie"] = "hv_session=" .. cookie
  end
end

request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

response = function(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

done = function(summary, latency, requests)
  local c = {0, 0, 0, 0}
  for _, t in ipairs(threads) do
    c[1] = c[1] + t:get("s2"); c[2] = c[2] + t:get("s3")
    c[3] = c[3] + t:get("s4"); c[4] = c[4] + t:get("s5")
  end
  local e = summary.errors
  io.write(string.format("requests %d rps %.0f p50 %.1f p99 %.1f max %.1f 2xx %d 3xx %d 4xx %d 5xx %d sock %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    c[1], c[2], c[3], c[4], e.connect + e.read + e.write + e.timeout))
end
