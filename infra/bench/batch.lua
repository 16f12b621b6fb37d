-- POST /api/v1/entitlements/batch with 100 random readers. Env: BENCH_IDS, BENCH_KEY.
-- The requests are made once, at start (2,000 a thread, each of 100 random ids), and sent in turn: building a
-- 4 kB body per request in Lua took wrk a large share of the two cores the service and the anchor run on.
local ids = {}
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"), ["Content-Type"] = "application/json" }
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
  for r = 1, 2000 do
    local chosen = {}
    for i = 1, 100 do chosen[i] = '"' .. ids[math.random(#ids)] .. '"' end
    requests[r] = wrk.format("POST", "/api/v1/entitlements/batch", headers, '{"readerIds":[' .. table.concat(chosen, ",") .. "]}")
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end
