package dev.ddb.timestamp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddb.timestamp.allocation.TimestampBlock;

/** {@code first}, {@code last} and {@code count} are present only when the request asked for a count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimestampResponse(
        long timestamp,
        @JsonProperty("server_id") String serverId,
        Long first,
        Long last,
        Integer count) {

    static TimestampResponse single(TimestampBlock block, String serverId) {
        return new TimestampResponse(block.first(), serverId, null, null, null);
    }

    static TimestampResponse block(TimestampBlock block, String serverId) {
        return new TimestampResponse(block.first(), serverId, block.first(), block.last(), block.count());
    }
}
