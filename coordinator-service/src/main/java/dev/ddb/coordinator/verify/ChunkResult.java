package dev.ddb.coordinator.verify;

import java.util.List;

/**
 * One chunk's checksums compared: the master's, and each other instance's that differed.
 *
 * @param compared the instances besides the master whose checksum was read and compared
 * @param unavailable the instances that had not applied the checksum entry within the patience (down, behind, or
 *     stopped): neither proven equal nor different
 */
public record ChunkResult(String table, KeyRange range, long masterRows, List<Mismatch> mismatches,
        List<String> compared, List<String> unavailable) {

    public ChunkResult {
        mismatches = List.copyOf(mismatches);
        compared = List.copyOf(compared);
        unavailable = List.copyOf(unavailable);
    }
}
