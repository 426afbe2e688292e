package dev.ddb.coordinator.query;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.ddb.coordinator.query.SqlTokens.Token;

/**
 * Names the reason a statement is refused from its leading keywords. Only ever used to refuse:
 * acceptance is decided on JSqlParser's tree. It is needed because JSqlParser 5.4 cannot parse
 * many of the statements the coordinator must refuse (LOAD DATA, LOCK TABLES, START TRANSACTION,
 * XA, DROP USER, GRANT ... ON *.*, SET TRANSACTION, ...) and would otherwise report them as
 * syntax errors, and because some parsed classes (SetStatement, Execute) cover several cases.
 */
final class StatementKeywords {

    private static final Set<String> SERVER_ADMINISTRATION = Set.of(
            "FLUSH", "KILL", "SHUTDOWN", "RESTART", "INSTALL", "UNINSTALL", "OPTIMIZE", "REPAIR", "CHECK",
            "CHECKSUM", "ANALYZE", "CACHE", "BINLOG", "CLONE", "IMPORT", "STOP", "CHANGE", "RESET", "PURGE");
    private static final Set<String> TRANSACTION_CONTROL = Set.of(
            "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA");
    private static final Set<String> SESSION_STATEMENTS = Set.of(
            "USE", "PREPARE", "EXECUTE", "DEALLOCATE", "HANDLER");
    private static final Set<String> OBJECT_KINDS = Set.of(
            "TABLE", "VIEW", "INDEX", "DATABASE", "SCHEMA", "USER", "ROLE", "PROCEDURE", "FUNCTION", "TRIGGER",
            "EVENT", "SERVER", "TABLESPACE", "LOGFILE", "RESOURCE", "SPATIAL", "SEQUENCE");
    private static final Set<String> STORED_PROGRAMS = Set.of("PROCEDURE", "FUNCTION", "TRIGGER", "EVENT");
    private static final Set<String> SERVER_OBJECTS = Set.of("SERVER", "TABLESPACE", "LOGFILE", "RESOURCE", "SPATIAL");
    private static final Set<String> GLOBAL_SCOPES = Set.of("GLOBAL", "PERSIST", "PERSIST_ONLY");

    private StatementKeywords() {
    }

    static Optional<QueryRejectedException> diagnose(SqlTokens sql) {
        List<Token> tokens = sql.tokens();
        String first = word(tokens, 0);
        String second = word(tokens, 1);
        if (first.equals("LOAD")) {
            return second.equals("INDEX")
                    ? reject(RejectionCode.SERVER_ADMINISTRATION, "LOAD INDEX INTO CACHE changes the server's key cache and is not accepted.")
                    : reject(RejectionCode.FILE_ACCESS, "LOAD " + second + " reads a file on a server or client, which the replicas"
                            + " could not read again; insert the rows with INSERT statements instead.");
        }
        if (first.equals("LOCK") || first.equals("UNLOCK")) {
            return reject(RejectionCode.TABLE_LOCK, first + " TABLES holds locks in one session of one server; the"
                    + " coordinator runs each request on pooled connections, so table locks are not accepted.");
        }
        if (TRANSACTION_CONTROL.contains(first) || (first.equals("START") && second.equals("TRANSACTION"))) {
            return reject(RejectionCode.TRANSACTION_CONTROL, transactionControl(first, second));
        }
        if (first.equals("SET")) {
            return Optional.of(set(tokens));
        }
        if (first.equals("GRANT") || first.equals("REVOKE")) {
            return reject(RejectionCode.ACCOUNT_MANAGEMENT, first + " changes privileges, which the coordinator does not manage.");
        }
        if (first.equals("CALL")) {
            return reject(RejectionCode.STORED_PROGRAM, "CALL runs a stored procedure, whose statements the coordinator"
                    + " cannot check for determinism; send the statements themselves.");
        }
        if (SESSION_STATEMENTS.contains(first)) {
            return reject(RejectionCode.SESSION_STATE, first + " depends on session state that neither the coordinator's"
                    + " pooled connections nor the replicas' replay would share; send plain statements instead.");
        }
        if (first.equals("DO")) {
            return reject(RejectionCode.FORBIDDEN_STATEMENT, "DO evaluates expressions only for their side effects and is not accepted.");
        }
        if (SERVER_ADMINISTRATION.contains(first) || first.equals("START")) {
            return reject(RejectionCode.SERVER_ADMINISTRATION, first + " " + second
                    + " administers the server rather than reading or writing data, and is not accepted.");
        }
        if (first.equals("CREATE") || first.equals("ALTER") || first.equals("DROP") || first.equals("RENAME")) {
            return objectDefinition(first, tokens);
        }
        return selectInto(tokens);
    }

    static boolean definesStoredProgram(SqlTokens sql) {
        List<Token> tokens = sql.tokens();
        return Set.of("CREATE", "ALTER", "DROP").contains(word(tokens, 0))
                && STORED_PROGRAMS.contains(objectKind(tokens));
    }

    private static String transactionControl(String first, String second) {
        String statement = first.equals("START") || first.equals("RELEASE") ? first + " " + second : first;
        return statement + " controls a transaction, which the coordinator manages itself: send the statements of"
                + " one transaction as a list in queries instead.";
    }

    private static QueryRejectedException set(List<Token> tokens) {
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.type() != SqlTokens.Type.WORD || isUserVariable(tokens, i)) {
                continue;
            }
            String word = token.text().toUpperCase(Locale.ROOT);
            if (GLOBAL_SCOPES.contains(word)) {
                return new QueryRejectedException(RejectionCode.SERVER_ADMINISTRATION, "SET " + word
                        + " changes the server's configuration, which the coordinator does not manage; configure"
                        + " each instance instead.");
            }
            if (word.equals("AUTOCOMMIT") || word.equals("TRANSACTION")) {
                return new QueryRejectedException(RejectionCode.TRANSACTION_CONTROL, "SET " + word
                        + " controls transactions, which the coordinator manages itself: send the statements of one"
                        + " transaction as a list in queries instead.");
            }
            if (i == 1 && (word.equals("PASSWORD") || word.equals("ROLE") || word.equals("DEFAULT"))) {
                return new QueryRejectedException(RejectionCode.ACCOUNT_MANAGEMENT, "SET " + word
                        + " changes accounts or roles, which the coordinator does not manage.");
            }
        }
        return new QueryRejectedException(RejectionCode.SESSION_STATE, "SET changes session state (variables, character"
                + " set, time zone) that would be lost between requests on the coordinator's pooled connections and"
                + " would not be replayed on the replicas; write the values into the statement instead.");
    }

    /** Whether the word at {@code i} names a user variable ({@code @x}) rather than {@code @@x} or a keyword. */
    private static boolean isUserVariable(List<Token> tokens, int i) {
        return i >= 1 && tokens.get(i - 1).isSymbol('@') && !(i >= 2 && tokens.get(i - 2).isSymbol('@'));
    }

    private static Optional<QueryRejectedException> objectDefinition(String verb, List<Token> tokens) {
        String kind = objectKind(tokens);
        if (kind.equals("USER") || kind.equals("ROLE")) {
            return reject(RejectionCode.ACCOUNT_MANAGEMENT, verb + " " + kind + " manages accounts, which the coordinator does not do.");
        }
        if (STORED_PROGRAMS.contains(kind)) {
            return reject(RejectionCode.STORED_PROGRAM, verb + " " + kind + " defines a stored program, whose statements"
                    + " the coordinator cannot check for determinism.");
        }
        if (SERVER_OBJECTS.contains(kind)) {
            return reject(RejectionCode.SERVER_ADMINISTRATION, verb + " " + kind + " administers the server and is not accepted.");
        }
        if (kind.equals("SEQUENCE")) {
            return Optional.of(TableDefinitions.sequence());
        }
        if (kind.equals("TABLE")) {
            return unparsedTableOption(tokens);
        }
        return Optional.empty();
    }

    /** Table options JSqlParser 5.4 cannot parse: DATA DIRECTORY, INDEX DIRECTORY and SEQUENCE=1. */
    private static Optional<QueryRejectedException> unparsedTableOption(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String word = word(tokens, i);
            if ((word.equals("DATA") || word.equals("INDEX")) && word(tokens, i + 1).equals("DIRECTORY")) {
                return Optional.of(TableDefinitions.serverPath(word + " DIRECTORY"));
            }
            if (word.equals("SEQUENCE") && (tokens.get(i + 1).isSymbol('=') || word(tokens, i + 1).matches("\\d+"))) {
                return Optional.of(TableDefinitions.sequence());
            }
        }
        return Optional.empty();
    }

    /** The first object keyword after the verb: {@code CREATE DEFINER = x PROCEDURE} gives PROCEDURE. */
    private static String objectKind(List<Token> tokens) {
        for (int i = 1; i < tokens.size(); i++) {
            String word = word(tokens, i);
            if (OBJECT_KINDS.contains(word)) {
                return word;
            }
        }
        return "";
    }

    /** SELECT ... INTO forms JSqlParser 5.4 cannot parse ({@code INTO @var}). */
    private static Optional<QueryRejectedException> selectInto(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!tokens.get(i).isWord("INTO")) {
                continue;
            }
            Token next = tokens.get(i + 1);
            if (next.isSymbol('@')) {
                return Optional.of(intoVariables());
            }
            if (next.isWord("OUTFILE") || next.isWord("DUMPFILE")) {
                return Optional.of(intoFile(next.text().toUpperCase(Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    static QueryRejectedException intoVariables() {
        return new QueryRejectedException(RejectionCode.SESSION_STATE, "SELECT ... INTO variables stores the result in"
                + " session variables that the next request would not see; read the rows instead.");
    }

    static QueryRejectedException intoFile(String target) {
        return new QueryRejectedException(RejectionCode.FILE_ACCESS, "SELECT ... INTO " + target
                + " writes a file on a database server and is not accepted; read the rows instead.");
    }

    private static String word(List<Token> tokens, int index) {
        if (index >= tokens.size() || tokens.get(index).type() != SqlTokens.Type.WORD) {
            return "";
        }
        return tokens.get(index).text().toUpperCase(Locale.ROOT);
    }

    private static Optional<QueryRejectedException> reject(RejectionCode code, String message) {
        return Optional.of(new QueryRejectedException(code, message));
    }
}
