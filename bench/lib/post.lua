-- wrk script: POSTs one JSON body with extra headers and prints a machine-readable summary.
-- Usage: wrk ... -s post.lua URL -- BODY_FILE ["Name: value" ...]

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  for i = 2, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    if name then
      wrk.headers[name] = value
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT requests=%d errors=%d status_errors=%d timeouts=%d p50_us=%d p99_us=%d max_us=%d rps=%.1f\n",
    summary.requests, errors, e.status, e.timeout, latency:percentile(50), latency:percentile(99),
    latency.max, summary.requests / (summary.duration / 1e6)))
end
