-- POST /api/v1/entitlements/batch with 100 random readers. Env: BENCH_IDS, BENCH_KEY.
local ids = {}
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"), ["Content-Type"] = "application/json" }

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
  local chosen = {}
  for i = 1, 100 do chosen[i] = '"' .. ids[math.random(#ids)] .. '"' end
  return wrk.format("POST", "/api/v1/entitlements/batch", headers, '{"readerIds":[' .. table.concat(chosen, ",") .. "]}")
end
