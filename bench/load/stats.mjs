/** Percentiles of latency samples (milliseconds). */

/** p50 / p99 / p99.9 / max of `samples`, in ms rounded to 0.01; nulls when empty. */
export function summarize(samples) {
  if (samples.length === 0) {
    return { count: 0, p50: null, p99: null, p999: null, max: null };
  }
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return {
    count: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    max: round(sorted[sorted.length - 1]),
  };
}

const round = (x) => Math.round(x * 100) / 100;
