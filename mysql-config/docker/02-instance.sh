#!/bin/bash
# Runs once, when a mysql:8.4 container initialises its data directory (after 01-schema.sql).
# Gives the application user what the coordinator needs across databases (it creates databases
# for users, runs XA recovery and fences with read_only), and names the instance in ddb_meta.state.
set -euo pipefail
mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL
GRANT ALL PRIVILEGES ON *.* TO '${MYSQL_USER}'@'%';
INSERT INTO ddb_meta.state (id, instance_id) VALUES (1, '${DDB_INSTANCE_ID}')
  ON DUPLICATE KEY UPDATE instance_id = VALUES(instance_id);
SQL
