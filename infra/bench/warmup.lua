-- Loads every reader into the cache: each thread walks its share of BENCH_IDS in batches of 100,
-- then starts over (cache hits, cheap) until bench.sh sees every reader loaded and stops wrk.
-- Env: BENCH_IDS, BENCH_KEY, BENCH_THREADS.
local threads = tonumber(os.getenv("BENCH_THREADS"))
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

local ids = {}
local position
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"), ["Content-Type"] = "application/json" }

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
  position = index * 100 + 1
end

function request()
  local chosen = {}
  for i = position, math.min(position + 99, #ids) do chosen[#chosen + 1] = '"' .. ids[i] .. '"' end
  position = position + threads * 100
  if position > #ids then position = index * 100 + 1 end
  return wrk.format("POST", "/api/v1/entitlements/batch", headers, '{"readerIds":[' .. table.concat(chosen, ",") .. "]}")
end
