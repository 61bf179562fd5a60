/**
 * A live microphone level (0..1) from an audio track, for the pre-call
 * check's meter. Uses an AnalyserNode; stops with the returned function.
 */
export function watchLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(new MediaStream([track]));
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let frame = 0;
  const tick = () => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    // RMS, scaled so that speech fills most of the meter.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    frame = requestAnimationFrame(tick);
  };
  tick();
  const stopResuming = resumeWhenAllowed(ctx);
  return () => {
    stopResuming();
    cancelAnimationFrame(frame);
    source.disconnect();
    ctx.close();
  };
}

/**
 * Starts `ctx`, now if the browser lets the page or else at the first click or key press on it:
 * Firefox's autoplay rule keeps a page's AudioContext suspended until a user gesture there (its
 * `resume()` then never settles), and the meter read silence. Returns a function that stops
 * listening.
 */
function resumeWhenAllowed(ctx: AudioContext): () => void {
  const events = ["pointerdown", "keydown"] as const;
  const stop = () => events.forEach((e) => document.removeEventListener(e, resume, true));
  const resume = () => {
    ctx.resume().then(stop, () => {/* closed meanwhile */});
  };
  resume();
  if (ctx.state !== "running") events.forEach((e) => document.addEventListener(e, resume, true));
  return stop;
}

/** Plays a short two-tone chime on `sinkId` (the speaker test and the dashboard alert). */
export async function playChime(sinkId?: string): Promise<void> {
  const ctx = new AudioContext();
  if (sinkId && "setSinkId" in ctx) {
    await (ctx as AudioContext & { setSinkId(id: string): Promise<void> }).setSinkId(sinkId);
  }
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  gain.gain.value = 0.15;
  const start = ctx.currentTime;
  for (const [i, freq] of [660, 880].entries()) {
    const osc = ctx.createOscillator();
    osc.frequency.value = freq;
    osc.connect(gain);
    osc.start(start + i * 0.18);
    osc.stop(start + i * 0.18 + 0.16);
  }
  setTimeout(() => ctx.close(), 800);
}
