import { table003 } from './matrix-row.js';
import { A, TEN_COLUMNS, X } from './marks.js';

/** Document 003, USER MANAGEMENT MATRIX. */
export const userRows = table003('User Management Matrix', TEN_COLUMNS, [
  //                     Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op Build Eng Dev Sec Rev Viewer
  ['view-users-all',    [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
  ['view-users-tenant', [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['create-user',       [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['edit-user',         [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['delete-user',       [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['suspend-user',      [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['manage-roles',      [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
]);
