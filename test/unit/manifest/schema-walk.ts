/** Walks the manifest schema by field, following $ref, for tests of the schema and its documentation. */
type Node = Record<string, unknown>;

export interface Field {
  /** `images.<name>.scan.fail_on` (maps use `<name>`, list items `[]`). */
  path: string;
  node: Node;
}

export function schemaFields(root: Node): Field[] {
  const defs = (root.definitions ?? {}) as Record<string, Node>;
  const resolve = (node: Node): Node => (typeof node.$ref === 'string' ? { ...resolve(defs[node.$ref.replace('#/definitions/', '')]), ...node, $ref: undefined } : node);
  const fields: Field[] = [];
  const visit = (raw: Node, path: string, depth: number) => {
    if (depth > 12) return;
    const node = resolve(raw);
    for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      const childPath = path ? `${path}.${name}` : name;
      fields.push({ path: childPath, node: resolve(child) });
      visit(child, childPath, depth + 1);
    }
    if (node.additionalProperties && typeof node.additionalProperties === 'object') visit(node.additionalProperties as Node, `${path}.<name>`, depth + 1);
    if (node.items && typeof node.items === 'object') visit(node.items as Node, `${path}[]`, depth + 1);
    for (const branch of (node.anyOf ?? []) as Node[]) visit(branch, path, depth + 1);
  };
  visit(root, '', 0);
  return fields;
}

/** Every object schema in the tree (after $ref), with where it is. */
export function objectSchemas(root: Node): { where: string; node: Node }[] {
  const found: { where: string; node: Node }[] = [];
  const visit = (node: unknown, where: string) => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Node;
    if (n.type === 'object' && n.properties) found.push({ where, node: n });
    for (const [k, v] of Object.entries(n)) visit(v, `${where}/${k}`);
  };
  visit(root, '#');
  return found;
}
