/** Median, quartiles and range of a bench's samples. */

/** Median and spread of a set of samples (ms, or a ratio). */
export interface Spread {
  median: number;
  min: number;
  p25: number;
  p75: number;
  max: number;
}

/** The q-quantile of sorted `s`, interpolated between neighbours. */
function quantile(s: number[], q: number): number {
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

/** The median of `xs`, rounded to a tenth. */
export function median(xs: number[]): number {
  return Math.round(quantile([...xs].sort((a, b) => a - b), 0.5) * 10) / 10;
}

/** Median, quartiles and range of `xs`, rounded to `digits`. */
export function spreadOf(xs: number[], digits = 1): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    median: r(quantile(s, 0.5)),
    min: r(s[0]),
    p25: r(quantile(s, 0.25)),
    p75: r(quantile(s, 0.75)),
    max: r(s[s.length - 1]),
  };
}
