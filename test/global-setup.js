// Jest loads global setup outside its transform pipeline: tsx lets it run the TypeScript helpers.
import { register } from 'tsx/esm/api';

register();
const { default: globalSetup } = await import('./helpers/global-setup.ts');
export default globalSetup;
