import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { w } from "./words.ts";

/** "12:34" or "1:02:03". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh > 0 ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

/** Time since `since`, ticking every second. */
export function CallTimer(props: { since: number }) {
  const now = useSignal(Date.now());
  useEffect(() => {
    const t = setInterval(() => now.value = Date.now(), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span class="timer" data-testid="call-timer" aria-label={w("callDuration")}>
      {formatDuration(now.value - props.since)}
    </span>
  );
}
