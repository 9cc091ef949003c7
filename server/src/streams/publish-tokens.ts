import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/**
 * JWT publish tokens: an alternative to the stream key, carried as `?token=` on the RTMP URL
 * with the camera id as the stream name. `k` binds the token to the camera's current stream
 * key, so rotating the key revokes every token issued before; `s: 'pull'` marks the tokens
 * Argus issues to its own RTSP pullers.
 *
 * nginx-rtmp keeps at most 256 bytes of "name?args", so the claims are kept short (no iss/aud/
 * iat) and the token is signed with a key derived for this purpose alone, so it can never pass
 * as an access token or the other way round.
 */
export interface PublishClaims {
  cameraId: string;
  keyPrefix: string | null;
  source: 'push' | 'pull';
}

/**
 * In RTMP URLs the token's dots are written as `~`, which RTMP stacks and players leave alone in
 * a stream name; the verifier accepts either form.
 */
export const urlSafeToken = (jwt: string): string => jwt.replace(/\./g, '~');

export class PublishTokens {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = createHash('sha256').update(`argus-publish:${secret}`).digest();
  }

  sign(claims: PublishClaims, nowMs: number, lifetimeSeconds: number): Promise<string> {
    return new SignJWT({ k: claims.keyPrefix, s: claims.source === 'pull' ? 'u' : 'p' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.cameraId)
      .setExpirationTime(Math.floor(nowMs / 1000) + lifetimeSeconds)
      .sign(this.key);
  }

  async verify(token: string): Promise<PublishClaims | null> {
    try {
      const { payload } = await jwtVerify(token.replace(/~/g, '.'), this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      if (typeof payload.sub !== 'string' || (payload.s !== 'p' && payload.s !== 'u')) return null;
      return {
        cameraId: payload.sub,
        keyPrefix: typeof payload.k === 'string' ? payload.k : null,
        source: payload.s === 'u' ? 'pull' : 'push',
      };
    } catch {
      return null;
    }
  }
}

export const PUBLISH_TOKENS = Symbol('PUBLISH_TOKENS');
