package dev.ddb.coordinator.failover;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules of {@code DDB_PROMOTION_RULES} ({@code instance-2=prefer,instance-4=never}; an instance not named is
 * neutral), parsed the way seer-service parses them, so the coordinator and SEER never disagree on who may lead.
 */
public record PromotionRules(Map<String, PromotionRule> rules) {

    public PromotionRules {
        rules = Map.copyOf(rules);
    }

    /** @throws IllegalArgumentException naming the pair that is not {@code id=prefer|neutral|never}, or a repeated id */
    public static PromotionRules parse(String text) {
        Map<String, PromotionRule> rules = new LinkedHashMap<>();
        if (text != null) {
            for (String pair : text.split(",")) {
                String trimmed = pair.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("promotion rule '" + trimmed + "' is not id=prefer|neutral|never");
                }
                String id = trimmed.substring(0, equals).strip();
                PromotionRule rule = rule(id, trimmed.substring(equals + 1).strip());
                if (rules.putIfAbsent(id, rule) != null) {
                    throw new IllegalArgumentException("instance " + id + " is given more than one promotion rule");
                }
            }
        }
        return new PromotionRules(rules);
    }

    public PromotionRule ruleFor(String instanceId) {
        return rules.getOrDefault(instanceId, PromotionRule.NEUTRAL);
    }

    private static PromotionRule rule(String id, String value) {
        for (PromotionRule rule : PromotionRule.values()) {
            if (rule.name().equalsIgnoreCase(value)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a promotion rule for " + id + "; use prefer, neutral or never");
    }
}
