/** Waiting with a time limit, for shutdowns that must not hang on what they wait for. */

/** Whether `p` settles (fulfils or rejects) within `ms`; the timer is cleared either way. */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([p.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
