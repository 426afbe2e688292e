package dev.ddb.seer.election;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's promotion rule per instance; an instance without one is {@link PromotionRule#NEUTRAL}.
 *
 * <p>Rules name instances that the election may never have seen (the instance list comes from the metrics), so a
 * misspelt name would silently leave a {@code never} unenforced; names are therefore held to the shape of instance ids
 * and a list naming an instance twice is refused rather than resolved.
 */
public record PromotionRules(Map<String, PromotionRule> rules) {

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public PromotionRules {
        if (rules == null) {
            rules = Map.of();
        }
        rules.forEach((id, rule) -> {
            requireInstanceId(id);
            if (rule == null) {
                throw new IllegalArgumentException("instance " + id + " has no promotion rule; use " + choices(id));
            }
        });
        rules = Map.copyOf(rules);
    }

    /** No rules: every instance is neutral. */
    public static PromotionRules none() {
        return new PromotionRules(Map.of());
    }

    /**
     * Reads the list form {@code instance-2=prefer,instance-4=never}: pairs separated by commas, blanks around them and
     * empty pairs ignored, rules in any letter case.
     */
    public static PromotionRules parse(String text) {
        Map<String, PromotionRule> rules = new LinkedHashMap<>();
        if (text == null) {
            return none();
        }
        for (String pair : text.split(",")) {
            String trimmed = pair.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + trimmed + "' names no rule; write " + choices(trimmed));
            }
            String id = trimmed.substring(0, equals).strip();
            requireInstanceId(id);
            PromotionRule rule = rule(id, trimmed.substring(equals + 1).strip());
            if (rules.putIfAbsent(id, rule) != null) {
                throw new IllegalArgumentException("instance " + id + " is given more than one promotion rule");
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
        throw new IllegalArgumentException("'" + value + "' is not a promotion rule for " + id + "; use " + choices(id));
    }

    private static void requireInstanceId(String id) {
        if (id == null || !INSTANCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not an instance id (letters, digits, '.', '_' and '-',"
                    + " such as instance-2)");
        }
    }

    private static String choices(String id) {
        return id + "=prefer, " + id + "=neutral or " + id + "=never";
    }
}
