package dev.ddb.coordinator.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.ddb.auth.Role;
import dev.ddb.auth.Verdict;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.query.BoundStatement;
import dev.ddb.coordinator.query.ClassifiedStatement;
import dev.ddb.coordinator.query.ClassifiedTransaction;
import dev.ddb.coordinator.query.QueryClassifier;
import dev.ddb.coordinator.query.QueryRejectedException;
import dev.ddb.coordinator.query.StatementKind;
import dev.ddb.coordinator.read.ReadResult;
import dev.ddb.coordinator.read.Reads;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.coordinator.sequencer.WriteOutcome;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.sequencer.WriteRequest;
import dev.ddb.mysql.cluster.Privileges;

/**
 * What {@code POST /query} does: checks the request, classifies its SQL, and sends a read to the
 * instance its consistency allows or a write to the sequencer, whose outcome becomes the answer. A follower has no
 * sequencer: it serves reads itself and passes writes on to the leader ({@link LeaderForwarding}).
 */
public final class QueryExecution {

    /** A sender whose request was checked for what it does before it came here (the seed API's endpoints). */
    public static final Verdict.Allowed CHECKED = new Verdict.Allowed(null, true);

    private final QueryClassifier classifier;
    private final Supplier<Optional<WritePath>> sequencer;
    private final LeaderForwarding leader;
    private final Reads reads;
    private final ConsistencyMetrics metrics;
    private final Duration writeTimeout;

    /**
     * @param sequencer this coordinator's sequencer while it runs the leader's parts; empty on a follower
     * @param leader where a follower sends writes
     */
    public QueryExecution(QueryClassifier classifier, Supplier<Optional<WritePath>> sequencer, LeaderForwarding leader,
            Reads reads, ConsistencyMetrics metrics, Duration writeTimeout) {
        this.classifier = classifier;
        this.sequencer = sequencer;
        this.leader = leader;
        this.reads = reads;
        this.metrics = metrics;
        this.writeTimeout = writeTimeout;
    }

    /**
     * Runs the request on this thread and waits for its answer; failures are thrown as the exceptions they are. For
     * callers that checked who may send it themselves.
     */
    public QueryResponse execute(QueryRequest request) {
        try {
            return submit(request, CHECKED, Runnable::run, Runnable::run).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CoordinatorException.unavailable("INTERRUPTED", "The coordinator was interrupted while waiting for the write.", e);
        }
    }

    /**
     * The request's answer, without a thread waiting for a write: a write's answer is made on {@code answers} once the
     * sequencer has its outcome, a read runs on {@code reads}. A request that fails its checks throws at once, and so
     * does a write whose sender may only read.
     *
     * @param sender who sent it, as the access rules for {@code /query} (which admit readers) let it through
     */
    public CompletableFuture<QueryResponse> submit(QueryRequest request, Verdict.Allowed sender, Executor reads,
            Executor answers) {
        long started = System.nanoTime();
        Consistency consistency = consistencyOf(request.consistency());
        boolean hasQuery = request.query() != null;
        boolean hasQueries = request.queries() != null;
        if (hasQuery == hasQueries) {
            throw new CoordinatorException(400, "INVALID_REQUEST",
                    "Give exactly one of 'query' (one statement) or 'queries' (a list run as one transaction).");
        }
        if (hasQueries) {
            if (request.params() != null) {
                throw new CoordinatorException(400, "INVALID_REQUEST", "'params' goes with 'query', not with 'queries'.");
            }
            rejectReadOptions(request);
            Optional<WritePath> local = sequencer.get();
            ClassifiedTransaction transaction;
            try {
                transaction = classifier.classifyTransaction(request.queries());
            } catch (QueryRejectedException rejected) {
                return local.isEmpty() && sender.mayActAs(Role.WRITER, Role.SERVICE) ? leader.forward(request, answers) : failed(rejected);
            }
            requireWriter(sender, "a transaction");
            if (local.isEmpty()) {
                return leader.forward(request, answers);
            }
            List<LoggedStatement> statements = new ArrayList<>();
            transaction.statements().forEach(s -> statements.add(new LoggedStatement(s.sql(), List.of(), 0)));
            return write(local.get(), new WriteRequest(TransactionIds.next(), statements, transaction.tables(), consistency,
                    false, Privileges.CLIENT), answers, started);
        }
        Optional<WritePath> local = sequencer.get();
        BoundStatement bound;
        try {
            bound = classifier.classify(request.query(), request.params() == null ? List.of() : request.params());
        } catch (QueryRejectedException rejected) {
            // A follower's copy of the schema may be behind the leader's: the leader has the last word on a write.
            return local.isEmpty() && sender.mayActAs(Role.WRITER, Role.SERVICE) ? leader.forward(request, answers) : failed(rejected);
        }
        ClassifiedStatement statement = bound.statement();
        List<Object> params = bound.params();
        if (statement.kind() == StatementKind.READ) {
            return CompletableFuture.supplyAsync(() -> read(statement, params, consistency, request, started), reads);
        }
        rejectReadOptions(request);
        requireWriter(sender, statement.kind() == StatementKind.DDL ? "a schema change" : "a write");
        if (local.isEmpty()) {
            return leader.forward(request, answers);
        }
        WriteRequest write = new WriteRequest(TransactionIds.next(), List.of(new LoggedStatement(statement.sql(), params, 0)),
                statement.tables(), consistency, statement.kind() == StatementKind.DDL, Privileges.CLIENT);
        return write(local.get(), write, answers, started);
    }

    /** Thrown at once, as every failed check of a request is. */
    private static CompletableFuture<QueryResponse> failed(QueryRejectedException rejected) {
        throw rejected;
    }

    private QueryResponse read(ClassifiedStatement statement, List<Object> params, Consistency consistency,
            QueryRequest request, long started) {
        try {
            ReadResult result = reads.execute(statement.sql(), params, consistency == Consistency.STRONG,
                    statement.lockingRead(), request.minTimestamp(), request.maxLagMs());
            double latency = millisSince(started);
            metrics.recordRead(consistency, latency, true);
            return new QueryResponse(true, "Read successful (" + result.rows().size() + " row"
                    + (result.rows().size() == 1 ? "" : "s") + " from " + result.executedOn() + ")", null, null, null, null,
                    result.rows(), result.rows().size(), result.truncated() ? Boolean.TRUE : null, result.executedOn(),
                    consistency.name(), latency, null, null);
        } catch (RuntimeException e) {
            metrics.recordRead(consistency, millisSince(started), false);
            throw e;
        }
    }

    private CompletableFuture<QueryResponse> write(WritePath sequencer, WriteRequest request, Executor answers,
            long started) {
        return sequencer.submit(request).orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((outcome, failure) -> answer(request, outcome, failure, started), answers);
    }

    private QueryResponse answer(WriteRequest request, WriteOutcome outcome, Throwable failure, long started) {
        double latency = millisSince(started);
        if (failure == null) {
            metrics.recordWrite(request.consistency(), latency, true, false);
            return new QueryResponse(true, message(outcome), outcome.txnId(), outcome.timestamp(), outcome.rowsAffected(),
                    outcome.lastInsertId() == 0 ? null : outcome.lastInsertId(), null, null, null, outcome.executedOn(),
                    outcome.consistency().name(), latency,
                    outcome.consistency() == Consistency.STRONG ? outcome.quorumAchieved() : null,
                    outcome.consistency() == Consistency.STRONG ? outcome.acknowledgedBy() : null, outcome.gtid());
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            metrics.recordWrite(request.consistency(), latency, false, false);
            throw new CoordinatorException(503, "WRITE_TIMEOUT", "No outcome for transaction " + request.txnId()
                    + " within " + writeTimeout.toMillis() + " ms; it may still commit. Check /transactions or retry idempotently.",
                    List.of(), cause);
        }
        boolean quorumMissed = cause instanceof CoordinatorException c && c.code().equals("QUORUM_NOT_REACHED");
        metrics.recordWrite(request.consistency(), latency, false, quorumMissed);
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(cause);
    }

    private static String message(WriteOutcome outcome) {
        String gtid = outcome.gtid() == null ? "" : ", gtid: " + outcome.gtid();
        if (outcome.consistency() == Consistency.STRONG) {
            return "Write successful (consistency: STRONG, timestamp: " + outcome.timestamp() + gtid + ", acknowledged by: "
                    + String.join(", ", outcome.acknowledgedBy()) + ")";
        }
        return "Write successful (consistency: EVENTUAL, timestamp: " + outcome.timestamp() + gtid + ")";
    }

    private static void requireWriter(Verdict.Allowed sender, String what) {
        if (!sender.mayActAs(Role.WRITER, Role.SERVICE)) {
            throw new CoordinatorException(403, "INSUFFICIENT_ROLE", "POST /query with " + what
                    + " needs role writer or service; " + (sender.caller() == null ? "no credentials were sent"
                            : "'" + sender.caller().name() + "' has role " + sender.caller().role().id())
                    + ". Nothing was run.");
        }
    }

    private static void rejectReadOptions(QueryRequest request) {
        if (request.minTimestamp() != null || request.maxLagMs() != null) {
            throw new CoordinatorException(400, "INVALID_REQUEST", "'min_timestamp' and 'max_lag_ms' apply to reads only.");
        }
    }

    public static Consistency consistencyOf(String value) {
        if (value == null) {
            return Consistency.STRONG;
        }
        try {
            return Consistency.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CoordinatorException(400, "INVALID_CONSISTENCY",
                    "Unknown consistency '" + value + "'; use EVENTUAL or STRONG.");
        }
    }

    private static double millisSince(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
    }
}
