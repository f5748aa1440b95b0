// The chapter's numbering, in one place. Every panel cites an equation, section or figure of
// Deep Learning from Scratch 5, ch. 5 through this table — a string writes {eq:elbo}, {sec:latent}
// or {fig:notation} and i18n.t() fills in "eq. 5.6" / "식 5.6" / "式(5.6)", "§5.2.1", "Fig. 5-1" —
// exactly as the chapter's slides (../shared/seeds) number them. docs/CHAPTER.md lists where each
// is shown on the page. No other file writes an equation or section number.

/** The slides' numbered equations: id → number and the section that derives it. */
export const EQUATIONS = {
  // θ̂ = argmax_θ Σₙ log p_θ(x⁽ⁿ⁾)
  mle: { n: '5.1', sec: 'klMle' },
  // D_KL(p* ‖ p_θ) = ∫ p*(x) log (p*(x) / p_θ(x)) dx
  klPopulation: { n: '5.2', sec: 'klMle' },
  // ≈ (1/N) Σₙ (log p*(x⁽ⁿ⁾) − log p_θ(x⁽ⁿ⁾))
  monteCarlo: { n: '5.3', sec: 'klMle' },
  // log p_θ(x) = log (p_θ(x, z) / q(z)) + log (q(z) / p_θ(z | x))
  logRatio: { n: '5.4', sec: 'anyQ' },
  // log p_θ(x) = Σ_z q(z) log (p_θ(x, z) / q(z)) + D_KL(q(z) ‖ p_θ(z | x))
  elboKl: { n: '5.5', sec: 'anyQ' },
  // ELBO(x; q, θ) = Σ_z q(z) log (p_θ(x, z) / q(z))
  elbo: { n: '5.6', sec: 'elbo' },
  // log p_θ(x) = ELBO(x; q, θ) + D_KL(q(z) ‖ p_θ(z | x))
  decomposition: { n: '5.7', sec: 'toEm' },
  // ELBO(x; q = p_θold(z | x), θ) = 𝔼_{p_θold(z|x)}[log (p_θ(x, z) / p_θold(z | x))]: the M-step's objective
  mObjective: { n: '5.8', sec: 'gmmEm' },
};

/** The slides' sections (the EM vs K-means slide and the blog post have no number). */
export const SECTIONS = {
  kl: '5.1',
  notation: '5.1.1',
  klDefinition: '5.1.2',
  klMle: '5.1.3',
  derivation1: '5.2',
  latent: '5.2.1',
  anyQ: '5.2.2',
  derivation2: '5.3',
  elbo: '5.3.1',
  toEm: '5.3.2',
  gmmEm: '5.4',
};

/** The figures the slides name. */
export const FIGURES = {
  notation: '5-1',
  klCases: '5-2',
  twoGaussians: '4-8',
  constantSum: '5-7',
};

const EQ_WORD = { en: (n) => `eq. ${n}`, ko: (n) => `식 ${n}`, ja: (n) => `式(${n})` };
const FIG_WORD = { en: (n) => `Fig. ${n}`, ko: (n) => `그림 ${n}`, ja: (n) => `図${n}` };

/** "{eq:id}", "{sec:id}", "{fig:id}" in `text` filled in for `lang`. An unknown id is left as
 *  written, so a test finds it. */
export function cite(text, lang) {
  return text.replace(/\{(eq|sec|fig):(\w+)\}/g, (whole, kind, id) => {
    if (kind === 'eq') return EQUATIONS[id] ? (EQ_WORD[lang] || EQ_WORD.en)(EQUATIONS[id].n) : whole;
    if (kind === 'sec') return SECTIONS[id] ? `§${SECTIONS[id]}` : whole;
    return FIGURES[id] ? (FIG_WORD[lang] || FIG_WORD.en)(FIGURES[id]) : whole;
  });
}
