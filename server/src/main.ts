import 'reflect-metadata';
import { createArgus } from './app';
import { ConfigError, loadConfig } from './config/config';

// A bug in one background task must not take every camera down with the process: log it loudly.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(
    `[Argus] unhandled rejection (a bug): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`,
  );
});

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nArgus did not start. Fix the variables above (see README.md, "Configuration").\n`);
      process.exit(2);
    }
    throw err;
  }
  if (process.argv.includes('--demo')) config.demo = true;
  const argus = await createArgus(config);
  try {
    await argus.listen();
  } catch (err) {
    process.stderr.write(`Argus could not start streaming: ${(err as Error).message}\n`);
    await argus.close().catch(() => undefined);
    process.exit(1);
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  process.stdout.write(`Argus is running: http://${shown}:${config.port}/  (API docs: /api/docs)\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Argus: ${signal} received, shutting down\n`);
    argus.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`shutdown error: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Argus failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
