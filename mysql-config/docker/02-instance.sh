#!/bin/bash
# Runs once, when a mysql:8.4 container initialises its data directory (after 01-schema.sql).
# The same accounts as the local provisioner (mysql-config's Accounts): the suite's account gets what
# the coordinator needs across databases (it creates databases for users, runs XA recovery and fences
# with read_only) but no FILE; the reader gets SELECT on every database but ddb_meta, mysql and sys
# (the grants on those names shadow the one on the pattern). Names the instance in ddb_meta.state.
# The image's secure_file_priv is /var/lib/mysql-files, an empty directory, and no account but root holds FILE.
set -euo pipefail
READ_USER="${DDB_DB_READ_USER:-ddb_reader}"
READ_PASSWORD="${DDB_DB_READ_PASSWORD:-ddb_reader_password}"
mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL
GRANT ALL PRIVILEGES ON *.* TO '${MYSQL_USER}'@'%';
REVOKE FILE ON *.* FROM '${MYSQL_USER}'@'%';
CREATE USER IF NOT EXISTS '${READ_USER}'@'%' IDENTIFIED BY '${READ_PASSWORD}';
GRANT SELECT, SHOW VIEW ON \`%\`.* TO '${READ_USER}'@'%';
GRANT SHOW VIEW ON \`ddb\\_meta\`.* TO '${READ_USER}'@'%';
GRANT SHOW VIEW ON \`mysql\`.* TO '${READ_USER}'@'%';
GRANT SHOW VIEW ON \`sys\`.* TO '${READ_USER}'@'%';
INSERT INTO ddb_meta.state (id, instance_id) VALUES (1, '${DDB_INSTANCE_ID}')
  ON DUPLICATE KEY UPDATE instance_id = VALUES(instance_id);
SQL
