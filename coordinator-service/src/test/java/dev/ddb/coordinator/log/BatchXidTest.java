package dev.ddb.coordinator.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchXidTest {

    @Test
    void aBatchIdNamesItsEpochAndFirstTimestampAndReadsBack() {
        BatchXid xid = new BatchXid(3, 1207);

        assertThat(xid.text()).isEqualTo("ddb-3-1207");
        assertThat(BatchXid.parse("ddb-3-1207")).contains(xid);
        assertThat(BatchXid.isBatch("ddb-3-1207")).isTrue();
    }

    @Test
    void anotherClientsXaTransactionIsNoBatch() {
        assertThat(BatchXid.isBatch("shop-42")).isFalse();
        assertThat(BatchXid.isBatch(null)).isFalse();
        assertThat(BatchXid.parse("shop-42")).isEmpty();
        assertThat(BatchXid.parse("ddb-x-1")).isEmpty();
        assertThat(BatchXid.parse("ddb-1-2-3")).isEmpty();
    }
}
