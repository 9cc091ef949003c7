import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { useCameraDirectory } from '../recordings/api';
import { storageKeys } from '../storage/api';
import { useAlertRules } from './api';

export interface AlertNames {
  cameras: readonly { id: string; name: string }[];
  cameraName: (id: string) => string | null;
  /** "camera Gate", "storage tier nas", "the server". */
  subjectName: (subject: string) => string;
  ruleName: (id: string) => string | null;
}

/** Names for the ids alerts, rules and snoozes carry: cameras, storage tiers and rules. */
export function useAlertNames(): AlertNames {
  const { can } = useAuth();
  const directory = useCameraDirectory();
  const rules = useAlertRules();
  const tiers = useQuery({
    queryKey: storageKeys.tiers,
    queryFn: () => unwrap(api.GET('/api/storage/tiers')),
    enabled: can('storage:read'),
    staleTime: 60_000,
  });
  const cameraName = (id: string) => directory.cameras.find((c) => c.id === id)?.name ?? null;
  return {
    cameras: directory.cameras,
    cameraName,
    subjectName: (subject) => {
      if (subject === 'system') return 'the server';
      const camera = cameraName(subject);
      if (camera !== null) return `camera ${camera}`;
      const tier = tiers.data?.find((t) => t.id === subject);
      return tier ? `storage tier ${tier.name}` : subject;
    },
    ruleName: (id) => rules.data?.find((r) => r.id === id)?.name ?? null,
  };
}
