import { table003 } from './matrix-row.js';
import { A, TEN_COLUMNS, X } from './marks.js';

/** Document 003, ROLE MANAGEMENT MATRIX. */
export const roleManagementRows = table003('Role Management Matrix', TEN_COLUMNS, [
  //                     Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op Build Eng Dev Sec Rev Viewer
  ['view-roles-all',    [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
  ['view-roles-tenant', [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['create-role',       [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['edit-role',         [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['delete-role',       [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['assign-roles',      [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
]);
