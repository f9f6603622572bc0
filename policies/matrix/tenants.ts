import { table003 } from './matrix-row.js';
import { A, AS, TEN_COLUMNS, X } from './marks.js';

/** Document 003, TENANT MANAGEMENT MATRIX. */
export const tenantRows = table003('Tenant Management Matrix', TEN_COLUMNS, [
  //                       Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op Build Eng Dev Sec Rev Viewer
  ['view-all-tenants',    [A,        X,        X,       A,      X,        X,     X,        X,  X,      X]],
  ['view-tenant-details', [A,        X,        X,       X,      A,        AS,    AS,       AS, A,      X]],
  ['create-tenant',       [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
  ['edit-tenant',         [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['suspend-tenant',      [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
  ['delete-tenant',       [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
  ['manage-quotas',       [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
]);
