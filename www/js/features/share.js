// Share and embed: "Copy link" (the whole state in the URL's #…, written and checked by Rust's
// Session.share_link / apply_link), "Copy embed code" (an <iframe> of the same view in embed mode),
// "Download data" when the data is too large for a link, and the view flags of a link (embed mode,
// hide=/show= panels, autoplay, speed). No numbers are computed here.
import { register, t, translate, getLang, tRich, setRich } from '../i18n.js';
import { messageOf } from '../ui.js';
import { download } from '../download.js';

register({
  en: {
    'share.title': 'Share',
    'share.copyLink': 'Copy link',
    'share.copyEmbed': 'Copy embed code',
    'share.link': 'Link to this view',
    'share.embedCode': 'Embed code',
    'share.copied': 'Copied to the clipboard.',
    'share.selectCopy': 'Select the text below and copy it (Ctrl+C).',
    'share.tooLarge': 'This data has {values} numbers: too many for a link (at most {limit}). Download the data and share the file instead (or use Export → data CSV).',
    'share.download': 'Download data',
    'share.badLink': 'This link could not be opened: {message}. The default view is shown instead.',
    'share.open': 'Open in emviz ↗',
    'share.hint': 'The link reproduces this run exactly: the data, the settings and the current step.',
  },
  ko: {
    'share.title': '공유',
    'share.copyLink': '링크 복사',
    'share.copyEmbed': '임베드 코드 복사',
    'share.link': '이 화면의 링크',
    'share.embedCode': '임베드 코드',
    'share.copied': '클립보드에 복사했습니다.',
    'share.selectCopy': '아래 텍스트를 선택해 복사하세요(Ctrl+C).',
    'share.tooLarge': '이 데이터는 숫자가 {values}개라 링크에 담기에는 너무 많습니다(최대 {limit}개). 데이터를 내려받아 파일로 공유하세요(또는 내보내기 → 데이터 CSV).',
    'share.download': '데이터 내려받기',
    'share.badLink': '이 링크를 열 수 없습니다: {message}. 대신 기본 화면을 보여 줍니다.',
    'share.open': 'emviz에서 열기 ↗',
    'share.hint': '링크를 열면 이 실행이 그대로 재현됩니다: 데이터, 설정, 현재 단계까지.',
  },
  ja: {
    'share.title': '共有',
    'share.copyLink': 'リンクをコピー',
    'share.copyEmbed': '埋め込みコードをコピー',
    'share.link': 'この表示へのリンク',
    'share.embedCode': '埋め込みコード',
    'share.copied': 'クリップボードにコピーしました。',
    'share.selectCopy': '下のテキストを選択してコピーしてください（Ctrl+C）。',
    'share.tooLarge': 'このデータには数値が{values}個あり、リンクに含めるには多すぎます（最大{limit}個）。代わりにデータをダウンロードしてファイルで共有してください（またはエクスポート → データCSV）。',
    'share.download': 'データをダウンロード',
    'share.badLink': 'このリンクを開けませんでした：{message}。代わりに既定の表示を示します。',
    'share.open': 'emvizで開く ↗',
    'share.hint': 'このリンクはこの実行をそのまま再現します。データ、設定、現在のステップまで含まれます。',
  },
});

/** The emviz page these links open: the directory above js/ (works from any sub-path). */
const APP_URL = new URL('../../', import.meta.url).href;

/** Panels a link may hide or show, by name: the template's [data-panel]s, the transport's extras,
 *  and the feature panels in the slots (named by data-panel, or by their class: teach-x → x). */
export function panels(instance) {
  const { root, ref } = instance;
  const map = new Map();
  const add = (name, el) => { if (name && el) map.set(name, [...(map.get(name) || []), el]); };
  for (const el of root.querySelectorAll('[data-panel]')) add(el.dataset.panel, el);
  add('table', root.querySelector('[data-panel="components"]'));
  add('new-start', ref('newStart'));
  add('speed', ref('speed') && ref('speed').closest('.field'));
  add('phase', ref('phase'));
  for (const slot of root.querySelectorAll('[data-slot]')) {
    for (const el of slot.children) {
      if (el.dataset.panel) continue;
      const classes = [...el.classList];
      const cls = classes.find((c) => c.startsWith('teach-')) || classes.find((c) => c !== 'panel') || '';
      add(cls.replace(/^teach-/, '').replace(/-panel$/, '') || 'extra', el);
    }
  }
  return map;
}

/**
 * Applies a link's view flags: embed mode, hidden/shown panels, speed, autoplay.
 * @param {import('../emviz.js').Instance} instance
 */
export function applyView(instance, view) {
  const { root, ref } = instance;
  const embed = !!view.embed;
  const hide = new Set(view.hide || []);
  const show = new Set(view.show || []);
  root.classList.toggle('embed', embed);
  if (embed && root.id === 'app') document.documentElement.classList.add('emviz-embed-page');
  // An element may have several names (components = table): hidden if any is hidden, and in embed
  // mode shown only if one is shown.
  const names = new Map();
  for (const [name, els] of panels(instance)) for (const el of els) names.set(el, [...(names.get(el) || []), name]);
  let shown = 0;
  for (const [el, list] of names) {
    const off = list.some((n) => hide.has(n)) || (embed && !list.some((n) => show.has(n)));
    el.classList.toggle('emviz-off', off);
    if (!off && el.closest('.side, .data, .wide')) shown++;
  }
  if (instance.chapterView) instance.chapterView();
  const side = ref('side');
  const sideEmpty = [...side.children].every((el) => el.classList.contains('emviz-off') || (el.matches('[data-slot]') && [...el.children].every((c) => c.classList.contains('emviz-off'))));
  root.classList.toggle('no-side', sideEmpty);
  root.classList.toggle('embed-bare', embed && sideEmpty && shown === 0);
  if (embed) addOpenLink(instance);
  if (view.speed) { ref('speed').value = String(view.speed); instance.player.speed = view.speed; }
  if (view.autoplay && !instance.player.playing) instance.togglePlay();
  if (view.present && instance.presenter) instance.presenter.enter();
}

/** Applies link parameters (a URL's #… or ?… part) to an instance: { ok, applied } or { ok: false, error }.
 *  On error the instance is left as it was. */
export function applyLink(instance, params) {
  let applied;
  try {
    applied = instance.session.apply_link(params);
  } catch (err) {
    return { ok: false, error: messageOf(err) };
  }
  if (!applied) return { ok: true, applied: null };
  if (applied.hasState) {
    if (applied.dataText !== null && applied.dataText !== undefined) instance.setDataText(applied.dataText);
    if (applied.preset) instance.ref('preset').value = applied.preset;
    else if (applied.dataText) instance.ref('preset').value = 'custom';
    instance.setDataError('');
    instance.ref('settingsError').textContent = '';
    const state = instance.restarted();
    if (applied.dataText) instance.emit('load', { n: state.n, d: state.d, names: state.names, preset: applied.preset ?? undefined });
    instance.player.invalidate();
  }
  instance.linkLang = applied.view.lang ?? null;
  applyView(instance, applied.view);
  return { ok: true, applied };
}

/**
 * The main page: applies the link in its address (query and hash), and again when the hash changes.
 * @param {import('../emviz.js').Instance} instance
 */
export function startFromUrl(instance) {
  const fromAddress = () => {
    const params = [location.search.slice(1), location.hash.slice(1)].filter(Boolean).join('&');
    if (!params) return;
    const result = applyLink(instance, params);
    linkError(instance).textContent = result.ok ? '' : t('share.badLink', { message: result.error });
  };
  fromAddress();
  addEventListener('hashchange', fromAddress);
}

/**
 * The message line for a link that could not be opened (after the run's warnings; never hidden).
 * @param {import('../emviz.js').Instance} instance
 */
export function linkError(instance) {
  let p = instance.root.querySelector('.link-error');
  if (!p) {
    p = document.createElement('p');
    p.className = 'error link-error';
    p.setAttribute('role', 'alert');
    instance.ref('warnings').after(p);
  }
  return p;
}

/** The link to the current state: { url }, or { tooLarge: {values, limit} } when the data is too
 *  large to travel in a link. */
export function linkTo(instance, flags = {}) {
  const view = {
    speed: Number(instance.ref('speed').value) || undefined,
    ...(instance.linkLang ? { lang: getLang() } : {}),
    ...flags,
  };
  const answer = instance.session.share_link(view);
  if (answer.kind === 'link') return { url: `${APP_URL}#${answer.params}` };
  return { tooLarge: answer };
}

/**
 * The <iframe> snippet for the current state in embed mode.
 * @param {import('../emviz.js').Instance} instance
 */
export function embedCode(instance, { width = 640, height = 560 } = {}) {
  const link = linkTo(instance, { embed: true });
  if (!link.url) return link;
  const src = link.url.replace(/&/g, '&amp;');
  return { ...link, code: `<iframe src="${src}" width="${width}" height="${height}" title="emviz" loading="lazy" style="border:0"></iframe>` };
}

/** @param {import('../emviz.js').Instance} instance */
function addOpenLink(instance) {
  if (instance.ref('transport').querySelector('.embed-open')) return;
  const a = document.createElement('a');
  a.className = 'embed-open';
  a.target = '_blank';
  a.rel = 'noopener';
  a.dataset.i18n = 'share.open';
  a.href = APP_URL;
  const update = () => { try { a.href = linkTo(instance).url; } catch { a.href = APP_URL; } };
  for (const ev of ['pointerdown', 'focus', 'mouseenter']) a.addEventListener(ev, update);
  instance.ref('transport').append(a);
  translate(a);
}

/** @param {import('../emviz.js').Instance} instance */
function downloadData(instance) {
  download(new Blob([instance.session.export('data')], { type: 'text/csv' }), 'emviz-data.csv');
}

/** @param {import('../emviz.js').Instance} instance */
export function install(instance) {
  const id = (n) => instance.id(`share-${n}`);
  const panel = document.createElement('section');
  panel.className = 'panel share-panel';
  panel.dataset.panel = 'share';
  panel.setAttribute('aria-labelledby', id('title'));
  panel.innerHTML = `
    <h2 id="${id('title')}" data-i18n="share.title"></h2>
    <p class="hint" data-i18n="share.hint"></p>
    <div class="share-buttons">
      <button type="button" data-act="link" data-i18n="share.copyLink"></button>
      <button type="button" data-act="embed" data-i18n="share.copyEmbed"></button>
      <button type="button" data-act="download" data-i18n="share.download" hidden></button>
    </div>
    <p class="share-message" role="status" aria-live="polite"></p>
    <div class="field" data-out="link" hidden><label for="${id('link')}" data-i18n="share.link"></label><input id="${id('link')}" type="text" readonly></div>
    <div class="field" data-out="embed" hidden><label for="${id('embed')}" data-i18n="share.embedCode"></label><textarea id="${id('embed')}" rows="3" readonly></textarea></div>`;
  instance.slot('side').append(panel);
  translate(panel);
  const q = (sel) => panel.querySelector(sel);
  const message = q('.share-message');

  const offer = (which, text, tooLarge) => {
    q('[data-act="download"]').hidden = !tooLarge;
    message.classList.toggle('error', !!tooLarge);
    if (tooLarge) {
      for (const out of panel.querySelectorAll('[data-out]')) out.hidden = true;
      setRich(message, tRich('share.tooLarge', tooLarge));
      return;
    }
    for (const out of panel.querySelectorAll('[data-out]')) out.hidden = out.dataset.out !== which;
    const field = q(`[data-out="${which}"] input, [data-out="${which}"] textarea`);
    field.value = text;
    message.textContent = '';
    const copied = () => { message.textContent = t('share.copied'); };
    const manual = () => { message.textContent = t('share.selectCopy'); field.focus(); field.select(); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(copied, manual);
    else manual();
  };

  q('[data-act="link"]').addEventListener('click', () => {
    try {
      const link = linkTo(instance);
      offer('link', link.url, link.tooLarge);
    } catch (err) { message.textContent = messageOf(err); }
  });
  q('[data-act="embed"]').addEventListener('click', () => {
    try {
      const snippet = embedCode(instance);
      offer('embed', snippet.code, snippet.tooLarge);
    } catch (err) { message.textContent = messageOf(err); }
  });
  q('[data-act="download"]').addEventListener('click', () => downloadData(instance));
  instance.on('load', () => { q('[data-act="download"]').hidden = true; });
}
