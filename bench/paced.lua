-- wrk script: each connection waits 10 ms between requests, so the load is
-- fixed (about 100 requests/s per connection) instead of as fast as the
-- service can answer; latency then measures the service, not saturation.
function delay()
  return 10
end
