package dev.ddb.stress.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request body of the coordinator's {@code POST /query} for one statement.
 *
 * @param params values for the {@code ?} placeholders; left out when empty
 * @param consistency {@code STRONG} or {@code EVENTUAL}
 * @param minTimestamp the read's lower bound on the replica's applied timestamp; left out when null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record QueryBody(String query, List<Object> params, String consistency,
                        @JsonProperty("min_timestamp") Long minTimestamp) {

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writerFor(QueryBody.class);

    public byte[] toJson() {
        return WRITER.writeValueAsBytes(this);
    }
}
