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

/**
 * At the next call of `object[method]` (which runs inside a transaction),
 * starts `compete` and gives it up to `ms` to finish before the method goes
 * on; with `after`, once the method has run. `promise` is the competitor's;
 * `finishedInside` tells whether it finished meanwhile (no lock held it).
 */
export function competeInside<T extends object>(
  object: T,
  method: keyof T & string,
  compete: () => Promise<unknown>,
  options: { ms?: number; after?: boolean } = {},
) {
  const { ms = 2000, after = false } = options;
  const race: { promise?: Promise<unknown>; finishedInside?: boolean } = {};
  const original = object[method] as (...args: unknown[]) => Promise<unknown>;
  const run = async () => {
    let finished = false;
    race.promise = compete().finally(() => {
      finished = true;
    });
    await settledWithin(race.promise, ms);
    race.finishedInside = finished;
  };
  const spy = jest.spyOn(object as any, method) as jest.SpyInstance;
  spy.mockImplementationOnce(async function inside(
    this: unknown,
    ...args: unknown[]
  ) {
    if (after) {
      const result = await original.apply(this, args);
      await run();
      return result;
    }
    await run();
    return original.apply(this, args);
  });
  return race;
}
