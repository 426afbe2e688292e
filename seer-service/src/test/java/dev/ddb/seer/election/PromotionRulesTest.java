package dev.ddb.seer.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionRulesTest {

    @Test
    void listFormNamesEachInstanceOnceInAnyCaseWithBlanksAndEmptyPairsIgnored() {
        PromotionRules rules = PromotionRules.parse(" instance-2=prefer , instance-4 = NEVER,, instance-3=Neutral,");

        assertThat(rules.rules()).isEqualTo(Map.of(
                "instance-2", PromotionRule.PREFER,
                "instance-4", PromotionRule.NEVER,
                "instance-3", PromotionRule.NEUTRAL));
    }

    @Test
    void instanceWithoutARuleIsNeutral() {
        assertThat(PromotionRules.parse("instance-2=never").ruleFor("instance-3")).isEqualTo(PromotionRule.NEUTRAL);
        assertThat(PromotionRules.parse("").ruleFor("instance-2")).isEqualTo(PromotionRule.NEUTRAL);
        assertThat(PromotionRules.none().ruleFor("instance-2")).isEqualTo(PromotionRule.NEUTRAL);
    }

    @Test
    void unknownRuleIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> PromotionRules.parse("instance-2=prefer,instance-4=sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'sometimes' is not a promotion rule for instance-4; use instance-4=prefer,"
                        + " instance-4=neutral or instance-4=never");
    }

    @Test
    void pairWithoutARuleIsRefused() {
        assertThatThrownBy(() -> PromotionRules.parse("instance-4"))
                .hasMessage("'instance-4' names no rule; write instance-4=prefer, instance-4=neutral or instance-4=never");
    }

    @Test
    void nameThatIsNoInstanceIdIsRefused() {
        assertThatThrownBy(() -> PromotionRules.parse("instance 4=never"))
                .hasMessageStartingWith("'instance 4' is not an instance id");
        assertThatThrownBy(() -> PromotionRules.parse("=never"))
                .hasMessageStartingWith("'' is not an instance id");
        assertThatThrownBy(() -> new PromotionRules(Map.of("-x", PromotionRule.NEVER)))
                .hasMessageStartingWith("'-x' is not an instance id");
    }

    @Test
    void instanceGivenTwoRulesIsRefusedRatherThanResolved() {
        assertThatThrownBy(() -> PromotionRules.parse("instance-2=prefer,instance-2=never"))
                .hasMessage("instance instance-2 is given more than one promotion rule");
    }
}
