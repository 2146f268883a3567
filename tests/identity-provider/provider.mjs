// An OpenID Certified provider (oidc-provider) on loopback, standing where a government identity provider
// stands in front of the API: the page signs in by the code flow with PKCE, a county system by client
// credentials, and every access token is a JWT for the API's audience (resource indicators) carrying the
// claims the API maps — department, role(s), plan(s).
//
//   node provider.mjs settings.json
//
// settings.json (written by the tests): issuer, port, keys (private JWKs, the first signs), resources
// (resource indicator → audience), accounts (login → department, roles, plans), clients (oidc-provider client
// metadata, plus department/roles/plans for a system's own claims and access_token_seconds).
// One JSON line on stdout per event the tests wait on: {"event":"ready"}, {"event":"grant","grant":"…"}, …
import { readFileSync } from 'node:fs';
import Provider, { errors } from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const say = (event) => console.log(JSON.stringify(event));

// Who the token speaks for: a signed-in account, or the system a client-credentials token was issued to.
async function claimsFor(token) {
  const who = token.accountId
    ? settings.accounts[token.accountId]
    : (await provider.Client.find(token.clientId))?.metadata();
  if (!who) return undefined;
  return { department: who.department, role: who.roles, plan: who.plans };
}

const provider = new Provider(settings.issuer, {
  jwks: { keys: settings.keys },
  clients: settings.clients,
  extraClientMetadata: { properties: ['department', 'roles', 'plans', 'access_token_seconds'] },
  async findAccount(_ctx, id) {
    const account = settings.accounts[id];
    return account && { accountId: id, claims: async () => ({ sub: id, name: account.name }) };
  },
  claims: { openid: ['sub'], profile: ['name'] },
  cookies: { keys: [settings.cookieKey] },
  pkce: { required: () => true },
  // The page calls the token endpoint from its own origin: allowed for the origins of a client's redirect URIs.
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  extraTokenClaims: async (_ctx, token) => claimsFor(token),
  ttl: {
    Session: 60 * 60,
    Grant: 60 * 60,
    Interaction: 10 * 60,
    AuthorizationCode: 60,
    IdToken: 60 * 60,
    RefreshToken: 60 * 60,
  },
  features: {
    // The provider's own sign-in form: any known login, any password. A real IdP puts its own login here.
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => settings.defaultResource,
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx, resource, client) {
        const audience = settings.resources[resource];
        if (!audience) throw new errors.InvalidTarget();
        return {
          audience,
          scope: 'api',
          accessTokenFormat: 'jwt',
          accessTokenTTL: client.metadata().access_token_seconds ?? 3600,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});

provider.on('grant.success', (ctx) => say({ event: 'grant', grant: ctx.oidc.params.grant_type, client: ctx.oidc.client.clientId }));
provider.on('grant.error', (ctx, error) => say({ event: 'grant.error', grant: ctx.oidc.params?.grant_type, error: error.message }));
provider.on('end_session.success', (ctx) => say({ event: 'signed-out', client: ctx.oidc.client?.clientId }));
provider.listen(settings.port, '127.0.0.1', () => say({ event: 'ready', kid: settings.keys[0].kid }));
