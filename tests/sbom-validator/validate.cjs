// Validates a CycloneDX 1.6 JSON file with the CycloneDX JavaScript library's strict validator (ajv with
// formats, against the schema files the library ships: bom-1.6, spdx, jsf, cryptography-defs).
// Usage: node validate.cjs FILE   exit 0 valid; 2 invalid (the errors are printed as JSON); 3 cannot validate.
const fs = require('node:fs');
const { Validation, Spec } = require('@cyclonedx/cyclonedx-library');

(async () => {
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
  if (errors === null) {
    console.log('valid CycloneDX 1.6');
    process.exit(0);
  }
  console.log(JSON.stringify(errors, null, 2));
  process.exit(2);
})().catch((e) => {
  console.error(`cannot validate: ${e && e.stack ? e.stack : e}`);
  process.exit(3);
});
