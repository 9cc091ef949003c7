type Listener = () => void;

interface Timed {
  cameraId: string;
  at: string;
}

/**
 * The latest health report per camera, with per-camera subscriptions (for
 * useSyncExternalStore), so a report for one camera re-renders only what shows that camera.
 */
export class LatestHealthStore<H extends Timed> {
  private readonly latest = new Map<string, H>();
  private readonly listeners = new Map<string, Set<Listener>>();

  get(cameraId: string): H | null {
    return this.latest.get(cameraId) ?? null;
  }

  /** Store a report unless a newer one for the camera is already here. */
  set(report: H): void {
    const previous = this.latest.get(report.cameraId);
    if (previous && Date.parse(previous.at) > Date.parse(report.at)) return;
    this.latest.set(report.cameraId, report);
    this.listeners.get(report.cameraId)?.forEach((listener) => listener());
  }

  subscribe(cameraId: string, listener: Listener): () => void {
    let set = this.listeners.get(cameraId);
    if (!set) this.listeners.set(cameraId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(cameraId);
    };
  }

  clear(): void {
    const ids = [...this.latest.keys()];
    this.latest.clear();
    for (const id of ids) this.listeners.get(id)?.forEach((listener) => listener());
  }
}
