import type { Kysely } from 'kysely';
import type { Dialect } from '../database';
import { serialId } from './0001_initial';

/** Alerts: rules, alerts with their history, snoozes, notification channels and the durable outbox. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('threshold', 'real')
    .addColumn('clear_threshold', 'real')
    .addColumn('for_seconds', 'integer', (c) => c.notNull())
    .addColumn('clear_for_seconds', 'integer', (c) => c.notNull())
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope', 'varchar(4000)', (c) => c.notNull())
    .addColumn('quiet_hours', 'varchar(200)')
    .addColumn('channel_ids', 'varchar(4000)', (c) => c.notNull().defaultTo('[]'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('rule_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('alert_key', 'varchar(120)', (c) => c.notNull())
    .addColumn('subject', 'varchar(64)', (c) => c.notNull())
    .addColumn('camera_id', 'varchar(36)')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('message', 'varchar(1000)', (c) => c.notNull())
    .addColumn('value', 'varchar(64)')
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'varchar(320)')
    .addColumn('ack_comment', 'varchar(1000)')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'varchar(320)')
    .addColumn('resolve_reason', 'varchar(200)')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_state_idx').on('alerts').columns(['state', 'opened_at']).execute();
  await db.schema.createIndex('alerts_camera_idx').on('alerts').columns(['camera_id', 'opened_at']).execute();
  await db.schema.createIndex('alerts_key_idx').on('alerts').columns(['alert_key', 'state']).execute();

  await serialId(db.schema.createTable('alert_events'), dialect)
    .addColumn('alert_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor', 'varchar(320)')
    .addColumn('detail', 'varchar(1000)')
    .execute();
  await db.schema.createIndex('alert_events_alert_idx').on('alert_events').columns(['alert_id', 'at']).execute();

  await db.schema
    .createTable('alert_snoozes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('rule_id', 'varchar(36)')
    .addColumn('subject', 'varchar(64)')
    .addColumn('until', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('created_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_channels')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('config', 'varchar(4000)', (c) => c.notNull())
    .addColumn('secret', 'varchar(2000)')
    .addColumn('min_severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('channel_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('alert_id', 'varchar(36)')
    .addColumn('event', 'varchar(32)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('notification_outbox_due_idx').on('notification_outbox').columns(['state', 'next_attempt_at']).execute();
}
