import {
  FragmentDefinitionNode,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  getNamedType,
  isObjectType,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';

/**
 * How a query is scored. GitLab's own field code (`gitlab`): 1 per field, +1
 * for fields that call Gitaly, and a connection's score grows by 1% per
 * requested item. graphql-ruby's default (`strict`): a connection multiplies
 * its items' score by the page size.
 */
export type ComplexityModel = 'gitlab' | 'strict';

export const MAX_PAGE_SIZE = 100;

/** Fields that GitLab resolves through Gitaly. */
const GITALY_FIELDS = new Set([
  'Repository.rootRef',
  'Repository.empty',
  'Repository.exists',
  'Repository.blobs',
  'Repository.tree',
  'Repository.paginatedTree',
  'RepositoryBlob.rawTextBlob',
  'RepositoryBlob.rawBlob',
  'RepositoryBlob.plainData',
]);

const ITEM_FIELDS = new Set(['nodes', 'edges']);

/** The page a connection field asks for: `first`/`last`, else the paths it names, else the maximum. */
export function pageSize(args: Record<string, unknown>): number {
  const asked =
    (args.first as number | undefined) ??
    (args.last as number | undefined) ??
    (Array.isArray(args.paths) ? args.paths.length : undefined) ??
    MAX_PAGE_SIZE;
  return Math.min(Math.max(asked, 0), MAX_PAGE_SIZE);
}

/** The complexity score of one operation under the given model. */
export function scoreOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  model: ComplexityModel,
): number {
  const score = (set: SelectionSetNode, type: GraphQLObjectType): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === 'FragmentSpread') {
        const fragment = fragments[selection.name.value];
        const on = schema.getType(fragment.typeCondition.name.value);
        if (isObjectType(on)) total += score(fragment.selectionSet, on);
        continue;
      }
      if (selection.kind === 'InlineFragment') {
        const name = selection.typeCondition?.name.value;
        const on = name ? schema.getType(name) : type;
        if (isObjectType(on)) total += score(selection.selectionSet, on);
        continue;
      }
      const field = type.getFields()[selection.name.value];
      if (!field) continue; // __typename and the like cost nothing
      const own = 1 + (GITALY_FIELDS.has(`${type.name}.${field.name}`) ? 1 : 0);
      const named = getNamedType(field.type);
      if (!selection.selectionSet || !isObjectType(named)) {
        total += own;
        continue;
      }
      if (!named.name.endsWith('Connection')) {
        total += own + score(selection.selectionSet, named);
        continue;
      }
      const size = pageSize(getArgumentValues(field, selection, variables));
      let items = 0;
      let meta = 0;
      for (const child of selection.selectionSet.selections) {
        const part = score(
          { kind: Kind.SELECTION_SET, selections: [child] },
          named,
        );
        if (child.kind === 'Field' && ITEM_FIELDS.has(child.name.value)) {
          items += part;
        } else meta += part;
      }
      total +=
        model === 'gitlab'
          ? Math.ceil((own + meta + items) * (1 + size / 100))
          : own + meta + size * items;
    }
    return total;
  };
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : schema.getMutationType();
  return root ? score(operation.selectionSet, root) : 0;
}
