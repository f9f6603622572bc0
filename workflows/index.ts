// The worker's workflow bundle: every workflow the task queue serves.
export { imageBuild } from './image-build.js';
export { pipeline } from './pipeline.js';
export { auditCheckpoint } from './audit-checkpoint.js';
export { notificationDelivery } from './notification-delivery.js';
export { rescanPromoted } from './rescan-promoted.js';
export { digest } from './digest.js';
