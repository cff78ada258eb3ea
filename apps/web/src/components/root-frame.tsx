/** Wraps every page: when the server reports the session has ended, go to sign-in and say why. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { setCsrfToken, setSessionEndedHandler } from '../api/api-client.ts';
import { ME_KEY } from '../features/session/use-me.ts';

export function RootFrame() {
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const here = location.pathname + location.search;

  useEffect(() => {
    setSessionEndedHandler((code) => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(ME_KEY, null);
      if (window.location.pathname === '/sign-in' || window.location.pathname === '/setup') return;
      navigate('/sign-in', { replace: true, state: { notice: code === 'auth.session_expired' ? 'expired' : undefined, from: here } });
    });
    return () => setSessionEndedHandler(null);
  }, [client, navigate, here]);

  return <Outlet />;
}
