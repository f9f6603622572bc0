import { register } from 'tsx/esm/api';

register();
const { default: globalTeardown } = await import('./helpers/global-teardown.ts');
export default globalTeardown;
