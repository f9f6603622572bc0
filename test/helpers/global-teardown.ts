export default async function globalTeardown(): Promise<void> {
  await globalThis.__IMAGEFACTORY_TEST_TEMPORAL__?.stop();
  await globalThis.__IMAGEFACTORY_TEST_DB_DROP__?.();
  await globalThis.__IMAGEFACTORY_TEST_AUDIT_KEY_REMOVE__?.();
}
