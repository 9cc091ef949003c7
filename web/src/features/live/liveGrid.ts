export const COLUMN_CHOICES = ['auto', '1', '2', '3', '4'] as const;
export type ColumnChoice = (typeof COLUMN_CHOICES)[number];

/** The columns setting from the URL (`?cols=3`); anything else means automatic. */
export function parseColumns(raw: string | null | undefined): ColumnChoice {
  return (COLUMN_CHOICES as readonly string[]).includes(raw ?? '') ? (raw as ColumnChoice) : 'auto';
}

export const LIVE_PAGE_SIZES = [12, 24, 48, 96] as const;
export const LIVE_DEFAULT_PAGE_SIZE = 24;

/** Whether a camera in this status has video to show. */
export function isLive(status: string): boolean {
  return status === 'online' || status === 'degraded';
}
