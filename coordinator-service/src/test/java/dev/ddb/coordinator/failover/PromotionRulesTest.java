package dev.ddb.coordinator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromotionRulesTest {

    @Test
    void readsTheListSeerServiceReadsAndLeavesOthersNeutral() {
        PromotionRules rules = PromotionRules.parse(" instance-2=prefer, instance-4=NEVER,, ");

        assertThat(rules.ruleFor("instance-2")).isEqualTo(PromotionRule.PREFER);
        assertThat(rules.ruleFor("instance-4")).isEqualTo(PromotionRule.NEVER);
        assertThat(rules.ruleFor("instance-3")).isEqualTo(PromotionRule.NEUTRAL);
        assertThat(PromotionRules.parse("").rules()).isEmpty();
        assertThat(PromotionRules.parse(null).rules()).isEmpty();
    }

    @Test
    void refusesAnUnknownRuleAMissingRuleAndAnInstanceNamedTwice() {
        assertThatThrownBy(() -> PromotionRules.parse("instance-2=always"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'always'");
        assertThatThrownBy(() -> PromotionRules.parse("instance-2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance-2");
        assertThatThrownBy(() -> PromotionRules.parse("instance-2=prefer,instance-2=never"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one");
    }
}
