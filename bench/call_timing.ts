/**
 * In-page clocks for call set-up timing, as init scripts: when the professional clicked
 * "Join call" (kept in sessionStorage, should the click load another page), and when the page's
 * remote video presented its first frame (requestVideoFrameCallback, with a videoWidth poll as a
 * fallback). Times are epoch ms, so pages of different contexts share one clock.
 */

/** Records the "Join call" click in `sessionStorage.__joinClickAt`. */
export const RECORD_JOIN_CLICK = `
  addEventListener("click", (e) => {
    const el = e.target instanceof Element ? e.target.closest("a,button") : null;
    if (el && /Join call/.test(el.textContent || "")) {
      sessionStorage.setItem("__joinClickAt", String(performance.timeOrigin + performance.now()));
    }
  }, true);
`;

/**
 * Sets `window.__firstRemoteFrameAt` once the remote video shows a frame (bounded: 5 min). A video
 * not shown (the call view drawn ahead is closed until the click) does not count.
 */
export const RECORD_FIRST_REMOTE_FRAME = `
  (() => {
    const now = () => performance.timeOrigin + performance.now();
    const mark = () => { window.__firstRemoteFrameAt ??= now(); };
    let hooked = null;
    const started = Date.now();
    const poll = setInterval(() => {
      const v = document.querySelector('[data-testid="remote-video"]');
      if (v && v !== hooked && "requestVideoFrameCallback" in v) {
        hooked = v;
        v.requestVideoFrameCallback(mark);
      }
      if (v && v.videoWidth > 0 && v.checkVisibility()) mark();
      if (window.__firstRemoteFrameAt !== undefined || Date.now() - started > 300000) {
        clearInterval(poll);
      }
    }, 4);
  })();
`;

/**
 * Sets `window.__remoteFramesAt` once `n` remote videos of the page show frames at the same time
 * (a videoWidth poll, as the floors use, of videos that are shown; bounded: 5 min). For the
 * four-person call: n = 3.
 */
export function recordRemoteFrames(n: number): string {
  return `
  (() => {
    const started = Date.now();
    const poll = setInterval(() => {
      const playing = [...document.querySelectorAll('[data-testid="remote-video"]')]
        .filter((v) => v.videoWidth > 0 && v.checkVisibility()).length;
      if (playing >= ${n}) window.__remoteFramesAt ??= performance.timeOrigin + performance.now();
      if (window.__remoteFramesAt !== undefined || Date.now() - started > 300000) {
        clearInterval(poll);
      }
    }, 4);
  })();
`;
}

/**
 * The floor, run inside one page: two RTCPeerConnections and no server. The client's media is
 * taken before the clock starts (in the app the client already has it from the pre-call check);
 * the clock covers the professional's getUserMedia, offer / answer / ICE handed over directly,
 * and the first frame on both videos. `constraints` are the app's own, and `encoding` is what the
 * app's camera senders start with (half size: at 720p on a new connection libwebrtc drops the
 * first frames, ~140 ms; call/sender_bitrate.ts START_SMALL_MS), set before the offer, so both
 * sides move the same media.
 *
 * With `freshCamera`, the professional's camera is opened from a same-origin iframe: a new
 * capture source, as the professional's own page opens in the app. Without it, the page's second
 * getUserMedia reuses the source already running for the client (~5 ms), a head start no
 * professional has. Returns milliseconds.
 */
export async function floorCall(
  { constraints, freshCamera, encoding }: {
    constraints: MediaStreamConstraints;
    freshCamera: boolean;
    encoding: { maxBitrate?: number; scaleResolutionDownBy: number };
  },
): Promise<{ both: number; pro: number; client: number }> {
  const clientStream = await navigator.mediaDevices.getUserMedia(constraints);
  const frame = document.createElement("iframe");
  frame.allow = "camera; microphone";
  document.body.append(frame);
  const proDevices = freshCamera
    ? frame.contentWindow!.navigator.mediaDevices
    : navigator.mediaDevices;
  const t0 = performance.now();
  const proStream = await proDevices.getUserMedia(constraints);
  const client = new RTCPeerConnection();
  const pro = new RTCPeerConnection();
  client.onicecandidate = (e) => e.candidate && pro.addIceCandidate(e.candidate);
  pro.onicecandidate = (e) => e.candidate && client.addIceCandidate(e.candidate);
  const video = (pc: RTCPeerConnection) => {
    const v = document.createElement("video");
    v.muted = true;
    v.autoplay = true;
    v.playsInline = true;
    document.body.append(v);
    pc.ontrack = (e) => {
      if (v.srcObject !== e.streams[0]) v.srcObject = e.streams[0];
    };
    return new Promise<number>((resolve, reject) => {
      const deadline = performance.now() + 30_000;
      const check = () => {
        if (v.videoWidth > 0) resolve(performance.now());
        else if (performance.now() > deadline) {
          reject(new Error("no frame in 30 s"));
        } else setTimeout(check, 4);
      };
      check();
    }).finally(() => v.remove());
  };
  const clientFrame = video(client);
  const proFrame = video(pro);
  for (const t of clientStream.getTracks()) client.addTrack(t, clientStream);
  for (const t of proStream.getTracks()) pro.addTrack(t, proStream);
  for (const pc of [client, pro]) {
    const sender = pc.getSenders().find((s) => s.track?.kind === "video");
    const params = sender?.getParameters();
    if (!sender || !params?.encodings[0]) continue;
    params.encodings[0].maxBitrate = encoding.maxBitrate;
    params.encodings[0].scaleResolutionDownBy = encoding.scaleResolutionDownBy;
    await sender.setParameters(params);
  }
  const offer = await client.createOffer();
  await client.setLocalDescription(offer);
  await pro.setRemoteDescription(offer);
  const answer = await pro.createAnswer();
  await pro.setLocalDescription(answer);
  await client.setRemoteDescription(answer);
  const [c, p] = await Promise.all([clientFrame, proFrame]);
  client.close();
  pro.close();
  for (const t of [...clientStream.getTracks(), ...proStream.getTracks()]) {
    t.stop();
  }
  frame.remove();
  return { both: Math.max(c, p) - t0, pro: p - t0, client: c - t0 };
}

/**
 * The floor of an n-person call (a full mesh), run inside one page with no server: n virtual
 * pages, one RTCPeerConnection per pair and side (n·(n−1)/2 pairs; each virtual page holds n−1
 * connections), every connection sending its page's camera and microphone with the encoding the
 * app gives a camera sender for n−1 peers (`encoding`: bitrate and picture size, set before
 * the offer, as the app sets it before a camera's first frame reaches the encoder). As in the app's call,
 * the others' media is taken before the clock starts (they waited with it) and the professional's
 * camera is opened at the start as a new capture source (a same-origin iframe). The clock runs
 * from that start to the first frame from every peer on every virtual page: n·(n−1) remote
 * videos. Returns milliseconds: `all` (the last of them), and per virtual page its last one.
 */
export async function meshFloorCall(
  { constraints, people, encoding }: {
    constraints: MediaStreamConstraints;
    people: number;
    encoding: { maxBitrate?: number; scaleResolutionDownBy: number };
  },
): Promise<{ all: number; perPage: number[] }> {
  const frame = document.createElement("iframe");
  frame.allow = "camera; microphone";
  document.body.append(frame);
  const others: MediaStream[] = [];
  for (let i = 1; i < people; i++) {
    others.push(await navigator.mediaDevices.getUserMedia(constraints));
  }
  const t0 = performance.now();
  const streams = [await frame.contentWindow!.navigator.mediaDevices.getUserMedia(constraints)]
    .concat(others);
  const pcs: RTCPeerConnection[] = [];
  const firstFrame = (pc: RTCPeerConnection): Promise<number> => {
    const v = document.createElement("video");
    v.muted = true;
    v.autoplay = true;
    v.playsInline = true;
    document.body.append(v);
    pc.ontrack = (e) => {
      if (v.srcObject !== e.streams[0]) v.srcObject = e.streams[0];
    };
    return new Promise<number>((resolve, reject) => {
      const deadline = performance.now() + 60_000;
      const check = () => {
        if (v.videoWidth > 0) resolve(performance.now());
        else if (performance.now() > deadline) reject(new Error("no frame in 60 s"));
        else setTimeout(check, 4);
      };
      check();
    }).finally(() => v.remove());
  };
  /** Gives the camera sender the app's encoding for this many peers. */
  const encode = async (pc: RTCPeerConnection) => {
    const sender = pc.getSenders().find((s) => s.track?.kind === "video");
    const params = sender?.getParameters();
    if (!sender || !params?.encodings[0]) return;
    params.encodings[0].maxBitrate = encoding.maxBitrate;
    params.encodings[0].scaleResolutionDownBy = encoding.scaleResolutionDownBy;
    await sender.setParameters(params);
  };
  /** frames[i]: the first-frame times of virtual page i's remote videos. */
  const frames: Promise<number>[][] = streams.map(() => []);
  const negotiations: Promise<void>[] = [];
  for (let a = 0; a < people; a++) {
    for (let b = a + 1; b < people; b++) {
      const pa = new RTCPeerConnection();
      const pb = new RTCPeerConnection();
      pcs.push(pa, pb);
      pa.onicecandidate = (e) => e.candidate && pb.addIceCandidate(e.candidate);
      pb.onicecandidate = (e) => e.candidate && pa.addIceCandidate(e.candidate);
      frames[a].push(firstFrame(pa));
      frames[b].push(firstFrame(pb));
      for (const t of streams[a].getTracks()) pa.addTrack(t, streams[a]);
      for (const t of streams[b].getTracks()) pb.addTrack(t, streams[b]);
      negotiations.push((async () => {
        await Promise.all([encode(pa), encode(pb)]);
        const offer = await pa.createOffer();
        await pa.setLocalDescription(offer);
        await pb.setRemoteDescription(offer);
        const answer = await pb.createAnswer();
        await pb.setLocalDescription(answer);
        await pa.setRemoteDescription(answer);
      })());
    }
  }
  await Promise.all(negotiations);
  const perPage = await Promise.all(frames.map((f) => Promise.all(f)));
  for (const pc of pcs) pc.close();
  for (const s of streams) for (const t of s.getTracks()) t.stop();
  frame.remove();
  const last = perPage.map((times) => Math.max(...times) - t0);
  return { all: Math.max(...last), perPage: last };
}
