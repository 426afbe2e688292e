package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mode a run checks, as the coordinator's GET /status names it. */
class ReplicationModeTest {

    @Test
    void statusNamesEitherMode() {
        assertThat(ReplicationMode.of(status("{\"replication_mode\":\"binlog\"}"))).isEqualTo(ReplicationMode.BINLOG);
        assertThat(ReplicationMode.of(status("{\"replication_mode\":\"timestamp-log\"}")))
                .isEqualTo(ReplicationMode.TIMESTAMP_LOG);
    }

    @Test
    void aCoordinatorFromBeforeTheBinlogModeRunsTheTimestampLog() {
        assertThat(ReplicationMode.of(status("{\"master_last_ts\":7}"))).isEqualTo(ReplicationMode.TIMESTAMP_LOG);
    }

    @Test
    void aModeTheRunnerCannotCheckIsRefusedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicationMode.of(status("{\"replication_mode\":\"raft\"}")))
                .withMessage("GET /status names the replication mode 'raft', which this runner cannot check; it knows"
                        + " timestamp-log and binlog");
    }

    private static JsonNode status(String json) {
        return JsonMapper.builder().build().readTree(json);
    }
}
