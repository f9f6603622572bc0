import { table003 } from './matrix-row.js';
import { A, TEN_COLUMNS, X } from './marks.js';

/** Document 003, ADMIN & SETTINGS MATRIX. */
export const adminSettingsRows = table003('Admin & Settings Matrix', TEN_COLUMNS, [
  //                            Sys Admin Sec Admin Op Admin Auditor Ten Admin Ten Op Build Eng Dev Sec Rev Viewer
  ['tool-availability-all',    [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
  ['tool-availability-tenant', [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
  ['system-settings',          [A,        X,        X,       X,      X,        X,     X,        X,  X,      X]],
  ['registry-credentials',     [A,        X,        A,       X,      A,        X,     X,        X,  X,      X]],
  ['secret-management',        [A,        X,        X,       X,      A,        X,     X,        X,  X,      X]],
]);
