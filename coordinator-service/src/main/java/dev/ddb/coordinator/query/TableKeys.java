package dev.ddb.coordinator.query;

import java.util.List;
import java.util.Locale;

/**
 * What the classifier needs to know of one table or view.
 *
 * @param uniqueKeys the keys that tell every row apart: the PRIMARY KEY first, then each UNIQUE key whose
 *     columns are all NOT NULL (a UNIQUE key admits any number of NULLs); columns lower case, in key order.
 *     Empty for a view
 * @param autoIncrementColumn the AUTO_INCREMENT column, lower case, or null if the table has none
 * @param view whether this is a view rather than a base table
 */
public record TableKeys(List<List<String>> uniqueKeys, String autoIncrementColumn, boolean view) {

    public TableKeys {
        uniqueKeys = uniqueKeys.stream()
                .map(key -> key.stream().map(column -> column.toLowerCase(Locale.ROOT)).toList())
                .toList();
        autoIncrementColumn = autoIncrementColumn == null ? null : autoIncrementColumn.toLowerCase(Locale.ROOT);
    }

    public static TableKeys ofView() {
        return new TableKeys(List.of(), null, true);
    }

    public boolean hasAutoIncrement() {
        return autoIncrementColumn != null;
    }
}
