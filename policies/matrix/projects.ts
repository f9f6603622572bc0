import { table003 } from './matrix-row.js';
import { A, AS, SEVEN, TEN, TEN_COLUMNS, X } from './marks.js';

/** Document 003, PROJECT SCOPE OPERATIONS MATRIX (its Scope column describes the resource, not a role). */
export const projectScopeRows = table003('Project Scope Operations Matrix', SEVEN, [
  //                          Sys Admin Tenant Admin Tenant Op Build Eng Developer Sec Rev Viewer
  ['view-projects',          [A,        TEN,         TEN,      AS,       AS,       X,      AS]],
  ['create-project',         [A,        A,           AS,       X,        X,        X,      X]],
  ['edit-project',           [A,        A,           AS,       X,        X,        X,      X]],
  ['delete-project',         [A,        A,           X,        X,        X,        X,      X]],
  ['manage-project-members', [A,        A,           AS,       AS,       X,        X,      X]],
  ['set-project-quota',      [A,        A,           AS,       X,        X,        X,      X]],
  ['archive-project',        [A,        A,           X,        X,        X,        X,      X]],
]);

/** Document 003, PROJECT OPERATIONS MATRIX. */
export const projectOperationRows = table003('Project Operations Matrix', TEN_COLUMNS, [
  //                      Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op Build Eng Dev  Sec Rev Viewer
  ['view-projects',      [A,        X,        A,       X,      TEN,      TEN,   TEN,      TEN, X,      TEN]],
  ['create-project',     [A,        X,        A,       X,      A,        AS,    X,        X,   X,      X]],
  ['edit-project',       [A,        X,        A,       X,      A,        AS,    X,        X,   X,      X]],
  ['delete-project',     [A,        X,        A,       X,      A,        AS,    X,        X,   X,      X]],
  ['view-project-stats', [A,        A,        A,       A,      A,        AS,    AS,       AS,  A,      AS]],
]);
