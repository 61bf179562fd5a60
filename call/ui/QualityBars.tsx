/**
 * A tile's connection-quality bars (three for good, two fair, one poor, none unknown), with the
 * figures in words on hover and on keyboard focus (Escape hides them), and as the accessible name.
 */
import { type ConnectionQuality, describeQuality } from "../connection_quality.ts";
import { dismissableTip } from "./dismissable_tip.ts";

const BARS = { good: 3, fair: 2, poor: 1, unknown: 0 } as const;

/** Quality bars for `quality`, focusable so keyboard users can read the figures. */
export function QualityBars(props: { quality: ConnectionQuality }) {
  const q = props.quality;
  const lit = BARS[q.level];
  const words = describeQuality(q);
  return (
    <span
      class={`quality quality-${q.level}`}
      role="img"
      tabIndex={0}
      aria-label={words}
      data-testid="quality"
      data-level={q.level}
      {...dismissableTip}
    >
      <svg viewBox="0 0 15 12" width="15" height="12" aria-hidden="true" focusable="false">
        {[0, 1, 2].map((i) => (
          <rect
            x={i * 5}
            y={8 - i * 4}
            width="3.5"
            height={4 + i * 4}
            rx="1"
            class={i < lit ? "lit" : undefined}
          />
        ))}
      </svg>
      <span class="quality-tip" aria-hidden="true">{words}</span>
    </span>
  );
}
