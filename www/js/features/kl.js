// §5.1.1–§5.1.2 — notation and the KL divergence (chapter section 'kl'): the notation key of
// Fig. 5-1 (𝔼_{p(x)}[f(x)], p_θ(x)); the definition for a continuous and a discrete x; its
// properties, Gibbs' inequality named; two coins p and q set by sliders with D_KL written out term
// by term both ways, and Fig. 5-2's three cases; for densities, the integral form for two
// Gaussians summed on a grid beside its closed form. Every number comes from Session.kl_pair and
// Session.kl_densities (emviz_app::kl_examples).
import { register, t, tRich, setRich, translate, onLang } from '../i18n.js';
import { messageOf, fixed } from '../ui.js';
import { row, mi, mo, sub, frac, sum, block, inline, log, x, theta, pt, expect, dkl, eq } from '../math.js';

register({
  en: {
    'teach.kl.title': '{sec:notation}–{sec:klDefinition} Notation and the KL divergence',
    'teach.kl.notation': 'The notation from here on ({fig:notation})',
    'teach.kl.before': 'Before',
    'teach.kl.after': 'After',
    'teach.kl.expectation': 'the expectation over p(x): 𝔼_{p(x)}[f(x)] = ∫ f(x) p(x) dx',
    'teach.kl.ptheta': 'a distribution with parameters θ: p_{θ}(x)',
    'teach.kl.definition': 'How alike are two distributions p(x) and q(x)?',
    'teach.kl.continuous': 'x a continuous random variable',
    'teach.kl.discrete': 'x a discrete random variable',
    'teach.kl.props': 'Its properties',
    'teach.kl.prop0': 'It is 0 when p and q are the same, and grows the more they differ.',
    'teach.kl.propGibbs': 'D_{KL}(p ‖ q) ≥ 0 (Gibbs\' inequality).',
    'teach.kl.propAsym': 'D_{KL}(p ‖ q) ≠ D_{KL}(q ‖ p): D_{KL}(p ‖ q) measures how like q is from p\'s standpoint, D_{KL}(q ‖ p) from q\'s.',
    'teach.kl.coins': 'Two coins: p and q',
    'teach.kl.hint': 'Set the probability of heads (H) of each coin; tails (T) is the rest. The three buttons are the slides\' cases.',
    'teach.kl.p': 'p(H)',
    'teach.kl.q': 'q(H)',
    'teach.kl.cases': "The slides' cases",
    'teach.kl.caseHalf': 'case 1: p, q a little different (q = 0.5 / 0.5)',
    'teach.kl.caseSkew': 'case 2: p, q very different (q = 0.2 / 0.8)',
    'teach.kl.caseSame': 'case 3: p, q the same',
    'teach.kl.heads': 'heads (H)',
    'teach.kl.tails': 'tails (T)',
    'teach.kl.bars': '{name}: heads {h}, tails {t}',
    'teach.kl.termsPq': 'D_{KL}(p ‖ q) = p(H) log (p(H)/q(H)) + p(T) log (p(T)/q(T)) = {ph} log ({ph}/{qh}) + {pt} log ({pt}/{qt}) = {a} {op} {b} = {sum}',
    'teach.kl.termsQp': 'D_{KL}(q ‖ p) = {qh} log ({qh}/{ph}) + {qt} log ({qt}/{pt}) = {a} {op} {b} = {sum}',
    'teach.kl.same': 'q = p: every term is p(x) log 1 = 0, so D_{KL} = 0.',
    'teach.kl.table': 'The three values compared ({fig:klCases})',
    'teach.kl.tableP': 'p(x)',
    'teach.kl.tableQ': 'q(x)',
    'teach.kl.densities': 'For a continuous x: two Gaussians',
    'teach.kl.densitiesHint': 'p = 𝒩(μ_{p}, σ_{p}^{2}) and q = 𝒩(μ_{q}, σ_{q}^{2}): the integral summed over a fine grid, beside the closed form log (σ_{q}/σ_{p}) + (σ_{p}^{2} + (μ_{p} − μ_{q})^{2}) / (2σ_{q}^{2}) − 1/2.',
    'teach.kl.integral': '∫ p(x) log (p(x)/q(x)) dx ≈ {integral} (Simpson\'s rule, {intervals} intervals on [{from}, {to}]); closed form {closed}. The other way, D_{KL}(q ‖ p) = {reverse}.',
  },
  ko: {
    'teach.kl.title': '{sec:notation}–{sec:klDefinition} 수식 표기법과 KL 발산',
    'teach.kl.notation': '변경된 수식 표기법 ({fig:notation})',
    'teach.kl.before': '이전',
    'teach.kl.after': '이후',
    'teach.kl.expectation': 'p(x)에 대한 기댓값: 𝔼_{p(x)}[f(x)] = ∫ f(x) p(x) dx',
    'teach.kl.ptheta': '파라미터 θ를 갖는 분포: p_{θ}(x)',
    'teach.kl.definition': '두 확률 분포 p(x), q(x)가 어느 정도 유사한지 비교하는 지표',
    'teach.kl.continuous': 'x 연속 확률 변수',
    'teach.kl.discrete': 'x 이산 확률 변수',
    'teach.kl.props': '특징',
    'teach.kl.prop0': 'p, q가 일치하면 0이고, p, q가 다를수록 값이 커집니다.',
    'teach.kl.propGibbs': 'D_{KL}(p ‖ q) ≥ 0 (깁스 부등식).',
    'teach.kl.propAsym': 'D_{KL}(p ‖ q) ≠ D_{KL}(q ‖ p): D_{KL}(p ‖ q)는 p 기준에서 q가 얼마나 유사한지, D_{KL}(q ‖ p)는 q 기준에서 p가 얼마나 유사한지 계산합니다.',
    'teach.kl.coins': '동전 두 개: p와 q',
    'teach.kl.hint': '각 동전의 앞면(H)이 나올 확률을 정하세요. 나머지가 뒷면(T)입니다. 세 버튼은 슬라이드의 세 경우입니다.',
    'teach.kl.p': 'p(H)',
    'teach.kl.q': 'q(H)',
    'teach.kl.cases': '슬라이드의 예',
    'teach.kl.caseHalf': 'case 1: p, q가 조금 다를 때 (q = 0.5 / 0.5)',
    'teach.kl.caseSkew': 'case 2: p, q가 많이 다를 때 (q = 0.2 / 0.8)',
    'teach.kl.caseSame': 'case 3: p, q가 일치',
    'teach.kl.heads': '앞면(H)',
    'teach.kl.tails': '뒷면(T)',
    'teach.kl.bars': '{name}: 앞면 {h}, 뒷면 {t}',
    'teach.kl.termsPq': 'D_{KL}(p ‖ q) = p(H) log (p(H)/q(H)) + p(T) log (p(T)/q(T)) = {ph} log ({ph}/{qh}) + {pt} log ({pt}/{qt}) = {a} {op} {b} = {sum}',
    'teach.kl.termsQp': 'D_{KL}(q ‖ p) = {qh} log ({qh}/{ph}) + {qt} log ({qt}/{pt}) = {a} {op} {b} = {sum}',
    'teach.kl.same': 'q = p이면 모든 항이 p(x) log 1 = 0이므로 D_{KL} = 0입니다(log 1 = 0).',
    'teach.kl.table': '세 가지 KL 발산값 비교 ({fig:klCases})',
    'teach.kl.tableP': 'p(x)',
    'teach.kl.tableQ': 'q(x)',
    'teach.kl.densities': 'x가 연속일 때: 가우시안 분포 두 개',
    'teach.kl.densitiesHint': 'p = 𝒩(μ_{p}, σ_{p}^{2}), q = 𝒩(μ_{q}, σ_{q}^{2}): 적분을 촘촘한 격자 위의 합으로 구한 값과 닫힌 형태 log (σ_{q}/σ_{p}) + (σ_{p}^{2} + (μ_{p} − μ_{q})^{2}) / (2σ_{q}^{2}) − 1/2를 나란히 보입니다.',
    'teach.kl.integral': '∫ p(x) log (p(x)/q(x)) dx ≈ {integral} (심프슨 공식, 구간 [{from}, {to}]을 {intervals}개로 나눔), 닫힌 형태 {closed}. 반대 방향 D_{KL}(q ‖ p) = {reverse}.',
  },
  ja: {
    'teach.kl.title': '{sec:notation}–{sec:klDefinition} 数式の表記とKLダイバージェンスの定義式',
    'teach.kl.notation': 'これ以降の数式の表記（{fig:notation}）',
    'teach.kl.before': '変更前',
    'teach.kl.after': '変更後',
    'teach.kl.expectation': 'p(x) についての期待値：𝔼_{p(x)}[f(x)] = ∫ f(x) p(x) dx',
    'teach.kl.ptheta': 'パラメータ θ を持つ確率分布：p_{θ}(x)',
    'teach.kl.definition': '2つの確率分布 p(x) と q(x) は、どれくらい似ているでしょうか？',
    'teach.kl.continuous': 'x が連続確率変数のとき',
    'teach.kl.discrete': 'x が離散確率変数のとき',
    'teach.kl.props': 'KLダイバージェンスの性質',
    'teach.kl.prop0': 'p と q が一致するときは 0 になり、両者が異なるほど大きくなります。',
    'teach.kl.propGibbs': 'D_{KL}(p ‖ q) ≥ 0（ギブスの不等式）。',
    'teach.kl.propAsym': 'D_{KL}(p ‖ q) ≠ D_{KL}(q ‖ p)：D_{KL}(p ‖ q) は p から見て q がどれだけ似ているかを、D_{KL}(q ‖ p) は q から見て p がどれだけ似ているかを測ります。',
    'teach.kl.coins': '2枚のコイン：p と q',
    'teach.kl.hint': 'それぞれのコインについて、表(H)が出る確率を設定してください。残りが裏(T)の確率です。3つのボタンはスライドの3つのケースです。',
    'teach.kl.p': 'p(H)',
    'teach.kl.q': 'q(H)',
    'teach.kl.cases': 'スライドのケース',
    'teach.kl.caseHalf': 'ケース1：p と q が少し異なる（q = 0.5 / 0.5）',
    'teach.kl.caseSkew': 'ケース2：p と q が大きく異なる（q = 0.2 / 0.8）',
    'teach.kl.caseSame': 'ケース3：p と q が一致',
    'teach.kl.heads': '表(H)',
    'teach.kl.tails': '裏(T)',
    'teach.kl.bars': '{name}：表 {h}、裏 {t}',
    'teach.kl.termsPq': 'D_{KL}(p ‖ q) = p(H) log (p(H)/q(H)) + p(T) log (p(T)/q(T)) = {ph} log ({ph}/{qh}) + {pt} log ({pt}/{qt}) = {a} {op} {b} = {sum}',
    'teach.kl.termsQp': 'D_{KL}(q ‖ p) = {qh} log ({qh}/{ph}) + {qt} log ({qt}/{pt}) = {a} {op} {b} = {sum}',
    'teach.kl.same': 'q = p のときは、どの項も p(x) log 1 = 0 なので D_{KL} = 0 です。',
    'teach.kl.table': '3つのKLダイバージェンスの値の比較（{fig:klCases}）',
    'teach.kl.tableP': 'p(x)',
    'teach.kl.tableQ': 'q(x)',
    'teach.kl.densities': 'x が連続の場合：2つの正規分布',
    'teach.kl.densitiesHint': 'p = 𝒩(μ_{p}, σ_{p}^{2})、q = 𝒩(μ_{q}, σ_{q}^{2})：細かい格子上の和で求めた積分と、閉形式 log (σ_{q}/σ_{p}) + (σ_{p}^{2} + (μ_{p} − μ_{q})^{2}) / (2σ_{q}^{2}) − 1/2 を並べて示します。',
    'teach.kl.integral': '∫ p(x) log (p(x)/q(x)) dx ≈ {integral}（シンプソンの公式、[{from}, {to}] を {intervals} 区間に分割）。閉形式では {closed}。逆向きの D_{KL}(q ‖ p) = {reverse}。',
  },
});

const DEF_CONT = block(dkl(mi('p'), mi('q')), eq, mo('∫'), mi('p'), mo('('), x, mo(')'), log,
  frac(row(mi('p'), mo('('), x, mo(')')), row(mi('q'), mo('('), x, mo(')'))), mi('d'), x);
const DEF_DISC = block(dkl(mi('p'), mi('q')), eq, sum('x'), mi('p'), mo('('), x, mo(')'), log,
  frac(row(mi('p'), mo('('), x, mo(')')), row(mi('q'), mo('('), x, mo(')'))));
const f = row(mi('f'), mo('('), x, mo(')'));

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const id = (n) => instance.id(`kl-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel chapter-panel teach-kl';
  panel.setAttribute('aria-labelledby', id('title'));
  const slider = (name, value, attrs = 'min="0.01" max="0.99" step="0.01"') => `
    <div class="kl-row">
      <label for="${id(name)}" data-i18n="teach.kl.${name}"></label>
      <input id="${id(name)}" type="range" ${attrs} value="${value}">
      <span class="kl-value" aria-hidden="true"></span>
      <div class="kl-bars" role="img"><span class="kl-bar heads"></span><span class="kl-bar tails"></span></div>
    </div>`;
  const gauss = (name, label, value, attrs) => `<div class="field"><label for="${id(name)}">${label}</label>
    <input id="${id(name)}" type="range" ${attrs} value="${value}"><output for="${id(name)}"></output></div>`;
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.kl.title"></h2>
    <h3 data-i18n="teach.kl.notation"></h3>
    <table class="notation-key" data-glossary="before">
      <thead><tr><th scope="col" data-i18n="teach.kl.before"></th><th scope="col" data-i18n="teach.kl.after"></th><th></th></tr></thead>
      <tbody>
        <tr><td>${inline(mi('𝔼'), mo('['), f, mo(']'))}</td><td>${inline(expect(row(mi('p'), mo('('), x, mo(')')), f))}</td><td data-i18n="teach.kl.expectation"></td></tr>
        <tr><td>${inline(mi('p'), mo('('), x, mo(';'), theta, mo(')'))}</td><td>${inline(pt(x))}</td><td data-i18n="teach.kl.ptheta"></td></tr>
      </tbody>
    </table>
    <h3 data-i18n="teach.kl.definition"></h3>
    <div class="kl-defs">
      <figure class="formula"><figcaption data-i18n="teach.kl.continuous"></figcaption>${DEF_CONT}</figure>
      <figure class="formula"><figcaption data-i18n="teach.kl.discrete"></figcaption>${DEF_DISC}</figure>
    </div>
    <p class="kl-props-title"><strong data-i18n="teach.kl.props"></strong></p>
    <ul class="kl-props" data-testid="kl-props">
      <li data-i18n="teach.kl.prop0"></li>
      <li data-i18n="teach.kl.propGibbs"></li><li data-i18n="teach.kl.propAsym"></li>
    </ul>
    <table class="kl-cases-table" data-testid="kl-cases">
      <caption data-i18n="teach.kl.table"></caption>
      <thead><tr><th scope="col" data-i18n="teach.kl.tableP"></th><th scope="col" data-i18n="teach.kl.tableQ"></th><th scope="col">D<sub>KL</sub>(p ‖ q)</th></tr></thead>
      <tbody></tbody>
    </table>
    <h3 data-i18n="teach.kl.coins"></h3>
    <p class="hint" data-i18n="teach.kl.hint"></p>
    ${slider('p', '0.7')}
    ${slider('q', '0.5')}
    <div class="kl-cases" role="group" aria-labelledby="${id('cases')}">
      <span id="${id('cases')}" data-i18n="teach.kl.cases"></span>
      <button type="button" data-q="0.5" data-i18n="teach.kl.caseHalf"></button>
      <button type="button" data-q="0.2" data-i18n="teach.kl.caseSkew"></button>
      <button type="button" data-q="p" data-i18n="teach.kl.caseSame"></button>
    </div>
    <dl class="kl-out">
      <div><dt><label for="${id('pq')}">D<sub>KL</sub>(p ‖ q)</label></dt><dd><output id="${id('pq')}" for="${id('p')} ${id('q')}"></output></dd></div>
      <div><dt><label for="${id('qp')}">D<sub>KL</sub>(q ‖ p)</label></dt><dd><output id="${id('qp')}" for="${id('p')} ${id('q')}"></output></dd></div>
    </dl>
    <p class="live" data-testid="kl-terms-pq"></p>
    <p class="live" data-testid="kl-terms-qp"></p>
    <h3 data-i18n="teach.kl.densities"></h3>
    <p class="hint" data-i18n="teach.kl.densitiesHint"></p>
    <div class="kl-gauss">
      ${gauss('mp', 'μ<sub>p</sub>', '0', 'min="-4" max="4" step="0.1"')}
      ${gauss('sp', 'σ<sub>p</sub>', '1', 'min="0.2" max="3" step="0.1"')}
      ${gauss('mq', 'μ<sub>q</sub>', '1', 'min="-4" max="4" step="0.1"')}
      ${gauss('sq', 'σ<sub>q</sub>', '1.5', 'min="0.2" max="3" step="0.1"')}
    </div>
    <p class="live" data-testid="kl-integral"></p>
    <p class="error" role="alert"></p>`;
  instance.chapter('kl').append(panel);
  translate(panel);

  const q = (sel) => panel.querySelector(sel);
  const input = (name) => q(`#${CSS.escape(id(name))}`);
  const [pIn, qIn] = [input('p'), input('q')];
  const [pqOut, qpOut, error] = [input('pq'), input('qp'), q('.error')];
  const show = (v) => (v === 0 ? '0' : Number.isFinite(v) ? fixed(v, 4) : '∞');
  const two = (v) => v.toFixed(2);

  const bars = (slider, name, dist) => {
    const r = slider.closest('.kl-row');
    r.querySelector('.kl-value').textContent = `${two(dist[0])} / ${two(dist[1])}`;
    const [h, tl] = r.querySelectorAll('.kl-bar');
    h.style.height = `${dist[0] * 100}%`;
    tl.style.height = `${dist[1] * 100}%`;
    h.title = t('teach.kl.heads');
    tl.title = t('teach.kl.tails');
    r.querySelector('.kl-bars').setAttribute('aria-label', t('teach.kl.bars', { name, h: two(dist[0]), t: two(dist[1]) }));
  };

  const casesTable = () => {
    const body = q('[data-testid="kl-cases"] tbody');
    body.innerHTML = '';
    for (const q1 of ['0.5', '0.2', 'p']) {
      const r = session.chapter({ klCoins: { p: 0.7, q: q1 === 'p' ? 0.7 : Number(q1) } }).klCoins;
      const tr = document.createElement('tr');
      tr.innerHTML = `<td>${two(r.p[0])} / ${two(r.p[1])}</td><td>${two(r.q[0])} / ${two(r.q[1])}</td><td data-value="${r.pq}">${show(r.pq)}</td>`;
      body.append(tr);
    }
  };

  const update = () => {
    try {
      const r = session.chapter({ klCoins: { p: Number(pIn.value), q: Number(qIn.value) } }).klCoins;
      pqOut.value = show(r.pq);
      qpOut.value = show(r.qp);
      pqOut.dataset.value = String(r.pq);
      qpOut.dataset.value = String(r.qp);
      bars(pIn, 'p', r.p);
      bars(qIn, 'q', r.q);
      const [ph, pt2, qh, qt] = [r.p[0], r.p[1], r.q[0], r.q[1]].map(two);
      const terms = (key, k) => tRich(key, { ph, pt: pt2, qh, qt, a: fixed(r[k][0], 4), op: r[k][1] < 0 ? '−' : '+', b: fixed(Math.abs(r[k][1]), 4), sum: show(k === 'termsPq' ? r.pq : r.qp) });
      const pqLine = q('[data-testid="kl-terms-pq"]');
      setRich(pqLine, terms('teach.kl.termsPq', 'termsPq') + (r.pq === 0 ? ` ${tRich('teach.kl.same')}` : ''));
      pqLine.dataset.terms = JSON.stringify(r.termsPq);
      setRich(q('[data-testid="kl-terms-qp"]'), terms('teach.kl.termsQp', 'termsQp'));
      const g = session.chapter({ klDensities: { mp: Number(input('mp').value), sp: Number(input('sp').value), mq: Number(input('mq').value), sq: Number(input('sq').value) } }).klDensities;
      for (const name of ['mp', 'sp', 'mq', 'sq']) input(name).nextElementSibling.textContent = Number(input(name).value).toFixed(1);
      const line = q('[data-testid="kl-integral"]');
      setRich(line, tRich('teach.kl.integral', {
        integral: fixed(g.integralPq, 6), closed: fixed(g.closedPq, 6), reverse: fixed(g.closedQp, 6),
        from: fixed(g.from, 1), to: fixed(g.to, 1), intervals: g.intervals,
      }));
      line.dataset.integral = String(g.integralPq);
      line.dataset.closed = String(g.closedPq);
      error.textContent = '';
    } catch (err) { error.textContent = messageOf(err); }
  };

  for (const el of [pIn, qIn, input('mp'), input('sp'), input('mq'), input('sq')]) el.addEventListener('input', update);
  for (const b of panel.querySelectorAll('[data-q]')) {
    b.addEventListener('click', () => {
      qIn.value = b.dataset.q === 'p' ? pIn.value : b.dataset.q;
      update();
    });
  }
  onLang(update);
  try { casesTable(); } catch (err) { error.textContent = messageOf(err); }
  update();
}
