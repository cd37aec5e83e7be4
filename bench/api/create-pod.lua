-- wrk script: durable creates of ~2 KB Pods with generateName, bearer-token authenticated.
-- BENCH_LIMIT (optional): stop after about that many creates in total.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local env = {}
for i = 1, 24 do
  env[#env + 1] = string.format('{"name":"VAR_%d","value":"value-for-environment-variable-%d"}', i, i * 7919)
end
wrk.body = '{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"bench-","labels":{"app":"bench"}},' ..
  '"spec":{"containers":[{"name":"app","image":"registry.example/app:1.0","env":[' .. table.concat(env, ",") .. ']}]}}'

-- Each wrk thread has its own Lua state: split the limit by BENCH_THREADS (default 2).
local limit = tonumber(os.getenv("BENCH_LIMIT") or "0")
local per_thread = limit > 0 and math.ceil(limit / tonumber(os.getenv("BENCH_THREADS") or "2")) or 0
local done_here = 0

function response(status, headers, body)
  done_here = done_here + 1
  if per_thread > 0 and done_here >= per_thread then
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("creates: %d in %.2f s = %.0f/s, errors %d, latency p50 %.2f ms p99 %.2f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
