package dev.ddb.coordinator.query;

import java.util.HashSet;
import java.util.Set;

/**
 * The functions a replayed statement may call: those whose result depends only on their arguments
 * (and on the server configuration, which every instance shares), so every node computes the same
 * value. An allow-list, because a function missing from it is refused, where a function missing from
 * a deny-list would silently let replicas diverge.
 *
 * <p>Left out on purpose: anything reading the session, the server or the moment beyond the logged
 * timestamp ({@code CONNECTION_ID}, {@code USER}, {@code DATABASE}, {@code VERSION}, {@code FOUND_ROWS},
 * {@code ROW_COUNT}, {@code UUID_SHORT}, {@code SYS_GUID}, locks, {@code SLEEP}); random output
 * ({@code ENCRYPT}'s salt, {@code RANDOM_BYTES}); functions whose result follows a session variable
 * ({@code PASSWORD} and {@code old_passwords}, {@code AES_ENCRYPT} and {@code block_encryption_mode});
 * {@code CONVERT_TZ}, whose named zones come from each server's own time zone tables; sequences
 * ({@code NEXTVAL}, {@code LASTVAL}, {@code SETVAL}). {@code UUID()}, {@code RAND()}, {@code SYSDATE()} and
 * {@code LAST_INSERT_ID()} are not here: {@link Determinism} rewrites or scopes them.
 */
final class DeterministicFunctions {

    /**
     * Evaluated at the moment the statement runs, which the log fixes with {@code SET TIMESTAMP}: every
     * node computes the same value on replay.
     */
    static final Set<String> LOGGED_TIME = Set.of(
            "NOW", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "CURDATE", "CURRENT_DATE", "CURTIME",
            "CURRENT_TIME", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "UNIX_TIMESTAMP");

    /**
     * Aggregates and window functions whose result depends on the order rows arrive in: accepted only with an
     * ORDER BY that makes that order the same on every node.
     */
    static final Set<String> ORDER_SENSITIVE = Set.of(
            "GROUP_CONCAT", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "ROW_NUMBER", "NTILE", "LAG", "LEAD", "FIRST_VALUE",
            "LAST_VALUE", "NTH_VALUE");

    private static final Set<String> STRING = Set.of(
            "ASCII", "BIN", "BIT_LENGTH", "CHAR", "CHR", "CHAR_LENGTH", "CHARACTER_LENGTH", "CONCAT", "CONCAT_WS", "ELT",
            "EXPORT_SET", "FIELD", "FIND_IN_SET", "FORMAT", "FROM_BASE64", "HEX", "INSERT", "INSTR", "LCASE", "LEFT",
            "LENGTH", "LENGTHB", "LOCATE", "LOWER", "LPAD", "LTRIM", "MAKE_SET", "MID", "OCT", "OCTET_LENGTH", "ORD",
            "POSITION", "QUOTE", "REPEAT", "REPLACE", "REVERSE", "RIGHT", "RPAD", "RTRIM", "SOUNDEX", "SPACE", "STRCMP",
            "SUBSTR", "SUBSTRING", "SUBSTRING_INDEX", "TO_BASE64", "TRIM", "UCASE", "UNHEX", "UPPER", "REGEXP_INSTR",
            "REGEXP_REPLACE", "REGEXP_SUBSTR", "NATURAL_SORT_KEY", "SFORMAT", "TO_CHAR", "WEIGHT_STRING", "CRC32",
            "MD5", "SHA", "SHA1", "SHA2", "COMPRESS", "UNCOMPRESS", "UNCOMPRESSED_LENGTH", "INET_ATON", "INET_NTOA",
            "INET6_ATON", "INET6_NTOA", "IS_IPV4", "IS_IPV6", "IS_IPV4_COMPAT", "IS_IPV4_MAPPED", "UUID_TO_BIN",
            "BIN_TO_UUID");

    private static final Set<String> MATH = Set.of(
            "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "CEIL", "CEILING", "CONV", "COS", "COT", "CRC32C", "DEGREES", "EXP",
            "FLOOR", "GREATEST", "LEAST", "LN", "LOG", "LOG10", "LOG2", "MOD", "PI", "POW", "POWER", "RADIANS", "ROUND",
            "SIGN", "SIN", "SQRT", "TAN", "TRUNCATE", "BIT_COUNT");

    /** Date arithmetic on values given to them; the session time zone and lc_time_names are server defaults. */
    private static final Set<String> DATE = Set.of(
            "ADDDATE", "ADDTIME", "DATE", "DATEDIFF", "DATE_ADD", "DATE_FORMAT", "DATE_SUB", "DAY", "DAYNAME",
            "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "EXTRACT", "FROM_DAYS", "FROM_UNIXTIME", "GET_FORMAT", "HOUR",
            "LAST_DAY", "MAKEDATE", "MAKETIME", "MICROSECOND", "MINUTE", "MONTH", "MONTHNAME", "PERIOD_ADD",
            "PERIOD_DIFF", "QUARTER", "SECOND", "SEC_TO_TIME", "STR_TO_DATE", "SUBDATE", "SUBTIME", "TIME", "TIMEDIFF",
            "TIMESTAMP", "TIMESTAMPADD", "TIMESTAMPDIFF", "TIME_FORMAT", "TIME_TO_SEC", "TO_DAYS", "TO_SECONDS", "WEEK",
            "WEEKDAY", "WEEKOFYEAR", "YEAR", "YEARWEEK");

    private static final Set<String> JSON = Set.of(
            "JSON_ARRAY", "JSON_ARRAY_APPEND", "JSON_ARRAY_INSERT", "JSON_ARRAY_INTERSECT", "JSON_COMPACT",
            "JSON_CONTAINS", "JSON_CONTAINS_PATH", "JSON_DEPTH", "JSON_DETAILED", "JSON_EQUALS", "JSON_EXISTS",
            "JSON_EXTRACT", "JSON_INSERT", "JSON_KEYS", "JSON_LENGTH", "JSON_LOOSE", "JSON_MERGE", "JSON_MERGE_PATCH",
            "JSON_MERGE_PRESERVE", "JSON_NORMALIZE", "JSON_OBJECT", "JSON_OBJECT_FILTER_KEYS", "JSON_OBJECT_TO_ARRAY",
            "JSON_OVERLAPS", "JSON_PRETTY", "JSON_QUERY", "JSON_QUOTE", "JSON_REMOVE", "JSON_REPLACE",
            "JSON_SCHEMA_VALID", "JSON_SEARCH", "JSON_SET", "JSON_TYPE", "JSON_UNQUOTE", "JSON_VALID", "JSON_VALUE");

    /**
     * Aggregates over a set of values; rank functions, which give tied rows the same result. Summing floating
     * point values in another order can round differently, a divergence statement-based replication in MySQL
     * accepts too.
     */
    private static final Set<String> AGGREGATE = Set.of(
            "COUNT", "SUM", "MIN", "MAX", "AVG", "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "STDDEV_POP",
            "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "MEDIAN", "PERCENTILE_CONT", "PERCENTILE_DISC", "RANK",
            "DENSE_RANK", "PERCENT_RANK", "CUME_DIST");

    /** Casts, conditionals and the row being inserted ({@code VALUES(col)} in ON DUPLICATE KEY UPDATE). */
    private static final Set<String> CONTROL = Set.of(
            "CAST", "CONVERT", "BINARY", "IF", "IFNULL", "NULLIF", "COALESCE", "ISNULL", "NVL", "NVL2", "INTERVAL",
            "VALUES", "VALUE");

    private static final Set<String> ALLOWED = union(LOGGED_TIME, ORDER_SENSITIVE, STRING, MATH, DATE, JSON,
            AGGREGATE, CONTROL);

    private DeterministicFunctions() {
    }

    /** Whether {@code name} (upper case) gives the same result on every node when called with the same arguments. */
    static boolean isAllowed(String name) {
        return ALLOWED.contains(name);
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... groups) {
        Set<String> all = new HashSet<>();
        for (Set<String> group : groups) {
            all.addAll(group);
        }
        return Set.copyOf(all);
    }
}
