import { table003 } from './matrix-row.js';
import { A, AS, OWN_AS, TEN, TOOLS, X } from './marks.js';

/** Document 003, Tool Configuration (4 columns). "* Limited to available/enabled tools". */
export const toolConfigurationRows = table003('Tool Configuration', ['system-admin', 'tenant-admin', 'build-engineer', 'developer'], [
  //                       Sys Admin Tenant Admin Build Engineer Developer
  ['sbom-tool-selection',  [A,        TEN,         TOOLS,         TOOLS]],
  ['security-scanner',     [A,        TEN,         TOOLS,         TOOLS]],
  ['registry-selection',   [A,        TEN,         OWN_AS,        X]],
  ['secret-manager',       [A,        TEN,         OWN_AS,        X]],
  ['advanced-options',     [A,        A,           AS,            X]],
]);
