// §5.2.2 — any probability distribution q(z) (chapter section 'derivation1'): the slides'
// derivation for one point, eq. 5.4 (multiply by q(z)/q(z) = 1) then eq. 5.5 (multiply by
// Σ_z q(z) = 1, move log p_θ(x) inside, put eq. 5.4 in, split), each term's value for the chosen
// point and a q(z) set by hand with one slider per component: the ELBO term and
// D_KL(q(z) ‖ p_θ(z | x)) change while log p_θ(x) stays fixed and equals their sum (Fig. 5-7); a
// button sets q to the posterior, where D_KL = 0. The same for the whole data set with q from an
// earlier iteration's E-step. Every number comes from Session.point_bound / data_bound.
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';
import { fmt } from '../ui.js';
import { pointPicker } from '../pointpick.js';
import { row, mi, mo, frac, sum, lines, log, x, pt, given, q, eq, plus, dkl, mtext, tag, underbrace } from '../math.js';

register({
  en: {
    'teach.bound.title': '{sec:anyQ} Any probability distribution q(z)',
    'teach.bound.hint': 'Assume the latent variable follows any probability distribution q(z), and put it into the log-likelihood to turn the log of a sum into a sum of logs. For one data point:',
    'teach.bound.s1': 'Multiply by q(z)/q(z) = 1 and split the log into two terms:',
    'teach.bound.why0': '(× q(z)/q(z) = 1)',
    'teach.bound.klBrace': 'KL divergence',
    'teach.bound.qZero': 'Where q(z = k) = 0 its two log terms are undefined (log 0) and it adds nothing to the sums.',
    'teach.bound.s1live': 'For every k the two terms add up to the same log p_{θ}(x):',
    'teach.bound.k': 'k',
    'teach.bound.first': 'log (p_{θ}(x, z = k) / q(k))',
    'teach.bound.second': 'log (q(k) / p_{θ}(z = k | x))',
    'teach.bound.total': 'sum',
    'teach.bound.s2': 'The second term still holds p_{θ}(z | x). Rewrite it with the KL divergence: multiply by Σ_{z} q(z) = 1, move log p_{θ}(x) into the sum, put {eq:logRatio} in, and split the sum:',
    'teach.bound.why1': '(Σ_{z} q(z) = 1)',
    'teach.bound.why2': '(log p_{θ}(x) into the Σ)',
    'teach.bound.why3': '({eq:logRatio} put in)',
    'teach.bound.s2live': 'Point {i}: Σ_{z} q(z) log (p_{θ}(x, z)/q(z)) = {elbo} and D_{KL}(q(z) ‖ p_{θ}(z | x)) = {kl}; their sum is log p_{θ}(x) = {logp}.',
    'teach.bound.point': 'One point: set its q(z) by hand',
    'teach.bound.of': 'Point {i}: q(z) set by hand',
    'teach.bound.qk': 'q(z = {k})',
    'teach.bound.toPosterior': 'q(z) = p_{θ}(z | x)',
    'teach.bound.uniform': 'q uniform',
    'teach.bound.constant': 'Move q: the ELBO and D_{KL} change, their sum stays log p_{θ}(x) ({fig:constantSum}).',
    'teach.bound.logp': 'log p_{θ}(x) (fixed)',
    'teach.bound.elbo': 'ELBO(x; q, θ)',
    'teach.bound.kl': 'D_{KL}(q(z) ‖ p_{θ}(z | x))',
    'teach.bound.sum': 'ELBO + D_{KL}',
    'teach.bound.dataLogp': 'Σₙ log p_{θ}(x⁽ⁿ⁾) (fixed)',
    'teach.bound.dataElbo': 'Σₙ ELBO(x⁽ⁿ⁾; q⁽ⁿ⁾, θ)',
    'teach.bound.dataKl': 'Σₙ D_{KL}(q⁽ⁿ⁾(z) ‖ p_{θ}(z | x⁽ⁿ⁾))',
    'teach.bound.dataSum': 'Σₙ ELBO + Σₙ D_{KL}',
    'teach.bound.data': 'The whole data set (sums over the N = {n} points)',
    'teach.bound.from': 'q from the E-step of iteration number',
    'teach.bound.current': 'q = the current posterior',
    'teach.bound.dataNote': 'θ is the state shown (iteration {it}). q from iteration {t}: {what}',
    'teach.bound.dataNoteNow': 'θ is the state shown (iteration {it}); q is its posterior p_{θ}(z | x), so D_{KL} = 0 and the ELBO equals log p_{θ}(x).',
    'teach.bound.older': 'the older the q, the looser the bound.',
    'teach.bound.noE': 'Take an E-step first: there is no q from an earlier iteration yet.',
  },
  ko: {
    'teach.bound.title': '{sec:anyQ} 임의의 확률 분포 q(z)',
    'teach.bound.hint': '잠재 변수가 임의의 확률 분포 q(z)를 따른다고 가정하고 로그 가능도 식에 적용하여 로그-합 형태에서 합-로그 형태로 변형합니다. 데이터 포인트 하나에 대하여:',
    'teach.bound.s1': 'q(z)/q(z) = 1을 곱하고 로그를 두 항으로 나눕니다:',
    'teach.bound.why0': '(q(z)/q(z) = 1을 곱한다.)',
    'teach.bound.klBrace': 'KL 발산',
    'teach.bound.qZero': 'q(z = k) = 0인 k는 두 로그 항이 정의되지 않고(log 0) 합에는 0을 더합니다.',
    'teach.bound.s1live': '모든 k에서 두 항의 합은 같은 log p_{θ}(x)입니다:',
    'teach.bound.k': 'k',
    'teach.bound.first': 'log (p_{θ}(x, z = k) / q(k))',
    'teach.bound.second': 'log (q(k) / p_{θ}(z = k | x))',
    'teach.bound.total': '합',
    'teach.bound.s2': '두 번째 항에 p_{θ}(z | x)가 여전히 존재합니다. KL 발산 식을 활용하여 다시 변형합니다: Σ_{z} q(z) = 1을 곱하고, log p_{θ}(x)를 Σ 안으로 넣고, {eq:logRatio}를 대입하고, 합을 두 항으로 나눕니다:',
    'teach.bound.why1': '(Σ_{z} q(z) = 1을 곱한다)',
    'teach.bound.why2': '(log p_{θ}(x)를 Σ 안으로)',
    'teach.bound.why3': '({eq:logRatio} 대입)',
    'teach.bound.s2live': '{i}번 점: Σ_{z} q(z) log (p_{θ}(x, z)/q(z)) = {elbo}, D_{KL}(q(z) ‖ p_{θ}(z | x)) = {kl}이고, 둘의 합은 log p_{θ}(x) = {logp}입니다.',
    'teach.bound.point': '점 하나: q(z)를 직접 정하기',
    'teach.bound.of': '{i}번 점: 직접 정한 q(z)',
    'teach.bound.qk': 'q(z = {k})',
    'teach.bound.toPosterior': 'q(z) = p_{θ}(z | x)',
    'teach.bound.uniform': '균등한 q',
    'teach.bound.constant': 'q를 움직여 보세요. ELBO와 D_{KL}은 바뀌지만 둘의 합은 log p_{θ}(x)로 일정합니다({fig:constantSum}).',
    'teach.bound.logp': 'log p_{θ}(x) (고정)',
    'teach.bound.elbo': 'ELBO(x; q, θ)',
    'teach.bound.kl': 'D_{KL}(q(z) ‖ p_{θ}(z | x))',
    'teach.bound.sum': 'ELBO + D_{KL}',
    'teach.bound.dataLogp': 'Σₙ log p_{θ}(x⁽ⁿ⁾) (고정)',
    'teach.bound.dataElbo': 'Σₙ ELBO(x⁽ⁿ⁾; q⁽ⁿ⁾, θ)',
    'teach.bound.dataKl': 'Σₙ D_{KL}(q⁽ⁿ⁾(z) ‖ p_{θ}(z | x⁽ⁿ⁾))',
    'teach.bound.dataSum': 'Σₙ ELBO + Σₙ D_{KL}',
    'teach.bound.data': '데이터 전체 (점 N = {n}개의 합)',
    'teach.bound.from': 'q를 가져올 E 단계(몇 번째 반복)',
    'teach.bound.current': 'q = 현재 사후 분포',
    'teach.bound.dataNote': 'θ는 지금 보이는 상태(반복 {it})입니다. {t}번째 반복의 q: {what}',
    'teach.bound.dataNoteNow': 'θ는 지금 보이는 상태(반복 {it})이고 q는 그 사후 분포 p_{θ}(z | x)이므로 D_{KL} = 0, ELBO = log p_{θ}(x)입니다.',
    'teach.bound.older': 'q가 오래될수록 하한이 느슨해집니다.',
    'teach.bound.noE': '먼저 E 단계를 실행하세요. 아직 이전 반복의 q가 없습니다.',
  },
  ja: {
    'teach.bound.title': '{sec:anyQ} 任意の確率分布q(z)',
    'teach.bound.hint': '潜在変数が任意の確率分布 q(z) に従うと仮定し、それを対数尤度の式に当てはめて、和の対数の形から対数の和の形に変形します。1つのデータ点について：',
    'teach.bound.s1': 'q(z)/q(z) = 1 を掛けて、対数を2つの項に分けます：',
    'teach.bound.why0': '（q(z)/q(z) = 1 を掛ける）',
    'teach.bound.klBrace': 'KLダイバージェンス',
    'teach.bound.qZero': 'q(z = k) = 0 の k では2つの対数の項が定義されず（log 0）、和には何も加わりません。',
    'teach.bound.s1live': 'どの k でも、2つの項の和は同じ log p_{θ}(x) になります：',
    'teach.bound.k': 'k',
    'teach.bound.first': 'log (p_{θ}(x, z = k) / q(k))',
    'teach.bound.second': 'log (q(k) / p_{θ}(z = k | x))',
    'teach.bound.total': '和',
    'teach.bound.s2': '第2項には、まだ p_{θ}(z | x) が残っています。KLダイバージェンスを使って書き直しましょう。Σ_{z} q(z) = 1 を掛け、log p_{θ}(x) を和の中に入れ、{eq:logRatio}を代入して、項を分けます：',
    'teach.bound.why1': '（Σ_{z} q(z) = 1 を掛ける）',
    'teach.bound.why2': '（log p_{θ}(x) を Σ の中へ）',
    'teach.bound.why3': '（{eq:logRatio}を代入）',
    'teach.bound.s2live': '点 {i}：Σ_{z} q(z) log (p_{θ}(x, z)/q(z)) = {elbo}、D_{KL}(q(z) ‖ p_{θ}(z | x)) = {kl} で、その和が log p_{θ}(x) = {logp} です。',
    'teach.bound.point': '1つの点：q(z) を手で設定',
    'teach.bound.of': '点 {i}：手で設定した q(z)',
    'teach.bound.qk': 'q(z = {k})',
    'teach.bound.toPosterior': 'q(z) = p_{θ}(z | x)',
    'teach.bound.uniform': '一様な q',
    'teach.bound.constant': 'q を動かしてみましょう。ELBOと D_{KL} は変わりますが、その和は log p_{θ}(x) のまま一定です（{fig:constantSum}）。',
    'teach.bound.logp': 'log p_{θ}(x)（固定）',
    'teach.bound.elbo': 'ELBO(x; q, θ)',
    'teach.bound.kl': 'D_{KL}(q(z) ‖ p_{θ}(z | x))',
    'teach.bound.sum': 'ELBO + D_{KL}',
    'teach.bound.dataLogp': 'Σₙ log p_{θ}(x⁽ⁿ⁾)（固定）',
    'teach.bound.dataElbo': 'Σₙ ELBO(x⁽ⁿ⁾; q⁽ⁿ⁾, θ)',
    'teach.bound.dataKl': 'Σₙ D_{KL}(q⁽ⁿ⁾(z) ‖ p_{θ}(z | x⁽ⁿ⁾))',
    'teach.bound.dataSum': 'Σₙ ELBO + Σₙ D_{KL}',
    'teach.bound.data': 'データ全体（N = {n} 個の点の和）',
    'teach.bound.from': 'q を使うEステップ（何回目の反復か）',
    'teach.bound.current': 'q = 現在の事後分布',
    'teach.bound.dataNote': 'θ は表示中の状態（反復 {it}）です。{t}回目の反復の q：{what}',
    'teach.bound.dataNoteNow': 'θ は表示中の状態（反復 {it}）で、q はその事後分布 p_{θ}(z | x) です。したがって D_{KL} = 0 となり、ELBOは log p_{θ}(x) に等しくなります。',
    'teach.bound.older': 'q が古いほど、下界はゆるくなります。',
    'teach.bound.noE': '先にEステップを実行してください。まだ以前の反復の q がありません。',
  },
});

const note = (key) => mtext(`<span data-i18n="${key}"></span>`);
const xz = row(x, mo(','), mi('z'));
const post = pt(given(mi('z'), x));
const EQ54 = lines(
  [row(log, pt(x)), row(eq, log, frac(pt(xz), post))],
  ['', row(eq, log, frac(pt(xz), post), frac(q(mi('z')), q(mi('z')))), note('teach.bound.why0')],
  ['', row(eq, log, frac(pt(xz), q(mi('z'))), plus, log, frac(q(mi('z')), post), tag('logRatio'))],
);
const EQ55 = lines(
  [row(log, pt(x)), row(eq, log, pt(x), sum('z'), q(mi('z'))), note('teach.bound.why1')],
  ['', row(eq, sum('z'), q(mi('z')), log, pt(x)), note('teach.bound.why2')],
  ['', row(eq, sum('z'), q(mi('z')), mo('('), log, frac(pt(xz), q(mi('z'))), plus, log, frac(q(mi('z')), post), mo(')')), note('teach.bound.why3')],
  ['', row(eq, sum('z'), q(mi('z')), log, frac(pt(xz), q(mi('z'))), plus, underbrace(row(sum('z'), q(mi('z')), log, frac(q(mi('z')), post)), mtext('<span data-i18n="teach.bound.klBrace"></span>')))],
  ['', row(eq, sum('z'), q(mi('z')), log, frac(pt(xz), q(mi('z'))), plus, dkl(q(mi('z')), post), tag('elboKl'))],
);

/** The table of log p_θ(x), the ELBO, D_KL and their sum that fill() writes: one point's (labels
 *  'logp', 'elbo', …), or the data set's sums ('dataLogp', …). */
const valuesTable = (testid, data = false) => {
  const key = (name) => `teach.bound.${data ? `data${name[0].toUpperCase()}${name.slice(1)}` : name}`;
  return `<table class="bound-values" data-testid="${testid}"><tbody>
  <tr><th scope="row" data-i18n="${key('logp')}"></th><td data-v="logP"></td></tr>
  <tr class="elbo"><th scope="row" data-i18n="${key('elbo')}"></th><td data-v="elbo"></td></tr>
  <tr class="kl"><th scope="row" data-i18n="${key('kl')}"></th><td data-v="kl"></td></tr>
  <tr><th scope="row" data-i18n="${key('sum')}"></th><td data-v="sum"></td></tr>
</tbody></table>`;
};

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const { palette } = instance.rules;
  const id = (n) => instance.id(`bound-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel chapter-panel teach-bound';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.bound.title"></h2>
    <p class="hint" data-i18n="teach.bound.hint"></p>
    <div data-out="picker"></div>
    <ol class="argument">
      <li data-step="eq54"><p data-i18n="teach.bound.s1"></p>${EQ54}
        <p data-i18n="teach.bound.s1live"></p>
        <table class="chapter-table" data-testid="bound-eq54"><thead><tr><th scope="col" data-i18n="teach.bound.k"></th>
          <th scope="col" data-i18n="teach.bound.first"></th><th scope="col" data-i18n="teach.bound.second"></th>
          <th scope="col" data-i18n="teach.bound.total"></th></tr></thead><tbody></tbody></table>
        <p class="hint" data-out="q-zero" data-i18n="teach.bound.qZero" hidden></p></li>
      <li data-step="eq55"><p data-i18n="teach.bound.s2"></p>${EQ55}<p class="live" data-out="s2"></p></li>
    </ol>
    <div class="bound-cols">
      <div class="bound-point">
        <h3 data-i18n="teach.bound.point"></h3>
        <p class="bound-of" data-out="of"></p>
        <div class="bound-sliders" data-out="sliders"></div>
        <div class="data-controls">
          <button type="button" data-act="posterior" data-i18n="teach.bound.toPosterior"></button>
          <button type="button" data-act="uniform" data-i18n="teach.bound.uniform"></button>
        </div>
        <p class="hint" data-i18n="teach.bound.constant"></p>
        ${valuesTable('bound-point')}
      </div>
      <div class="bound-data">
        <h3 data-out="data-title"></h3>
        <div class="field bound-from"><label for="${id('from')}" data-i18n="teach.bound.from"></label>
          <input id="${id('from')}" type="range" min="1" max="1" step="1" value="1"><output for="${id('from')}" data-out="from"></output></div>
        <button type="button" data-act="current" data-i18n="teach.bound.current"></button>
        ${valuesTable('bound-data', true)}
        <p class="hint" data-out="data-note" aria-live="polite"></p>
      </div>
    </div>`;
  panel.querySelector('[data-out="picker"]').replaceWith(pointPicker(instance, id('pick')));
  instance.chapter('derivation1').append(panel);
  translate(panel);

  const q1 = (sel) => panel.querySelector(sel);
  const from = q1(`#${CSS.escape(id('from'))}`);
  let fromIteration = null; // null: the current posterior
  let shownFor = null;      // the point and K the sliders were made for
  // The exact q the sliders were last set to (the point's q of the last E-step, or the posterior):
  // used until a slider moves, so that "q(z) = p_θ(z | x)" gives D_KL = 0 exactly, not the
  // sliders' rounding of it.
  let exactQ = null;

  const fill = (table, b, total) => {
    for (const [name, v] of [['logP', b.logP], ['elbo', b.elbo], ['kl', b.kl], ['sum', total]]) {
      const td = table.querySelector(`[data-v="${name}"]`);
      td.textContent = v === 0 ? '0' : fmt(v, 5);
      td.dataset.value = String(v);
    }
  };

  const sliders = () => [...q1('[data-out="sliders"]').querySelectorAll('input')];
  /** (Re)makes the sliders for `k` components, set to `q` (the point's q of the last E-step). */
  const buildSliders = (k, q) => {
    q1('[data-out="sliders"]').innerHTML = Array.from({ length: k }, (_, j) => `
      <div class="bound-slider" style="--c:${palette[j % palette.length]}">
        <label for="${id(`q${j}`)}"><span class="swatch" style="background:${palette[j % palette.length]}"></span>${t('teach.bound.qk', { k: j + 1 })}</label>
        <input id="${id(`q${j}`)}" type="range" min="0" max="1" step="0.001" value="${q[j]}">
        <output for="${id(`q${j}`)}"></output>
      </div>`).join('');
    for (const s of sliders()) s.addEventListener('input', () => { exactQ = null; renderPoint(); });
    exactQ = q;
  };

  function renderPoint() {
    try {
      const state = session.state();
      const point = Math.min(instance.focusPoint ?? 0, state.n - 1);
      const key = `${point}/${state.k}/${state.n}`;
      if (shownFor !== key) {
        buildSliders(state.k, session.point(point, null).bound.terms.map((term) => term.q));
        shownFor = key;
      }
      const b = session.point(point, exactQ ?? sliders().map((s) => Number(s.value))).bound;
      q1('[data-out="q-zero"]').hidden = !b.terms.some((term) => term.q === 0);
      q1('[data-out="of"]').textContent = t('teach.bound.of', { i: point + 1 });
      b.terms.forEach((term, j) => {
        const out = sliders()[j].nextElementSibling;
        out.textContent = fmt(term.q, 3);
        out.dataset.value = String(term.q);
      });
      fill(q1('[data-testid="bound-point"]'), b, b.elbo + b.kl);
      const cell = (v) => (v === null || v === undefined ? '<td>—</td>' : `<td data-value="${v}">${fmt(v, 5)}</td>`);
      q1('[data-testid="bound-eq54"] tbody').innerHTML = b.terms.map((term) => `<tr>
        <th scope="row"><span class="swatch" style="background:${palette[term.k % palette.length]}"></span>${term.k + 1}</th>
        ${cell(term.logJointOverQ)}${cell(term.logQOverPosterior)}
        ${cell(term.logJointOverQ === null || term.logJointOverQ === undefined ? null : term.logJointOverQ + term.logQOverPosterior)}</tr>`).join('');
      setRich(q1('[data-out="s2"]'), tRich('teach.bound.s2live', { i: point + 1, elbo: fmt(b.elbo, 6), kl: fmt(b.kl, 6), logp: fmt(b.logP, 6) }));
      panel.dataset.point = String(point);
    } catch (err) { instance.showRunError(err); }
  }

  function renderData() {
    try {
      const dataBound = (/** @type {number | null} */ from) => session.chapter({ dataBound: { fromIteration: from } }).dataBound;
      let b = dataBound(fromIteration);
      const its = b.iterations;
      if (fromIteration !== null && !its.includes(fromIteration)) { fromIteration = null; b = dataBound(null); }
      q1('[data-out="data-title"]').textContent = t('teach.bound.data', { n: b.n });
      from.disabled = its.length === 0;
      from.min = its.length ? String(its[0]) : '1';
      from.max = its.length ? String(its[its.length - 1]) : '1';
      if (fromIteration !== null) from.value = String(fromIteration);
      else if (its.length) from.value = from.max;
      q1('[data-out="from"]').textContent = fromIteration === null ? '—' : String(fromIteration);
      fill(q1('[data-testid="bound-data"]'), b, b.elbo + b.kl);
      setRich(q1('[data-out="data-note"]'), its.length === 0 ? tRich('teach.bound.noE')
        : fromIteration === null ? tRich('teach.bound.dataNoteNow', { it: b.iteration })
          : tRich('teach.bound.dataNote', { it: b.iteration, t: fromIteration, what: t('teach.bound.older') }));
      panel.dataset.fromIteration = fromIteration === null ? '' : String(fromIteration);
    } catch (err) { instance.showRunError(err); }
  }

  const render = () => {
    if (!instance.isShown(panel)) return;
    renderPoint();
    renderData();
  };

  q1('[data-act="posterior"]').addEventListener('click', () => {
    try {
      const state = session.state();
      const point = Math.min(instance.focusPoint ?? 0, state.n - 1);
      const b = session.point(point, sliders().map((s) => Number(s.value))).bound;
      b.terms.forEach((term, j) => { sliders()[j].value = String(term.posterior); });
      exactQ = b.terms.map((term) => term.posterior);
      renderPoint();
    } catch (err) { instance.showRunError(err); }
  });
  q1('[data-act="uniform"]').addEventListener('click', () => {
    for (const s of sliders()) s.value = s.max;
    exactQ = null;
    renderPoint();
  });
  /** The q(z) set here and the point it is for (the exercises check it). */
  instance.handQ = () => ({
    qPoint: Math.min(instance.focusPoint ?? 0, session.state().n - 1),
    q: exactQ ?? sliders().map((s) => Number(s.value)),
  });
  from.addEventListener('input', () => { fromIteration = Number(from.value); renderData(); });
  q1('[data-act="current"]').addEventListener('click', () => { fromIteration = null; renderData(); });

  // A new point, new data or a new start: the sliders start again from the point's q.
  instance.on('focus-point', () => { shownFor = null; render(); });
  instance.on('load', () => { fromIteration = null; shownFor = null; });
  instance.on('restart', () => { fromIteration = null; shownFor = null; });
  instance.on('refresh', render);
  instance.on('section', render);
  onLang(() => { shownFor = null; render(); });
}
