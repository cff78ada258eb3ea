/** Signing in to a running server from a benchmark: the session cookie and CSRF token. */

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  userId: string;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { user?: { id: string }; csrfToken?: string; error?: { message: string } };
  if (response.status !== 200 || !body.user || !body.csrfToken) {
    throw new Error(`Sign-in as ${email} failed with ${response.status}: ${body.error?.message ?? JSON.stringify(body)}`);
  }
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('casebook_session='));
  if (!setCookie) throw new Error('Sign-in answered without a session cookie.');
  return { cookie: setCookie.split(';')[0], csrfToken: body.csrfToken, userId: body.user.id };
}
