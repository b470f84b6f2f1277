import {
  INVENTORY_DEFAULT_LIMIT,
  INVENTORY_FILTERS,
  INVENTORY_MAX_LIMIT,
  INVENTORY_MAX_QUERY_LENGTH,
  INVENTORY_SORTS,
  InventoryFilter,
  InventoryRow,
  snykGitlabIntegrationReadPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { InventoryQueries } from '../database/inventoryQuery';
import { Access } from './access';
import { csvLine } from './csv';
import { hostParam, validate } from './validation';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/** Inventory filters: a comma list (or a list); every one must be known. */
export const inventoryFilters = z
  .union([z.string().max(500), z.array(z.string().max(100)).max(20)])
  .transform((value, ctx) => {
    const names = (Array.isArray(value) ? value.join(',') : value)
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
    for (const name of names) {
      if (!(INVENTORY_FILTERS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `unknown filter "${name.slice(
            0,
            40,
          )}"; use ${INVENTORY_FILTERS.join(', ')}`,
        });
        return z.NEVER;
      }
    }
    return [...new Set(names)] as InventoryFilter[];
  });

/** A case-insensitive path substring. */
export const inventoryText = z
  .string()
  .max(INVENTORY_MAX_QUERY_LENGTH)
  .refine(v => !CONTROL.test(v), 'must not contain control characters')
  .transform(v => v.trim() || undefined);

const selection = {
  host: hostParam.optional(),
  filter: inventoryFilters.optional(),
  q: inventoryText.optional(),
  sort: z.enum(INVENTORY_SORTS).default('path'),
  order: z.enum(['asc', 'desc']).default('asc'),
};

/** `GET /inventory/export.csv`: the table's filters and order, no paging. */
export const inventoryExportQuery = z.object(selection).strict();

/** `GET /inventory`. */
export const inventoryQuery = z
  .object({
    ...selection,
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(INVENTORY_MAX_LIMIT)
      .default(INVENTORY_DEFAULT_LIMIT),
  })
  .strict();

const CSV_HEADER = [
  'host',
  'projectId',
  'path',
  'webUrl',
  'entityRef',
  'owner',
  'system',
  'catalogFile',
  'catalogProblems',
  'orgId',
  'targetId',
  'imported',
  'critical',
  'high',
  'medium',
  'low',
  'importState',
  'importError',
];

function csvRow(r: InventoryRow): string {
  return csvLine([
    r.host,
    r.projectId,
    r.path,
    r.webUrl,
    r.entityRef,
    r.owner,
    r.system,
    r.catalogFile.present ? 'present' : 'missing',
    r.catalogFile.problems.join('; '),
    r.orgId,
    r.targetId,
    r.imported ? 'yes' : 'no',
    r.issueCounts?.critical,
    r.issueCounts?.high,
    r.issueCounts?.medium,
    r.issueCounts?.low,
    r.importState,
    r.importError,
  ]);
}

/** Resolves once the response drained, or closed (the client went away). */
function drained(res: express.Response) {
  return new Promise<void>(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * The platform engineer's inventory table and its CSV export; both need
 * `snyk-gitlab.integration.read`.
 */
export function inventoryRoutes(options: {
  access: Access;
  inventoryQueries: InventoryQueries;
}): express.Router {
  const { access, inventoryQueries } = options;
  const router = Router();

  const authorize = async (req: express.Request) =>
    access.require(
      await access.caller(req),
      snykGitlabIntegrationReadPermission,
    );

  router.get('/inventory', async (req, res) => {
    await authorize(req);
    const { offset, limit, ...query } = validate(
      inventoryQuery,
      req.query,
      'query',
    );
    res.json(
      await inventoryQueries.page(
        { ...query, filter: query.filter ?? [] },
        offset,
        limit,
      ),
    );
  });

  // Streamed a chunk at a time: memory stays bounded at any inventory size.
  router.get('/inventory/export.csv', async (req, res) => {
    await authorize(req);
    const query = validate(inventoryExportQuery, req.query, 'query');
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="snyk-gitlab-inventory.csv"',
    );
    res.setHeader('Cache-Control', 'no-store');
    res.write(csvLine(CSV_HEADER));
    try {
      for await (const rows of inventoryQueries.chunks({
        ...query,
        filter: query.filter ?? [],
      })) {
        if (closed) return;
        if (!res.write(rows.map(csvRow).join(''))) await drained(res);
      }
      res.end();
    } catch (error) {
      // The header is out: the client sees a cut download, not a CSV that looks whole.
      res.destroy(error as Error);
    }
  });

  return router;
}
