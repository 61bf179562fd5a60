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
  ctx.resume().finally(tick);
  return () => {
    cancelAnimationFrame(frame);
    source.disconnect();
    ctx.close();
  };
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
