// MathML for the chapter's equations, written in the slides' notation: tiny builders that return
// markup (no computation — every number on the page comes from wasm), and the equations several
// panels show. A panel puts `math(…)` into its innerHTML; `number(v)` is a formatted value.

export const mi = (s) => `<mi>${s}</mi>`;
export const mo = (s) => `<mo>${s}</mo>`;
export const mn = (s) => `<mn>${s}</mn>`;
export const mtext = (s) => `<mtext>${s}</mtext>`;
export const row = (...xs) => `<mrow>${xs.join('')}</mrow>`;
export const sub = (a, b) => `<msub>${a}${b}</msub>`;
export const sup = (a, b) => `<msup>${a}${b}</msup>`;
export const subsup = (a, b, c) => `<msubsup>${a}${b}${c}</msubsup>`;
export const under = (a, b) => `<munder>${a}${b}</munder>`;
export const frac = (a, b) => `<mfrac>${a}${b}</mfrac>`;
export const sqrt = (a) => `<msqrt>${a}</msqrt>`;
export const paren = (...xs) => row(mo('('), ...xs, mo(')'));
export const brace = (...xs) => row(mo('{'), ...xs, mo('}'));
export const space = '<mspace width="0.3em"/>';
/** Σ from `i` = `from` to `to` (either may be omitted). */
export const sum = (i, from, to) => {
  if (!i) return mo('∑');
  const lower = from === undefined ? mi(i) : row(mi(i), mo('='), mn(from));
  return to === undefined ? under(mo('∑'), lower) : `<munderover>${mo('∑')}${lower}${mi(to)}</munderover>`;
};
/** `a` with a bottom brace and `words` (markup) under it, as the slides annotate a term. */
export const underbrace = (a, words) => `<munder><mrow class="brace">${a}</mrow><mrow class="brace-words">${words}</mrow></munder>`;
/** p*: the population distribution. */
export const star = sup(mi('p'), mo('*'));
/** a with a hat: θ̂. */
export const hat = (a) => `<mover accent="true">${a}${mo('^')}</mover>`;
/** Σ with any markup under it. */
export const sumUnder = (lower) => under(mo('∑'), lower);
export const prod = (i, from, to) => `<munderover>${mo('∏')}${row(mi(i), mo('='), mn(from))}${mi(to)}</munderover>`;
export const log = `${mi('log')}<mspace width="0.17em"/>`;
export const block = (...rows) => `<math display="block">${row(...rows)}</math>`;
export const inline = (...rows) => `<math>${row(...rows)}</math>`;
/** Several aligned lines (a derivation): each an array [left, right] or [left, right, note]. */
export const lines = (...ls) => `<math display="block"><mtable columnalign="right left left">${ls.map((l) => `<mtr>${l.map((c) => `<mtd>${c}</mtd>`).join('')}</mtr>`).join('')}</mtable></math>`;

// The slides' symbols.
/** θ, θ_old, θ̂. */
export const theta = mi('θ');
export const thetaOld = sub(mi('θ'), mi('old'));
/** x⁽ⁿ⁾ (superscript (n)); `x()` is plain x. */
export const xn = (n = 'n') => sup(mi('x'), paren(mi(n)));
export const x = mi('x');
/** p_θ(args…) with θ or another subscript. */
export const pt = (args, s = theta) => row(sub(mi('p'), s), mo('('), args, mo(')'));
export const pStar = (args) => row(sup(mi('p'), mo('*')), mo('('), args, mo(')'));
/** z = k. */
export const zk = (k = 'k') => row(mi('z'), mo('='), mi(k));
export const given = (a, b) => row(a, mo('|'), b);
export const q = (args) => row(mi('q'), mo('('), args, mo(')'));
export const qn = (args) => row(sup(mi('q'), paren(mi('n'))), mo('('), args, mo(')'));
export const phi = (k = 'k') => sub(mi('φ'), mi(k));
export const mu = (k = 'k') => sub(mi('μ'), mi(k));
export const cov = (k = 'k') => sub(mi('Σ'), mi(k));
/** 𝒩(x; μₖ, Σₖ). */
export const normal = (arg = x, k = 'k') => row(mi('𝒩'), mo('('), arg, mo(';'), mu(k), mo(','), cov(k), mo(')'));
export const dkl = (a, b) => row(sub(mi('D'), mi('KL')), mo('('), a, mo('‖'), b, mo(')'));
export const elbo = (args) => row(mi('ELBO'), mo('('), args, mo(')'));
export const elboXqT = elbo(row(x, mo(';'), mi('q'), mo(','), theta));
export const expect = (p, body) => row(sub(mi('𝔼'), p), mo('['), body, mo(']'));
export const eq = mo('=');
export const ge = mo('≥');
export const approx = mo('≈');
export const plus = mo('+');
export const minus = mo('−');

/** An equation's number as the slides tag it, "[식 5.1]": filled in the page's language by
 *  i18n.translate (data-cite). */
export const tag = (id) => `<mtext class="eq-tag" data-cite="[{eq:${id}}]">&#8195;[${id}]</mtext>`;

/** A value shown inside an equation: `<mn>` with the page's number format. */
export const number = (text) => `<mn class="live">${text}</mn>`;
