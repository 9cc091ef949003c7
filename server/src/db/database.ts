import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'mysql' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseTarget {
  dialect: Dialect;
  /** For sqlite: the file path (or ':memory:'); otherwise the connection URL. */
  location: string;
}

/** Pure: works out which dialect and location a DATABASE_URL names. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url.startsWith('sqlite:') || url.startsWith('file:')) {
    let path = url.replace(/^(sqlite|file):(\/\/)?/, '');
    if (path === '' || path === ':memory:') return { dialect: 'sqlite', location: ':memory:' };
    path = decodeURIComponent(path.split('?')[0]!);
    return { dialect: 'sqlite', location: resolve(cwd, path) };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) return { dialect: 'mysql', location: url.replace(/^mariadb:/, 'mysql:') };
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', location: url };
  throw new Error(`Unsupported DATABASE_URL: ${url.replace(/\/\/[^@]*@/, '//***@')}`);
}

// PostgreSQL returns BIGINT (int8) as a string; our bigints are epoch millis and counts, safe as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export function createDb(target: DatabaseTarget): Db {
  const plugins = [new CamelCasePlugin()];
  switch (target.dialect) {
    case 'sqlite': {
      if (target.location !== ':memory:') mkdirSync(dirname(target.location), { recursive: true });
      const sqlite = new SQLite(target.location);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins });
    }
    case 'mysql': {
      const pool = createPool({
        uri: target.location,
        connectionLimit: 10,
        timezone: 'Z',
        supportBigNumbers: true,
        bigNumberStrings: false,
        charset: 'utf8mb4',
      });
      pool.on('connection', (conn) =>
        conn.on('error', (err: Error) => process.stderr.write(`[Argus] MySQL connection lost: ${err.message}\n`)),
      );
      return new Kysely<Database>({ dialect: new MysqlDialect({ pool }), plugins });
    }
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: target.location, max: 10 });
      // An idle connection that the server closes (restart, failover, admin) must not crash Argus:
      // the pool drops it and the next query opens a new one.
      pool.on('error', (err) => process.stderr.write(`[Argus] PostgreSQL connection lost: ${err.message}\n`));
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    }
  }
}

export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Normalises a driver's count/number result (mysql may give strings for SUM/COUNT). */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  return 0;
}

export const DB = Symbol('DB');
export const DB_DIALECT = Symbol('DB_DIALECT');
