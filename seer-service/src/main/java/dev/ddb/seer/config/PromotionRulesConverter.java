package dev.ddb.seer.config;

import dev.ddb.seer.election.PromotionRule;
import dev.ddb.seer.election.PromotionRules;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;

/**
 * Lets {@code ddb.seer.promotion-rules} be one string, which is the only form an environment variable can carry
 * faithfully: Spring's relaxed binding would turn {@code DDB_SEER_PROMOTIONRULES_INSTANCE2} into the key
 * {@code instance2}.
 */
class PromotionRulesConverter implements Converter<String, Map<String, PromotionRule>> {

    @Override
    public Map<String, PromotionRule> convert(String text) {
        try {
            return PromotionRules.parse(text).rules();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SeerProperties.PROMOTION_RULES_KEY + ": " + e.getMessage());
        }
    }
}
