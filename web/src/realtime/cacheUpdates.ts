// How realtime events change cached API data. Pure and structurally typed (no imports), so the
// unit tests don't pull in the server's event module.

export interface StatusChange<S extends string = string> {
  cameraId: string;
  status: S;
  statusReason: string | null;
  at: string;
}

interface CameraLike<S extends string> {
  id: string;
  status: S;
  statusReason: string | null;
  statusSince?: string | null;
}

/** The camera with the event's status, or the same object when nothing changed (or it's another camera). */
export function applyStatusToCamera<S extends string, C extends CameraLike<S>>(camera: C, event: StatusChange<S>): C {
  if (camera.id !== event.cameraId) return camera;
  if (camera.status === event.status && camera.statusReason === event.statusReason) return camera;
  const since = 'statusSince' in camera && camera.status !== event.status ? { statusSince: event.at } : {};
  return { ...camera, status: event.status, statusReason: event.statusReason, ...since };
}

/** A camera list page with the event applied; the same object when no camera on it changed. */
export function applyStatusToList<S extends string, C extends CameraLike<S>, L extends { items: C[] }>(list: L, event: StatusChange<S>): L {
  let changed = false;
  const items = list.items.map((camera) => {
    const next = applyStatusToCamera(camera, event);
    if (next !== camera) changed = true;
    return next;
  });
  return changed ? { ...list, items } : list;
}

interface DashboardLike<S extends string> {
  cameras: { total: number; byStatus: Record<S, number> };
}

/** The dashboard with the live camera counters. */
export function applyCountersToDashboard<S extends string, D extends DashboardLike<S>>(
  dashboard: D,
  counters: { cameras: { total: number; byStatus: Record<S, number> } },
): D {
  return {
    ...dashboard,
    cameras: {
      ...dashboard.cameras,
      total: counters.cameras.total,
      byStatus: { ...dashboard.cameras.byStatus, ...counters.cameras.byStatus },
    },
  };
}

/**
 * Remembers the time of the last status event applied per camera, so an event that arrives
 * after a newer one (a reconnect replay, two server workers) doesn't roll a badge back.
 */
export class StatusClock {
  private readonly latest = new Map<string, number>();

  /** Whether `event` is newer than anything seen for its camera; records it if so. */
  accept(event: { cameraId: string; at: string }): boolean {
    const at = Date.parse(event.at);
    if (Number.isNaN(at)) return true;
    const seen = this.latest.get(event.cameraId);
    if (seen !== undefined && at < seen) return false;
    this.latest.set(event.cameraId, at);
    return true;
  }

  clear(): void {
    this.latest.clear();
  }
}
