// The principal-components view (slot 'stage', for data with more than two columns), as mclust
// offers: beside picking two columns, the data on its first two principal axes with every
// component's 1σ/2σ ellipse projected on that plane. The eigen-decomposition and the projection
// are Rust's (Session.render_pca, nalgebra in the core).
import { register, t, translate, onLang, tRich, setRich } from '../i18n.js';

register({
  en: {
    'teach.pca.title': 'Principal components (all {d} columns)',
    'teach.pca.hint': 'The data on its first two principal axes — the directions of largest variance of all the columns — with every component\'s ellipse projected on the same plane (N(Wᵀ(μ − m), WᵀΣW)). The plot above shows two columns only.',
    'teach.pca.chart': 'The data on its first two principal axes, coloured by responsibilities, with each component\'s ellipse projected',
    'teach.pca.x': 'PC1 ({p}% of the variance)',
    'teach.pca.y': 'PC2 ({p}% of the variance)',
    'teach.pca.loadings': 'PC1 = {pc1}; PC2 = {pc2}',
  },
  ko: {
    'teach.pca.title': '주성분 (열 {d}개 전체)',
    'teach.pca.hint': '데이터를 처음 두 주성분 축(모든 열을 통틀어 분산이 가장 큰 방향)에 나타내고, 각 성분의 타원도 같은 평면에 사영했습니다(N(Wᵀ(μ − m), WᵀΣW)). 위의 그림은 열 두 개만 보여 줍니다.',
    'teach.pca.chart': '처음 두 주성분 축 위의 데이터(부담률로 색칠)와 사영한 각 성분의 타원',
    'teach.pca.x': 'PC1 (분산의 {p}%)',
    'teach.pca.y': 'PC2 (분산의 {p}%)',
    'teach.pca.loadings': 'PC1 = {pc1}; PC2 = {pc2}',
  },
  ja: {
    'teach.pca.title': '主成分（全{d}列）',
    'teach.pca.hint': 'データを第1・第2主成分軸（すべての列を通して分散が最大となる方向）の上に描き、各成分の楕円も同じ平面に射影しています（N(Wᵀ(μ − m), WᵀΣW)）。上のグラフは2列だけを表示しています。',
    'teach.pca.chart': '第1・第2主成分軸上のデータ（負担率で色分け）と、射影した各成分の楕円',
    'teach.pca.x': 'PC1（分散の{p}%）',
    'teach.pca.y': 'PC2（分散の{p}%）',
    'teach.pca.loadings': 'PC1 = {pc1}; PC2 = {pc2}',
  },
});

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const id = (n) => instance.id(`pca-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-pca';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.hidden = true;
  panel.innerHTML = `
    <h2 id="${id('title')}"></h2>
    <p class="hint" data-i18n="teach.pca.hint"></p>
    <canvas class="pca-chart" role="img" data-i18n-attr="aria-label:teach.pca.chart"></canvas>
    <p class="hint pca-loadings" data-testid="pca-loadings"></p>`;
  const latent = instance.slot('stage').querySelector('.teach-latent');
  if (latent) latent.after(panel); else instance.slot('stage').prepend(panel);
  translate(panel);
  const canvas = panel.querySelector('canvas');
  // Percentages and loadings as text (formatting only).
  const pct = (v) => (100 * v).toFixed(1);
  const combo = (axis, names) => axis.map((w, i) => `${w.toFixed(2).replace('-', '−')}·${names[i]}`).join(' + ').replace(/\+ −/g, '− ');

  const render = () => {
    const s = session.state();
    panel.hidden = s.d <= 2;
    if (s.d <= 2) return;
    setRich(panel.querySelector('h2'), tRich('teach.pca.title', { d: s.d }));
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [Math.max(50, Math.round(canvas.clientWidth * ratio)), Math.max(50, Math.round(canvas.clientHeight * ratio))];
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    try {
      // The axis titles need the explained shares: a first call gives them (it also draws).
      let info = session.render_pca(canvas, 'PC1', 'PC2');
      info = session.render_pca(canvas, t('teach.pca.x', { p: pct(info.explained[0]) }), t('teach.pca.y', { p: pct(info.explained[1]) }));
      canvas.info = info; // for tests
      setRich(panel.querySelector('.pca-loadings'), tRich('teach.pca.loadings', { pc1: combo(info.axes[0], info.names), pc2: combo(info.axes[1], info.names) }));
    } catch (err) { instance.showRunError(err); }
  };
  instance.on('refresh', render);
  instance.on('resize', render);
  onLang(render);
}
