// Types of the storage API, taken from the generated client so they follow the server's contract.
import type { RequestBody, ResponseBody } from '../../api/types';

export type StorageUsage = ResponseBody<'/api/storage', 'get'>;
export type UsageTier = StorageUsage['tiers'][number];
export type CameraUsage = StorageUsage['cameras'][number];
export type StorageProblemBody = StorageUsage['problems'][number];
export type StoragePass = ResponseBody<'/api/storage/run', 'post'>;
export type BlockedEntry = StoragePass['blocked'][number];

export type StorageTier = ResponseBody<'/api/storage/tiers/{id}', 'get'>;
export type CreateTierBody = RequestBody<'/api/storage/tiers', 'post'>;
export type UpdateTierBody = RequestBody<'/api/storage/tiers/{id}', 'patch'>;

export type StoragePolicy = ResponseBody<'/api/storage/policies/default', 'get'>;
export type PolicyBody = RequestBody<'/api/storage/policies/default', 'put'>;

export type LegalHold = ResponseBody<'/api/storage/holds', 'get'>[number];
export type CreateHoldBody = RequestBody<'/api/storage/holds', 'post'>;

export type ManualActionBody = RequestBody<'/api/storage/actions', 'post'>;
export type ManualActionResult = ResponseBody<'/api/storage/actions', 'post'>;
export type ManualActionItem = ManualActionResult['items'][number];

/** The id of the built-in hot tier (the recordings folder). */
export const HOT_TIER_ID = 'local';
