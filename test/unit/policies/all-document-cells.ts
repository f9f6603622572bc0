import { mismatches, type DocumentCell } from './cell-checks.js';
import { document003Cells } from './document-003-cells.js';
import { document004Tests } from './document-004-cells.js';
import { overviewTests } from './documents-000-002-cells.js';

/** Every cell of documents 003, 004, 000 and 002 the tests put to the product. */
export function allDocumentCells(): DocumentCell[] {
  return [
    ...document003Cells(),
    ...document004Tests().flatMap((t) => t.cells),
    ...(['000', '002'] as const).flatMap((d) => overviewTests(d).flatMap((t) => t.cells)),
  ];
}

/** Per `action role`, the documents' cells the product answers otherwise. */
export function disagreements(): Map<string, DocumentCell[]> {
  const found = new Map<string, DocumentCell[]>();
  for (const cell of allDocumentCells()) {
    if (mismatches(cell).length === 0) continue;
    const key = `${cell.action} ${cell.role}`;
    found.set(key, [...(found.get(key) ?? []), cell]);
  }
  return found;
}
