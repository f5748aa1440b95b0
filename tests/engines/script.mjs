// What both adapters send to the page for evaluate(fn or script, ...args), and how they read the
// answer back, so that a value arrives the same way over WebDriver BiDi (Firefox) and over classic
// WebDriver's JSON (WebKit).
//
// A function is sent as its source (no closures: pass what it needs as arguments); a string is the
// body of an async function (`return …;`, as WebDriver's execute scripts). Arguments go as JSON.
// The page awaits the result and answers with one JSON string: numbers keep every bit (JSON's
// shortest round-trip form), and NaN, ±Infinity and undefined, which JSON lacks, are tagged. An
// exception in the page becomes a rejected evaluate() carrying the page's stack.

/** The expression (a promise of a string) to evaluate in the page. */
export function pageScript(fn, args = []) {
  const source = typeof fn === 'function' ? `(${fn.toString()})` : `(async function () {\n${fn}\n})`;
  return `(async () => {
  const tag = (k, v) => (typeof v === 'number' && !Number.isFinite(v)) ? { '$number': String(v) }
    : v === undefined ? { '$undefined': true } : v;
  try {
    const value = await ${source}(...${JSON.stringify(args)});
    return JSON.stringify({ ok: true, value: value === undefined ? { '$undefined': true } : value }, tag);
  } catch (err) {
    return JSON.stringify({ ok: false, error: String(err && err.stack ? \`\${err}\\n\${err.stack}\` : err) });
  }
})()`;
}

/** The value from the page's answer (a string made by pageScript's code); throws the page's error. */
export function decode(answer) {
  if (typeof answer !== 'string') throw new Error(`unexpected answer from the page: ${JSON.stringify(answer)}`);
  const untag = (v) => {
    if (Array.isArray(v)) return v.map(untag);
    if (v && typeof v === 'object') {
      if ('$number' in v) return Number(v.$number);
      if ('$undefined' in v) return undefined;
      for (const k of Object.keys(v)) v[k] = untag(v[k]);
    }
    return v;
  };
  const parsed = JSON.parse(answer);
  if (!parsed.ok) throw new Error(`in the page: ${parsed.error}`);
  return untag(parsed.value);
}
