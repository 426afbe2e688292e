package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Domain 0's sequence number out of the positions MariaDB answers for @@gtid_binlog_pos and @@gtid_slave_pos. */
class GtidPositionTest {

    @Test
    void onePositionGivesItsSequenceNumber() {
        assertThat(GtidPosition.suiteSequence("0-3307-42")).isEqualTo(42);
    }

    @Test
    void otherDomainsAroundTheSuitesAreSkipped() {
        assertThat(GtidPosition.suiteSequence("1-5-7,0-3307-42,2-9-100")).isEqualTo(42);
        assertThat(GtidPosition.suiteSequence("1-5-7, 0-3308-12")).isEqualTo(12);
    }

    @Test
    void anInstanceThatHasLoggedNothingStandsAtZero() {
        assertThat(GtidPosition.suiteSequence("")).isZero();
        assertThat(GtidPosition.suiteSequence(null)).isZero();
    }

    @Test
    void aPositionWithoutDomainZeroStandsAtZero() {
        assertThat(GtidPosition.suiteSequence("1-5-7")).isZero();
    }

    @Test
    void somethingThatIsNotAPositionIsRefusedRatherThanReadAsZero() {
        assertThatIllegalArgumentException().isThrownBy(() -> GtidPosition.suiteSequence("0-3307"))
                .withMessageContaining("'0-3307'");
        assertThatIllegalArgumentException().isThrownBy(() -> GtidPosition.suiteSequence("0-3307-x"))
                .withMessageContaining("not domain-server-sequence");
    }
}
