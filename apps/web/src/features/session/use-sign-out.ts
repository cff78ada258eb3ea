/** Signs out of this session or of all of them, then forgets everything cached. */

import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, setCsrfToken } from '../../api/api-client.ts';
import { errorMessage } from '../../api/error-message.ts';
import { ME_KEY } from './use-me.ts';

export function useSignOut(): (everywhere?: boolean) => Promise<void> {
  const client = useQueryClient();
  const navigate = useNavigate();
  return async (everywhere = false) => {
    try {
      await api.post('/auth/logout', { everywhere });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Sign-out failed', message: errorMessage(error) });
      return;
    }
    setCsrfToken(null);
    client.clear();
    client.setQueryData(ME_KEY, null);
    navigate('/sign-in', { replace: true, state: { notice: everywhere ? 'signed-out-everywhere' : 'signed-out' } });
  };
}
