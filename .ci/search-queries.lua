-- wrk script: cycles through the request paths in $QUERIES (one per line) and prints
-- p50/p95/p99 latency and the count of non-200 answers.
local paths = {}
for line in io.lines(os.getenv("QUERIES") or "/tmp/queries.txt") do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, %.0f req/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
