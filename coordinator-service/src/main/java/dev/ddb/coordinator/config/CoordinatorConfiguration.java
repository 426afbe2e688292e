package dev.ddb.coordinator.config;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.api.ConsistencyMetrics;
import dev.ddb.coordinator.binlog.BinlogWriter;
import dev.ddb.coordinator.binlog.NativeReplica;
import dev.ddb.coordinator.binlog.ReplicationSource;
import dev.ddb.coordinator.api.LeaderForwarding;
import dev.ddb.coordinator.api.QueryExecution;
import dev.ddb.coordinator.leader.Campaign;
import dev.ddb.coordinator.leader.LeaderEngine;
import dev.ddb.coordinator.leader.Leadership;
import dev.ddb.coordinator.query.QueryClassifier;
import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.read.ReadExecutor;
import dev.ddb.coordinator.read.ReadLoad;
import dev.ddb.coordinator.read.ReadPools;
import dev.ddb.coordinator.read.ReadRouter;
import dev.ddb.coordinator.read.ReadSession;
import dev.ddb.coordinator.read.ReadStrategy;
import dev.ddb.coordinator.read.Reads;
import dev.ddb.coordinator.replication.ApplierSettings;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.schema.MasterSchema;
import dev.ddb.coordinator.sequencer.PrefetchingTimestamps;
import dev.ddb.coordinator.sequencer.ReplicaLag;
import dev.ddb.coordinator.sequencer.Sequencer;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.timestamp.TimestampBlock;
import dev.ddb.coordinator.timestamp.TimestampClient;
import dev.ddb.coordinator.topology.ClusterBootstrap;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.cluster.ReplicationMode;
import tools.jackson.databind.json.JsonMapper;

/** Builds the coordinator's parts from {@code ddb.coordinator.*}; the parts themselves know nothing of Spring. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoordinatorProperties.class)
class CoordinatorConfiguration {

    private static final Duration CLIENT_READ_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    @Bean
    ClusterTopology clusterTopology(CoordinatorProperties properties) {
        String spec = properties.instances();
        return spec == null || spec.isBlank() ? ClusterTopology.localDefault() : ClusterTopology.parse(spec);
    }

    /**
     * The coordinator's own connections to the instances. In the binlog mode they stay out of the binary log: only the
     * {@link BinlogWriter}'s connections write to it.
     */
    @Bean
    InstanceConnector instanceConnector(CoordinatorProperties properties) {
        InstanceConnector connector = dataConnector();
        return properties.mode() == ReplicationMode.BINLOG ? connector.withoutBinaryLog() : connector;
    }

    private static InstanceConnector dataConnector() {
        return new InstanceConnector(DbCredentials.fromEnvironment(), Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    // The leader's parts (@Lazy): built when this coordinator wins a term (LeaderEngine), never on a follower. The
    // leadership parameter orders them after the claim that fenced the previous leader.

    @Bean
    @Lazy
    ClusterBootstrap.Established established(ClusterTopology cluster, InstanceConnector connector, Leadership leadership,
            CoordinatorProperties properties) {
        ClusterBootstrap.Established established = ClusterBootstrap.establish(cluster, connector,
                properties.mode() == ReplicationMode.BINLOG);
        InstanceAddress master = cluster.find(established.masterId()).orElseThrow();
        if (!leadership.secure(master)) {
            // Not built: the campaign tries again on its next step.
            throw new IllegalStateException("the master " + master.id() + " does not hold term " + leadership.term()
                    + " yet; nothing is written until it does");
        }
        return established;
    }

    @Bean
    @Lazy
    Topology topology(ClusterTopology cluster, ClusterBootstrap.Established established, Leadership leadership) {
        Topology topology = new Topology(cluster, established.masterId(), established.epoch());
        leadership.knowTheMasterBy(topology::master);
        return topology;
    }

    /** The replicas: each followed by a log applier, or in the binlog mode by a link to its own replication threads. */
    @Bean(destroyMethod = "close")
    @Lazy
    ReplicaSet replicaSet(Topology topology, InstanceConnector connector, Leadership leadership,
            CoordinatorProperties properties, BinlogCommits commits) {
        ReplicationSource source = new ReplicationSource(DbCredentials.replicationFromEnvironment());
        ReplicaSet replicas = new ReplicaSet(topology.replicas(), topology::master, connector, ApplierSettings.defaults(),
                properties.mode() == ReplicationMode.BINLOG
                        ? (replica, master, onProgress) -> new NativeReplica(replica, master, topology::epoch, connector,
                                source, onProgress, commits.lag()::applyMillis, commits.lag()::lastCommitted)
                        : null);
        replicas.fenceWith(leadership::term);
        replicas.start();
        return replicas;
    }

    @Bean(destroyMethod = "close")
    @Lazy
    @ConditionalOnProperty(name = CoordinatorProperties.REPLICATION_MODE, havingValue = "timestamp-log", matchIfMissing = true)
    PrefetchingTimestamps sequencerTimestamps(CoordinatorProperties properties, TimestampClient timestamps,
            ClusterBootstrap.Established established) {
        return PrefetchingTimestamps.fetchingAheadInBackground((floor, count) -> {
            TimestampBlock block = timestamps.next(Math.max(floor, established.floor()), count);
            return block.values().toArray();
        }, properties.timestampBlockSize());
    }

    @Bean(destroyMethod = "close")
    @Lazy
    @ConditionalOnProperty(name = CoordinatorProperties.REPLICATION_MODE, havingValue = "timestamp-log", matchIfMissing = true)
    Sequencer sequencer(CoordinatorProperties properties, Topology topology, InstanceConnector connector,
            PrefetchingTimestamps timestamps, ReplicaSet replicas, CabinetWeights quorum, ClusterBootstrap.Established established,
            Leadership leadership, MasterSchema schema) {
        Sequencer sequencer = new Sequencer(
                new Sequencer.Settings(properties.maxBatchSize(), properties.queueCapacity(), properties.quorumTimeout()),
                topology, id -> connector.open(topology.require(id)), timestamps, replicas, quorum::current,
                established.masterLastTs());
        sequencer.acknowledgedAtLeast(established.acknowledgeableTs());
        sequencer.fenceWith(leadership);
        // Replicas unreachable at start hold writes a previous coordinator may have acknowledged: count them once
        // each replica connects, as the start did for those it reached.
        replicas.onFirstConnection((replica, appliedTs) ->
                sequencer.acknowledgedAtLeast(Math.min(appliedTs, sequencer.lastTs())));
        sequencer.onSchemaChange(schema::schemaChanged);
        sequencer.start();
        return sequencer;
    }

    /** The binlog mode's write path: transactions on the master, replicated by the servers, a quorum of GTID applies. */
    @Bean(destroyMethod = "close")
    @Lazy
    @ConditionalOnProperty(name = CoordinatorProperties.REPLICATION_MODE, havingValue = "binlog")
    BinlogWriter binlogWriter(CoordinatorProperties properties, Topology topology, ReplicaSet replicas,
            CabinetWeights quorum, Leadership leadership, MasterSchema schema, ClusterBootstrap.Established established,
            BinlogCommits commits) {
        InstanceConnector binaryLogged = dataConnector();
        BinlogWriter writer = new BinlogWriter(new BinlogWriter.Settings(properties.binlogWriters(),
                properties.queueCapacity(), properties.quorumTimeout()), topology, binaryLogged::open, replicas,
                quorum::current, commits.lag());
        writer.startedAt(established.masterLastTs());
        writer.acknowledgedAtLeast(established.acknowledgeableTs());
        replicas.onFirstConnection((replica, applied) -> writer.acknowledgedAtLeast(Math.min(applied, writer.lastTs())));
        writer.fenceWith(leadership);
        writer.onSchemaChange(schema::schemaChanged);
        return writer;
    }

    /** The binlog mode's commit times, which the writer records and the replicas' links read as apply latency. */
    record BinlogCommits(ReplicaLag lag) {
    }

    @Bean
    @Lazy
    BinlogCommits binlogCommits() {
        return new BinlogCommits(new ReplicaLag());
    }

    @Bean
    @Lazy
    ReplicaLag replicaLag(WritePath writes) {
        return writes.lag();
    }

    @Bean(destroyMethod = "close")
    @Lazy
    InstancePools instancePools(Topology topology, InstanceConnector connector, CoordinatorProperties properties) {
        return new InstancePools(topology.instances(), connector, properties.poolSize());
    }

    @Bean
    ReadSession readSession(CoordinatorProperties properties) {
        return new ReadSession(properties.readTimeout());
    }

    /** Clients' reads log in as the reader; its sockets outlast the read time limit, so the server's limit ends a read. */
    @Bean(destroyMethod = "close")
    ReadPools readPools(ClusterTopology cluster, ReadSession session, CoordinatorProperties properties) {
        Duration socketTimeout = CLIENT_READ_SOCKET_TIMEOUT.compareTo(properties.readTimeout()) > 0
                ? CLIENT_READ_SOCKET_TIMEOUT : properties.readTimeout().plusSeconds(10);
        InstanceConnector reader = new InstanceConnector(DbCredentials.readerFromEnvironment(), Duration.ofSeconds(2), socketTimeout);
        return new ReadPools(cluster.instances(), reader.properties(), session, properties.poolSize());
    }

    /** Where reads may go comes from this coordinator's appliers while it leads, from the leader's heartbeats otherwise. */
    @Bean
    Reads reads(CoordinatorProperties properties, ReadPools pools, ReadSession session, LeaderEngine engine) {
        ReadLoad load = new ReadLoad();
        return new Reads(new ReadRouter(ReadStrategy.parse(properties.readStrategy()), load),
                new ReadExecutor(load, properties.maxReadRows(), properties.maxResponseSize().toBytes(), session),
                pools::dataSource, engine::readTargets);
    }

    @Bean
    ConsistencyMetrics consistencyMetrics() {
        return new ConsistencyMetrics();
    }

    @Bean
    MasterSchema masterSchema(LeaderEngine engine, InstanceConnector connector) {
        return new MasterSchema(() -> connector.open(engine.master()), engine::epoch);
    }

    @Bean
    LeaderForwarding leaderForwarding(Campaign campaign, ServiceToken serviceToken, CoordinatorProperties properties,
            JsonMapper json) {
        return new LeaderForwarding(campaign, serviceToken, properties.writeTimeout().plusSeconds(5), json);
    }

    @Bean
    QueryExecution queryExecution(CoordinatorProperties properties, LeaderEngine engine, LeaderForwarding leader,
            Reads reads, ConsistencyMetrics metrics, MasterSchema schema) {
        QueryClassifier classifier = new QueryClassifier(properties.database(), schema, UUID::randomUUID,
                () -> ThreadLocalRandom.current().nextDouble(), properties.parseTimeout(),
                properties.mode() == ReplicationMode.BINLOG);
        return new QueryExecution(classifier, engine::writes, leader, reads, metrics, properties.writeTimeout());
    }
}
