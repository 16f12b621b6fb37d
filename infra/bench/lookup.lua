-- GET /api/v1/entitlements/{id} for random readers. Env: BENCH_IDS (one id a line), BENCH_KEY (site key).
local ids = {}
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY") }

local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  math.randomseed(os.time() * 100 + index)
end

function request()
  return wrk.format("GET", "/api/v1/entitlements/" .. ids[math.random(#ids)], headers)
end
