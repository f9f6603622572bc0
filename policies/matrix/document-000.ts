import { documentTable } from './matrix-row.js';
import { A, X } from './marks.js';

/**
 * Document 000, Permission Matrix, By Role: the rows that speak about operations of document 003. Owner is
 * tenant-admin; Admin is read as project-manager (000 describes it as "Project management, team
 * coordination | Project leads", and draws "Tenant Owner --> Project Admin"); Member is developer. The rows
 * left out, and why, are in policies/matrix-conflicts.md and policies/not-ours.md.
 */
export const document000Rows = documentTable(
  { document: '000', table: 'Permission Matrix, By Role' },
  [['Owner', 'tenant-admin'], ['Admin', 'project-manager'], ['Member', 'developer'], ['Viewer', 'viewer']],
  [
    //                                          Owner Admin Member Viewer
    ['View Projects',  ['view-projects'],           [A, A, A, A]],
    ['Create Project', ['create-project'],          [A, X, X, X]],
    ['Delete Project', ['delete-project'],          [A, X, X, X]],
    ['View Builds',    ['view-builds'],             [A, A, A, A]],
    ['Start Build',    ['create-build'],            [A, A, A, X]],
    ['Cancel Build',   ['cancel-build'],            [A, A, X, X]],
    ['Download Logs',  ['view-logs'],               [A, A, A, A]],
    ['Manage Team',    ['manage-project-members'],  [A, A, X, X]],
    ['View Analytics', ['view-project-stats'],      [A, A, X, A]],
  ],
);
