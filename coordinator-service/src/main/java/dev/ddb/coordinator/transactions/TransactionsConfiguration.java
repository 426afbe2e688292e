package dev.ddb.coordinator.transactions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;

@Configuration(proxyBeanMethods = false)
@Lazy
class TransactionsConfiguration {

    @Bean
    TransactionHistory transactionHistory(Topology topology, InstancePools pools) {
        return new TransactionHistory(topology, pools::dataSource);
    }
}
