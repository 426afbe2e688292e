-- The suite's schema, applied to every instance: by the local provisioner over JDBC and by the
-- mysql:8.4 image's /docker-entrypoint-initdb.d. Every statement is idempotent, so applying it
-- again to a provisioned instance changes nothing. One statement per `;` at the end of a line.

CREATE DATABASE IF NOT EXISTS ddb CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS ddb.users (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL UNIQUE,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS ddb.products (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    price DECIMAL(10, 2) NOT NULL,
    stock INT NOT NULL DEFAULT 0,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;

-- The suite's own bookkeeping; clients may never touch it through the coordinator.
CREATE DATABASE IF NOT EXISTS ddb_meta CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The replication log: an entry exists on an instance if and only if its write committed there.
CREATE TABLE IF NOT EXISTS ddb_meta.log (
    ts BIGINT UNSIGNED PRIMARY KEY COMMENT 'global timestamp, strictly increasing along the log',
    txn_id VARCHAR(40) NOT NULL UNIQUE,
    epoch BIGINT UNSIGNED NOT NULL COMMENT 'master epoch the entry was written in',
    statements LONGTEXT NOT NULL COMMENT 'JSON array of {sql, params}',
    context LONGTEXT NOT NULL COMMENT 'JSON: timestamp, insert ids, rewritten literals',
    tables_touched VARCHAR(4096) NOT NULL,
    checksum INT UNSIGNED NOT NULL COMMENT 'CRC32C of the entry',
    logged_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;

-- The master's schema change in flight: written before the DDL runs (a DDL commits on its own) and
-- deleted in the transaction that logs it; a coordinator that finds a row here after a crash finishes
-- the change. Never replicated.
CREATE TABLE IF NOT EXISTS ddb_meta.pending_ddl LIKE ddb_meta.log;

-- Each instance's own result of the log's checksum entries (/admin/verify and the background verifier), keyed by
-- the entry's txn id: computed while the instance applies the entry, so every instance checks the same rows at the
-- same point of the sequence. The coordinator reads and deletes the rows; they are never replicated.
CREATE TABLE IF NOT EXISTS ddb_meta.checksums (
    txn_id VARCHAR(40) PRIMARY KEY,
    table_name VARCHAR(300) NOT NULL,
    lo VARCHAR(1024) NULL COMMENT 'the chunk''s lowest key, NULL: open',
    hi VARCHAR(1024) NULL COMMENT 'the first key past the chunk, NULL: open',
    row_count BIGINT UNSIGNED NOT NULL,
    checksum BIGINT UNSIGNED NOT NULL COMMENT 'sum of CRC32 over each row''s columns',
    computed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;

-- Exactly one row (id 1): how far this instance has applied the log, in which epoch, in which role.
CREATE TABLE IF NOT EXISTS ddb_meta.state (
    id TINYINT PRIMARY KEY COMMENT 'always 1',
    instance_id VARCHAR(64) NOT NULL,
    applied_ts BIGINT UNSIGNED NOT NULL DEFAULT 0,
    epoch BIGINT UNSIGNED NOT NULL DEFAULT 0,
    role VARCHAR(16) NOT NULL DEFAULT 'replica',
    updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;

-- Exactly one row (id 1): the highest leadership term a coordinator claimed on this instance, and by whom. A batch
-- commits here only if its coordinator's term is at least this one (see the coordinator's leader/Terms).
CREATE TABLE IF NOT EXISTS ddb_meta.leadership (
    id TINYINT PRIMARY KEY COMMENT 'always 1',
    term BIGINT UNSIGNED NOT NULL DEFAULT 0,
    leader VARCHAR(64) NULL COMMENT 'the coordinator that claimed the term',
    claimed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
) ENGINE = InnoDB;
INSERT IGNORE INTO ddb_meta.leadership (id) VALUES (1);

-- The host name names the instance until its provisioner sets the real name (containers use the
-- service name as host name, so there it already is the real name).
INSERT IGNORE INTO ddb_meta.state (id, instance_id) VALUES (1, @@hostname);
