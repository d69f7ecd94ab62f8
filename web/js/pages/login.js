// @ts-check
/** Logga in: dev login with the demo users, or a token from the identity provider (production mode). */
import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { createForm } from '../form.js';
import { setSession } from '../session.js';

/**
 * @param {HTMLElement} main
 * @param {Record<string, string>} _params
 * @param {PageContext} context
 */
export async function render(main, _params, { navigate }) {
  document.title = 'Logga in – Stegvis';
  /** @type {{ authMode: string, demoUsers: { username: string, displayName: string, role: Role, roleText: string, unit: string }[] }} */
  const config = await fetch('/ui-config.json', { cache: 'no-store' }).then((response) => response.json());
  const next = history.state?.next && history.state.next !== '/logga-in' ? history.state.next : '/';
  const expired = history.state?.expired;
  const notice = expired ? h('p', { class: 'notice notice--warning' }, 'Din inloggning har gått ut. Logga in igen.') : null;

  if (config.authMode === 'dev') {
    const { form } = createForm({
      idPrefix: 'login',
      fields: [{ name: 'username', label: 'Välj användare', required: true, kind: 'radio', options: config.demoUsers.map((user) => ({ value: user.username, label: `${user.displayName} – ${user.roleText}, ${user.unit}` })) }],
      submitLabel: 'Logga in',
      onSubmit: async (values) => {
        if (!values.username) throw new ApiError(400, { error: { code: 'VALIDATION_FAILED', message: 'username', details: [{ path: 'username', message: 'Välj en användare.' }] } });
        const result = await api('/api/auth/dev-login', { method: 'POST', body: { username: values.username } });
        const demo = config.demoUsers.find((user) => user.username === result.user.username);
        setSession({ token: result.token, user: result.user, roleText: demo?.roleText, expiresAt: result.expiresAt });
        navigate(next, { replace: true });
      },
    });
    replace(
      main,
      h('h1', null, 'Logga in'),
      notice,
      h('p', { class: 'lead' }, 'Stegvis körs i utvecklingsläge: logga in som en av demoanvändarna. I drift loggar man in med kommunens inloggning.'),
      form,
    );
    return;
  }

  // Production mode: the identity provider issues the token; the API verifies it against AUTH_JWKS_URL.
  const { form } = createForm({
    idPrefix: 'login',
    fields: [{ name: 'token', label: 'Åtkomsttoken', help: 'Klistra in den token som kommunens inloggningstjänst gav dig.', required: true, kind: 'textarea' }],
    submitLabel: 'Logga in',
    onSubmit: async (values) => {
      const response = await fetch('/api/auth/me', { cache: 'no-store', headers: { Authorization: `Bearer ${values.token ?? ''}` } });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(response.status, body);
      setSession({ token: values.token, user: body.user });
      navigate(next, { replace: true });
    },
  });
  replace(main, h('h1', null, 'Logga in'), notice, h('p', { class: 'lead' }, 'Stegvis använder kommunens inloggning.'), form);
}
