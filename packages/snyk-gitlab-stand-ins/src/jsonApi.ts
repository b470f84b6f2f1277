import { Request, Response } from 'express';

/** What Snyk's REST API answers in: JSON:API. */
export const JSONAPI = { version: '1.0' };
export const REST_TYPE = 'application/vnd.api+json';

/** A JSON:API error answer. */
export function restError(res: Response, status: number, detail: string) {
  res
    .status(status)
    .type(REST_TYPE)
    .send(
      JSON.stringify({
        jsonapi: JSONAPI,
        errors: [{ status: String(status), detail }],
      }),
    );
}

/**
 * A page of `all` after the `starting_after` cursor, with Snyk's `links`
 * (which keep the `/rest` prefix: clients append them to their base URL).
 * Answers 400 and returns undefined for a cursor that is not in the list.
 */
export function cursorPage<T extends { id: string }>(
  req: Request,
  res: Response,
  all: T[],
  limit: number,
): { slice: T[]; links: { self: string; next?: string } } | undefined {
  const after = req.query.starting_after;
  let start = 0;
  if (after !== undefined) {
    start = all.findIndex(item => item.id === String(after)) + 1;
    if (start === 0) {
      restError(res, 400, 'starting_after is not a cursor of this list');
      return undefined;
    }
  }
  const slice = all.slice(start, start + limit);
  const url = new URL(req.originalUrl, 'http://x');
  const links: { self: string; next?: string } = {
    self: `${url.pathname}${url.search}`,
  };
  if (start + limit < all.length) {
    url.searchParams.set('starting_after', slice[slice.length - 1].id);
    links.next = `${url.pathname}${url.search}`;
  }
  return { slice, links };
}
