/** The signed-in user, loaded once and shared; null when nobody is signed in. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../api/api-client.ts';
import { isApiError } from '../../api/api-error.ts';
import type { Me } from '../../api/types.ts';

export const ME_KEY = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The signed-in user inside the protected layout, where it is known to be present. */
export function useMe(): Me {
  const { data } = useMeQuery();
  if (!data) throw new Error('useMe is used outside the signed-in layout.');
  return data;
}

export function usePermissions(): { can: (permission: string) => boolean } {
  const me = useMe();
  return { can: (permission) => me.permissions.includes(permission) };
}

/** Stores a freshly signed-in user (from sign-in or set-up) without another round trip. */
export function useSignedIn(): (me: Me) => void {
  const client = useQueryClient();
  return (me) => {
    setCsrfToken(me.csrfToken);
    client.clear();
    client.setQueryData(ME_KEY, me);
  };
}
