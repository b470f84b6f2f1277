/** The backend's own message of a ResponseError (its cause), else the error's. */
export function errorMessage(e: unknown): string {
  const cause = (e as { cause?: { message?: string } }).cause;
  return cause?.message ?? (e as Error).message ?? String(e);
}
