package dev.ddb.metrics.tracking;

/**
 * A sample stream's last value and its exponential moving average: each sample moves the average
 * {@code alpha} of the way towards itself, and the first sample starts it. With alpha 0.2 a sample's
 * weight halves after about three further samples, so one slow poll barely shows while a lasting
 * change is mostly absorbed within ten.
 *
 * @param last the latest sample, null before the first
 * @param average the moving average, null before the first sample
 */
public record MovingAverage(double alpha, Double last, Double average) {

    public MovingAverage {
        checkAlpha(alpha);
    }

    public static MovingAverage empty(double alpha) {
        return new MovingAverage(alpha, null, null);
    }

    public MovingAverage add(double sample) {
        return new MovingAverage(alpha, sample, average == null ? sample : average + alpha * (sample - average));
    }

    /** @throws IllegalArgumentException unless {@code 0 < alpha <= 1} */
    public static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("a moving average's alpha must be above 0 and at most 1, got " + alpha);
        }
    }
}
