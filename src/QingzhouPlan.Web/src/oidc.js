// The standard OpenID Connect authorization code flow with PKCE, run by the page itself (a public client):
// to the provider's sign-in, back with a code, the code exchanged for an access token the API accepts.
// Used when the server names an authority (Auth__Authority) and the page's client id (Dashboard__ClientId).
import { session } from './api.js';

const pending = 'qz.oidc';

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (length) => base64url(crypto.getRandomValues(new Uint8Array(length)));
const redirectUri = () => `${location.origin}/`;

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
  const response = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(), client_id: config.clientId, code_verifier: started.verifier,
    }),
  });
  if (!response.ok) throw new Error(`换取令牌失败（${response.status}）`);
  const token = (await response.json()).access_token;
  const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  const role = [].concat(claims.role || [])[0] || '';
  session.set({ token, user: claims.sub, department: claims.department || '', role });
  return true;
}
