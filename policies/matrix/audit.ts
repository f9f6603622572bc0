import { table003 } from './matrix-row.js';
import { A, TEN_COLUMNS, X } from './marks.js';

/** Document 003, AUDIT & COMPLIANCE MATRIX. */
export const auditRows = table003('Audit & Compliance Matrix', TEN_COLUMNS, [
  //                           Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op Build Eng Dev Sec Rev Viewer
  ['view-audit-logs-all',     [A,        A,        A,       A,      X,        X,     X,        X,  X,      X]],
  ['view-audit-logs-tenant',  [A,        A,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['export-audit-logs',       [A,        A,        X,       A,      A,        X,     X,        X,  X,      X]],
  ['view-compliance-reports', [A,        A,        X,       A,      A,        X,     X,        X,  X,      X]],
  ['generate-report',         [A,        A,        X,       A,      A,        X,     X,        X,  X,      X]],
]);
