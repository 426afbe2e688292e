-- sysbench script: the benchmark's single-row INSERT into bench_rows, each with a key of its own, so a
-- server written directly (or through MariaDB's semi-sync) does the same work per write as the
-- coordinator does for stress-test/wrk/inserts.lua.
--   sysbench stress-test/sysbench/bench_insert.lua --mysql-host=127.0.0.1 --mysql-port=PORT \
--     --mysql-user=ddb_user --mysql-password=ddb_password --mysql-db=DB --threads=64 --time=20 run
-- Creates nothing: create bench_rows first with the DDL in stress-test's BenchRows.CREATE_TABLE.

function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
  n = 0
  prefix = "sb-" .. os.time() .. "-" .. sysbench.tid .. "-"
end

function event()
  n = n + 1
  con:query("INSERT INTO bench_rows (k, v) VALUES ('" .. prefix .. n .. "', " .. n .. ")")
end
