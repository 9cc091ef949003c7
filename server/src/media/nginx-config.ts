import { createHash } from 'node:crypto';

/**
 * Pure builder for the nginx.conf Argus runs as a child process (ingest edge + HTTP front door).
 * Same input, same text: the unit test pins the whole file. Nothing under /etc/nginx is
 * included and every path nginx writes (pid, logs, temp files) lives under `prefix`.
 */
export interface NginxConfigInput {
  /** Runtime dir (DATA_DIR/nginx): pid file, logs/, tmp/ all live under it. */
  prefix: string;
  /** '/usr/lib/nginx/modules/ngx_rtmp_module.so' on Debian. */
  rtmpModulePath: string;
  /** RTMP ingest, listens on all interfaces. */
  rtmpPort: number;
  /** Public HTTP listen address (e.g. '0.0.0.0'). */
  httpHost: string;
  /** Public HTTP port — nginx is the front door. */
  httpPort: number;
  /** '127.0.0.1:<port>' where the Node server listens (loopback). */
  apiUpstream: string;
  /** DATA_DIR/live — HLS output, one subfolder per camera id. */
  liveDir: string;
  /** DATA_DIR/recordings and DATA_DIR/playback — recorded chunks and the VOD playlists Argus writes; with both, signed /playback/ is served. */
  recordingsDir?: string;
  playbackDir?: string;
  /** DATA_DIR/tiers — one symlink per local storage tier (`<tierId>` → its folder): recorded chunks moved off the hot tier are served from there. */
  tiersDir?: string;
  /** DATA_DIR/exports — finished clip exports (`<exportId>.mp4`); with it, signed /exports/ downloads are served. */
  exportsDir?: string;
  /** Shared secret appended to RTMP callback URLs as ?secret=. */
  callbackSecret: string;
  /** Secret for signed HLS URLs (nginx secure_link). */
  linkSecret: string;
  /** 1 by default. */
  workerProcesses: number;
}

/** Where the RTMP module posts its callbacks (relative to `apiUpstream`). */
export const RTMP_CALLBACK_PATHS = {
  publish: '/api/internal/rtmp/publish',
  publishDone: '/api/internal/rtmp/publish-done',
  play: '/api/internal/rtmp/play',
  update: '/api/internal/rtmp/update',
} as const;

/** The RTMP application cameras publish into: rtmp://host:port/live/<key>. */
export const RTMP_APP = 'live';

/** Seconds a live HLS segment may be cached (playlists are never cached). */
export const LIVE_SEGMENT_MAX_AGE_SEC = 10;

const CAMERA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Secrets go verbatim into the config and into URLs: no quoting, no `$` interpolation, URL-safe. */
const SECRET = /^[A-Za-z0-9._~-]{16,512}$/;
/** Paths written bare into the config; any other absolute path is double-quoted. */
const BARE_PATH = /^\/[A-Za-z0-9._~+@%=,/-]*$/;
/** Inside double quotes nginx still treats `"`, `\` and `$` specially: those are refused, as are control characters. */
const QUOTABLE_PATH = /^\/[^"\\$\u0000-\u001f\u007f]*$/;
const UPSTREAM = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
const HOST = /^(\*|[A-Za-z0-9.-]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$/;

function fail(field: keyof NginxConfigInput, why: string): never {
  throw new Error(`invalid nginx config input: ${field} ${why}`);
}

function checkPort(field: 'rtmpPort' | 'httpPort', n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 65535) fail(field, `must be an integer between 1 and 65535 (got ${n})`);
}

function checkPath(
  field: 'prefix' | 'rtmpModulePath' | 'liveDir' | 'recordingsDir' | 'playbackDir' | 'exportsDir' | 'tiersDir',
  p: string,
): void {
  if (!QUOTABLE_PATH.test(p) || p.split('/').some((part) => part === '..')) {
    fail(field, `must be an absolute path without '"', "\\", "$", control characters or ".." (got ${JSON.stringify(p)})`);
  }
}

function validate(input: NginxConfigInput): void {
  checkPath('prefix', input.prefix);
  checkPath('rtmpModulePath', input.rtmpModulePath);
  checkPath('liveDir', input.liveDir);
  if (input.recordingsDir !== undefined) checkPath('recordingsDir', input.recordingsDir);
  if (input.playbackDir !== undefined) checkPath('playbackDir', input.playbackDir);
  if (input.exportsDir !== undefined) checkPath('exportsDir', input.exportsDir);
  if (input.tiersDir !== undefined) checkPath('tiersDir', input.tiersDir);
  checkPort('rtmpPort', input.rtmpPort);
  checkPort('httpPort', input.httpPort);
  if (input.rtmpPort === input.httpPort) fail('httpPort', 'must differ from rtmpPort');
  if (!HOST.test(input.httpHost)) fail('httpHost', `must be an IP address or host name (got "${input.httpHost}")`);
  if (!UPSTREAM.test(input.apiUpstream)) fail('apiUpstream', `must be "<host>:<port>" (got "${input.apiUpstream}")`);
  if (!SECRET.test(input.callbackSecret)) fail('callbackSecret', 'must be 16-512 characters of [A-Za-z0-9._~-]');
  if (!SECRET.test(input.linkSecret)) fail('linkSecret', 'must be 16-512 characters of [A-Za-z0-9._~-]');
  if (!Number.isInteger(input.workerProcesses) || input.workerProcesses < 1 || input.workerProcesses > 64) {
    fail('workerProcesses', `must be an integer between 1 and 64 (got ${input.workerProcesses})`);
  }
}

const trimSlash = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
/** A path as an nginx config token: bare when it can be, else double-quoted (validated not to contain `"`, `\`, `$`). */
const q = (p: string, variableSuffix = ''): string => (BARE_PATH.test(p) ? `${p}${variableSuffix}` : `"${p}${variableSuffix}"`);

/** `listen` address for a host: IPv6 literals need brackets. */
export function listenAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The loopback-only locations (/internal/stat, /internal/control) are reached at
 * 127.0.0.1:<httpPort>. When the public listen address does not already cover IPv4 loopback,
 * a second `listen 127.0.0.1:<httpPort>` is added.
 */
export function needsLoopbackListen(httpHost: string): boolean {
  return !['0.0.0.0', '*', '127.0.0.1'].includes(httpHost);
}

/** Regex of the signed live HLS location; named captures feed secure_link and alias. */
export const LIVE_LOCATION_REGEX =
  '^/live/(?<sig>[A-Za-z0-9_-]{22})/(?<exp>[0-9]{1,12})/(?<cam>[0-9a-f-]{36})/(?<file>[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)?)$';

export function buildNginxConfig(input: NginxConfigInput): string {
  validate(input);
  const prefix = trimSlash(input.prefix);
  const liveDir = trimSlash(input.liveDir);
  const cb = (path: string) => `http://${input.apiUpstream}${path}?secret=${input.callbackSecret}`;
  const loopbackListen = needsLoopbackListen(input.httpHost) ? [`        listen 127.0.0.1:${input.httpPort};`] : [];

  const lines = [
    '# Generated by Argus (server/src/media/nginx-config.ts) and rewritten at every start: do not edit.',
    `load_module ${q(input.rtmpModulePath)};`,
    '',
    `worker_processes ${input.workerProcesses};`,
    `pid ${q(`${prefix}/nginx.pid`)};`,
    `lock_file ${q(`${prefix}/nginx.lock`)};`,
    `error_log ${q(`${prefix}/logs/error.log`)} warn;`,
    '',
    'events {',
    '    worker_connections 4096;',
    '}',
    '',
    'rtmp {',
    '    server {',
    `        listen ${input.rtmpPort};`,
    '        chunk_size 4096;',
    '',
    `        application ${RTMP_APP} {`,
    '            live on;',
    '            record off;',
    '            wait_key on;',
    '            wait_video on;',
    '            drop_idle_publisher 10s;',
    '            notify_method post;',
    `            on_publish ${cb(RTMP_CALLBACK_PATHS.publish)};`,
    `            on_publish_done ${cb(RTMP_CALLBACK_PATHS.publishDone)};`,
    `            on_play ${cb(RTMP_CALLBACK_PATHS.play)};`,
    `            on_update ${cb(RTMP_CALLBACK_PATHS.update)};`,
    '            notify_update_timeout 5s;',
    '        }',
    '    }',
    '}',
    '',
    'http {',
    '    types {',
    '        application/vnd.apple.mpegurl m3u8;',
    '        video/mp2t ts;',
    '        video/mp4 mp4 m4s;',
    '        audio/mp4 m4a;',
    '        text/vtt vtt;',
    '        image/jpeg jpg jpeg;',
    '        image/png png;',
    '    }',
    '    default_type application/octet-stream;',
    '',
    `    log_format argus '$remote_addr $time_iso8601 $request_method $uri $status $body_bytes_sent $request_time "$http_user_agent"';`,
    `    access_log ${q(`${prefix}/logs/access.log`)} argus;`,
    '',
    `    client_body_temp_path ${q(`${prefix}/tmp/client_body`)};`,
    `    proxy_temp_path ${q(`${prefix}/tmp/proxy`)};`,
    `    fastcgi_temp_path ${q(`${prefix}/tmp/fastcgi`)};`,
    `    uwsgi_temp_path ${q(`${prefix}/tmp/uwsgi`)};`,
    `    scgi_temp_path ${q(`${prefix}/tmp/scgi`)};`,
    '',
    '    sendfile on;',
    '    tcp_nopush on;',
    '    server_tokens off;',
    '',
    '    map $http_upgrade $argus_connection_upgrade {',
    '        default upgrade;',
    "        '' close;",
    '    }',
    '',
    '    map $uri $argus_live_cache_control {',
    '        ~\\.m3u8$ no-cache;',
    `        default max-age=${LIVE_SEGMENT_MAX_AGE_SEC};`,
    '    }',
    '',
    '    server {',
    `        listen ${listenAddress(input.httpHost, input.httpPort)};`,
    ...loopbackListen,
    '',
    '        # Live HLS, signed: /live/<sig>/<exp>/<cameraId>/<file>, sig = base64url(md5("<exp>:<cameraId>:<linkSecret>")).',
    `        location ~ "${LIVE_LOCATION_REGEX}" {`,
    '            secure_link $sig,$exp;',
    `            secure_link_md5 "$exp:$cam:${input.linkSecret}";`,
    '            add_header Access-Control-Allow-Origin * always;',
    '            add_header Cache-Control $argus_live_cache_control;',
    '            if ($secure_link = "") {',
    '                return 403;',
    '            }',
    '            if ($secure_link = "0") {',
    '                return 403;',
    '            }',
    `            alias ${q(liveDir, '/$cam/$file')};`,
    '        }',
    '',
    '        location /live/ {',
    '            add_header Access-Control-Allow-Origin * always;',
    '            return 403;',
    '        }',
    '',
    ...playbackLocations(input),
    ...exportLocations(input),
    '        location = /internal/stat {',
    '            allow 127.0.0.1;',
    '            allow ::1;',
    '            deny all;',
    '            rtmp_stat all;',
    '        }',
    '',
    '        location /internal/control {',
    '            allow 127.0.0.1;',
    '            allow ::1;',
    '            deny all;',
    '            rtmp_control all;',
    '        }',
    '',
    '        # The RTMP callbacks reach the API directly on loopback; never through the front door.',
    '        location ^~ /api/internal/ {',
    '            return 404;',
    '        }',
    '',
    '        location /socket.io/ {',
    `            proxy_pass http://${input.apiUpstream};`,
    '            proxy_http_version 1.1;',
    '            proxy_set_header Upgrade $http_upgrade;',
    '            proxy_set_header Connection $argus_connection_upgrade;',
    '            proxy_set_header Host $http_host;',
    '            proxy_set_header X-Real-IP $remote_addr;',
    '            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '            proxy_set_header X-Forwarded-Proto $scheme;',
    '            proxy_read_timeout 1h;',
    '            proxy_send_timeout 1h;',
    '        }',
    '',
    '        location / {',
    `            proxy_pass http://${input.apiUpstream};`,
    '            proxy_set_header Host $http_host;',
    '            proxy_set_header X-Real-IP $remote_addr;',
    '            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '            proxy_set_header X-Forwarded-Proto $scheme;',
    '            client_max_body_size 2m;',
    '        }',
    '    }',
    '}',
    '',
  ];
  return lines.join('\n');
}

const PLAYBACK_PREFIX = '^/playback/(?<psig>[A-Za-z0-9_-]{22})/(?<pexp>[0-9]{1,12})/(?<pcam>[0-9a-f-]{36})/(?<plid>[A-Za-z0-9_-]{8,64})/';

/**
 * Recorded playback, signed like live but also over the playlist id:
 * `/playback/<sig>/<exp>/<cameraId>/<playlistId>/index.m3u8` (the VOD playlist Argus wrote) and
 * `…/r/<YYYY-MM-DD>/<chunk>.mp4` (byte ranges of the recorded chunks, served by nginx).
 */
function playbackLocations(input: NginxConfigInput): string[] {
  if (!input.recordingsDir || !input.playbackDir) return [];
  const guard = (cache: string) => [
    '            secure_link $psig,$pexp;',
    `            secure_link_md5 "$pexp:$pcam:$plid:${input.linkSecret}";`,
    '            add_header Access-Control-Allow-Origin * always;',
    `            add_header Cache-Control "${cache}";`,
    '            if ($secure_link = "") {',
    '                return 403;',
    '            }',
    '            if ($secure_link = "0") {',
    '                return 403;',
    '            }',
  ];
  return [
    '        # Recorded playback, signed: sig = base64url(md5("<exp>:<cameraId>:<playlistId>:<linkSecret>")).',
    `        location ~ "${PLAYBACK_PREFIX}index\\.m3u8$" {`,
    ...guard('no-cache'),
    `            alias ${q(trimSlash(input.playbackDir), '/$pcam/$plid.m3u8')};`,
    '        }',
    '',
    `        location ~ "${PLAYBACK_PREFIX}r/(?<pday>[0-9]{4}-[0-9]{2}-[0-9]{2})/(?<pchunk>[A-Za-z0-9_-][A-Za-z0-9_.-]*\\.mp4)$" {`,
    ...guard('private, max-age=3600'),
    `            alias ${q(trimSlash(input.recordingsDir), '/$pcam/$pday/$pchunk')};`,
    '        }',
    '',
    ...(input.tiersDir
      ? [
          `        location ~ "${PLAYBACK_PREFIX}t/(?<ptier>[A-Za-z0-9_-]{1,36})/(?<pday>[0-9]{4}-[0-9]{2}-[0-9]{2})/(?<pchunk>[A-Za-z0-9_-][A-Za-z0-9_.-]*\\.mp4)$" {`,
          ...guard('private, max-age=3600'),
          `            alias ${q(trimSlash(input.tiersDir), '/$ptier/$pcam/$pday/$pchunk')};`,
          '        }',
          '',
        ]
      : []),
    '        location /playback/ {',
    '            add_header Access-Control-Allow-Origin * always;',
    '            return 403;',
    '        }',
    '',
  ];
}

const EXPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOWNLOAD_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,150}\.mp4$/;

/**
 * Clip export downloads, signed over the export id: `/exports/<sig>/<exp>/<exportId>/<name>.mp4` serves
 * DATA_DIR/exports/<exportId>.mp4 as an attachment named <name>.mp4.
 */
function exportLocations(input: NginxConfigInput): string[] {
  if (!input.exportsDir) return [];
  return [
    '        # Clip export downloads, signed: sig = base64url(md5("<exp>:<exportId>:<linkSecret>")).',
    '        location ~ "^/exports/(?<esig>[A-Za-z0-9_-]{22})/(?<eexp>[0-9]{1,12})/(?<eid>[0-9a-f-]{36})/(?<ename>[A-Za-z0-9_-][A-Za-z0-9_.-]{0,150}\\.mp4)$" {',
    '            secure_link $esig,$eexp;',
    `            secure_link_md5 "$eexp:$eid:${input.linkSecret}";`,
    '            if ($secure_link = "") {',
    '                return 403;',
    '            }',
    '            if ($secure_link = "0") {',
    '                return 403;',
    '            }',
    '            add_header Content-Disposition "attachment; filename=\\"$ename\\"";',
    '            add_header Cache-Control "private, no-store";',
    '            types {',
    '                video/mp4 mp4;',
    '            }',
    `            alias ${q(trimSlash(input.exportsDir), '/$eid.mp4')};`,
    '        }',
    '',
    '        location /exports/ {',
    '            return 403;',
    '        }',
    '',
  ];
}

/** Signed, expiring download path of a finished export: `/exports/<sig>/<exp>/<exportId>/<name>.mp4`. */
export function signExportPath(exportId: string, fileName: string, expiresAtSec: number, linkSecret: string): string {
  if (!EXPORT_ID.test(exportId)) throw new Error(`signExportPath: export id must be a lowercase UUID (got "${exportId}")`);
  if (!DOWNLOAD_NAME.test(fileName)) throw new Error(`signExportPath: bad file name "${fileName}"`);
  const sig = createHash('md5').update(`${expiresAtSec}:${exportId}:${linkSecret}`).digest('base64url');
  return `/exports/${sig}/${expiresAtSec}/${exportId}/${fileName}`;
}

/** Signed, expiring path prefix of one playback playlist: `/playback/<sig>/<exp>/<cameraId>/<playlistId>/`. */
export function signPlaybackPath(cameraId: string, playlistId: string, expiresAtSec: number, linkSecret: string): string {
  if (!CAMERA_ID.test(cameraId)) throw new Error(`signPlaybackPath: camera id must be a lowercase UUID (got "${cameraId}")`);
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(playlistId)) throw new Error(`signPlaybackPath: bad playlist id "${playlistId}"`);
  const sig = createHash('md5').update(`${expiresAtSec}:${cameraId}:${playlistId}:${linkSecret}`).digest('base64url');
  return `/playback/${sig}/${expiresAtSec}/${cameraId}/${playlistId}/`;
}

/** base64url (no padding) of the binary MD5 of `${exp}:${cameraId}:${linkSecret}` — what secure_link checks. */
export function liveSignature(cameraId: string, expiresAtSec: number, linkSecret: string): string {
  return createHash('md5').update(`${expiresAtSec}:${cameraId}:${linkSecret}`).digest('base64url');
}

/**
 * Signed, expiring path prefix for a camera's live HLS: `/live/<sig>/<exp>/<cameraId>/`.
 * The caller appends the file (`master.m3u8`); relative segment URLs in the playlists inherit it.
 */
export function signLivePath(cameraId: string, expiresAtSec: number, linkSecret: string): string {
  if (!CAMERA_ID.test(cameraId)) throw new Error(`signLivePath: camera id must be a lowercase UUID (got "${cameraId}")`);
  if (!Number.isInteger(expiresAtSec) || expiresAtSec < 0 || expiresAtSec > 999_999_999_999) {
    throw new Error(`signLivePath: expiresAtSec must be an integer of at most 12 digits (got ${expiresAtSec})`);
  }
  return `/live/${liveSignature(cameraId, expiresAtSec, linkSecret)}/${expiresAtSec}/${cameraId}/`;
}
