package dev.ddb.stress.report;

import static dev.ddb.stress.report.TextTable.Column.left;
import static dev.ddb.stress.report.TextTable.Column.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAlignedAsDeclaredWithoutTrailingBlanks() {
        String text = TextTable.of(left("target"), right("writes/s"), left("note"))
                .row("strong", "1,234", "-")
                .row("eventual", "12", "")
                .render();

        assertThat(text).isEqualTo("""
                target    writes/s  note
                --------  --------  ----
                strong       1,234  -
                eventual        12
                """);
    }

    @Test
    void aTableWithoutRowsStillShowsItsHeader() {
        assertThat(TextTable.of(right("clients")).render()).isEqualTo("clients\n-------\n");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefused() {
        TextTable table = TextTable.of(left("a"), left("b"));

        assertThatIllegalArgumentException().isThrownBy(() -> table.row("only one"))
                .withMessageContaining("has 2 cells, got 1");
    }
}
