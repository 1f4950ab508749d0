// The reform_brand annotation keywords.  The exported schemas carry their
// English text in "x-en" and edition facts in "x-reform-brand"; both are
// annotations (they never change a verdict).  ajv's strict mode rejects
// keywords it does not know, so declare them once per Ajv instance.
export const REFORM_BRAND_KEYWORDS = ["x-en", "x-reform-brand"];

export function addReformBrandVocabulary(ajv) {
  for (const keyword of REFORM_BRAND_KEYWORDS) {
    if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword, schemaType: "object" });
  }
  return ajv;
}
