#!/bin/bash
# Runs once, when a mysql:8.4 container initialises its data directory (after 01-schema.sql).
# The same accounts as the local provisioner (mysql-config's Accounts): the suite's account holds the client's
# privileges itself (DML and DDL on every database but ddb_meta, mysql and sys, whose grants by name shadow the
# one on the pattern) and the suite's through its default role ddb_suite (all but FILE, SHUTDOWN and CREATE USER);
# the coordinator switches with SET ROLE NONE / SET ROLE ddb_suite. The reader gets SELECT on the same databases.
# Names the instance in ddb_meta.state.
# The image's secure_file_priv is /var/lib/mysql-files, an empty directory, and no account but root holds FILE.
set -euo pipefail
READ_USER="${DDB_DB_READ_USER:-ddb_reader}"
READ_PASSWORD="${DDB_DB_READ_PASSWORD:-ddb_reader_password}"
mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL
CREATE ROLE IF NOT EXISTS ddb_suite;
GRANT ALL PRIVILEGES ON *.* TO ddb_suite;
REVOKE FILE, SHUTDOWN, CREATE USER ON *.* FROM ddb_suite;
REVOKE ALL PRIVILEGES, GRANT OPTION FROM '${MYSQL_USER}'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW ON \`%\`.* TO '${MYSQL_USER}'@'%';
GRANT SHOW VIEW ON \`ddb\\_meta\`.* TO '${MYSQL_USER}'@'%';
GRANT SHOW VIEW ON \`mysql\`.* TO '${MYSQL_USER}'@'%';
GRANT SHOW VIEW ON \`sys\`.* TO '${MYSQL_USER}'@'%';
GRANT ddb_suite TO '${MYSQL_USER}'@'%';
SET DEFAULT ROLE ddb_suite TO '${MYSQL_USER}'@'%';
CREATE USER IF NOT EXISTS '${READ_USER}'@'%' IDENTIFIED BY '${READ_PASSWORD}';
GRANT SELECT, SHOW VIEW ON \`%\`.* TO '${READ_USER}'@'%';
GRANT SHOW VIEW ON \`ddb\\_meta\`.* TO '${READ_USER}'@'%';
GRANT SHOW VIEW ON \`mysql\`.* TO '${READ_USER}'@'%';
GRANT SHOW VIEW ON \`sys\`.* TO '${READ_USER}'@'%';
INSERT INTO ddb_meta.state (id, instance_id) VALUES (1, '${DDB_INSTANCE_ID}')
  ON DUPLICATE KEY UPDATE instance_id = VALUES(instance_id);
SQL
