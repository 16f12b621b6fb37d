-- GET /api/v1/me/entitlements as a signed-in reader whose browser holds a current pass, asked from the
-- site's page as a browser asks it (with the page's Origin, so the answer carries CORS headers).
-- Env: BENCH_COOKIE, BENCH_ORIGIN. The request is made once, at start, as lookup.lua's are: wrk spends the same on both.
local request_text

function init(args)
  request_text = wrk.format("GET", "/api/v1/me/entitlements", { ["Cookie"] = os.getenv("BENCH_COOKIE"), ["Origin"] = os.getenv("BENCH_ORIGIN") })
end

function request()
  return request_text
end
