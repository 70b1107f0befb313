// Validates download-models' JSON documents against docs/schema/download-models.schema.json with Ajv (JSON Schema
// draft 2020-12, strict mode with type unions allowed (["string", "null"]), every error) and ajv-formats: a validator
// that is not ours.
// Usage: node validate.cjs SCHEMA FILE...
// Prints one JSON array: [{ "file", "valid", "errors" }], one entry per FILE, in order.
// Exit 0: all valid; 2: some invalid (their errors are in the output); 3: cannot validate (bad schema, unreadable file).
const fs = require('node:fs');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');

try {
  const [schemaFile, ...files] = process.argv.slice(2);
  if (!schemaFile || files.length === 0) throw new Error('usage: node validate.cjs SCHEMA FILE...');
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  const results = files.map((file) => {
    const valid = validate(JSON.parse(fs.readFileSync(file, 'utf8')));
    return { file, valid, errors: valid ? [] : validate.errors };
  });
  // Written at once and left to drain: process.exit() would cut a long answer short on a pipe.
  fs.writeSync(1, JSON.stringify(results, null, 2) + '\n');
  process.exitCode = results.every((r) => r.valid) ? 0 : 2;
} catch (e) {
  console.error(`cannot validate: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 3;
}
