package dev.ddb.coordinator.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;

/**
 * The column list of {@code /createtable}, from a {@code schema} string or from {@code columns}
 * ({@code [{"Name": ..., "DataType": ...}]}). As the seed does, an {@code Id INT AUTO_INCREMENT
 * PRIMARY KEY} column comes first, unless the definitions already have an {@code id} column or a
 * primary key (the seed's own schema example declares {@code id} itself).
 */
final class ColumnDefinitions {

    static final String ID_COLUMN = "`Id` INT AUTO_INCREMENT PRIMARY KEY";
    private static final Table PLACEHOLDER_TABLE = new Table("t");

    private ColumnDefinitions() {
    }

    /** A column from {@code columns}: its name and type, as {@code `name` TYPE}. */
    record Column(String name, String dataType) {
    }

    static String fromSchema(String schema) {
        if (schema == null || schema.isBlank()) {
            throw new InvalidRequestException("MISSING_FIELD", "Give the columns in 'schema' or as a JSON body"
                    + " {\"columns\": [{\"Name\": ..., \"DataType\": ...}]}.");
        }
        SqlFragment fragment = checked("schema", schema);
        CreateTable create = parse("schema", fragment.parserText());
        if (create.getColumnDefinitions() == null || create.getColumnDefinitions().isEmpty()) {
            throw invalid("schema", "must define at least one column");
        }
        boolean hasId = false;
        for (ColumnDefinition column : create.getColumnDefinitions()) {
            String name = unquoted(column.getColumnName());
            Identifiers.require("schema column", name);
            hasId |= name.equalsIgnoreCase("id");
        }
        return hasId || fragment.hasWord("PRIMARY") ? fragment.text() : ID_COLUMN + ", " + fragment.text();
    }

    static String fromColumns(List<Column> columns) {
        if (columns.isEmpty()) {
            throw invalid("columns", "must list at least one column");
        }
        List<String> definitions = new ArrayList<>();
        for (Column column : columns) {
            String name = Identifiers.quoted("columns Name", column.name());
            if (column.dataType() == null || column.dataType().isBlank()) {
                throw new InvalidRequestException("MISSING_FIELD", "Column '" + column.name() + "' has no DataType.");
            }
            SqlFragment dataType = checked("columns", column.dataType());
            CreateTable create = parse("columns", name + " " + dataType.parserText());
            if (create.getColumnDefinitions() == null || create.getColumnDefinitions().size() != 1
                    || create.getIndexes() != null && !create.getIndexes().isEmpty()) {
                throw invalid("columns", "DataType of '" + column.name() + "' must be one type with its options, such"
                        + " as VARCHAR(50) NOT NULL");
            }
            definitions.add(name + " " + dataType.text());
        }
        return fromSchema(String.join(", ", definitions));
    }

    private static SqlFragment checked(String field, String text) {
        SqlFragment fragment = SqlFragment.lex(field, text);
        if (fragment.hasWord("SELECT")) {
            throw invalid(field, "holds SELECT; a column list takes no query");
        }
        return fragment;
    }

    /** The definitions inside {@code CREATE TABLE t (...)}, refused if the text adds anything outside them. */
    private static CreateTable parse(String field, String definitions) {
        Statement parsed = Clauses.parse(field, "CREATE TABLE t (" + definitions + ")");
        if (!(parsed instanceof CreateTable create)) {
            throw invalid(field, "must be column definitions");
        }
        CreateTable alone = new CreateTable().withTable(PLACEHOLDER_TABLE).withColumnDefinitions(create.getColumnDefinitions())
                .withIndexes(create.getIndexes());
        if (!alone.toString().equals(create.toString())) {
            throw invalid(field, "must hold only column and key definitions, nothing after them");
        }
        return create;
    }

    private static String unquoted(String name) {
        return name.length() >= 2 && name.startsWith("`") && name.endsWith("`") ? name.substring(1, name.length() - 1) : name;
    }

    private static InvalidRequestException invalid(String field, String why) {
        return new InvalidRequestException("INVALID_" + field.toUpperCase(Locale.ROOT), "'" + field + "' " + why + ".");
    }
}
