// Media-control icons for the player (same 24×24 stroke style as components/Icon).
const PATHS = {
  play: 'M7 4.5v15a.5.5 0 0 0 .77.42l11.5-7.5a.5.5 0 0 0 0-.84L7.77 4.08A.5.5 0 0 0 7 4.5z',
  pause: 'M7 4h3v16H7zM14 4h3v16h-3z',
  back: 'M11 17l-5-5 5-5M18 17l-5-5 5-5',
  forward: 'M13 17l5-5-5-5M6 17l5-5-5-5',
  volumeOff: 'M11 5L6 9H2v6h4l5 4zM23 9l-6 6M17 9l6 6',
  volumeOn: 'M11 5L6 9H2v6h4l5 4zM15.54 8.46a5 5 0 0 1 0 7.07M19.07 4.93a10 10 0 0 1 0 14.14',
} as const;

export type MediaIconName = keyof typeof PATHS;

export function MediaIcon({ name, size = 18 }: { name: MediaIconName; size?: number }) {
  const filled = name === 'play' || name === 'pause';
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={filled ? 0 : 1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
