package dev.ddb.seer.config;

import dev.ddb.seer.election.PromotionRules;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SeerProperties.class)
class SeerConfiguration {

    /** Static, because the binder needs it before this configuration's own instance exists. */
    @Bean
    @ConfigurationPropertiesBinding
    static PromotionRulesConverter promotionRulesConverter() {
        return new PromotionRulesConverter();
    }

    @Bean
    PromotionRules promotionRules(SeerProperties properties) {
        return new PromotionRules(properties.promotionRules());
    }
}
