// Loading pages through miniprogram-simulate, opening them like WeChat would (onLoad with the
// query), and keeping each page's data for scripts/render-screenshots.js.
const fs = require('fs')
const path = require('path')
const simulate = require('miniprogram-simulate')

const ROOT = path.join(__dirname, '..', '..')
const RENDER_DATA = path.join(ROOT, 'tests', '.render-data')
const loaded = {}

// 'leader' is pages/leader/leader; 'cases/detail' is pages/cases/detail.
function pagePath(name) {
  return name.includes('/') ? path.join(ROOT, 'pages', name) : path.join(ROOT, 'pages', name, name)
}

// Call once per page per test file (beforeAll): simulate registers a path only once.
function loadPages(...names) {
  names.forEach((name) => {
    loaded[name] = simulate.load(pagePath(name), { rootPath: ROOT })
  })
}

async function openPage(name, phone, query = {}) {
  if (!loaded[name]) throw new Error(`page ${name} not loaded: call loadPages('${name}')`)
  phone.use()
  const comp = simulate.render(loaded[name])
  comp.attach(document.createElement('parent-wrapper'))
  await comp.instance.onLoad(query)
  await phone.settle()
  return comp
}

// Tap the first element with this class (or the nth) and wait for the phone to settle.
async function tap(comp, phone, selector, index = 0) {
  const nodes = comp.querySelectorAll(selector)
  const node = nodes[index]
  if (!node) throw new Error(`nothing matches ${selector} [${index}]`)
  node.dispatchEvent('tap')
  await simulate.sleep(0)
  await phone.settle()
}

function text(comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ').trim()
}

// Keep what this page showed, so the screenshot script can draw it the same way.
function keepForScreenshot(shot, name, comp) {
  fs.mkdirSync(RENDER_DATA, { recursive: true })
  const data = JSON.parse(JSON.stringify(comp.instance.data))
  fs.writeFileSync(path.join(RENDER_DATA, `${shot}.json`), JSON.stringify({ page: name, data }, null, 1))
}

module.exports = { pagePath, loadPages, openPage, tap, text, keepForScreenshot, ROOT, simulate }
