/** Waits, polling, until probe() is true; fails naming `what` after a generous deadline. */
export async function until(probe: () => boolean | Promise<boolean>, what = 'the condition', ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
