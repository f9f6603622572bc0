import type { Config } from './config.js';
import { useEmbeddedTemporal } from './embedded-temporal.js';

export interface TemporalEndpoint {
  address: string;
  /** True for the data folder's embedded dev server (kept by its supervisor while any process uses it). */
  embedded: boolean;
  /** Ends this process's use of the server; the embedded server stops once no process uses it. */
  stop(): Promise<void>;
}

/**
 * Finds the Temporal server to use: TEMPORAL_ADDRESS when set; else the data folder's embedded dev server
 * (state kept in the data folder, so builds survive a restart), which one supervisor process per folder
 * runs for as long as any process uses it. Mode 'start' starts it when none runs; mode 'attach' (commands
 * that only talk to running builds) never does.
 */
export async function resolveTemporal(config: Config, mode: 'start' | 'attach'): Promise<TemporalEndpoint> {
  if (config.temporalAddress) return { address: config.temporalAddress, embedded: false, stop: async () => {} };
  const server = await useEmbeddedTemporal(config, mode);
  return { address: server.address, embedded: true, stop: async () => server.release() };
}
