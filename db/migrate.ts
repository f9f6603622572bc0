// Placeholder until the data model lands: applies nothing.
export async function migrateDatabase(_opts: { databaseUrl: string }): Promise<string> {
  return 'up to date';
}
