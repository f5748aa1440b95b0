// Export panel: download the fitted model as scikit-learn-compatible JSON, the responsibilities as
// CSV, the view as PNG, the run as an animated GIF; import a model JSON as the start of EM.
// The numbers, the CSV, the JSON and the GIF encoding all come from wasm; this module only draws
// frames through the Session into an offscreen canvas, reads their pixels and triggers downloads.
import { register, t, translate, getLang } from '../i18n.js';
import { messageOf } from '../ui.js';
import { wasmBindings } from '../wasm.js';
import { download } from '../download.js';

register({
  en: {
    'export.title': 'Export',
    'export.hint': 'Save the fitted model (with scikit-learn\'s keys), every point\'s responsibilities, or a picture of the run. An imported model becomes the start of EM.',
    'export.downloads': 'Downloads',
    'export.model': 'Model JSON',
    'export.resp': 'Responsibilities CSV',
    'export.png': 'PNG image',
    'export.gif': 'Animated GIF',
    'export.import': 'Import model JSON',
    'export.saved': 'Saved {name}.',
    'export.pngFailed': 'The picture could not be saved as PNG.',
    'export.gifProgress': 'Drawing frame {i} of {n}…',
    'export.gifSaved': 'Saved {name} ({n} frames).',
    'export.imported': 'Imported a model with K = {k} ({type} covariances). It is the new start: press Play to continue EM from it.',
  },
  ko: {
    'export.title': '내보내기',
    'export.hint': '추정한 모델(scikit-learn과 같은 키), 각 점의 부담률, 실행 과정의 그림을 저장합니다. 가져온 모델은 EM의 새 시작점이 됩니다.',
    'export.downloads': '내려받기',
    'export.model': '모델 JSON',
    'export.resp': '부담률 CSV',
    'export.png': 'PNG 이미지',
    'export.gif': '애니메이션 GIF',
    'export.import': '모델 JSON 가져오기',
    'export.saved': '{name} 파일을 저장했습니다.',
    'export.pngFailed': '그림을 PNG로 저장하지 못했습니다.',
    'export.gifProgress': '프레임 {i}/{n} 그리는 중…',
    'export.gifSaved': '{name} 파일을 저장했습니다(프레임 {n}개).',
    'export.imported': 'K = {k}, {type} 공분산 모델을 가져왔습니다. 이 모델이 새 시작점입니다. 재생을 누르면 여기서부터 EM을 이어 갑니다.',
  },
  ja: {
    'export.title': 'エクスポート',
    'export.hint': '推定したモデル（scikit-learnと同じキー）、各点の負担率、実行の様子の画像を保存します。インポートしたモデルはEMの新しい初期値になります。',
    'export.downloads': 'ダウンロード',
    'export.model': 'モデルJSON',
    'export.resp': '負担率CSV',
    'export.png': 'PNG画像',
    'export.gif': 'アニメーションGIF',
    'export.import': 'モデルJSONをインポート',
    'export.saved': '{name} を保存しました。',
    'export.pngFailed': '図をPNGとして保存できませんでした。',
    'export.gifProgress': 'フレーム {i}/{n} を描画中…',
    'export.gifSaved': '{name} を保存しました（{n}フレーム）。',
    'export.imported': 'K = {k}、{type} 共分散のモデルをインポートしました。これが新しい初期値です。再生を押すと、ここからEMを続けます。',
  },
});

/** Largest GIF width (pixels) and number of frames. */
const GIF_WIDTH = 640;
const GIF_FRAMES = 60;

/** Up to `max` history indices spread evenly from 0 to total − 1 (both ends kept). */
function frameIndices(total, max) {
  if (total <= max) return [...Array(total).keys()];
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round((i * (total - 1)) / (max - 1))))];
}

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const { session } = instance;
  const id = (name) => instance.id(`export-${name}`);
  const panel = document.createElement('section');
  panel.className = 'panel export-panel';
  panel.dataset.panel = 'export';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="export.title"></h2>
    <p class="hint" data-i18n="export.hint"></p>
    <div class="export-buttons" role="group" data-i18n-attr="aria-label:export.downloads">
      <button type="button" data-act="model" data-i18n="export.model"></button>
      <button type="button" data-act="resp" data-i18n="export.resp"></button>
      <button type="button" data-act="png" data-i18n="export.png"></button>
      <button type="button" data-act="gif" data-i18n="export.gif"></button>
    </div>
    <div class="field file"><label for="${id('import')}" data-i18n="export.import"></label>
      <input id="${id('import')}" type="file" accept=".json,application/json"></div>
    <p class="export-status" role="status" aria-live="polite"></p>
    <p class="error" role="alert"></p>`;
  instance.slot('side').append(panel);
  translate(panel);

  const status = panel.querySelector('.export-status');
  const error = panel.querySelector('.error');
  const say = (text) => { status.textContent = text; error.textContent = ''; };
  const fail = (err) => { status.textContent = ''; error.textContent = messageOf(err); };
  const button = (act) => panel.querySelector(`[data-act="${act}"]`);

  const saveText = (text, type, name) => { download(new Blob([text], { type }), name); say(t('export.saved', { name })); };

  button('model').addEventListener('click', () => {
    try { saveText(session.export('model'), 'application/json', 'emviz-model.json'); } catch (err) { fail(err); }
  });
  button('resp').addEventListener('click', () => {
    try { saveText(session.export('responsibilities'), 'text/csv', 'emviz-responsibilities.csv'); } catch (err) { fail(err); }
  });
  button('png').addEventListener('click', () => {
    try {
      session.render(instance.canvas, 1, false);
      instance.canvas.toBlob((blob) => {
        if (!blob) { fail(new Error(t('export.pngFailed'))); return; }
        download(blob, 'emviz.png');
        say(t('export.saved', { name: 'emviz.png' }));
      }, 'image/png');
    } catch (err) { fail(err); }
  });

  let recording = false;
  button('gif').addEventListener('click', async () => {
    if (recording) return;
    recording = true;
    button('gif').disabled = true;
    instance.player.pause();
    let cursor = null;
    const ratio = window.devicePixelRatio || 1;
    try {
      let state = session.state();
      if (state.historyLen < 2) {
        session.run({ kind: 'toEnd' });
        state = instance.refresh();
        instance.drawChart();
      }
      cursor = state.cursor;
      const { GifWriter } = await wasmBindings();
      const main = instance.canvas;
      const width = Math.min(GIF_WIDTH, main.width);
      const height = Math.max(1, Math.round((width * main.height) / main.width));
      const off = document.createElement('canvas');
      off.width = width;
      off.height = height;
      const ctx = off.getContext('2d', { willReadFrequently: true });
      session.set_view({ pixelRatio: (ratio * width) / main.width });
      const writer = new GifWriter(width, height, getLang());
      const indices = frameIndices(state.historyLen, GIF_FRAMES);
      for (const [i, index] of indices.entries()) {
        say(t('export.gifProgress', { i: i + 1, n: indices.length }));
        session.run({ kind: 'seek', index });
        session.render(off, 1, false);
        const pixels = ctx.getImageData(0, 0, width, height).data;
        writer.add_frame(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), i === indices.length - 1 ? 200 : 20);
        if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const bytes = writer.finish();
      download(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)], { type: 'image/gif' }), 'emviz-run.gif');
      say(t('export.gifSaved', { name: 'emviz-run.gif', n: indices.length }));
    } catch (err) {
      fail(err);
    } finally {
      session.set_view({ pixelRatio: ratio });
      if (cursor !== null) { try { session.run({ kind: 'seek', index: cursor }); } catch (err) { fail(err); } }
      instance.refresh();
      instance.player.invalidate();
      button('gif').disabled = false;
      recording = false;
    }
  });

  const input = panel.querySelector('input[type="file"]');
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    try {
      session.import_model(await file.text());
      const state = instance.restarted();
      instance.player.invalidate();
      say(t('export.imported', { k: state.k, type: state.settings.covarianceType }));
    } catch (err) {
      fail(err);
    } finally {
      input.value = '';
    }
  });
}
