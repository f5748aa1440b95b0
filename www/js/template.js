// The visualiser's markup. Every id carries the instance's prefix ('' for the first one on a page,
// so the main page keeps plain ids), which keeps labels and ARIA references unique when several
// visualisers share a page. Feature panels add themselves into the data-slot containers.
// Visible words carry data-i18n / data-i18n-attr keys (strings.js); mount() translates them.
// Choices that are rules (K, the covariance types, the starts, ranges) are filled from Rust's
// rules (Session.rules()) by mount().
import { t } from './i18n.js';

export function template(p) {
  const id = (name) => `${p}${name}`;
  return `
  <div class="layout">
    <section class="stage" aria-label="Visualisation" data-i18n-attr="aria-label:core.visualisation" data-ref="stage">
      <div class="canvas-wrap">
        <canvas id="${id('scatter')}" data-ref="scatter" role="img" aria-label="Scatter plot" data-i18n-attr="aria-label:core.scatter" tabindex="0"></canvas>
      </div>
      <div class="transport" role="group" aria-label="Animation" data-i18n-attr="aria-label:core.animation" data-ref="transport">
        <button id="${id('play')}" data-ref="play" type="button" class="primary">${t('core.play')}</button>
        <button id="${id('step')}" data-ref="step" type="button" title="One iteration: an E-step, then an M-step (→ key)" data-i18n="core.step" data-i18n-attr="title:core.stepTitle">Step</button>
        <button id="${id('reset')}" data-ref="reset" type="button" title="Back to the same start" data-i18n="core.reset" data-i18n-attr="title:core.resetTitle">Reset</button>
        <button id="${id('new-start')}" data-ref="newStart" type="button" title="A new random start (new seed)" data-i18n="core.newStart" data-i18n-attr="title:core.newStartTitle">New start</button>
        <div class="field speed"><label for="${id('speed')}" data-i18n="core.speed">Speed</label><input id="${id('speed')}" data-ref="speed" type="range" min="1" max="10" value="5"></div>
      </div>
      <p id="${id('status')}" data-ref="status" role="status" aria-live="polite" class="status">${t('core.loading')}</p>
      <p data-ref="phase" class="phase" aria-hidden="true"></p>
      <p data-ref="weightsCaption" class="hint weights-caption" hidden></p>
      <div id="${id('warnings')}" data-ref="warnings" class="warnings" role="alert"></div>
      <div data-slot="stage"></div>
    </section>

    <aside class="side" data-ref="side">
      <section class="panel" data-panel="chart">
        <h2 id="${id('ll-title')}" data-i18n="core.llTitle">Log-likelihood</h2>
        <canvas id="${id('ll-chart')}" data-ref="chart" role="img" aria-label="Log-likelihood chart" data-i18n-attr="aria-label:core.llChart"></canvas>
      </section>
      <div data-slot="side-top"></div>
      <section class="panel" data-panel="components">
        <table id="${id('components')}" data-ref="components">
          <caption data-i18n="core.components">Components</caption>
          <thead><tr><th scope="col">#</th><th scope="col" data-i18n="core.weight">weight φ</th><th scope="col" data-i18n="core.mean">mean μ</th><th scope="col" data-i18n="core.covariance">covariance Σ</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
      <section class="panel" data-panel="settings" aria-labelledby="${id('settings-title')}">
        <h2 id="${id('settings-title')}" data-i18n="core.settings">Settings</h2>
        <form id="${id('settings')}" data-ref="settings" class="settings" novalidate>
          <div class="field"><label for="${id('k')}" data-i18n="core.k">K</label><select id="${id('k')}" data-ref="k" name="k"></select></div>
          <div class="field"><label for="${id('covariance')}" data-i18n="core.covarianceType">Covariance</label>
            <select id="${id('covariance')}" data-ref="covariance" name="covarianceType"></select>
            <canvas data-ref="modelPicture" class="model-picture" role="img"></canvas>
          </div>
          <div class="field"><label for="${id('init')}" data-i18n="core.init">Initialisation</label>
            <select id="${id('init')}" data-ref="init" name="init"></select>
          </div>
          <div class="field"><label for="${id('method')}" data-i18n="vb.method">Method</label>
            <select id="${id('method')}" data-ref="method" name="method"></select>
          </div>
          <div class="field"><label for="${id('seed')}" data-i18n="core.seed">Seed</label><input id="${id('seed')}" data-ref="seed" name="seed" type="number" step="1" inputmode="numeric"></div>
          <div class="field"><label for="${id('tol')}" data-i18n="core.tol">Tolerance</label><input id="${id('tol')}" data-ref="tol" name="tol" type="text" inputmode="decimal"></div>
          <div class="field"><label for="${id('max-iter')}" data-i18n="core.maxIter">Max iterations</label><input id="${id('max-iter')}" data-ref="maxIter" name="maxIter" type="number" step="1"></div>
          <div class="field"><label for="${id('reg-covar')}">reg_covar</label><input id="${id('reg-covar')}" data-ref="regCovar" name="regCovar" type="text" inputmode="decimal"></div>
          <div class="field" data-ref="xColField" hidden><label for="${id('x-col')}" data-i18n="core.xCol">X column</label><select id="${id('x-col')}" data-ref="xCol"></select></div>
          <div class="field" data-ref="yColField" hidden><label for="${id('y-col')}" data-i18n="core.yCol">Y column</label><select id="${id('y-col')}" data-ref="yCol"></select></div>
        </form>
        <p id="${id('settings-error')}" data-ref="settingsError" class="error" role="alert"></p>
      </section>
      <div data-slot="side"></div>
    </aside>

    <section class="data panel" data-panel="data" aria-labelledby="${id('data-title')}">
      <h2 id="${id('data-title')}" data-i18n="core.dataTitle">Your data</h2>
      <p class="hint" data-i18n="core.dataHint">Paste numbers (CSV, TSV or spaces; an optional header row names the columns), open or drop a .csv/.txt file, or pick a preset. Nothing leaves this page. Click the plot to add a point.</p>
      <div class="data-controls">
        <div class="field"><label for="${id('preset')}" data-i18n="core.preset">Preset</label>
          <select id="${id('preset')}" data-ref="preset">
            <option value="custom" data-i18n="core.preset.yours" disabled>your data</option>
            <option value="old-faithful" data-i18n="core.preset.oldFaithful">Old Faithful (the book's start)</option>
            <option value="one-d" data-i18n="core.preset.oneD">1-D, two clusters</option>
            <option value="blobs" data-i18n="core.preset.blobs">Well-separated blobs</option>
            <option value="anisotropic" data-i18n="core.preset.anisotropic">Overlapping, anisotropic</option>
            <option value="degenerate" data-i18n="core.preset.degenerate">Degenerate (points on a line)</option>
            <option value="elongated" data-i18n="teach.preset.elongated">Elongated strips (k-means and EM disagree)</option>
            <option value="known-mixture" data-i18n="core.preset.known">A known mixture p* (three components)</option>
          </select>
        </div>
        <div class="field file"><label for="${id('file')}" data-i18n="core.file">Open file</label><input id="${id('file')}" data-ref="file" type="file" accept=".csv,.tsv,.txt,text/plain,text/csv"></div>
        <div class="field" data-ref="weightsColField" hidden><label for="${id('weights-col')}" data-i18n="core.weightsCol">Weights column</label><select id="${id('weights-col')}" data-ref="weightsCol"></select></div>
        <button id="${id('fit')}" data-ref="fit" type="button" class="primary" data-i18n="core.fit">Fit</button>
      </div>
      <label for="${id('data')}" class="data-label" data-i18n="core.data">Data</label>
      <button type="button" data-ref="showAll" class="show-all" data-i18n="core.data.showAll" hidden>Show all</button>
      <textarea id="${id('data')}" data-ref="data" spellcheck="false" aria-describedby="${id('data-error')}" rows="10"></textarea>
      <p id="${id('data-error')}" data-ref="dataError" class="error" role="alert"></p>
      <div data-slot="data"></div>
    </section>
    <div class="wide" data-slot="wide"></div>
  </div>
  <div data-ref="fatal" class="fatal" role="alert" hidden></div>`;
}
