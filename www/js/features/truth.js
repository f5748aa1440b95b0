// §5.1.3 — maximum likelihood is minimum KL (slot 'side-top', after the ELBO panel). When the data
// were drawn from a known mixture p* (a generated preset such as "A known mixture p*", or Generate →
// "Use as the data"), a chart drawn in Rust shows per iteration the mean log-likelihood ℓ(θ) and the
// Monte-Carlo estimate of D_KL(p* ‖ p_θ) on the data, (1/N) Σ [ln p*(xₙ) − ln p_θ(xₙ)] = H − ℓ(θ)
// (eq. 5.3): one falls exactly as the other rises, their sum H staying constant; beside them
// D_KL(p* ‖ p_θ) on a large independent sample. With data of unknown origin it says why nothing
// can be shown. Every number comes from Session.truth_report.
import { register, t, translate, onLang } from '../i18n.js';
import { fmt } from '../ui.js';

register({
  en: {
    'teach.truth.title': 'Maximum likelihood = minimum KL (§5.1.3)',
    'teach.truth.intro': 'D_KL(p* ‖ p_θ) = E_p*[ln p*(x)] − E_p*[ln p_θ(x)] (eq. 5.1–5.2). On the data, drawn from p*, its Monte-Carlo estimate is (1/N) Σₙ [ln p*(xₙ) − ln p_θ(xₙ)] = H − ℓ(θ) (eq. 5.3): the constant H minus the mean log-likelihood. So raising the likelihood lowers the estimate by exactly as much.',
    'teach.truth.chart': 'Chart per iteration of the mean log-likelihood, the estimate of D_KL(p* ‖ p_θ) on the data, their constant sum H, and D_KL on an independent sample at the iteration shown',
    'teach.truth.x': 'iteration',
    'teach.truth.y': 'nats per point',
    'teach.truth.ll': 'ℓ(θ): mean log-likelihood',
    'teach.truth.klData': 'D_KL estimate on the data, H − ℓ(θ)',
    'teach.truth.h': 'H = (1/N) Σ ln p*(xₙ), constant',
    'teach.truth.exact': 'D_KL(p* ‖ p_θ) on {m} new points from p*',
    'teach.truth.values': 'At iteration {it}',
    'teach.truth.sum': 'ℓ(θ) + estimate = H',
    'teach.truth.note': 'The estimate on the data can dip below 0 near the end: the fit matches these N points better than p* itself does (overfitting the sample). D_KL on new points from p* stays ≥ 0.',
    'teach.truth.unknown': 'D_KL(p* ‖ p_θ) needs the distribution p* the data came from, and the origin of these data is unknown (Old Faithful, pasted or opened data, or points added by hand). Choose a generated preset — "A known mixture p*" below — or Generate points from a model and press "Use as the data".',
    'teach.truth.load': 'Load the known mixture',
  },
  ko: {
    'teach.truth.title': '최대 가능도 = 최소 KL (§5.1.3)',
    'teach.truth.intro': 'D_KL(p* ‖ p_θ) = E_p*[ln p*(x)] − E_p*[ln p_θ(x)] (식 5.1–5.2). p*에서 뽑은 데이터로 구한 몬테카를로 추정값은 (1/N) Σₙ [ln p*(xₙ) − ln p_θ(xₙ)] = H − ℓ(θ) (식 5.3), 곧 상수 H에서 평균 로그 가능도를 뺀 값입니다. 그래서 가능도가 올라간 만큼 정확히 추정값이 내려갑니다.',
    'teach.truth.chart': '반복마다 평균 로그 가능도, 데이터로 구한 D_KL(p* ‖ p_θ) 추정값, 둘의 합인 상수 H, 그리고 지금 반복에서 독립 표본으로 구한 D_KL을 그린 차트',
    'teach.truth.x': '반복 횟수',
    'teach.truth.y': '점당 내트(nat)',
    'teach.truth.ll': 'ℓ(θ): 평균 로그 가능도',
    'teach.truth.klData': '데이터로 구한 D_KL 추정값, H − ℓ(θ)',
    'teach.truth.h': 'H = (1/N) Σ ln p*(xₙ), 상수',
    'teach.truth.exact': 'p*에서 새로 뽑은 점 {m}개로 구한 D_KL(p* ‖ p_θ)',
    'teach.truth.values': '{it}번째 반복',
    'teach.truth.sum': 'ℓ(θ) + 추정값 = H',
    'teach.truth.note': '끝 무렵 데이터로 구한 추정값은 0보다 작아질 수 있습니다. 학습한 모델이 이 N개의 점을 p* 자신보다 더 잘 설명하기 때문입니다(표본에 대한 과적합). p*에서 새로 뽑은 점으로 구한 D_KL은 항상 0 이상입니다.',
    'teach.truth.unknown': 'D_KL(p* ‖ p_θ)를 구하려면 데이터가 나온 분포 p*를 알아야 하는데, 이 데이터는 출처를 알 수 없습니다(Old Faithful, 붙여 넣거나 연 데이터, 손으로 추가한 점). 생성된 예제 데이터(아래의 "알려진 혼합 분포 p*")를 고르거나, 모델에서 점을 생성한 뒤 "데이터로 사용"을 누르세요.',
    'teach.truth.load': '알려진 혼합 분포 불러오기',
  },
});

export function install(instance) {
  const id = (n) => instance.id(`truth-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel teach-truth';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="teach.truth.title"></h2>
    <p class="hint" data-i18n="teach.truth.intro"></p>
    <div data-out="known">
      <canvas data-resize class="truth-chart" role="img" data-i18n-attr="aria-label:teach.truth.chart"></canvas>
      <ul class="truth-legend" aria-hidden="true">
        <li><span class="key ll"></span><span data-i18n="teach.truth.ll"></span></li>
        <li><span class="key kl"></span><span data-i18n="teach.truth.klData"></span></li>
        <li><span class="key h"></span><span data-i18n="teach.truth.h"></span></li>
        <li><span class="key exact"></span><span data-out="exact-legend"></span></li>
      </ul>
      <table class="truth-values">
        <caption data-out="caption"></caption>
        <tbody>
          <tr><th scope="row" data-i18n="teach.truth.ll"></th><td data-testid="truth-ll"></td></tr>
          <tr><th scope="row" data-i18n="teach.truth.klData"></th><td data-testid="truth-kl-data"></td></tr>
          <tr><th scope="row" data-i18n="teach.truth.sum"></th><td data-testid="truth-h"></td></tr>
          <tr><th scope="row" data-out="exact-row"></th><td data-testid="truth-kl-exact"></td></tr>
        </tbody>
      </table>
      <p class="hint" data-i18n="teach.truth.note"></p>
    </div>
    <div data-out="unknown" hidden>
      <p class="truth-unknown" data-testid="truth-unknown" data-i18n="teach.truth.unknown"></p>
      <button type="button" data-act="load" data-i18n="teach.truth.load"></button>
    </div>`;
  const elbo = instance.slot('side-top').querySelector('.teach-elbo');
  if (elbo) elbo.after(panel); else instance.slot('side-top').append(panel);
  translate(panel);

  const q = (sel) => panel.querySelector(sel);
  const canvas = q('canvas');
  const cell = (name) => q(`[data-testid="truth-${name}"]`);
  const setValue = (td, v) => { td.textContent = fmt(v, 4); td.dataset.value = String(v); };

  const render = () => {
    try {
      const r = instance.session.truth_report();
      q('[data-out="known"]').hidden = !r.known;
      q('[data-out="unknown"]').hidden = r.known;
      panel.dataset.known = String(r.known);
      if (!r.known) return;
      // The canvas was hidden (size 0) at the last resize: size it to its box now.
      const ratio = window.devicePixelRatio || 1;
      const [w, h] = [Math.max(50, Math.round(canvas.clientWidth * ratio)), Math.max(50, Math.round(canvas.clientHeight * ratio))];
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      canvas.yAxis = instance.session.render_truth(canvas, t('teach.truth.x'), t('teach.truth.y')); // layout, for tests
      const it = r.points.length ? r.points[r.points.length - 1].iteration : 0;
      q('[data-out="caption"]').textContent = t('teach.truth.values', { it });
      const m = r.sampleSize.toLocaleString();
      q('[data-out="exact-legend"]').textContent = t('teach.truth.exact', { m });
      q('[data-out="exact-row"]').textContent = t('teach.truth.exact', { m });
      setValue(cell('ll'), r.meanLogLikelihood);
      setValue(cell('kl-data'), r.klOnData);
      setValue(cell('h'), r.meanLogPStar);
      setValue(cell('kl-exact'), r.klExact);
    } catch (err) {
      instance.showRunError(err);
    }
  };
  q('[data-act="load"]').addEventListener('click', () => instance.loadPreset('known-mixture'));

  instance.on('refresh', render);
  instance.on('resize', render);
  onLang(render);
}
