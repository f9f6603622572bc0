import { table003 } from './matrix-row.js';
import { A, AS, DEV, OWN, OWN_AS, TEN, TEN_COLUMNS, X } from './marks.js';

/** Document 003, BUILD OPERATIONS MATRIX. "* = Developer: Dockerfile & Buildx only". */
export const buildRows = table003('Build Operations Matrix', TEN_COLUMNS, [
  //                 Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op  Build Eng Dev     Sec Rev Viewer
  ['view-builds',   [A,        A,        A,       A,      TEN,      TEN,    TEN,      TEN,    TEN,    TEN]],
  ['create-build',  [A,        X,        A,       X,      A,        AS,     AS,       DEV,    X,      X]],
  ['edit-build',    [A,        X,        OWN,     X,      A,        OWN_AS, OWN_AS,   OWN_AS, X,      X]],
  ['cancel-build',  [A,        X,        OWN,     X,      A,        OWN_AS, OWN_AS,   OWN_AS, X,      X]],
  ['retry-build',   [A,        X,        OWN,     X,      A,        OWN_AS, OWN_AS,   OWN_AS, X,      X]],
  ['delete-build',  [A,        X,        X,       X,      A,        X,      X,        X,      X,      X]],
  ['view-logs',     [A,        A,        A,       A,      A,        AS,     AS,       AS,     A,      AS]],
  ['approve-build', [A,        A,        X,       X,      A,        X,      X,        X,      A,      X]],
]);
