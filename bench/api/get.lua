-- wrk script: GET of one object, bearer-token authenticated.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Accept"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("gets: %.0f/s, errors %d, latency p50 %.3f ms p99 %.3f ms\n",
    summary.requests / (summary.duration / 1e6), summary.errors.status, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
