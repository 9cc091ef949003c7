import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { CreateTokenBody } from '../../api/types';

export const tokenKeys = {
  all: ['tokens'] as const,
  list: (all: boolean) => ['tokens', 'list', { all }] as const,
};

export function useTokens(all: boolean) {
  return useQuery({
    queryKey: tokenKeys.list(all),
    queryFn: () =>
      unwrap(
        api.GET('/api/tokens', {
          params: { query: all ? { all: 'true' } : {} },
        }),
      ),
  });
}

function useInvalidateTokens() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
      queryClient.invalidateQueries({ queryKey: ['audit'] }),
    ]);
}

export function useCreateToken() {
  const invalidate = useInvalidateTokens();
  return useMutation({
    mutationFn: (body: CreateTokenBody) => unwrap(api.POST('/api/tokens', { body })),
    onSuccess: () => invalidate(),
  });
}

export function useRevokeToken() {
  const invalidate = useInvalidateTokens();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => invalidate(),
  });
}
