import type { Kysely } from 'kysely';

/**
 * Storage management: tiers (the built-in hot tier `local` is DATA_DIR/recordings), lifecycle policies
 * (per camera or the default with camera_id null), legal holds, and the mover's journal.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('storage_tiers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('config', 'varchar(4000)', (c) => c.notNull())
    .addColumn('secret', 'varchar(2000)')
    .addColumn('quota_bytes', 'bigint')
    .addColumn('floor_percent', 'integer')
    .addColumn('floor_bytes', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('storage_policies')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('camera_id', 'varchar(36)', (c) => c.unique())
    .addColumn('warm_after_days', 'integer')
    .addColumn('warm_tier_id', 'varchar(36)')
    .addColumn('cold_after_days', 'integer')
    .addColumn('cold_tier_id', 'varchar(36)')
    .addColumn('delete_after_days', 'integer')
    .addColumn('quota_bytes', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('camera_id', 'varchar(36)')
    .addColumn('from_at', 'bigint')
    .addColumn('to_at', 'bigint')
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('released_at', 'bigint')
    .addColumn('released_by', 'varchar(320)')
    .execute();

  await db.schema
    .createTable('storage_moves')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('recording_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('from_tier', 'varchar(36)', (c) => c.notNull())
    .addColumn('to_tier', 'varchar(36)', (c) => c.notNull())
    .addColumn('path', 'varchar(500)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('bytes', 'bigint')
    .addColumn('md5', 'varchar(32)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createIndex('recordings_tier_camera_idx').on('recordings').columns(['tier', 'camera_id', 'start_at']).execute();
}
