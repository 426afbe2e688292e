package dev.ddb.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

class ConnectionLossTest {

    @Test
    void connectionExceptionStatesAreConnectionLevel() {
        assertThat(ConnectionLoss.isConnectionLevel(new SQLException("Communications link failure", "08S01"))).isTrue();
        assertThat(ConnectionLoss.isConnectionLevel(new SQLException("Too many connections", "08004", 1040))).isTrue();
    }

    @Test
    void jdbcConnectionExceptionTypesAreConnectionLevel() {
        assertThat(ConnectionLoss.isConnectionLevel(new SQLRecoverableException("lost"))).isTrue();
        assertThat(ConnectionLoss.isConnectionLevel(new SQLNonTransientConnectionException("closed"))).isTrue();
    }

    @Test
    void poolTimeoutIsConnectionLevel() {
        assertThat(ConnectionLoss.isConnectionLevel(new SQLTransientConnectionException(
                "ddb-instance-2 - Connection is not available, request timed out after 2000ms"))).isTrue();
    }

    @Test
    void sessionEndingServerErrorsAreConnectionLevel() {
        assertThat(ConnectionLoss.isConnectionLevel(new SQLException("Server shutdown in progress", "HY000", 1053))).isTrue();
        assertThat(ConnectionLoss.isConnectionLevel(new SQLException("Connection was killed", "70100", 1927))).isTrue();
    }

    @Test
    void connectionFailureWrappedInAnotherExceptionIsFound() {
        SQLException wrapped = new SQLException("read failed", "HY000", 0, new SQLRecoverableException("lost"));

        assertThat(ConnectionLoss.isConnectionLevel(wrapped)).isTrue();
    }

    @Test
    void errorsInTheStatementAreNotConnectionLevel() {
        assertThat(ConnectionLoss.isConnectionLevel(new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064))).isFalse();
        assertThat(ConnectionLoss.isConnectionLevel(new SQLSyntaxErrorException("Table 'ddb.nope' doesn't exist", "42S02", 1146))).isFalse();
        assertThat(ConnectionLoss.isConnectionLevel(new SQLException("No value specified for parameter 1", "07001"))).isFalse();
    }
}
