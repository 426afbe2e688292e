package dev.ddb.coordinator.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ddb.coordinator.query.SqlTokens.Token;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.create.database.CreateDatabase;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.MySqlSelectIntoClause;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Decides what a client's SQL is (read, write, DDL) or why it is refused, before anything runs.
 * Plain Java: values in, values out, safe to share between threads if the value sources are.
 *
 * <p>Statements are parsed with JSqlParser 5.4 after {@link SqlTokens} has turned the client's
 * text into what MySQL sees. The statement's class in the parsed tree decides whether it is
 * accepted; {@link StatementKeywords} only names the reason for a refusal. SHOW is the one
 * exception: JSqlParser parses only a few SHOW forms, so every single statement starting with SHOW
 * is a read (SHOW cannot change data) whose identifiers are checked here.
 */
public final class QueryClassifier {

    private static final Set<String> PROTECTED_SCHEMAS =
            Set.of("ddb_meta", "mysql", "information_schema", "performance_schema", "sys");
    private static final Set<String> DROPPABLE = Set.of("TABLE", "VIEW", "INDEX", "DATABASE", "SCHEMA");
    /** JSqlParser's own default for {@code allowedNestingDepth}. */
    private static final int COMPLEX_PARSING_MAX_NESTING = 10;
    /** Far above what a person writes, and well inside what the parser handles quickly on a small thread stack. */
    private static final int MAX_PARENTHESES_DEPTH = 64;
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Statements at least this long are parsed against the time limit, and off the HTTP event loops: shorter ones
     * parse in well under a millisecond, since nesting is bounded before the parser runs.
     */
    public static final int LONG_STATEMENT_CHARS = 2_048;
    private static final Pattern LEXICAL_ERROR_COLUMN = Pattern.compile("line 1, column (\\d+)");

    /** Parameterised statements repeat their text; parsing them once saves most of a write's CPU in the parser. */
    private static final int MAX_CACHED_STATEMENTS = 4_096;
    private static final int MAX_CACHED_SQL_LENGTH = 4_096;

    private final String defaultDatabase;
    private final Duration parseTimeout;
    private final SchemaCatalog catalog;
    private final Determinism determinism;
    private final RowOrder rowOrder;
    private final boolean replicatedByRow;
    private volatile Verdicts verdicts = Verdicts.empty(Long.MIN_VALUE);

    /**
     * Classified statements by their text, all reached against one version of the schema, and the digests whose
     * statements must be classified as the client wrote them ({@link #classify(String, List)}).
     */
    private record Verdicts(long schemaVersion, Map<String, ClassifiedStatement> bySql, Set<String> undigestible) {

        static Verdicts empty(long schemaVersion) {
            return new Verdicts(schemaVersion, new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet());
        }

        void remember(String sql, ClassifiedStatement statement) {
            if (bySql.size() >= MAX_CACHED_STATEMENTS) {
                bySql.clear();
            }
            bySql.put(sql, statement);
        }

        void rememberUndigestible(String digest) {
            if (undigestible.size() >= MAX_CACHED_STATEMENTS) {
                undigestible.clear();
            }
            undigestible.add(digest);
        }
    }

    /**
     * @param defaultDatabase the database unqualified table names refer to
     * @param catalog the tables' keys, which decide whether the rows a write picks are the same on every node
     * @param uuids the values that replace {@code UUID()} in writes
     * @param randoms the values in [0, 1) that replace {@code RAND()} in writes
     */
    public QueryClassifier(String defaultDatabase, SchemaCatalog catalog, Supplier<UUID> uuids, DoubleSupplier randoms) {
        this(defaultDatabase, catalog, uuids, randoms, DEFAULT_PARSE_TIMEOUT);
    }

    /** @param parseTimeout how long the parser may take over one statement before it is refused ({@code TOO_COMPLEX}) */
    public QueryClassifier(String defaultDatabase, SchemaCatalog catalog, Supplier<UUID> uuids, DoubleSupplier randoms,
            Duration parseTimeout) {
        this(defaultDatabase, catalog, uuids, randoms, parseTimeout, false);
    }

    /**
     * @param replicatedByRow the binlog mode: the servers replicate a write's rows, not its text, so what a replay could
     *     evaluate differently (nondeterministic functions, an order among ties, locking reads) is accepted as written;
     *     everything else is checked as in the timestamp-log mode
     */
    public QueryClassifier(String defaultDatabase, SchemaCatalog catalog, Supplier<UUID> uuids, DoubleSupplier randoms,
            Duration parseTimeout, boolean replicatedByRow) {
        this.replicatedByRow = replicatedByRow;
        if (defaultDatabase == null || defaultDatabase.isBlank() || isProtected(defaultDatabase)) {
            throw new IllegalArgumentException("The default database must name a user database, not '" + defaultDatabase + "'");
        }
        this.defaultDatabase = defaultDatabase;
        this.parseTimeout = parseTimeout;
        this.catalog = catalog;
        this.determinism = new Determinism(uuids, randoms);
        this.rowOrder = new RowOrder(catalog, table -> qualified(table.getFullyQualifiedName()));
    }

    /** Classifies the single statement of a {@code query} field, as the client wrote it. */
    public ClassifiedStatement classify(String sql) {
        long schemaVersion = catalog.version();
        Verdicts current = currentVerdicts(schemaVersion);
        ClassifiedStatement known = sql == null ? null : current.bySql().get(sql);
        return known != null ? known : classifyAndRemember(sql, current, schemaVersion);
    }

    /**
     * Classifies the single statement of a {@code query} field with its {@code params}, taking its literals out
     * ({@link LiteralDigest}) when the statement with placeholders in their place is accepted: statements that
     * differ only in their values are then classified once. A write then runs and is logged as the digest with the
     * values bound, which is what the sequencer merges; a read runs as the client wrote it.
     *
     * @throws QueryRejectedException as {@link #classify(String)} does, and {@code PLACEHOLDER_MISMATCH} when
     *     {@code params} do not fill the client's placeholders
     */
    public BoundStatement classify(String sql, List<Object> params) {
        long schemaVersion = catalog.version();
        Verdicts current = currentVerdicts(schemaVersion);
        ClassifiedStatement known = sql == null ? null : current.bySql().get(sql);
        if (known == null && sql != null && !sql.isBlank()) {
            Optional<BoundStatement> digested = digested(sql, params, current, schemaVersion);
            if (digested.isPresent()) {
                return digested.get();
            }
        }
        ClassifiedStatement statement = known != null ? known : classifyAndRemember(sql, current, schemaVersion);
        return new BoundStatement(statement.requireParameters(params.size()), params);
    }

    /** The statement as its digest with the values bound, if its digest is accepted and bound the same way. */
    private Optional<BoundStatement> digested(String sql, List<Object> params, Verdicts current, long schemaVersion) {
        SqlTokens tokens = SqlTokens.lex(sql);
        LiteralDigest digest = LiteralDigest.of(tokens).orElse(null);
        if (digest == null || digest.clientPlaceholders() != params.size() || current.undigestible().contains(digest.text())) {
            return Optional.empty();
        }
        ClassifiedStatement statement = current.bySql().get(digest.text());
        if (statement == null) {
            try {
                statement = classifyAndRemember(digest.text(), current, schemaVersion);
            } catch (QueryRejectedException refused) {
                // Perhaps only the placeholders are refused: the client's text has the last word.
                statement = null;
            }
            if (statement == null || statement.rewritten()) {
                // A rewritten statement carries fresh UUID()/RAND() values, spliced into the client's text.
                current.rememberUndigestible(digest.text());
                return Optional.empty();
            }
        }
        if (statement.kind() == StatementKind.READ) {
            // A read runs as the client wrote it: the server names a column of an expression after its text, and the
            // driver may spell a literal differently ("a" as 'a'). Only the classification is shared.
            return Optional.of(new BoundStatement(statement.asWritten(digest.clientText(), digest.clientPlaceholders()),
                    params));
        }
        return Optional.of(new BoundStatement(statement, digest.bind(params)));
    }

    private Verdicts currentVerdicts(long schemaVersion) {
        Verdicts current = verdicts;
        if (current.schemaVersion() != schemaVersion) {
            // A verdict may rest on keys or AUTO_INCREMENT columns the schema no longer has.
            current = Verdicts.empty(schemaVersion);
            verdicts = current;
        }
        return current;
    }

    private ClassifiedStatement classifyAndRemember(String sql, Verdicts current, long schemaVersion) {
        ClassifiedStatement statement = classify(sql, () -> false).statement();
        // A rewritten statement carries fresh UUID()/RAND() values, so it must be classified anew each time; a
        // statement classified while the schema changed may rest on the old schema.
        if (!statement.rewritten() && sql.length() <= MAX_CACHED_SQL_LENGTH && catalog.version() == schemaVersion) {
            current.remember(sql, statement);
        }
        return statement;
    }

    /**
     * Classifies the statements of a {@code queries} field, which run as one transaction. Each must
     * be DML: DDL commits implicitly in MySQL and so cannot be part of a transaction, and a read's
     * rows would have nowhere to go.
     */
    public ClassifiedTransaction classifyTransaction(List<String> statements) {
        if (statements == null || statements.isEmpty()) {
            throw new QueryRejectedException(RejectionCode.EMPTY_QUERY, "The queries list holds no statement.");
        }
        List<ClassifiedStatement> classified = new ArrayList<>();
        List<Statement> earlier = new ArrayList<>();
        // Asked only when a statement calls LAST_INSERT_ID(), so other transactions never need the catalog.
        BooleanSupplier insertIdInScope = () -> earlier.stream().anyMatch(this::generatesInsertId);
        for (int i = 0; i < statements.size(); i++) {
            String which = "Statement " + (i + 1) + " of " + statements.size() + " in queries";
            Classification classification;
            try {
                classification = classify(statements.get(i), insertIdInScope);
            } catch (QueryRejectedException rejected) {
                throw new QueryRejectedException(rejected.code(), which + ": " + rejected.getMessage());
            }
            StatementKind kind = classification.statement().kind();
            if (kind == StatementKind.READ) {
                throw new QueryRejectedException(RejectionCode.NOT_DML_IN_TRANSACTION, which + " is a read; a queries"
                        + " transaction holds only INSERT, UPDATE, DELETE and REPLACE, so send reads on their own.");
            }
            if (kind == StatementKind.DDL) {
                throw new QueryRejectedException(RejectionCode.NOT_DML_IN_TRANSACTION, which + " is DDL, which MySQL"
                        + " commits implicitly, so it cannot be part of a transaction; send it alone in query.");
            }
            earlier.add(classification.parsed());
            classified.add(classification.statement());
        }
        return new ClassifiedTransaction(classified);
    }

    /** An accepted statement, and its parsed tree (null for SHOW). */
    private record Classification(ClassifiedStatement statement, Statement parsed) {
    }

    /**
     * Whether a statement surely generates an AUTO_INCREMENT id, so that LAST_INSERT_ID() after it means the same
     * on replay: an INSERT or REPLACE of VALUES or SET into a table with an AUTO_INCREMENT column that it leaves
     * out or sets to NULL. INSERT ... SELECT may insert no row, INSERT IGNORE may ignore it and ON DUPLICATE KEY
     * UPDATE may update instead; then LAST_INSERT_ID() would keep the pooled session's earlier value.
     */
    private boolean generatesInsertId(Statement statement) {
        Table table;
        List<Column> columns;
        Select source;
        List<UpdateSet> sets;
        if (statement instanceof Insert insert && !insert.isModifierIgnore() && isEmpty(insert.getDuplicateUpdateSets())) {
            table = insert.getTable();
            columns = insert.getColumns();
            source = insert.getSelect();
            sets = insert.getSetUpdateSets();
        } else if (statement instanceof Upsert replace && isEmpty(replace.getDuplicateUpdateSets())) {
            table = replace.getTable();
            columns = replace.getColumns();
            source = replace.getSelect();
            sets = replace.getUpdateSets();
        } else {
            return false;
        }
        TableKeys keys = catalog.find(qualified(table.getFullyQualifiedName())).orElse(null);
        if (keys == null || !keys.hasAutoIncrement()) {
            return false;
        }
        if (!isEmpty(sets)) {
            for (UpdateSet set : sets) {
                for (int i = 0; i < set.getColumns().size(); i++) {
                    if (names(set.getColumns().get(i), keys.autoIncrementColumn())
                            && !(set.getValues().get(i) instanceof NullValue)) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (!(source instanceof Values values) || isEmpty(columns)) {
            return false;
        }
        int idColumn = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (names(columns.get(i), keys.autoIncrementColumn())) {
                idColumn = i;
            }
        }
        if (idColumn < 0) {
            return true;
        }
        List<Expression> written = values.getExpressions();
        boolean severalRows = written.stream().allMatch(ExpressionList.class::isInstance);
        List<? extends List<?>> rows = severalRows ? written.stream().map(row -> (ExpressionList<?>) row).toList() : List.of(written);
        for (List<?> row : rows) {
            if (row.size() != columns.size() || !(row.get(idColumn) instanceof NullValue)) {
                return false;
            }
        }
        return true;
    }

    private static boolean names(Column column, String name) {
        return StatementScan.unquote(column.getColumnName()).equalsIgnoreCase(name);
    }

    private Classification classify(String sql, BooleanSupplier insertIdInScope) {
        try {
            return classifyChecked(sql, insertIdInScope);
        } catch (StackOverflowError deep) {
            // Walking a tree as deep as the parser could still build: NOT NOT ... or CASE WHEN ... CASE WHEN ...
            throw tooDeeplyNested("is nested deeper than the coordinator can check");
        }
    }

    private Classification classifyChecked(String sql, BooleanSupplier insertIdInScope) {
        if (sql == null || sql.isBlank()) {
            throw new QueryRejectedException(RejectionCode.EMPTY_QUERY, "The query is empty.");
        }
        SqlTokens tokens = SqlTokens.lex(sql);
        if (tokens.isEmpty()) {
            throw new QueryRejectedException(RejectionCode.EMPTY_QUERY, "The query holds no statement, only comments or semicolons.");
        }
        if (tokens.hasFurtherStatements()) {
            if (StatementKeywords.definesStoredProgram(tokens)) {
                throw StatementKeywords.diagnose(tokens).orElseThrow();
            }
            throw new QueryRejectedException(RejectionCode.MULTIPLE_STATEMENTS, "The query holds more than one statement;"
                    + " send one statement in query, or a list of writes to run as one transaction in queries.");
        }
        if (tokens.startsWith("SHOW")) {
            return new Classification(show(tokens), null);
        }
        Statement statement = parse(tokens);
        StatementKind kind = kindOf(statement, tokens);
        rejectProtectedSchemas(statement, tokens);
        rejectDroppingTheDefaultDatabase(statement);
        StatementScan scan = scan(statement);
        rejectFileAccessAndSelectInto(scan);
        List<Substitution> substitutions = List.of();
        boolean lockingRead = false;
        if (kind == StatementKind.READ) {
            lockingRead = scan.selects().stream().anyMatch(select -> select.getForMode() != null);
        } else if (replicatedByRow) {
            if (statement instanceof CreateTable create) {
                TableDefinitions.check(create);
            } else if (statement instanceof Alter alter) {
                TableDefinitions.check(alter);
            }
        } else if (kind == StatementKind.WRITE) {
            rejectLockingReads(scan, "A write");
            substitutions = determinism.substitutions(statement, scan, tokens, insertIdInScope);
            rowOrder.requireTotalOrder(statement, scan);
        } else if (statement instanceof CreateTable create) {
            TableDefinitions.check(create);
            Determinism.requireDeterministic(scan, create.getSelect() == null ? "the table definition" : "CREATE TABLE ... SELECT");
            rejectLockingReads(scan, "CREATE TABLE ... SELECT");
            rowOrder.requireTotalOrder(statement, scan);
        } else if (statement instanceof Alter alter) {
            TableDefinitions.check(alter);
            Determinism.requireDeterministic(scan, "the table definition");
        } else if (statement instanceof CreateView || statement instanceof AlterView) {
            // Checked once here, a view is then as safe to read in a write as the tables under it.
            Determinism.requireDeterministic(scan, "the view body");
            rowOrder.requireTotalOrder(statement, scan);
        }
        // Executed and logged without what follows the statement's last token (semicolons, comments), so
        // the sequencer can join statements into one multi-statement query.
        String statementText = sql.substring(0, tokens.tokens().get(tokens.tokens().size() - 1).end());
        ClassifiedStatement classified = new ClassifiedStatement(kind, rewrite(statementText, substitutions), sql,
                tables(statement, scan), lockingRead, tokens.placeholderCount(), substitutions);
        return new Classification(classified, statement);
    }

    private ClassifiedStatement show(SqlTokens tokens) {
        for (Token token : tokens.tokens()) {
            if (token.isIdentifier() && isProtected(token.text())) {
                throw protectedSchema(token.text());
            }
        }
        return new ClassifiedStatement(StatementKind.READ, tokens.sql(), tokens.sql(), Set.of(), false,
                tokens.placeholderCount(), List.of());
    }

    private Statement parse(SqlTokens tokens) {
        requireShallowNesting(tokens);
        String text = tokens.parserText();
        try {
            return parse(text, false);
        } catch (StackOverflowError deep) {
            // Nesting without parentheses (NOT NOT ..., CASE WHEN ... CASE WHEN ...) recurses as deep.
            throw tooDeeplyNested("is nested deeper than the parser can follow");
        } catch (ParseException | TokenMgrException simpleParsingFailed) {
            // As CCJSqlParserUtil.parse does, retry with the parsing that handles complex nested expressions
            // unless nesting is deep enough to make it slow; but in this thread, not a new executor per statement.
            if (CCJSqlParserUtil.getNestingDepth(text) > COMPLEX_PARSING_MAX_NESTING) {
                throw refusal(tokens, simpleParsingFailed);
            }
            try {
                return parse(text, true);
            } catch (ParseException | TokenMgrException failure) {
                throw refusal(tokens, failure);
            }
        }
    }

    /**
     * Refuses parentheses nested deeper than {@value #MAX_PARENTHESES_DEPTH} before the parser sees them: its
     * lookahead grows with each level (a statement nested 5,000 deep took it 30 s, then overflowed the stack).
     */
    private static void requireShallowNesting(SqlTokens tokens) {
        int depth = 0;
        for (Token token : tokens.tokens()) {
            if (token.isSymbol('(')) {
                depth++;
                if (depth > MAX_PARENTHESES_DEPTH) {
                    throw tooDeeplyNested("nests parentheses more than " + MAX_PARENTHESES_DEPTH + " deep");
                }
            } else if (token.isSymbol(')')) {
                depth--;
            }
        }
    }

    private static QueryRejectedException tooDeeplyNested(String what) {
        return new QueryRejectedException(RejectionCode.TOO_DEEPLY_NESTED, "The statement " + what + "; write it"
                + " with fewer levels of nesting.");
    }

    /** Why an unparseable statement is refused: its keywords if they name a refused kind, else the syntax error. */
    private static QueryRejectedException refusal(SqlTokens tokens, Exception failure) {
        return StatementKeywords.diagnose(tokens).orElseGet(() -> failure instanceof ParseException parseFailure
                ? syntaxError(tokens, parseFailure)
                : lexicalError(tokens, (TokenMgrException) failure));
    }

    private Statement parse(String text, boolean complexParsing) throws ParseException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text)
                .withBackslashEscapeCharacter(true)
                .withAllowComplexParsing(complexParsing);
        ScheduledFuture<?> alarm = ParseDeadline.arm(parser, text.length(), parseTimeout);
        try {
            return parser.Statement();
        } catch (ParseException | TokenMgrException failure) {
            if (parser.interrupted) {
                throw new QueryRejectedException(RejectionCode.TOO_COMPLEX, "The statement could not be parsed within "
                        + parseTimeout.toMillis() + " ms (ddb.coordinator.parse-timeout); split it into smaller ones.");
            }
            throw failure;
        } finally {
            ParseDeadline.disarm(alarm);
        }
    }

    private static QueryRejectedException syntaxError(SqlTokens tokens, ParseException failure) {
        net.sf.jsqlparser.parser.Token offending = failure.currentToken == null ? null : failure.currentToken.next;
        if (offending == null || offending.kind == CCJSqlParserConstants.EOF) {
            String sql = tokens.sql().strip();
            return new QueryRejectedException(RejectionCode.SYNTAX_ERROR, "Syntax error: the statement ends too early,"
                    + " after '" + sql.substring(Math.max(0, sql.length() - 40)) + "'.");
        }
        return syntaxErrorAt(tokens, offending.beginColumn - 1);
    }

    private static QueryRejectedException lexicalError(SqlTokens tokens, TokenMgrException failure) {
        Matcher column = LEXICAL_ERROR_COLUMN.matcher(String.valueOf(failure.getMessage()));
        String where = column.find()
                ? ", near " + tokens.position(tokens.originalOffset(Integer.parseInt(column.group(1)) - 1))
                : "";
        return new QueryRejectedException(RejectionCode.SYNTAX_ERROR, "Syntax error: the statement holds a character"
                + " the parser cannot read" + where + ".");
    }

    private static QueryRejectedException syntaxErrorAt(SqlTokens tokens, int parserOffset) {
        int offset = tokens.originalOffset(parserOffset);
        return new QueryRejectedException(RejectionCode.SYNTAX_ERROR, "Syntax error at " + tokens.position(offset)
                + ", near '" + tokens.excerpt(offset) + "'.");
    }

    /** The kind of an accepted statement; refuses every other statement. */
    private static StatementKind kindOf(Statement statement, SqlTokens tokens) {
        if (statement instanceof Select || statement instanceof DescribeStatement) {
            return StatementKind.READ;
        }
        if (statement instanceof ExplainStatement explain) {
            if (explain.getOption(ExplainStatement.OptionType.ANALYZE) != null && !(explain.getStatement() instanceof Select)) {
                throw new QueryRejectedException(RejectionCode.FORBIDDEN_STATEMENT, "EXPLAIN ANALYZE runs the statement"
                        + " it explains; only a SELECT may be analyzed.");
            }
            return StatementKind.READ;
        }
        if (statement instanceof Insert || statement instanceof Update || statement instanceof Upsert replace
                && replace.getUpsertType() != null && replace.getUpsertType().name().startsWith("REPLACE")) {
            return StatementKind.WRITE;
        }
        if (statement instanceof Delete delete) {
            if (delete.getTable() == null && isEmpty(delete.getTables())) {
                throw new QueryRejectedException(RejectionCode.SYNTAX_ERROR, "Syntax error: DELETE names no table.");
            }
            return StatementKind.WRITE;
        }
        if (statement instanceof CreateTable create && create.getCreateOptionsStrings() != null
                && create.getCreateOptionsStrings().stream().anyMatch("TEMPORARY"::equalsIgnoreCase)
                || statement instanceof Drop drop && drop.isUsingTemporary()) {
            throw new QueryRejectedException(RejectionCode.SESSION_STATE, "Temporary tables live in one session on one"
                    + " server and would not exist for later requests or on the replicas; use an ordinary table.");
        }
        if (statement instanceof CreateTable || statement instanceof CreateIndex || statement instanceof CreateView
                || statement instanceof AlterView || statement instanceof CreateDatabase || statement instanceof CreateSchema
                || statement instanceof Alter || statement instanceof Truncate || statement instanceof RenameTableStatement
                || statement instanceof Drop drop && DROPPABLE.contains(drop.getType().toUpperCase(Locale.ROOT))) {
            return StatementKind.DDL;
        }
        throw StatementKeywords.diagnose(tokens).orElseGet(() -> new QueryRejectedException(
                RejectionCode.UNSUPPORTED_STATEMENT, "The coordinator does not accept "
                        + tokens.tokens().get(0).text().toUpperCase(Locale.ROOT) + " statements of this form: it runs"
                        + " SELECT, SHOW, EXPLAIN, DESCRIBE, INSERT, UPDATE, DELETE, REPLACE and DDL on tables,"
                        + " indexes, views and databases."));
    }

    /** Refuses any qualified name whose qualifier is a protected schema, and protected database names. */
    private static void rejectProtectedSchemas(Statement statement, SqlTokens tokens) {
        List<Token> all = tokens.tokens();
        for (int i = 0; i + 1 < all.size(); i++) {
            if (all.get(i).isIdentifier() && all.get(i + 1).isSymbol('.') && isProtected(all.get(i).text())) {
                throw protectedSchema(all.get(i).text());
            }
        }
        for (String database : databaseNames(statement)) {
            if (isProtected(database)) {
                throw protectedSchema(database);
            }
        }
    }

    private void rejectDroppingTheDefaultDatabase(Statement statement) {
        if (statement instanceof Drop drop && isDatabaseDrop(drop)
                && StatementScan.unquote(drop.getName().getName()).equalsIgnoreCase(defaultDatabase)) {
            throw new QueryRejectedException(RejectionCode.DEFAULT_DATABASE, "'" + defaultDatabase + "' is the"
                    + " coordinator's default database (ddb.coordinator.database), which every connection opens;"
                    + " it cannot be dropped.");
        }
    }

    private static List<String> databaseNames(Statement statement) {
        if (statement instanceof CreateDatabase create) {
            return List.of(StatementScan.unquote(create.getDatabaseName()));
        }
        if (statement instanceof CreateSchema create) {
            return List.of(StatementScan.unquote(create.getSchemaName()));
        }
        if (statement instanceof Drop drop && isDatabaseDrop(drop)) {
            return List.of(StatementScan.unquote(drop.getName().getName()));
        }
        return List.of();
    }

    private static boolean isDatabaseDrop(Drop drop) {
        return drop.getType().equalsIgnoreCase("DATABASE") || drop.getType().equalsIgnoreCase("SCHEMA");
    }

    private static QueryRejectedException protectedSchema(String name) {
        return new QueryRejectedException(RejectionCode.SYSTEM_SCHEMA, "The statement names " + name + ", a system"
                + " schema or the coordinator's own ddb_meta, which queries may not touch.");
    }

    private static boolean isProtected(String name) {
        return PROTECTED_SCHEMAS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** JSqlParser's walk refuses to start at a few statement classes; those are scanned through their parts. */
    private static StatementScan scan(Statement statement) {
        if (statement instanceof AlterView alter) {
            return StatementScan.of(alter.getSelect());
        }
        if (statement instanceof CreateDatabase || statement instanceof CreateSchema) {
            return StatementScan.empty();
        }
        return StatementScan.of(statement);
    }

    private static void rejectFileAccessAndSelectInto(StatementScan scan) {
        for (Select select : scan.selects()) {
            if (select instanceof PlainSelect plain) {
                MySqlSelectIntoClause into = plain.getMySqlSelectIntoClause();
                if (into != null && into.getType() != MySqlSelectIntoClause.Type.VARIABLES) {
                    throw StatementKeywords.intoFile(into.getType().name());
                }
                if (into != null || plain.getIntoTables() != null) {
                    throw StatementKeywords.intoVariables();
                }
            }
        }
        if (scan.functions().stream().anyMatch(call -> call.name().equals("LOAD_FILE"))) {
            throw new QueryRejectedException(RejectionCode.FILE_ACCESS, "LOAD_FILE() reads a file on the database server"
                    + " and is not accepted.");
        }
    }

    /**
     * A locking read waits for, or with NOWAIT and SKIP LOCKED skips, rows other sessions lock on one node, so
     * the rows it returns would differ on replay.
     */
    private static void rejectLockingReads(StatementScan scan, String what) {
        if (scan.selects().stream().anyMatch(select -> select.getForMode() != null)) {
            throw new QueryRejectedException(RejectionCode.LOCKING_READ_IN_WRITE, what + " may not read with FOR UPDATE,"
                    + " FOR SHARE, LOCK IN SHARE MODE, NOWAIT or SKIP LOCKED: which rows it sees would depend on the"
                    + " locks other sessions hold on one node; the coordinator runs writes in order, so leave it out.");
        }
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private Set<String> tables(Statement statement, StatementScan scan) {
        Set<String> tables = new TreeSet<>(databaseNames(statement));
        if (!tables.isEmpty()) {
            return tables;
        }
        List<Table> named = new ArrayList<>(scan.tables());
        if (statement instanceof Drop drop && drop.getType().equalsIgnoreCase("INDEX")) {
            // JSqlParser reports the index as the dropped table and keeps the table as raw "ON name" words.
            named.clear();
            List<String> parameters = drop.getParameters();
            if (parameters != null && parameters.size() >= 2 && parameters.get(0).equalsIgnoreCase("ON")) {
                tables.add(qualified(parameters.get(1)));
            }
        } else if (statement instanceof ExplainStatement explain && explain.getTable() != null) {
            named.add(explain.getTable());
        } else if (statement instanceof AlterView alter) {
            named.add(alter.getView());
        }
        named.forEach(table -> tables.add(qualified(table.getFullyQualifiedName())));
        return tables;
    }

    /** {@code database.table} from a name as written: backticks removed, the default database when unqualified. */
    private String qualified(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`' && quoted && i + 1 < name.length() && name.charAt(i + 1) == '`') {
                part.append('`');
                i++;
            } else if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(part.toString().strip());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString().strip());
        for (String written : parts) {
            if (written.length() >= 2 && written.startsWith("'") && written.endsWith("'")) {
                // JSqlParser accepts a string where MySQL wants a name (the lexer turned "users" into 'users').
                String bare = written.substring(1, written.length() - 1);
                throw new QueryRejectedException(RejectionCode.SYNTAX_ERROR, "Syntax error: " + bare + " is written as a"
                        + " string where a name belongs; quote names with backticks, as in `" + bare + "`.");
            }
        }
        String table = parts.get(parts.size() - 1);
        return (parts.size() == 1 ? defaultDatabase : parts.get(parts.size() - 2)) + "." + table;
    }

    private static String rewrite(String sql, List<Substitution> substitutions) {
        if (substitutions.isEmpty()) {
            return sql;
        }
        StringBuilder rewritten = new StringBuilder();
        int copied = 0;
        for (Substitution substitution : substitutions) {
            rewritten.append(sql, copied, substitution.offset()).append(substitution.replacement());
            copied = substitution.offset() + substitution.original().length();
        }
        return rewritten.append(sql, copied, sql.length()).toString();
    }
}
