import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db, Dialect } from './database';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_streaming';
import * as m0003 from './migrations/0003_recording';
import * as m0004 from './migrations/0004_exports';
import * as m0005 from './migrations/0005_recording_spans';
import * as m0006 from './migrations/0006_storage';
import * as m0007 from './migrations/0007_alerts';

/** Migrations are compiled in (no file scanning), so dist/ runs the same set as the sources. */
function provider(dialect: Dialect): MigrationProvider {
  const list: Record<string, Migration> = {
    '0001_initial': { up: (db) => m0001.up(db, dialect) },
    '0002_streaming': { up: (db) => m0002.up(db, dialect) },
    '0003_recording': { up: (db) => m0003.up(db) },
    '0004_exports': { up: (db) => m0004.up(db) },
    '0005_recording_spans': { up: (db) => m0005.up(db) },
    '0006_storage': { up: (db) => m0006.up(db) },
    '0007_alerts': { up: (db) => m0007.up(db, dialect) },
  };
  return { getMigrations: async () => list };
}

export async function migrateToLatest(db: Db, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: provider(dialect),
    migrationTableName: 'argus_migrations',
    migrationLockTableName: 'argus_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
