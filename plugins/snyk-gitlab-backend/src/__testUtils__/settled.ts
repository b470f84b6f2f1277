/**
 * Waits until the promise settles or `ms` pass, whichever is first: lets a
 * concurrent write finish, unless a lock makes it wait.
 */
export async function settledWithin(
  promise: Promise<unknown>,
  ms: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise(resolve => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
