import { adminSettingsRows } from './admin-settings.js';
import { auditRows } from './audit.js';
import { buildConfigRows } from './build-configs.js';
import { buildMethodRows } from './build-methods.js';
import { buildRows } from './builds.js';
import { document000Rows } from './document-000.js';
import { featureMatrixRows, pageFeatureRows } from './document-002.js';
import { coreOperationRows, resourceRuleRows } from './document-004.js';
import type { MatrixRow } from './matrix-row.js';
import { projectOperationRows, projectScopeRows } from './projects.js';
import { roleManagementRows } from './role-management.js';
import { securityRows } from './security.js';
import { tenantRows } from './tenants.js';
import { toolConfigurationRows } from './tool-configuration.js';
import { userRows } from './users.js';

export type { MatrixRow } from './matrix-row.js';

/** Every row of document 003's permission tables, in the document's order. */
export const DOCUMENT_003_ROWS: readonly MatrixRow[] = [
  ...projectScopeRows,
  ...buildConfigRows,
  ...buildRows,
  ...projectOperationRows,
  ...userRows,
  ...roleManagementRows,
  ...tenantRows,
  ...securityRows,
  ...adminSettingsRows,
  ...auditRows,
  ...buildMethodRows,
  ...toolConfigurationRows,
];

/** The rows of documents 004, 000 and 002 that speak about operations of document 003. */
export const OTHER_DOCUMENT_ROWS: readonly MatrixRow[] = [
  ...coreOperationRows,
  ...resourceRuleRows,
  ...document000Rows,
  ...featureMatrixRows,
  ...pageFeatureRows,
];
