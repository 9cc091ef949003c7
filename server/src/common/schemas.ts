import { z } from 'zod';

/** Query-string helpers: query values arrive as strings. */
const intIn = (min: number, max: number) =>
  z.coerce
    .number({ message: `must be an integer between ${min} and ${max}` })
    .int({ message: `must be an integer between ${min} and ${max}` })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/** Query-string integers: query values arrive as strings. */
export const qInt = (min: number, max: number, def: number) => intIn(min, max).default(def);
export const qIntOpt = (min: number, max: number) => intIn(min, max).optional();

export const qBool = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true')
  .optional();

export const qTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 date-time' })
  .transform((s) => Date.parse(s))
  .optional();

/** A body field: an ISO 8601 date-time with an offset, as epoch milliseconds. */
export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).transform((s) => Date.parse(s));

export const pageQuery = {
  limit: qInt(1, 200, 50),
  offset: qInt(0, 10_000_000, 0),
};

export const IdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/** Trimmed, bounded single-line text. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min, { message: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), {
      message: 'must not contain control characters',
    });

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }));

export const Password = z
  .string()
  .min(12, { message: 'must be at least 12 characters' })
  .max(256, { message: 'must be at most 256 characters' });
