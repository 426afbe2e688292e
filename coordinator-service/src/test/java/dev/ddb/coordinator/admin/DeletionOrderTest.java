package dev.ddb.coordinator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeletionOrderTest {

    @Test
    void unrelatedTablesComeByName() {
        assertThat(DeletionOrder.of(List.of("users", "products", "audit"), List.of()))
                .containsExactly("audit", "products", "users");
    }

    @Test
    void everyReferencingTableComesBeforeTheTableItReferences() {
        List<DeletionOrder.Reference> references = List.of(
                new DeletionOrder.Reference("orders", "users"),
                new DeletionOrder.Reference("order_lines", "orders"),
                new DeletionOrder.Reference("order_lines", "products"));

        List<String> order = DeletionOrder.of(List.of("users", "products", "orders", "order_lines"), references);

        assertThat(order).containsExactlyInAnyOrder("users", "products", "orders", "order_lines");
        assertThat(order.indexOf("order_lines")).isLessThan(order.indexOf("orders")).isLessThan(order.indexOf("products"));
        assertThat(order.indexOf("orders")).isLessThan(order.indexOf("users"));
    }

    @Test
    void aSelfReferenceDoesNotHoldItsTableBack() {
        assertThat(DeletionOrder.of(List.of("employees", "a"), List.of(new DeletionOrder.Reference("employees", "employees"))))
                .containsExactly("a", "employees");
    }

    @Test
    void tablesInACycleComeLastByName() {
        List<DeletionOrder.Reference> cycle = List.of(
                new DeletionOrder.Reference("x", "y"),
                new DeletionOrder.Reference("y", "x"));

        assertThat(DeletionOrder.of(List.of("y", "x", "z"), cycle)).containsExactly("z", "x", "y");
    }

    @Test
    void referencesToTablesOutsideTheListAreIgnored() {
        assertThat(DeletionOrder.of(List.of("orders"), List.of(new DeletionOrder.Reference("orders", "gone"))))
                .containsExactly("orders");
    }
}
