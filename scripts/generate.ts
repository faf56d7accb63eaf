// Writes the files package.json contributes that are derived from the core (run by the build).
import { mkdirSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/core/config/generated';

const out = process.argv[2] ?? 'dist';
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/finetune.schema.json`, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
