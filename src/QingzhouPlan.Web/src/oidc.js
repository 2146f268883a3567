// The standard OpenID Connect authorization code flow with PKCE, run by the page itself (a public client):
// to the provider's sign-in, back with a code, the code exchanged for an access token the API accepts.
// Used when the server names an authority (Auth__Authority) and the page's client id (Dashboard__ClientId).
// With offline_access in the scope the provider also gives a refresh token, and the page renews the access
// token before it expires; without one, an expired token sends the user to sign in again.
import { session } from './session.js';

const pending = 'qz.oidc';

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (length) => base64url(crypto.getRandomValues(new Uint8Array(length)));
const redirectUri = () => `${location.origin}/`;
const claimsOf = (jwt) => JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));

async function discovery(authority) {
  const response = await fetch(`${authority.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`认证服务不可用（${response.status}）`);
  return response.json();
}

export async function signInWithProvider(config) {
  const metadata = await discovery(config.authority);
  const verifier = random(48);
  const state = random(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(pending, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  // A refresh token (offline_access) is given only where the user was asked to consent (OpenID Connect Core 11).
  if (config.scope.split(' ').includes('offline_access')) query.set('prompt', 'consent');
  location.assign(`${metadata.authorization_endpoint}?${query}`);
}

/** Completes a sign-in the provider sent back here (?code=&state=); returns whether one was completed. */
export async function completeSignIn(config) {
  const query = new URLSearchParams(location.search);
  if (!query.has('code')) return false;
  const started = JSON.parse(sessionStorage.getItem(pending) || 'null');
  sessionStorage.removeItem(pending);
  const kept = new URLSearchParams(location.search);
  ['code', 'state', 'session_state', 'iss'].forEach((name) => kept.delete(name));
  history.replaceState(null, '', `${location.pathname}${kept.size ? `?${kept}` : ''}${location.hash}`);
  if (!started || started.state !== query.get('state')) throw new Error('登录回调与发起的登录不符，请重新登录');
  const metadata = await discovery(config.authority);
  const provider = { tokenEndpoint: metadata.token_endpoint, endSessionEndpoint: metadata.end_session_endpoint, clientId: config.clientId };
  const tokens = await tokenRequest(provider, {
    grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(), code_verifier: started.verifier,
  });
  if (!tokens) throw new Error('换取令牌失败，请重新登录');
  keep(tokens, provider, null);
  return true;
}

async function tokenRequest(provider, fields) {
  const response = await fetch(provider.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, client_id: provider.clientId }),
  });
  return response.ok ? response.json() : null;
}

function keep(tokens, provider, previous) {
  const claims = claimsOf(tokens.access_token);
  const now = Date.now();
  session.set({
    token: tokens.access_token,
    user: claims.sub,
    department: claims.department || '',
    role: [].concat(claims.role || [])[0] || '',
    issuedAt: now,
    expiresAt: tokens.expires_in ? now + tokens.expires_in * 1000 : claims.exp * 1000,
    // A provider that rotates refresh tokens sends a new one each time; one that does not keeps the first.
    refreshToken: tokens.refresh_token || previous?.refreshToken || null,
    idToken: tokens.id_token || previous?.idToken || null,
    provider,
  });
}

let renewing = null;

/** Renews the access token with the refresh token; false when there is none or the provider refuses it. */
export function renew() {
  renewing ??= refresh().finally(() => { renewing = null; });
  return renewing;
}

async function refresh() {
  const current = session.get();
  if (!current?.refreshToken) return false;
  try {
    const tokens = await tokenRequest(current.provider, { grant_type: 'refresh_token', refresh_token: current.refreshToken });
    if (!tokens) return false;
    keep(tokens, current.provider, current);
    return true;
  } catch {
    return false;
  }
}

/** The access token to send, renewed first when a tenth of its life (at most 30 s) is left. */
export async function bearer() {
  const current = session.get();
  if (current?.refreshToken && current.expiresAt - Date.now() < Math.min(30000, (current.expiresAt - current.issuedAt) / 10)) await renew();
  return session.get()?.token;
}

/** Where to end the session at the provider too (RP-initiated logout), or null when it was not a provider's sign-in. */
export function providerSignOut() {
  const current = session.get();
  if (!current?.provider?.endSessionEndpoint) return null;
  const query = new URLSearchParams({ post_logout_redirect_uri: redirectUri(), client_id: current.provider.clientId });
  if (current.idToken) query.set('id_token_hint', current.idToken);
  return `${current.provider.endSessionEndpoint}?${query}`;
}
