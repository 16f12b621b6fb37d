-- GET /api/v1/entitlements/{id} for random readers. Env: BENCH_IDS (one id a line), BENCH_KEY (site key).
-- The requests are made once, at start (200,000 a thread, each for a random reader), and sent in turn, so
-- that wrk makes no garbage while it measures: with a million ids in its table, Lua's collector walking it
-- stalled a wrk thread for tens of milliseconds, which showed as the p99 of the anchor and the service alike.
local ids = {}
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY") }
local requests = {}
local next_request = 1

local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  math.randomseed(os.time() * 100 + index)
  for r = 1, 200000 do
    requests[r] = wrk.format("GET", "/api/v1/entitlements/" .. ids[math.random(#ids)], headers)
  end
  ids = nil
  collectgarbage()
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end
