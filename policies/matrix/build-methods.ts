import { table003 } from './matrix-row.js';
import { A, AS, X } from './marks.js';

/** Document 003, BUILD METHOD AVAILABILITY BY ROLE (5 columns; other roles answer by inheritance). */
export const buildMethodRows = table003('Build Method Availability By Role', ['system-admin', 'build-engineer', 'tenant-operator', 'developer', 'viewer'], [
  //                       Sys Admin Build Eng Tenant Op Developer Viewer
  ['packer-infrastructure', [A,        AS,       AS,       X,        X]],
  ['paketo-buildpacks',     [A,        AS,       AS,       X,        X]],
  ['kaniko-k8s-native',     [A,        AS,       AS,       X,        X]],
  ['dockerfile-buildx',     [A,        AS,       AS,       AS,       X]],
]);
