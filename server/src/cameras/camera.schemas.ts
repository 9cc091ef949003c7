import { z } from 'zod';
import { canonicalCidr, isIpOrCidr, isLinkLocalOrMetadata } from '../common/ip';
import { page, pageQuery, qBool, text } from '../common/schemas';

export const CAMERA_STATUSES = ['offline', 'starting', 'online', 'degraded', 'error'] as const;
export const CameraStatus = z.enum(CAMERA_STATUSES);
export type CameraStatus = z.infer<typeof CameraStatus>;
export const SourceType = z.enum(['push', 'pull']);

export const Rendition = z
  .strictObject({
    height: z.number().int().min(144).max(2160),
    videoKbps: z.number().int().min(100).max(50_000),
    audioKbps: z.number().int().min(32).max(320),
  })
  .meta({ id: 'Rendition' });

export const LiveProfile = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('copy') }),
    z
      .strictObject({
        type: z.literal('abr'),
        sourceCopy: z.boolean(),
        renditions: z.array(Rendition).min(1, { message: 'an ABR ladder needs at least one rendition' }).max(4),
      })
      .refine((p) => new Set(p.renditions.map((r) => r.height)).size === p.renditions.length, {
        message: 'rendition heights must be distinct',
        path: ['renditions'],
      }),
  ])
  .meta({ id: 'LiveProfile' });
export type LiveProfile = z.infer<typeof LiveProfile>;

export const PULL_SCHEMES = ['rtsp:', 'rtsps:', 'rtmp:'];

/** A camera source URL: rtsp/rtsps/rtmp only, a real host, never a link-local or metadata address. */
export const PullUrl = z
  .string()
  .trim()
  .max(2048, { message: 'must be at most 2048 characters' })
  .superRefine((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a URL like rtsp://host:554/stream' });
      return;
    }
    if (!PULL_SCHEMES.includes(u.protocol)) {
      ctx.addIssue({ code: 'custom', message: 'must use rtsp://, rtsps:// or rtmp://' });
    } else if (!u.hostname) {
      ctx.addIssue({ code: 'custom', message: 'must name a host' });
    } else if (isLinkLocalOrMetadata(u.hostname)) {
      ctx.addIssue({ code: 'custom', message: 'must not point at a link-local, multicast or metadata address' });
    } else if (/\s/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'must not contain spaces' });
    }
  });

const cameraFields = {
  name: text(100, 1),
  description: text(1000).optional(),
  location: text(200).optional(),
  pullUrl: PullUrl.nullable().optional(),
  enabled: z.boolean().optional(),
  recordingEnabled: z.boolean().optional(),
  retentionDays: z.number().int().min(1).max(3650).optional(),
  liveProfile: LiveProfile.optional(),
  minFps: z.number().int().min(1).max(240).nullable().optional().describe('Below this fps the camera is degraded'),
  minBitrateKbps: z.number().int().min(1).max(200_000).nullable().optional().describe('Below this input bitrate the camera is degraded'),
  publishAllowlist: z
    .array(
      z
        .string()
        .trim()
        .max(64)
        .refine(isIpOrCidr, { message: 'must be an IP address or CIDR range' })
        .transform((s) => canonicalCidr(s)),
    )
    .max(50)
    .optional()
    .describe('Publishers allowed to push this camera (empty: any address)'),
};

export const CameraCreate = z.strictObject({ ...cameraFields, sourceType: SourceType }).superRefine((v, ctx) => {
  if (v.sourceType === 'pull' && !v.pullUrl) ctx.addIssue({ code: 'custom', path: ['pullUrl'], message: 'is required for a pull camera' });
  if (v.sourceType === 'push' && v.pullUrl) ctx.addIssue({ code: 'custom', path: ['pullUrl'], message: 'is only for pull cameras' });
});
export type CameraCreate = z.infer<typeof CameraCreate>;

export const CameraUpdate = z.strictObject({ ...cameraFields, name: cameraFields.name.optional() });
export type CameraUpdate = z.infer<typeof CameraUpdate>;

export const CameraSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    location: z.string(),
    sourceType: SourceType,
    pullUrl: z.string().nullable().describe('Source URL with any password replaced by ***'),
    enabled: z.boolean(),
    recordingEnabled: z.boolean(),
    retentionDays: z.number().int(),
    liveProfile: LiveProfile,
    status: CameraStatus,
    statusReason: z.string().nullable(),
    statusSince: z.string().nullable(),
    minFps: z.number().int().nullable(),
    minBitrateKbps: z.number().int().nullable(),
    publishAllowlist: z.array(z.string()),
    recordingState: z
      .enum(['idle', 'recording', 'error'])
      .describe('Whether the recorder runs now (recording needs the camera live and recording enabled)'),
    recordingReason: z.string().nullable(),
    streamKeyPrefix: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Camera' });
export type Camera = z.infer<typeof CameraSchema>;

export const CameraWithKey = z
  .object({
    camera: CameraSchema,
    streamKey: z.string().nullable().describe('Shown once; only push cameras have one'),
    publishUrl: z.string().nullable().describe('Full RTMP URL including the stream key; shown once'),
  })
  .meta({ id: 'CameraWithKey' });

export const CAMERA_SORTS = ['name', '-name', 'createdAt', '-createdAt', 'status', '-status'] as const;

export const CameraListQuery = z.strictObject({
  ...pageQuery,
  name: text(100).optional(),
  status: CameraStatus.optional(),
  enabled: qBool,
  sourceType: SourceType.optional(),
  sort: z.enum(CAMERA_SORTS).default('name'),
});
export type CameraListQuery = z.infer<typeof CameraListQuery>;

export const CameraPage = page(CameraSchema);
