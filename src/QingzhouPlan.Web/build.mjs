// Bundles the page into the server's static files. Everything it needs ships in the bundle: the servers
// sit on intranets, so nothing is fetched from a CDN at run time.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const out = '../QingzhouPlan.Server/wwwroot';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/app.js'],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outfile: `${out}/app.js`,
  legalComments: 'linked',
});
cpSync('public', out, { recursive: true });
console.log(`page built into ${out}`);
