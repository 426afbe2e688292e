-- wrk script: single-row INSERTs with bound parameters through POST /query, each with a key of its own,
-- the same statement the bench-writes workload sends. Consistency from CONSISTENCY (default STRONG).
--   wrk -t2 -c64 -d30s --latency -s stress-test/wrk/inserts.lua http://127.0.0.1:9000
-- Creates nothing: run `./ddb bench-writes` once first (it creates ddb.bench_rows), and
-- POST /admin/clear-data empties the table afterwards.

next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  key_prefix = "wrk-" .. os.time() .. "-t" .. thread_number .. "-"
  consistency = os.getenv("CONSISTENCY") or "STRONG"
  sent = 0
  failed = 0
end

function request()
  sent = sent + 1
  local body = '{"query":"INSERT INTO bench_rows (k, v) VALUES (?, ?)","params":["'
      .. key_prefix .. sent .. '",' .. sent .. '],"consistency":"' .. consistency .. '"}'
  return wrk.format("POST", "/query", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write(status .. " " .. body .. "\n")
    end
  end
end
