package dev.ddb.seer.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.seer.election.PromotionRule;
import dev.ddb.seer.election.PromotionRules;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Promotion rules and the metrics URL are checked when the service starts, and a mistake stops it with its key. */
class SeerPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SeerConfiguration.class)
            .withPropertyValues(
                    "ddb.seer.metrics-url=http://127.0.0.1:9003",
                    "ddb.seer.metrics-connect-timeout=250ms",
                    "ddb.seer.metrics-read-timeout=500ms");

    @Test
    void rulesBindAsAMap() {
        context.withPropertyValues("ddb.seer.promotion-rules.instance-2=prefer",
                "ddb.seer.promotion-rules.instance-4=never").run(started -> {
                    PromotionRules rules = started.getBean(PromotionRules.class);
                    assertThat(rules.ruleFor("instance-2")).isEqualTo(PromotionRule.PREFER);
                    assertThat(rules.ruleFor("instance-4")).isEqualTo(PromotionRule.NEVER);
                    assertThat(rules.ruleFor("instance-3")).isEqualTo(PromotionRule.NEUTRAL);
                });
    }

    @Test
    void rulesBindAsTheListAnEnvironmentVariableCarries() {
        context.withPropertyValues("ddb.seer.promotion-rules=instance-2=prefer, instance-4=never").run(started -> {
            PromotionRules rules = started.getBean(PromotionRules.class);
            assertThat(rules.ruleFor("instance-2")).isEqualTo(PromotionRule.PREFER);
            assertThat(rules.ruleFor("instance-4")).isEqualTo(PromotionRule.NEVER);
        });
    }

    @Test
    void emptyRulesLeaveEveryInstanceNeutral() {
        context.withPropertyValues("ddb.seer.promotion-rules=").run(started ->
                assertThat(started.getBean(PromotionRules.class).rules()).isEmpty());
        context.run(started -> assertThat(started.getBean(PromotionRules.class).rules()).isEmpty());
    }

    @Test
    void unknownRuleInTheListStopsTheStartNamingKeyInstanceAndChoices() {
        context.withPropertyValues("ddb.seer.promotion-rules=instance-2=prefer,instance-4=sometimes").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessage(
                        "ddb.seer.promotion-rules (DDB_PROMOTION_RULES): 'sometimes' is not a promotion rule for"
                                + " instance-4; use instance-4=prefer, instance-4=neutral or instance-4=never"));
    }

    @Test
    void nameThatIsNoInstanceIdStopsTheStart() {
        context.withPropertyValues("ddb.seer.promotion-rules=instance 4=never").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "ddb.seer.promotion-rules (DDB_PROMOTION_RULES): 'instance 4' is not an instance id"));
    }

    @Test
    void unknownRuleInTheMapStopsTheStartNamingTheKey() {
        context.withPropertyValues("ddb.seer.promotion-rules.instance-4=sometimes").run(started ->
                assertThat(started).hasFailed().getFailure()
                        .hasStackTraceContaining("ddb.seer.promotion-rules.instance-4")
                        .hasStackTraceContaining("sometimes"));
    }

    @Test
    void metricsUrlThatIsNoHttpUrlStopsTheStart() {
        context.withPropertyValues("ddb.seer.metrics-url=localhost:9003").run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessageStartingWith(
                        "ddb.seer.metrics-url (DDB_METRICS_URL) must be an http URL"));
    }
}
