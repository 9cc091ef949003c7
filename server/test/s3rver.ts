import { type ChildProcess, spawn } from 'node:child_process';

/** s3rver's one built-in account. */
export const S3RVER_KEY = 'S3RVER';

/** Lets any origin GET objects (browsers playing pre-signed URLs from another origin). */
const OPEN_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>Content-Range</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/**
 * Starts s3rver (a pure-JS S3-compatible server) on 127.0.0.1 with a free port in a child process.
 * It runs with --openssl-legacy-provider: its ListObjectsV2 continuation tokens are DES-encrypted,
 * which OpenSSL 3 (Node ≥ 17) refuses otherwise — every paginated list would fail with InternalError.
 */
export async function startS3rver(
  directory: string,
  bucket: string,
  opts: { cors?: boolean } = {},
): Promise<{ child: ChildProcess; endpoint: string; stop(): Promise<void> }> {
  const script = `
    const S3rver = require(${JSON.stringify(require.resolve('s3rver'))});
    const configs = process.argv[3] ? [process.argv[3]] : [];
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[1], configureBuckets: [{ name: process.argv[2], configs }] })
      .run()
      .then((a) => console.log(JSON.stringify(a)), (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script, directory, bucket, opts.cors ? OPEN_CORS : ''], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0]!;
      if (out.includes('\n')) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${err}`)));
  });
  return {
    child,
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
