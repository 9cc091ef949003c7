import type { LiveProfile } from '../../api/types';

type Rendition = Extract<LiveProfile, { type: 'abr' }>['renditions'][number];

const R720: Rendition = { height: 720, videoKbps: 2800, audioKbps: 128 };
const R480: Rendition = { height: 480, videoKbps: 1400, audioKbps: 128 };
const R360: Rendition = { height: 360, videoKbps: 800, audioKbps: 96 };

export interface ProfilePreset {
  id: string;
  label: string;
  description: string;
  profile: LiveProfile;
}

export const PROFILE_PRESETS: readonly ProfilePreset[] = [
  {
    id: 'copy',
    label: 'Copy (no transcoding)',
    description: "Passes the camera's stream through untouched. Lowest CPU; viewers get the source quality only.",
    profile: { type: 'copy' },
  },
  {
    id: 'source-480-360',
    label: 'Source + 480p + 360p',
    description: 'Keeps the source as the top quality and adds two smaller renditions for slow connections.',
    profile: { type: 'abr', sourceCopy: true, renditions: [R480, R360] },
  },
  {
    id: '720-480-360',
    label: '720p + 480p + 360p',
    description: 'Transcodes to three renditions (2.8 Mbps, 1.4 Mbps, 0.8 Mbps). Highest CPU use.',
    profile: { type: 'abr', sourceCopy: false, renditions: [R720, R480, R360] },
  },
];

function sameRenditions(a: readonly Rendition[], b: readonly Rendition[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => r.height === b[i]!.height && r.videoKbps === b[i]!.videoKbps && r.audioKbps === b[i]!.audioKbps)
  );
}

/** The preset matching `profile`, or null for a profile set some other way (API). */
export function presetFor(profile: LiveProfile): ProfilePreset | null {
  return (
    PROFILE_PRESETS.find((preset) => {
      const p = preset.profile;
      if (p.type !== profile.type) return false;
      if (p.type === 'copy' || profile.type === 'copy') return true;
      return p.sourceCopy === profile.sourceCopy && sameRenditions(p.renditions, profile.renditions);
    }) ?? null
  );
}

/** A one-line summary, e.g. "Source + 480p + 360p". */
export function describeProfile(profile: LiveProfile): string {
  const preset = presetFor(profile);
  if (preset) return preset.label;
  if (profile.type === 'copy') return 'Copy';
  const parts = profile.renditions.map((r) => `${r.height}p`);
  return [profile.sourceCopy ? 'Source' : null, ...parts].filter(Boolean).join(' + ');
}
