// The bearer API, as every client calls it, with the token of this tab's session.
import { bearer, renew } from './oidc.js';

// A refusal carries its rule in Chinese (clerk); other problems fall back to their detail.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.clerk || problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, options = {}, renewed = false) {
  const token = await bearer();
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...options.headers },
  });
  // A token the server no longer takes (expired a little early, keys rotated) is renewed once, then the call repeated.
  if (response.status === 401 && !renewed && await renew()) return api(path, options, true);
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// The signed-in user as the server sees the token (/api/me): every role, and what of the past they may read.
let me = null;
export const setMe = (value) => { me = value; };
export const readsThePast = () => Boolean(me?.readsThePast);
export const readsPeople = () => Boolean(me?.readsPeople);
export const currentUser = () => me;
