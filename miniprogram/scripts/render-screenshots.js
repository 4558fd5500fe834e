#!/usr/bin/env node
// Draws every page the scenario tests kept (tests/.render-data/*.json, written by `npm test`) the
// way a phone would, and screenshots it in headless Chromium into screenshots/<name>.png.
//
//   npm test && npm run screenshots
//
// Needs Debian's chromium and a CJK font: `apt-get install chromium fonts-noto-cjk`.
// CHROMIUM=/path/to/chrome overrides /usr/bin/chromium.
//
// miniprogram-simulate renders the WXML to a DOM; what differs from WeChat is mended here:
// rpx → px at 375/750, `page` → the phone frame, app.wxss included with the same class prefix,
// <image>/<input>/<textarea> given their src/value/placeholder, jsdom's Event globals for Node.
const fs = require('fs')
const os = require('os')
const path = require('path')
const { JSDOM } = require('jsdom')

const ROOT = path.join(__dirname, '..')
const DATA = path.join(ROOT, 'tests', '.render-data')
const OUT = path.join(ROOT, 'screenshots')
const WIDTH = 375
const HEIGHT = 812
const PREFIX = 'main' // simulate's default tag name, used as the class prefix

function setUpDom() {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true })
  global.window = dom.window
  global.document = dom.window.document
  ;['Event', 'CustomEvent', 'Node', 'HTMLElement', 'Element', 'navigator', 'MutationObserver', 'getComputedStyle'].forEach(
    (k) => (global[k] = dom.window[k])
  )
}

// Built-ins that carry what the picture needs (simulate's own drop their attributes).
function registerBuiltIns(jComponent) {
  jComponent.register({
    id: 'image',
    tagName: 'wx-image',
    properties: { src: String, mode: String },
    template: '<span class="wx-img" data-src="{{src}}"></span>',
  })
  ;['input', 'textarea'].forEach((name) =>
    jComponent.register({
      id: name,
      tagName: `wx-${name}`,
      properties: { value: String, placeholder: String },
      template: '<span class="wx-value">{{value}}</span><span class="wx-ph" wx:if="{{!value}}">{{placeholder}}</span>',
    })
  )
}

function rpxToPx(css) {
  return css.replace(/(-?\d*\.?\d+)rpx/g, (all, n) => `${+(Number(n) * (WIDTH / 750)).toFixed(2)}px`)
}

function compileWxss(wxss, file) {
  const source = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  // `page` is WeChat's root element: here it is the phone frame.
  const css = wxss.compile(source, { prefix: PREFIX }).replace(/(^|[},\s])page(?=[\s{,.:])/g, '$1.phone')
  return rpxToPx(css)
}

const BASE_CSS = `
html, body { margin: 0; padding: 0; background: #f2f4f7; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", sans-serif; }
.phone { width: ${WIDTH}px; min-height: ${HEIGHT}px; overflow: hidden; }
main { display: block; }
wx-view, wx-textarea, wx-input { display: block; }
wx-text { display: inline; }
wx-image { display: inline-block; overflow: hidden; }
.wx-img { display: block; width: 100%; height: 100%; background: #c9d1dc center / cover no-repeat; }
.wx-ph { color: #8a94a6; }
.nav { height: 44px; background: #0b3d91; color: #fff; display: flex; align-items: center; justify-content: center; font-size: 17px; font-weight: 600; }
`

function pictureHtml(html) {
  // Local files (the tests' photos) are drawn; links to the test server are gone by now.
  return html.replace(/<span class="wx-img" data-src="([^"]*)"><\/span>/g, (all, src) =>
    src.startsWith('/') && fs.existsSync(src)
      ? `<span class="wx-img" style="background-image:url('file://${src}')"></span>`
      : '<span class="wx-img"></span>'
  )
}

function pageTitle(page) {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, 'pages', `${page}.json`), 'utf8'))
  return json.navigationBarTitleText || '警户通'
}

function pageFile(page) {
  return page.includes('/') ? page : `${page}/${page}`
}

function renderAll() {
  setUpDom()
  const simulate = require('miniprogram-simulate')
  const jComponent = require('j-component')
  const wxss = require('miniprogram-simulate/src/wxss')
  registerBuiltIns(jComponent)
  global.wx = Object.assign(global.wx || {}, { getStorageSync: () => '', setStorageSync() {} })

  const appCss = compileWxss(wxss, path.join(ROOT, 'app.wxss'))
  const loaded = {}
  const shots = fs
    .readdirSync(DATA)
    .filter((f) => f.endsWith('.json'))
    .sort()
  return shots.map((file) => {
    const { page, data } = JSON.parse(fs.readFileSync(path.join(DATA, file), 'utf8'))
    const rel = pageFile(page)
    if (!loaded[rel]) loaded[rel] = simulate.load(path.join(ROOT, 'pages', rel), { rootPath: ROOT })
    const comp = simulate.render(loaded[rel])
    comp.attach(document.createElement('parent-wrapper'))
    comp.setData(data)
    const pageCss = compileWxss(wxss, path.join(ROOT, 'pages', `${rel}.wxss`))
    const html = `<!doctype html><html><head><meta charset="utf-8">
<style>${BASE_CSS}</style><style>${appCss}</style><style>${pageCss}</style></head>
<body><div class="phone"><div class="nav">${pageTitle(rel)}</div>${pictureHtml(comp.dom.outerHTML)}</div></body></html>`
    return { name: file.replace(/\.json$/, ''), html }
  })
}

async function screenshot(pages) {
  const { chromium } = require('playwright-core')
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  })
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jht-shots-'))
  try {
    const tab = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } })
    fs.mkdirSync(OUT, { recursive: true })
    for (const p of pages) {
      const file = path.join(tmp, `${p.name}.html`)
      fs.writeFileSync(file, p.html)
      await tab.goto(`file://${file}`)
      await tab.screenshot({ path: path.join(OUT, `${p.name}.png`), fullPage: true })
      console.log(`screenshots/${p.name}.png`)
    }
  } finally {
    await browser.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

async function main() {
  if (!fs.existsSync(DATA)) {
    console.error('No page data yet: run `npm test` first (the scenario tests keep what each page showed).')
    process.exit(1)
  }
  const pages = renderAll()
  if (process.argv.includes('--html-only')) {
    pages.forEach((p) => fs.writeFileSync(path.join(os.tmpdir(), `${p.name}.html`), p.html))
    return
  }
  await screenshot(pages)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
