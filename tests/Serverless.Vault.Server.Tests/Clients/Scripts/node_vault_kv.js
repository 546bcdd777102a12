// node-vault 0.12.0 against KV v2 (secret/) and a KV v1 mount: generic read/write/list/delete/update and health().
'use strict';
const fs = require('fs');

const vault = require('node-vault')({ apiVersion: 'v1', endpoint: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN });
const [v1Mount, folder] = process.argv.slice(2);
const out = { version: require('node-vault/package.json').version };

async function errorOf(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return { message: error.message, status: error.response ? error.response.statusCode : null };
  }
}

async function main() {
  out.health = await vault.health();

  const path = `secret/data/${folder}/app`;
  out.write1 = await vault.write(path, { data: { user: 'u1' } });
  out.write2 = await vault.write(path, { data: { user: 'u2', password: 'p2' }, options: { cas: 1 } });
  out.staleCas = await errorOf(() => vault.write(path, { data: { user: 'x' }, options: { cas: 1 } }));
  await vault.write(`secret/data/${folder}/other`, { data: { v: 'o' } });
  await vault.write(`secret/data/${folder}/sub/deep`, { data: { v: 'd' } });
  out.readLatest = await vault.read(path);
  out.readVersion1 = await vault.read(`${path}?version=1`);
  out.readMissing = await errorOf(() => vault.read(`secret/data/${folder}/missing`));
  out.update = typeof vault.update === 'function' ? await vault.update(path, { data: { extra: 'e' } }) : 'no update method';
  out.readUpdated = await vault.read(path);
  out.listMetadata = await vault.list(`secret/metadata/${folder}`);
  out.listMissing = await errorOf(() => vault.list(`secret/metadata/${folder}/nothing`));
  out.writeMetadata = await vault.write(`secret/metadata/${folder}/app`, { max_versions: 4, custom_metadata: { owner: 'node' } });
  out.readMetadata = await vault.read(`secret/metadata/${folder}/app`);
  out.deleteLatest = await vault.delete(path);
  out.readDeleted = await errorOf(() => vault.read(path));
  out.destroy = await vault.destroySecretVersions({ mount_point: 'secret', path: `${folder}/app`, versions: [1] });
  out.deleteMetadata = await vault.delete(`secret/metadata/${folder}/app`);
  out.listAfterDelete = await vault.list(`secret/metadata/${folder}`);

  out.v1Write = await vault.write(`${v1Mount}/${folder}/a`, { k: 'v', ttl: '10m' });
  await vault.write(`${v1Mount}/${folder}/b/c`, { k: 'c' });
  out.v1Read = await vault.read(`${v1Mount}/${folder}/a`);
  out.v1List = await vault.list(`${v1Mount}/${folder}`);
  out.v1Delete = await vault.delete(`${v1Mount}/${folder}/a`);
  out.v1ReadDeleted = await errorOf(() => vault.read(`${v1Mount}/${folder}/a`));
  out.v1Cas = await errorOf(() => vault.write(`${v1Mount}/${folder}/a`, { data: { k: 'v' }, options: { cas: 0 } }));

  fs.writeFileSync(process.env.RESULT_FILE, JSON.stringify(out, (key, value) => (value === undefined ? '(undefined)' : value)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
