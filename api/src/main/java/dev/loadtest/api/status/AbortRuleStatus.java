package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * An abort rule that holds now: since when, and its latest value. Kept in status so the window
 * survives an operator restart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AbortRuleStatus {
    @JsonPropertyDescription("The rule, as written.")
    public String rule;

    @JsonPropertyDescription("Since when the rule has held without a break (RFC 3339).")
    public String holdingSince;

    @JsonPropertyDescription("The latest measured value, e.g. rate=7.20%.")
    public String measured;

    public AbortRuleStatus() {}

    public AbortRuleStatus(String rule, String holdingSince, String measured) {
        this.rule = rule;
        this.holdingSince = holdingSince;
        this.measured = measured;
    }
}
