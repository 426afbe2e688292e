package dev.ddb.stress.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The times from a master's SIGKILL to the next acknowledged STRONG write over the rounds of one run, as the issue
 * states its bound: the median and the maximum. A round without any such write counts as missing, not as fast.
 *
 * @param median the middle time (the mean of the two middle ones for an even count), null without any
 * @param max the longest, null without any
 * @param missing rounds in which no write was acknowledged at all
 */
record FailoverTimes(Double median, Double max, int missing) {

    static FailoverTimes of(List<Double> perRound) {
        List<Double> measured = new ArrayList<>(perRound.stream().filter(Objects::nonNull).toList());
        Collections.sort(measured);
        int missing = perRound.size() - measured.size();
        if (measured.isEmpty()) {
            return new FailoverTimes(null, null, missing);
        }
        int middle = measured.size() / 2;
        double median = measured.size() % 2 == 1 ? measured.get(middle)
                : (measured.get(middle - 1) + measured.get(middle)) / 2;
        return new FailoverTimes(ScenarioReport.round(median), measured.get(measured.size() - 1), missing);
    }
}
