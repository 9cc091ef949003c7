import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { CONTROLLERS } from '../controllers';
import { buildOpenApi } from './openapi';

/** `node dist/src/openapi/emit.js <file>`: writes the OpenAPI document (CI compares it with the committed one). */
const out = process.argv[2];
const text = JSON.stringify(buildOpenApi(CONTROLLERS, '0.1.0'), null, 2) + '\n';
if (out) writeFileSync(out, text);
else process.stdout.write(text);
