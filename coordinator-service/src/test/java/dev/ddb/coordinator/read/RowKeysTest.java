package dev.ddb.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RowKeysTest {

    @Test
    void distinctLabelsAreKeptAsTheyAre() {
        assertThat(RowReader.uniqueKeys(List.of("id", "name"), List.of("users", "users"))).containsExactly("id", "name");
    }

    @Test
    void repeatedLabelIsQualifiedByItsTableFromTheSecondOccurrence() {
        assertThat(RowReader.uniqueKeys(List.of("id", "name", "id"), List.of("u", "u", "p")))
                .containsExactly("id", "name", "p.id");
    }

    @Test
    void repeatedLabelWithoutTableGetsANumberedSuffix() {
        assertThat(RowReader.uniqueKeys(List.of("1", "1", "1"), List.of("", "", ""))).containsExactly("1", "1_2", "1_3");
    }

    @Test
    void sameColumnOfTheSameTableTwiceFallsBackToASuffix() {
        assertThat(RowReader.uniqueKeys(List.of("id", "id", "id"), List.of("u", "u", "u"))).containsExactly("id", "u.id", "id_2");
    }

    @Test
    void generatedKeyNeverTakesALabelAColumnHasItself() {
        assertThat(RowReader.uniqueKeys(List.of("x", "x", "x_2", "p.id", "id", "id"), List.of("", "", "", "", "", "p")))
                .containsExactly("x", "x_3", "x_2", "p.id", "id", "id_2")
                .doesNotHaveDuplicates();
    }
}
