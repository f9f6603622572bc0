import { table003 } from './matrix-row.js';
import { A, AS, DEV, DEV_OWN, OWN_AS, SEVEN, X } from './marks.js';

/** Document 003, BUILD CONFIG OPERATIONS MATRIX. "* Developer: Only Dockerfile/Buildx methods". */
export const buildConfigRows = table003('Build Config Operations Matrix', SEVEN, [
  //                       Sys Admin Tenant Admin Tenant Op Build Eng Developer Sec Rev Viewer
  ['create-build-config', [A,        A,           AS,       AS,       DEV,      X,      X]],
  ['edit-build-config',   [A,        A,           OWN_AS,   OWN_AS,   DEV_OWN,  X,      X]],
  ['delete-build-config', [A,        A,           X,        X,        X,        X,      X]],
  ['view-build-configs',  [A,        A,           AS,       AS,       AS,       A,      AS]],
  ['clone-build-config',  [A,        A,           AS,       AS,       DEV,      X,      X]],
]);
