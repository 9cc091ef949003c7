import type { Kysely } from 'kysely';

/** Covered spans per camera, derived from the recording index (rebuilt from it at every start). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recording_spans')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('camera_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recording_spans_camera_idx').on('recording_spans').columns(['camera_id', 'start_at']).execute();
  await db.schema.createIndex('recording_spans_camera_end_idx').on('recording_spans').columns(['camera_id', 'end_at']).execute();
}
