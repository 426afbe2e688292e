package dev.ddb.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeersTest {

    @Test
    void theIthUrlBelongsToCoordinatorI() {
        Peers peers = Peers.parse("coordinator-2", "http://127.0.0.1:9000, http://127.0.0.1:9010/");

        assertThat(peers.self().rank()).isEqualTo(2);
        assertThat(peers.self().url()).hasToString("http://127.0.0.1:9010");
        assertThat(peers.others()).extracting(Peers.Peer::id).containsExactly("coordinator-1");
        assertThat(peers.alone()).isFalse();
    }

    @Test
    void noUrlsMeansASuiteOfOne() {
        Peers peers = Peers.parse("coordinator-1", "");

        assertThat(peers.alone()).isTrue();
        assertThat(peers.others()).isEmpty();
    }

    @Test
    void anIdTheListDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> Peers.parse("coordinator-3", "http://127.0.0.1:9000,http://127.0.0.1:9010"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coordinator-3").hasMessageContaining("coordinator-1 to coordinator-2");
    }

    @Test
    void anEntryThatIsNotAnHttpUrlIsNamed() {
        assertThatThrownBy(() -> Peers.parse("coordinator-1", "http://127.0.0.1:9000,9010"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 2 ('9010')");
    }
}
