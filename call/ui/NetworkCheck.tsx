import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { checkNetwork } from "../network_check.ts";
import { judgeNetwork, type NetworkVerdict } from "../network_verdict.ts";
import { w } from "./words.ts";

/**
 * The pre-call network check: runs once on the pre-call screen (and again on demand) and says in
 * plain words whether the call can connect directly, only through the relay, or maybe not at all.
 * A status region, so screen readers hear the result when it comes.
 */
export function NetworkCheck(props: { rtcConfig: RTCConfiguration }) {
  const verdict = useSignal<NetworkVerdict | null>(null);
  const round = useSignal(0);
  useEffect(() => {
    let live = true;
    verdict.value = null;
    checkNetwork(props.rtcConfig).then((obs) => {
      if (live) verdict.value = judgeNetwork(obs);
    });
    return () => live = false;
  }, [round.value]);
  const v = verdict.value;
  return (
    <div
      class={`notice network-check${v && !v.ok ? " warn" : ""}`}
      role="status"
      data-testid="network-check"
      data-verdict={v?.kind ?? "checking"}
    >
      <strong>{w("net.title")}</strong>
      <p>{v ? v.text : w("net.checking")}</p>
      {v && !v.ok && (
        <button
          type="button"
          onClick={() => round.value++}
          data-testid="network-recheck"
        >
          {w("net.again")}
        </button>
      )}
    </div>
  );
}
