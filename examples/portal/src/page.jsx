// The reference portal page: draws one whole submission (envelope + form
// data) from the server's page schema with react-jsonschema-form, and shows
// the server's findings next to their fields.
//
// Build: npm ci && npm run build  (writes static/page.js)
import React, { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import Form, { getDefaultRegistry } from "@rjsf/core";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020.js";
import { addReformBrandVocabulary } from "./vocabulary.js";

// RJSF's stock validator is draft-07 ajv: a 2020-12 schema needs Ajv2020.
const validator = customizeValidator({
  AjvClass: Ajv2020,
  extenderFn: addReformBrandVocabulary,
});

const { BaseInputTemplate } = getDefaultRegistry().templates;

// maxLength on the inputs, from the schema: the browser stops typing at the
// limit, and the hint under the field ("不超过 100 个字符") says why.  The
// schema's example is the greyed placeholder only: RJSF would also offer it
// as a suggestion (a datalist), and one click sent the example's mobile,
// e-mail or project name as the unit's own.
function LimitedInput(props) {
  const { schema } = props;
  const { examples: _examples, ...asked } = schema;
  return <BaseInputTemplate {...props} schema={asked} maxLength={maxUnits(schema, props.value)} />;
}

// maxlength counts UTF-16 units, the schema's maxLength characters: each
// character beyond U+FFFF already typed (𠀀, an emoji) is two units, and the
// browser stopped 联系人 at 25 such characters, not 50.
function maxUnits(schema, value) {
  if (schema.maxLength === undefined) return undefined;
  const astral = [...String(value ?? "")].filter((c) => c.length > 1).length;
  return schema.maxLength + astral;
}

function LimitedTextarea({ id, value, required, disabled, readonly, options, schema, onChange, onBlur, onFocus }) {
  return (
    <textarea
      id={id}
      name={id}
      className="form-control"
      value={value ?? ""}
      required={required}
      disabled={disabled}
      readOnly={readonly}
      rows={options.rows}
      maxLength={maxUnits(schema, value)}
      onChange={(e) => onChange(e.target.value === "" ? options.emptyValue : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
      aria-describedby={`${id}__error ${id}__help`}
    />
  );
}

function getAt(obj, pointer) {
  return pointer.split("/").slice(1).reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setAt(obj, pointer, value) {
  const keys = pointer.split("/").slice(1);
  let cur = obj;
  keys.slice(0, -1).forEach((k) => {
    if (typeof cur[k] !== "object" || cur[k] === null) cur[k] = {};
    cur = cur[k];
  });
  cur[keys[keys.length - 1]] = value;
}

// The server's findings as RJSF extraErrors: {data: {contact: {mobile:
// {__errors: ["…"]}}}}.  A finding about a mirrored field is shown at the
// field it is copied from; one with no field goes to the list at the top.
function toExtraErrors(findings, mirror, schema) {
  const extra = {};
  const general = [];
  for (const f of findings) {
    const pointer = mirror[f.pointer] || f.pointer;
    if (!pointer || getAt(schema.properties, pointer.replaceAll("/", "/properties/").slice("/properties".length)) === undefined) {
      general.push(f);
      continue;
    }
    const keys = pointer.split("/").slice(1);
    let node = extra;
    for (const k of keys) node = node[k] = node[k] || {};
    (node.__errors = node.__errors || []).push(f.message.zh);
  }
  return { extra, general };
}

// Half a character (a lone surrogate: 𠀀 cut in two by a paste) is no text:
// the server refuses the body, as not JSON, without saying where.  ajv refuses
// it too (the page schema's pattern of every text), and the page says so under
// the field, in the words the server uses for it (envelope.not-text, in
// Chinese and English, from the schema's x-reform-brand.messages).
function halfCharacters(page, envelope) {
  const { errors = [] } = validator.rawValidation(page.schema, envelope);
  const templates = page.schema["x-reform-brand"].messages["envelope.not-text"];
  const seen = new Set();
  const found = [];
  for (const e of errors) {
    const value = getAt(envelope, e.instancePath);
    if (e.keyword !== "pattern" || typeof value !== "string" || !/\p{Cs}/u.test(value)) continue;
    const pointer = page.mirror[e.instancePath] || e.instancePath;
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    const field = getAt(page.schema.properties, pointer.replaceAll("/", "/properties/").slice("/properties".length));
    const where = { zh: field?.title || pointer, en: field?.["x-en"]?.title || pointer };
    found.push({
      code: "envelope.not-text",
      severity: "error",
      pointer,
      message: { zh: templates.zh.replace("{where}", where.zh), en: templates.en.replace("{where}", where.en) },
    });
  }
  return found;
}

function Page({ form }) {
  const [page, setPage] = useState(null);
  const [formData, setFormData] = useState({});
  const [extraErrors, setExtraErrors] = useState({});
  const [result, setResult] = useState(null);

  useEffect(() => {
    fetch(`/api/page/${form}`)
      .then((r) => r.json())
      .then(setPage);
  }, [form]);

  if (!page) return <p>正在加载表格……</p>;

  async function submit({ formData: data }) {
    const envelope = structuredClone(data);
    for (const [target, source] of Object.entries(page.mirror)) {
      setAt(envelope, target, getAt(envelope, source));
    }
    // ajv's verdict on the envelope, beside the server's: the exported schemas
    // and the library give the same verdict on what a schema can express.
    window.__clientVerdict = validator.isValid(page.schema, envelope, page.schema);
    const halves = halfCharacters(page, envelope);
    const response = await fetch("/api/submissions/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(envelope),
    });
    const body = await response.json();
    window.__lastResponse = { status: response.status, body };
    const { extra, general } = toExtraErrors([...halves, ...body.findings], page.mirror, page.schema);
    setExtraErrors(extra);
    setResult({ ok: body.ok, general });
  }

  return (
    <>
      {result && (
        <div id="result" className={result.ok ? "accepted" : "rejected"} data-ok={String(result.ok)}>
          {result.ok ? "已通过校验，可以提交。" : "请按提示修改后再提交。"}
          <ul>
            {result.general.map((f, i) => (
              <li key={i} data-code={f.code}>{f.message.zh}</li>
            ))}
          </ul>
        </div>
      )}
      <Form
        schema={page.schema}
        uiSchema={page.uiSchema}
        validator={validator}
        formData={formData}
        onChange={(e) => setFormData(e.formData)}
        onSubmit={submit}
        extraErrors={extraErrors}
        showErrorList={false}
        noValidate
        noHtml5Validate
        // RJSF would take the first const of a oneOf (the unit kind, a choice
        // field) as its default: a select the unit never touched would send
        // its first option.  Nothing is chosen until the unit chooses.
        experimental_defaultFormStateBehavior={{ constAsDefaults: "skipOneOf" }}
        widgets={{ TextareaWidget: LimitedTextarea }}
        templates={{ BaseInputTemplate: LimitedInput }}
      >
        <button type="submit" id="submit">提交校验</button>
      </Form>
    </>
  );
}

const root = document.getElementById("root");
createRoot(root).render(<Page form={root.dataset.form || "application"} />);
