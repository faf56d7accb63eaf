// Builds for production, packs out/finetune-embeddings.vsix with vsce, and checks that it
// ships only what runs (bundles, templates, schema, media, docs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
run(process.execPath, ['scripts/build.mjs', '--production']);
mkdirSync('out', { recursive: true });
const vsce = ['node_modules/@vscode/vsce/vsce'];
const files = run(process.execPath, [...vsce, 'ls', '--no-dependencies']).split('\n').filter(Boolean);
const allowed = [/^package\.json$/, /^dist\/[\w.-]+\.(js|json|css|ttf)$/, /^gpu-templates\/(?!tests\/|golden\/|smoke\/)[\w./-]+$/, /^media\/(walkthrough\/)?[\w.-]+$/, /^(README\.md|CHANGELOG\.md|LICENSE)$/];
const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
if (unexpected.length) {
  console.error(`The .vsix would ship files that do not run:\n  ${unexpected.join('\n  ')}\nExclude them in .vscodeignore.`);
  process.exit(1);
}
// Every module of the template package, its sub-packages included (fte/evaluation/, ...): Try it,
// export and local runs import them from the installed extension.
const templateModules = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? (e.name === '__pycache__' ? [] : templateModules(`${dir}/${e.name}`)) : e.name.endsWith('.py') ? [`${dir}/${e.name}`] : []);
for (const needed of [...templateModules('gpu-templates/fte'), 'dist/extension.js', 'dist/cli.js', 'dist/finetune.schema.json', 'README.md', 'LICENSE']) {
  if (!files.includes(needed)) {
    console.error(`The .vsix lacks ${needed}.`);
    process.exit(1);
  }
}
// Relative links stay relative: the README's images ship in media/ and VS Code shows them from there.
run(process.execPath, [...vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', 'out/finetune-embeddings.vsix']);
console.log(`out/finetune-embeddings.vsix: ${files.length} files\n  ${files.join('\n  ')}`);
