// Helpers of the chapter's end-to-end tests (chapter_*.test.mjs): the three languages, the words
// each must show (the slides' Korean, the Japanese edition's titles), opening a section, reading
// the data the page shows, and the mathematics written out by hand in JavaScript — the
// independent arithmetic every number of the chapter's panels is checked against (to 1e-9).
// Not a test file itself.
import { ready } from './helpers.mjs';

export const LANGS = ['en', 'ko', 'ja'];

/** Each section's heading must hold these words in each language: the slides' (ko), the
 *  Japanese edition's section titles (ja). */
export const TITLES = {
  en: {
    kl: '§5.1.1–§5.1.2 Notation and the KL divergence',
    truth: '§5.1.3 KL divergence and maximum likelihood estimation (MLE)',
    gmm: '§5.2 Deriving the EM algorithm (1)',
    marginal: '§5.2.1 A model with a latent variable',
    bound: '§5.2.2 Any probability distribution q(z)',
    lowerbound: '§5.3.1 ELBO (evidence lower bound)',
    toem: '§5.3.2 At last, the EM algorithm',
    formulas: '§5.4 EM for the parameters of a GMM',
    book: 'Code review',
    compare: 'EM vs k-means clustering',
    observe: 'Soft clustering',
    blog: 'EM in one dimension',
    glossary: 'Glossary',
  },
  ko: {
    kl: 'KL 발산',
    truth: '§5.1.3 KL 발산과 최대 가능도 추정(MLE)의 관계',
    gmm: '§5.2 EM 알고리즘 도출 1',
    marginal: '§5.2.1 잠재 변수가 있는 모델',
    bound: '§5.2.2 임의의 확률 분포 q(z)',
    lowerbound: '§5.3.1 ELBO(Evidence Lower Bound), 증거 하한',
    toem: '§5.3.2 드디어 EM 알고리즘으로',
    formulas: '§5.4 GMM 파라미터 추정에 EM 알고리즘 적용',
    book: 'Code Review',
    compare: 'EM vs K-means 클러스터링',
    observe: '소프트 클러스터링',
    blog: '1차원 EM',
    glossary: '용어집',
  },
  ja: {
    kl: 'KLダイバージェンス',
    truth: '§5.1.3 KLダイバージェンスと最尤推定の関係',
    gmm: '§5.2 EMアルゴリズムの導出①',
    marginal: '§5.2.1 潜在変数を持つモデル',
    bound: '§5.2.2 任意の確率分布q(z)',
    lowerbound: '§5.3.1 ELBO（エビデンスの下界）',
    toem: '§5.3.2 EMアルゴリズムへ',
    formulas: '§5.4 GMMとEMアルゴリズム',
    book: 'コードレビュー',
    compare: 'k-means法',
    observe: 'ソフトクラスタリング',
    blog: '1次元',
    glossary: '用語集',
  },
};

/** The panel `.teach-<name>`, after opening its section; its heading is checked against TITLES. */
export async function openPanel(t, lang, name) {
  const { page, expect } = t;
  const panel = page.locator(`.teach-${name}`);
  await page.evaluate((n) => {
    const el = document.querySelector(`.teach-${n}`);
    window.emviz.instance.reveal(el);
  }, name);
  await panel.waitFor();
  const heading = (await panel.locator('h2').first().innerText()).replace(/\s+/g, ' ');
  expect.ok(heading.includes(TITLES[lang][name]), `${name} (${lang}): heading "${heading}" lacks "${TITLES[lang][name]}"`);
  return panel;
}

/** Opens the page in `lang` (with `extra` query parameters). */
export const openIn = (t, lang, extra = '') => ready(t, `?lang=${lang}${extra}`);

/** Half-steps through the page's API. */
export const halfSteps = async (page, n) => { for (let i = 0; i < n; i++) await page.evaluate(() => window.emviz.step()); };

/** The data the page shows, parsed from its Data box (header row skipped): rows of numbers. */
export const dataRows = (page) => page.evaluate(() => {
  const text = window.emviz.instance.dataText();
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/[\s,;]+/).map(Number)).filter((r) => r.every(Number.isFinite));
});

/** The parameters shown: { weights, means, covariances } (state()). */
export const params = (page) => page.evaluate(() => {
  const s = window.emviz.instance.session.state();
  return { weights: s.weights, means: s.means, covariances: s.covariances, k: s.k, d: s.d, n: s.n, phase: s.phase, iteration: s.iteration };
});

// ---- The mathematics, written out by hand ----------------------------------------------------

/** log 𝒩(x; μ, Σ) for d = 1 or 2. */
export function logGauss(x, mu, cov) {
  if (x.length === 1) {
    const v = cov[0][0];
    return -0.5 * (x[0] - mu[0]) ** 2 / v - 0.5 * Math.log(2 * Math.PI * v);
  }
  const [[a, b], [c, d]] = cov;
  const det = a * d - b * c;
  const [dx, dy] = [x[0] - mu[0], x[1] - mu[1]];
  const quad = (d * dx * dx - (b + c) * dx * dy + a * dy * dy) / det;
  return -0.5 * quad - Math.log(2 * Math.PI) - 0.5 * Math.log(det);
}

/** log Σ exp(aₖ). */
export function logSumExp(a) {
  const m = Math.max(...a);
  return m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** For one point and parameters: log p(x, z = k) per k, log p(x), log p(z = k | x) per k. */
export function pointTerms(x, p) {
  const lj = p.weights.map((w, k) => Math.log(w) + logGauss(x, p.means[k], p.covariances[k]));
  const lp = logSumExp(lj);
  return { lj, lp, lpost: lj.map((l) => l - lp) };
}

/** |a − b| within `tol` relative (absolute below 1). */
export function close(expect, a, b, what, tol = 1e-9) {
  expect.ok(Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

/** A hash of a canvas's pixels (every 7th byte): it changes when the picture does. */
export const pixelHash = (canvas) => canvas.evaluate((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let h = 0;
  for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]) % 1000000007;
  return h;
});

/** The equation tags ([eq. 5.1] …) of a panel, as shown (MathML text: textContent). */
export const tagsOf = (panel) => panel.locator('.eq-tag').evaluateAll((els) => els.map((e) => e.textContent.trim()));

/** A number the page wrote in a data-value attribute. */
export const valueOf = async (locator) => Number(await locator.getAttribute('data-value'));
