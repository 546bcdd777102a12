// A real OpenID provider for tests: node-oidc-provider with a static confidential client and devInteractions
// (any login name, no password check), plus test-only endpoints under /test/ that sign arbitrary claims with the
// provider's own current key (POST /test/sign), rotate that key (POST /test/rotate) and count JWKS fetches
// (GET /test/stats).
// Usage: node provider.mjs <port> <path of oidc-provider's lib/index.js>
import { createServer } from 'node:http';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const port = Number(process.argv[2]);
const { default: Provider } = await import(pathToFileURL(process.argv[3]).href);
const issuer = `http://127.0.0.1:${port}`;

export const CLIENT_ID = 'vault';
export const CLIENT_SECRET = 'vault-test-client-secret';

function newKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

// Newest first: the provider signs with the first key and publishes all of them.
let keys = [newKey()];

function buildProvider() {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: ['http://127.0.0.1:8250/oidc/callback', 'https://vault.example/ui/vault/auth/oidc/oidc/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    jwks: { keys },
    cookies: { keys: ['test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    features: { devInteractions: { enabled: true } },
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test`, groups: ['testers', `group-${id}`] }),
    }),
    // Consent is granted on the spot so a test drives only the login form.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
      await grant.save();
      return grant;
    },
  });
  provider.proxy = true;
  return provider;
}

let provider = buildProvider();
let jwksRequests = 0;

const b64url = (value) => Buffer.from(value).toString('base64url');

function signClaims({ claims = {}, alg = 'RS256', kid, header = {} }) {
  const key = keys[0];
  const head = { alg, typ: 'JWT', ...(alg === 'none' ? {} : { kid: kid ?? key.kid }), ...header };
  const body = { iss: issuer, iat: Math.floor(Date.now() / 1000), ...claims };
  const input = `${b64url(JSON.stringify(head))}.${b64url(JSON.stringify(body))}`;
  switch (alg) {
    case 'none':
      return `${input}.`;
    case 'HS256': {
      // The key-confusion attack: the public key's PEM used as an HMAC secret.
      const pem = createPublicKey(createPrivateKey({ key, format: 'jwk' })).export({ type: 'spki', format: 'pem' });
      return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    }
    default:
      return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey({ key, format: 'jwk' })).toString('base64url')}`;
  }
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/test/sign') {
      const token = signClaims(await readJson(req));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, kid: keys[0].kid }));
      return;
    }
    if (req.method === 'GET' && req.url === '/test/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jwks_requests: jwksRequests }));
      return;
    }
    if (req.url.startsWith('/jwks')) {
      jwksRequests += 1;
    }
    if (req.method === 'POST' && req.url === '/test/rotate') {
      keys = [newKey(), ...keys];
      provider = buildProvider();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kid: keys[0].kid }));
      return;
    }
    provider.callback()(req, res);
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
}).listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
