import type { Kysely } from 'kysely';

/** Clip exports: one MP4 per request, made in the background, downloadable until it expires. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('camera_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(36)')
    .addColumn('requested_by_label', 'varchar(320)', (c) => c.notNull())
    .addColumn('token_id', 'varchar(36)')
    .addColumn('from_at', 'bigint', (c) => c.notNull())
    .addColumn('to_at', 'bigint', (c) => c.notNull())
    .addColumn('start_at', 'bigint')
    .addColumn('end_at', 'bigint')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('bytes', 'bigint')
    .addColumn('duration_ms', 'bigint')
    .addColumn('gaps', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'varchar(1000)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exports_state_idx').on('exports').columns(['state', 'created_at']).execute();
  await db.schema.createIndex('exports_camera_idx').on('exports').columns(['camera_id', 'created_at']).execute();
}
