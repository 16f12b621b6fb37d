-- GET /api/v1/me/entitlements as a signed-in reader whose browser holds a current pass. Env: BENCH_COOKIE.
-- The request is made once, at start, as lookup.lua's are: wrk spends the same on both.
local request_text

function init(args)
  request_text = wrk.format("GET", "/api/v1/me/entitlements", { ["Cookie"] = os.getenv("BENCH_COOKIE") })
end

function request()
  return request_text
end
