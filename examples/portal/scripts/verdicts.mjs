// Compiles JSON Schemas with ajv 8 (Draft 2020-12, strict) + ajv-formats and
// gives ajv's verdict on many instances in one process.
//
//   node scripts/verdicts.mjs IN.json OUT.json
//
// IN:  {"schemas": {"name": schema, ...}, "cases": [["name", instance], ...]}
// OUT: {"compiled": {"name": null | "error text"}, "verdicts": [true|false|null, ...]}
// A schema that does not compile gives its error and null verdicts.
import { readFileSync, writeFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { addReformBrandVocabulary } from "../src/vocabulary.js";

const [input, output] = process.argv.slice(2);
const { schemas, cases } = JSON.parse(readFileSync(input, "utf8"));
// One Ajv instance per schema: schemas of different editions or roles may
// share an $id.
function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  addFormats(ajv);
  return addReformBrandVocabulary(ajv);
}
const compiled = {};
const validators = {};
for (const [name, schema] of Object.entries(schemas)) {
  try {
    validators[name] = newAjv().compile(schema);
    compiled[name] = null;
  } catch (err) {
    compiled[name] = String(err && err.message ? err.message : err);
  }
}
const verdicts = cases.map(([name, instance]) => {
  const validate = validators[name];
  return validate ? validate(instance) : null;
});
writeFileSync(output, JSON.stringify({ compiled, verdicts }));
