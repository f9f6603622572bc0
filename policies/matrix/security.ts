import { table003 } from './matrix-row.js';
import { A, AS, TEN_COLUMNS, X } from './marks.js';

/** Document 003, SECURITY OPERATIONS MATRIX. */
export const securityRows = table003('Security Operations Matrix', TEN_COLUMNS, [
  //                        Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op Build Eng Dev Sec Rev Viewer
  ['view-scan-results',    [A,        A,        A,       A,      A,        AS,    AS,       AS, A,      AS]],
  ['view-vulnerabilities', [A,        A,        A,       A,      A,        AS,    AS,       AS, A,      AS]],
  ['quarantine-image',     [A,        A,        A,       X,      A,        X,     X,        X,  X,      X]],
  ['approve-image',        [A,        A,        X,       X,      A,        X,     X,        X,  A,      X]],
  ['reject-image',         [A,        A,        X,       X,      A,        X,     X,        X,  A,      X]],
  ['set-security-policy',  [A,        A,        X,       X,      A,        X,     X,        X,  X,      X]],
]);
