package dev.ddb.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadStrategyTest {

    @Test
    void configNamesParseToTheirStrategy() {
        assertThat(ReadStrategy.parse("round_robin")).isEqualTo(ReadStrategy.ROUND_ROBIN);
        assertThat(ReadStrategy.parse("least_loaded")).isEqualTo(ReadStrategy.LEAST_LOADED);
        assertThat(ReadStrategy.parse("latency")).isEqualTo(ReadStrategy.LATENCY);
    }

    @Test
    void caseAndSurroundingBlanksAreIgnored() {
        assertThat(ReadStrategy.parse(" LEAST_LOADED ")).isEqualTo(ReadStrategy.LEAST_LOADED);
    }

    @Test
    void configNameIsWhatParseAccepts() {
        for (ReadStrategy strategy : ReadStrategy.values()) {
            assertThat(ReadStrategy.parse(strategy.configName())).isEqualTo(strategy);
        }
    }

    @Test
    void unknownNameIsRejectedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> ReadStrategy.parse("fastest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fastest'")
                .hasMessageContaining("round_robin, least_loaded, latency");
        assertThatThrownBy(() -> ReadStrategy.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadStrategy.parse("round-robin")).isInstanceOf(IllegalArgumentException.class);
    }
}
