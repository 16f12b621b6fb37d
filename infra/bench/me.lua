-- GET /api/v1/me/entitlements as a signed-in reader whose browser holds a current pass. Env: BENCH_COOKIE.
local headers = { ["Cookie"] = os.getenv("BENCH_COOKIE") }

function request()
  return wrk.format("GET", "/api/v1/me/entitlements", headers)
end
