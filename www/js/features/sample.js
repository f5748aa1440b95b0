// Sampling from the fitted model (slot 'data'; the book's generate.py): "Generate" draws N points
// from the current mixture (Session.sample_points, seeded from Settings' seed, then fresh seeds),
// drawn over the data as dark crosses (1-D: ticks under the axis) by Session.render_samples after
// every frame; "Add to data" appends them to the Data box as if pasted and refits; "Clear samples"
// removes them. The points stay an opaque Float64Array here: every number comes from the Session.
import { register, t, translate, onLang } from '../i18n.js';
import { messageOf } from '../ui.js';

register({
  en: {
    'teach.sample.title': 'Generate from the model',
    'teach.sample.hint': 'A fitted mixture is a generative model: pick a component with probability φₖ, then draw a point from its Gaussian N(μₖ, Σₖ).',
    'teach.sample.count': 'Samples',
    'teach.sample.generate': 'Generate',
    'teach.sample.add': 'Add to data',
    'teach.sample.clear': 'Clear samples',
    'teach.sample.shown2d': '{n} points drawn from the current model (seed {seed}), shown as dark crosses.',
    'teach.sample.shown1d': '{n} points drawn from the current model (seed {seed}), shown as dark ticks under the axis.',
    'teach.sample.added': '{n} generated points added to the data.',
  },
  ko: {
    'teach.sample.title': '모델에서 샘플 생성',
    'teach.sample.hint': '적합한 혼합 모델은 생성 모델입니다. 혼합 가중치 φₖ의 확률로 성분을 하나 고른 다음, 그 가우스 분포 N(μₖ, Σₖ)에서 점을 뽑습니다.',
    'teach.sample.count': '샘플 수',
    'teach.sample.generate': '생성',
    'teach.sample.add': '데이터에 추가',
    'teach.sample.clear': '샘플 지우기',
    'teach.sample.shown2d': '현재 모델에서 점 {n}개를 뽑았습니다(시드 {seed}). 진한 X 표시로 나타냅니다.',
    'teach.sample.shown1d': '현재 모델에서 점 {n}개를 뽑았습니다(시드 {seed}). 축 아래의 진한 눈금으로 나타냅니다.',
    'teach.sample.added': '생성한 점 {n}개를 데이터에 추가했습니다.',
  },
});

export function install(instance) {
  const { session } = instance;
  const id = (n) => instance.id(`sample-${n}`);
  const panel = document.createElement('section');
  panel.className = 'teach-sample';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.sample.title"></h2>
    <p class="hint" data-i18n="teach.sample.hint"></p>
    <div class="data-controls">
      <div class="field"><label for="${id('count')}" data-i18n="teach.sample.count"></label>
        <input id="${id('count')}" type="number" min="1" max="100000" step="1" value="500" inputmode="numeric"></div>
      <button type="button" class="primary" data-act="generate" data-i18n="teach.sample.generate"></button>
      <button type="button" data-act="add" data-i18n="teach.sample.add" disabled></button>
      <button type="button" data-act="clear" data-i18n="teach.sample.clear" disabled></button>
    </div>
    <p class="sample-status" role="status" aria-live="polite"></p>
    <p class="error" role="alert"></p>`;
  instance.slot('data').append(panel);
  translate(panel);

  const q = (sel) => panel.querySelector(sel);
  const [count, generate, add, clear, status, error] = [q('input'), q('[data-act="generate"]'), q('[data-act="add"]'), q('[data-act="clear"]'), q('.sample-status'), q('.error')];
  /** The drawn points (n × d, from the Session), their count and seed, or null. */
  let samples = null;
  /** Draws since the last restart: the first uses Settings' seed, later ones fresh seeds. */
  let draws = 0;

  const describe = () => {
    if (!samples) return '';
    const key = session.state().d === 1 ? 'teach.sample.shown1d' : 'teach.sample.shown2d';
    return t(key, { n: samples.n, seed: samples.seed });
  };

  const set = (next, message = null) => {
    samples = next;
    panel.dataset.sampleCount = String(next ? next.n : 0);
    add.disabled = !next;
    clear.disabled = !next;
    status.textContent = message ?? describe();
    instance.player.invalidate();
  };

  generate.addEventListener('click', () => {
    error.textContent = '';
    try {
      const s = session.state();
      const seed = draws === 0 ? s.seed : instance.Session.random_seed();
      const n = Number(count.value);
      const values = session.sample_points(n, seed);
      draws += 1;
      count.setAttribute('aria-invalid', 'false');
      set({ values, n, seed });
    } catch (err) {
      count.setAttribute('aria-invalid', 'true');
      error.textContent = messageOf(err);
    }
  });

  add.addEventListener('click', () => {
    if (!samples) return;
    try {
      const rows = session.samples_text(samples.values);
      const n = samples.n;
      instance.appendDataRows(rows);
      const loaded = instance.load(instance.dataText());
      if (loaded.ok) set(null, t('teach.sample.added', { n }));
    } catch (err) { error.textContent = messageOf(err); }
  });

  clear.addEventListener('click', () => set(null, ''));

  instance.on('draw', () => {
    if (!samples) return;
    try { session.render_samples(instance.canvas, samples.values); } catch (err) { error.textContent = messageOf(err); }
  });
  // Samples belong to the model they came from: a new start or new data drops them.
  const drop = () => { draws = 0; if (samples) set(null, ''); };
  instance.on('restart', drop);
  instance.on('load', drop);
  onLang(() => { if (samples) status.textContent = describe(); });
}
