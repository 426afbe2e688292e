package dev.ddb.coordinator.query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A catalog built by hand, as the master would report it; {@link #put} changes it like a schema change. */
final class TestCatalog implements SchemaCatalog {

    private final Map<String, TableKeys> tables = new HashMap<>();
    private long version;

    /**
     * The tables the classifier tests name: {@code users} (id AUTO_INCREMENT, email unique), {@code orders} (id
     * AUTO_INCREMENT), {@code order_items} (order_id, sku), {@code archive} and {@code t}, {@code u} (id), {@code tags}
     * (no key), {@code pairs} (a, b), the view {@code names}, and {@code shop.items} (sku).
     */
    static TestCatalog shop() {
        return new TestCatalog()
                .put("ddb.users", table("id", List.of("id"), List.of("email")))
                .put("ddb.orders", table("id", List.of("id")))
                .put("ddb.order_items", table(null, List.of("order_id", "sku")))
                .put("ddb.archive", table(null, List.of("id")))
                .put("ddb.t", table(null, List.of("id")))
                .put("ddb.u", table(null, List.of("id")))
                .put("ddb.tags", table(null))
                .put("ddb.pairs", table(null, List.of("a", "b")))
                .put("ddb.names", TableKeys.ofView())
                .put("shop.items", table(null, List.of("sku")));
    }

    @SafeVarargs
    static TableKeys table(String autoIncrementColumn, List<String>... uniqueKeys) {
        return new TableKeys(List.of(uniqueKeys), autoIncrementColumn, false);
    }

    TestCatalog put(String qualifiedName, TableKeys keys) {
        tables.put(qualifiedName, keys);
        version++;
        return this;
    }

    @Override
    public Optional<TableKeys> find(String qualifiedName) {
        return Optional.ofNullable(tables.get(qualifiedName));
    }

    @Override
    public long version() {
        return version;
    }
}
