// Manual storage actions: the form's checks and body, whether a preview still matches the form,
// and the words for its results.
import { parseLocalInput } from '../exports/range';
import type { ManualActionBody, ManualActionResult } from './types';
import { formatBytes } from './units';

export interface ActionFormValues {
  cameraId: string;
  from: string;
  to: string;
  action: 'move' | 'delete';
  toTierId: string;
}

export type ActionField = keyof ActionFormValues;
export type ActionErrors = Partial<Record<ActionField, string>>;
export type ActionRequest = Required<Omit<ManualActionBody, 'dryRun'>>;

export type ActionCheck = { ok: true; errors: ActionErrors; request: ActionRequest } | { ok: false; errors: ActionErrors };

export function checkActionForm(values: ActionFormValues): ActionCheck {
  const errors: ActionErrors = {};
  if (values.cameraId === '') errors.cameraId = 'Choose a camera.';
  const from = parseLocalInput(values.from);
  const to = parseLocalInput(values.to);
  if (values.from.trim() === '') errors.from = 'Enter the start date and time.';
  else if (!from) errors.from = 'Enter a valid date and time.';
  if (values.to.trim() === '') errors.to = 'Enter the end date and time.';
  else if (!to) errors.to = 'Enter a valid date and time.';
  else if (from && to.getTime() <= from.getTime()) errors.to = 'The end must be after the start.';
  if (values.action === 'move' && values.toTierId === '') errors.toTierId = 'Choose the tier to move the footage to.';
  if (Object.keys(errors).length > 0 || !from || !to) return { ok: false, errors };
  return {
    ok: true,
    errors,
    request: {
      cameraId: values.cameraId,
      from: from.toISOString(),
      to: to.toISOString(),
      action: values.action,
      toTierId: values.action === 'move' ? values.toTierId : null,
    },
  };
}

export function actionBody(request: ActionRequest, dryRun: boolean): ManualActionBody {
  return { ...request, dryRun };
}

/** A preview may be run only while the form still asks for exactly what was previewed. */
export function sameRequest(a: ActionRequest | null, b: ActionRequest | null): boolean {
  if (!a || !b) return false;
  return a.cameraId === b.cameraId && a.from === b.from && a.to === b.to && a.action === b.action && a.toTierId === b.toTierId;
}

const SKIPS: Record<string, string> = {
  'legal hold': 'On legal hold',
  'being recorded': 'Still being recorded',
  'already there': 'Already on that tier',
};

/** Why a chunk is left out, for people: "On legal hold", "Still being recorded", "Chunk is corrupt". */
export function skipLabel(skip: string): string {
  if (SKIPS[skip]) return SKIPS[skip];
  const state = /^state (\w+)$/.exec(skip);
  if (state) return `Chunk is ${state[1]}`;
  return skip.charAt(0).toUpperCase() + skip.slice(1);
}

const chunks = (n: number) => `${n} ${n === 1 ? 'chunk' : 'chunks'}`;

/** "12 chunks (4.2 GB) would be moved to nas; 3 are skipped, 2 of them on legal hold." */
export function summarizeAction(result: ManualActionResult, tierName: (id: string) => string | null): string {
  const verb = result.action === 'move' ? 'moved' : 'deleted';
  const target = result.action === 'move' && result.toTierId ? ` to ${tierName(result.toTierId) ?? result.toTierId}` : '';
  const head =
    result.chunks === 0
      ? `Nothing would be ${verb}${target}.`
      : `${chunks(result.chunks)} (${formatBytes(result.bytes)}) ${result.dryRun ? 'would be' : result.chunks === 1 ? 'is being' : 'are being'} ${verb}${target}.`;
  if (result.skipped === 0) return head;
  const held = result.held > 0 ? `, ${result.held} of them on legal hold` : '';
  return `${head} ${result.skipped} ${result.skipped === 1 ? 'is' : 'are'} skipped${held}.`;
}

/** The question of the Run confirmation, with the numbers of the preview. */
export function confirmQuestion(result: ManualActionResult, cameraName: string, tierName: (id: string) => string | null): string {
  const what = `${chunks(result.chunks)} (${formatBytes(result.bytes)}) of ${cameraName}`;
  if (result.action === 'delete') return `Delete ${what}? The footage is gone for good.`;
  return `Move ${what} to ${result.toTierId ? (tierName(result.toTierId) ?? result.toTierId) : 'the chosen tier'}?`;
}
