import type { Kysely } from 'kysely';

/** Recording: a camera's recorder state, and lookups of the recording index by state and time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cameras')
    .addColumn('recording_state', 'varchar(16)', (c) => c.notNull().defaultTo('idle'))
    .execute();
  await db.schema.alterTable('cameras').addColumn('recording_reason', 'varchar(500)').execute();
  await db.schema.createIndex('recordings_state_idx').on('recordings').columns(['state', 'camera_id']).execute();
}
