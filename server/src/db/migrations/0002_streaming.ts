import type { Kysely } from 'kysely';
import type { Dialect } from '../database';
import { serialId } from './0001_initial';

/** Live streaming: health thresholds and publish allowlist on cameras, stream sessions, health history. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('cameras').addColumn('min_fps', 'integer').execute();
  await db.schema.alterTable('cameras').addColumn('min_bitrate_kbps', 'integer').execute();
  await db.schema
    .alterTable('cameras')
    .addColumn('publish_allowlist', 'varchar(4000)', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('cameras').addColumn('status_since', 'bigint').execute();

  await db.schema
    .createTable('stream_sessions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('camera_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('source', 'varchar(8)', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('publisher_ip', 'varchar(64)')
    .addColumn('client_id', 'varchar(32)')
    .addColumn('end_reason', 'varchar(200)')
    .execute();
  await db.schema.createIndex('stream_sessions_camera_idx').on('stream_sessions').columns(['camera_id', 'started_at']).execute();

  await serialId(db.schema.createTable('stream_health'), dialect)
    .addColumn('camera_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('fps', 'real')
    .addColumn('bitrate_kbps', 'real')
    .addColumn('input_kbps', 'real')
    .addColumn('speed', 'real')
    .addColumn('dropped_frames', 'integer')
    .addColumn('duplicated_frames', 'integer')
    .execute();
  await db.schema.createIndex('stream_health_camera_at_idx').on('stream_health').columns(['camera_id', 'at']).execute();
}
