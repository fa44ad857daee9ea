// Writes docs/models.md from the model library. Run from the repository root:
//   node --import tsx scripts/gen-model-docs.ts
// test/models/library.test.ts fails when the file is stale (UPDATE_GOLDEN=1 rewrites it there too).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_AREAS } from '../simulator/src/models/index.js';
import { renderModelDocs } from '../simulator/src/models/render-docs.js';

const out = path.resolve(process.cwd(), 'docs', 'models.md');
writeFileSync(out, renderModelDocs(MODEL_AREAS));
console.log(`wrote ${path.relative(process.cwd(), out)}`);
