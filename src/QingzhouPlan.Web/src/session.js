// The signed-in session of this tab: the access token and who it names, and — after an OpenID Connect sign-in —
// what renews it (refresh token, when it expires) and what ends it at the provider (ID token, endpoints).
// Kept in this tab's session storage only.
const key = 'qz.session';

export const session = {
  get: () => JSON.parse(sessionStorage.getItem(key) || 'null'),
  set: (value) => sessionStorage.setItem(key, JSON.stringify(value)),
  clear: () => sessionStorage.removeItem(key),
};
