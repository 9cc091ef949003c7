import { Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's baseline parameters (19 MiB, t=2, p=1). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }),
  verify: async (h, password) => {
    try {
      return await verify(h, password);
    } catch {
      return false;
    }
  },
};

export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
