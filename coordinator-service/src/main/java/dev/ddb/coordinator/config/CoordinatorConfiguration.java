package dev.ddb.coordinator.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ddb.coordinator.api.ConsistencyMetrics;
import dev.ddb.coordinator.api.QueryExecution;
import dev.ddb.coordinator.leader.Leadership;
import dev.ddb.coordinator.query.QueryClassifier;
import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.read.ReadExecutor;
import dev.ddb.coordinator.read.ReadLoad;
import dev.ddb.coordinator.read.ReadPools;
import dev.ddb.coordinator.read.ReadRouter;
import dev.ddb.coordinator.read.ReadSession;
import dev.ddb.coordinator.read.ReadStrategy;
import dev.ddb.coordinator.read.ReadTargets;
import dev.ddb.coordinator.read.Reads;
import dev.ddb.coordinator.read.ReplicaView;
import dev.ddb.coordinator.replication.ApplierSettings;
import dev.ddb.coordinator.replication.ApplierState;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.schema.MasterSchema;
import dev.ddb.coordinator.sequencer.PrefetchingTimestamps;
import dev.ddb.coordinator.sequencer.ReplicaLag;
import dev.ddb.coordinator.sequencer.Sequencer;
import dev.ddb.coordinator.timestamp.TimestampBlock;
import dev.ddb.coordinator.timestamp.TimestampClient;
import dev.ddb.coordinator.topology.ClusterBootstrap;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.DbCredentials;

/** Builds the coordinator's parts from {@code ddb.coordinator.*}; the parts themselves know nothing of Spring. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoordinatorProperties.class)
class CoordinatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorConfiguration.class);
    /** How long a starting coordinator tries to claim a majority before it starts without leading. */
    private static final Duration LEADERSHIP_PATIENCE = Duration.ofSeconds(5);
    private static final Duration LEADERSHIP_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final Duration CLIENT_READ_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    @Bean
    ClusterTopology clusterTopology(CoordinatorProperties properties) {
        String spec = properties.instances();
        return spec == null || spec.isBlank() ? ClusterTopology.localDefault() : ClusterTopology.parse(spec);
    }

    @Bean
    InstanceConnector instanceConnector() {
        return new InstanceConnector(DbCredentials.fromEnvironment(), Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    /**
     * Claims the leadership before anything else touches the instances, so that a coordinator still running against
     * them (started earlier, or suspended and resumed) is fenced before this one reads their state and recovers.
     */
    @Bean(destroyMethod = "close")
    Leadership leadership(CoordinatorProperties properties, ClusterTopology cluster, InstanceConnector connector)
            throws InterruptedException {
        Leadership leadership = new Leadership(properties.id(), cluster.instances(), connector::open);
        if (!leadership.claim(LEADERSHIP_PATIENCE)) {
            log.warn("{} starts without leading; writes answer 503 NOT_LEADER until it claims a majority", properties.id());
        }
        leadership.watchEvery(LEADERSHIP_CHECK_INTERVAL);
        return leadership;
    }

    @Bean
    ClusterBootstrap.Established established(ClusterTopology cluster, InstanceConnector connector, Leadership leadership) {
        return ClusterBootstrap.establish(cluster, connector);
    }

    @Bean
    Topology topology(ClusterTopology cluster, ClusterBootstrap.Established established) {
        return new Topology(cluster, established.masterId(), established.epoch());
    }

    @Bean(destroyMethod = "close")
    ReplicaSet replicaSet(Topology topology, InstanceConnector connector, Leadership leadership) {
        ReplicaSet replicas = new ReplicaSet(topology.replicas(), topology::master, connector, ApplierSettings.defaults());
        replicas.fenceWith(leadership::term);
        replicas.start();
        return replicas;
    }

    @Bean(destroyMethod = "close")
    PrefetchingTimestamps sequencerTimestamps(CoordinatorProperties properties, TimestampClient timestamps,
            ClusterBootstrap.Established established) {
        return PrefetchingTimestamps.fetchingAheadInBackground((floor, count) -> {
            TimestampBlock block = timestamps.next(Math.max(floor, established.floor()), count);
            return block.values().toArray();
        }, properties.timestampBlockSize());
    }

    @Bean(destroyMethod = "close")
    Sequencer sequencer(CoordinatorProperties properties, Topology topology, InstanceConnector connector,
            PrefetchingTimestamps timestamps, ReplicaSet replicas, CabinetWeights quorum, ClusterBootstrap.Established established,
            Leadership leadership) {
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
        sequencer.start();
        return sequencer;
    }

    @Bean
    ReplicaLag replicaLag(Sequencer sequencer) {
        return sequencer.lag();
    }

    @Bean(destroyMethod = "close")
    InstancePools instancePools(Topology topology, InstanceConnector connector, CoordinatorProperties properties) {
        return new InstancePools(topology.instances(), connector, properties.poolSize());
    }

    @Bean
    ReadSession readSession(CoordinatorProperties properties) {
        return new ReadSession(properties.readTimeout());
    }

    /** Clients' reads log in as the reader; its sockets outlast the read time limit, so the server's limit ends a read. */
    @Bean(destroyMethod = "close")
    ReadPools readPools(Topology topology, ReadSession session, CoordinatorProperties properties) {
        Duration socketTimeout = CLIENT_READ_SOCKET_TIMEOUT.compareTo(properties.readTimeout()) > 0
                ? CLIENT_READ_SOCKET_TIMEOUT : properties.readTimeout().plusSeconds(10);
        InstanceConnector reader = new InstanceConnector(DbCredentials.readerFromEnvironment(), Duration.ofSeconds(2), socketTimeout);
        return new ReadPools(topology.instances(), reader.properties(), session, properties.poolSize());
    }

    @Bean
    Reads reads(CoordinatorProperties properties, ReadPools pools, ReadSession session, Topology topology,
            ReplicaSet replicas, ReplicaLag lag) {
        ReadLoad load = new ReadLoad();
        return new Reads(new ReadRouter(ReadStrategy.parse(properties.readStrategy()), load),
                new ReadExecutor(load, properties.maxReadRows(), properties.maxResponseSize().toBytes(), session),
                pools::dataSource, () -> {
                    List<ReplicaView> views = new ArrayList<>();
                    replicas.states().forEach((id, status) -> views.add(new ReplicaView(id,
                            status.state() == ApplierState.LIVE, status.appliedTs(), lag.lagMillis(status.appliedTs()))));
                    return new ReadTargets(topology.master().id(), views);
                });
    }

    @Bean
    ConsistencyMetrics consistencyMetrics() {
        return new ConsistencyMetrics();
    }

    @Bean
    MasterSchema masterSchema(Topology topology, InstanceConnector connector, Sequencer sequencer) {
        MasterSchema schema = new MasterSchema(() -> connector.open(topology.master()), topology::epoch);
        sequencer.onSchemaChange(schema::schemaChanged);
        return schema;
    }

    @Bean
    QueryExecution queryExecution(CoordinatorProperties properties, Sequencer sequencer, Reads reads, ConsistencyMetrics metrics,
            MasterSchema schema) {
        QueryClassifier classifier = new QueryClassifier(properties.database(), schema, UUID::randomUUID,
                () -> ThreadLocalRandom.current().nextDouble(), properties.parseTimeout());
        return new QueryExecution(classifier, sequencer, reads, metrics, properties.writeTimeout());
    }
}
