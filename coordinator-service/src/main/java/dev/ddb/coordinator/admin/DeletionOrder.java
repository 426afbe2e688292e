package dev.ddb.coordinator.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An order in which {@code DELETE FROM} every table passes the foreign key checks: a table comes after every
 * table that references it. InnoDB checks a constraint at each row, not at commit, so the order matters even
 * inside one transaction.
 */
final class DeletionOrder {

    /** A foreign key of {@code table} that references {@code referencedTable}. */
    record Reference(String table, String referencedTable) {
    }

    private DeletionOrder() {
    }

    /**
     * Among the tables the references leave free, names decide. Tables in a reference cycle come last, by name:
     * deleting them may then fail on a constraint, which the write reports and which changes nothing.
     */
    static List<String> of(Collection<String> tables, Collection<Reference> references) {
        Map<String, Set<String>> referencedBy = new TreeMap<>();
        tables.forEach(table -> referencedBy.put(table, new TreeSet<>()));
        for (Reference reference : references) {
            boolean selfReference = reference.table().equals(reference.referencedTable());
            if (!selfReference && referencedBy.containsKey(reference.table()) && referencedBy.containsKey(reference.referencedTable())) {
                referencedBy.get(reference.referencedTable()).add(reference.table());
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> remaining = new TreeSet<>(referencedBy.keySet());
        boolean progressed = true;
        while (!remaining.isEmpty() && progressed) {
            progressed = false;
            for (String table : List.copyOf(remaining)) {
                if (order.containsAll(referencedBy.get(table))) {
                    order.add(table);
                    remaining.remove(table);
                    progressed = true;
                }
            }
        }
        order.addAll(remaining);
        return order;
    }
}
