import { ACTION_IDS, type ActionId } from './actions.js';
import { describeCell } from './cells.js';
import { MATRIX } from './effective-matrix.js';
import { ROLE_IDS, type RoleId } from './roles.js';

export interface MatrixLine {
  action: ActionId;
  /** Per role: `allow`, `deny`, or `allow if <condition> and <condition>`. */
  cells: Record<RoleId, string>;
}

/**
 * The matrix as the product enforces it, one line per action (document 003's order), one cell per role id
 * (ROLE_IDS order): what `imagefactory can --matrix` prints and the permissions part of the compliance report.
 */
export function describeMatrix(): MatrixLine[] {
  return ACTION_IDS.map((action) => ({
    action,
    cells: Object.fromEntries(ROLE_IDS.map((role) => [role, describeCell(MATRIX[action][role].cell)])) as Record<RoleId, string>,
  }));
}
