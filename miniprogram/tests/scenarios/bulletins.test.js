// 警讯: a bulletin the chief sends shows in a villager's feed; opening it sends the read receipt,
// which reaches the bulletin's stats.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const fs = require('fs')
const path = require('path')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
const accounts = demoAccounts()
const villager = accounts.first('villager')
const chief = accounts.first('chief')
const leader = accounts.byRole('group_leader').find((l) => l.area_id === villager.area_id)
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')
// What these scenarios need from the server (skipped, with the reason, when it lacks any).
const BULLETINS = [
  'GET /api/v1/feed',
  'POST /api/v1/bulletins',
  'POST /api/v1/bulletins/{bulletin_id}/publish',
  'POST /api/v1/bulletins/{bulletin_id}/read',
  'POST /api/v1/bulletins/{bulletin_id}/audience-preview',
]

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'leader', 'bulletins/compose', 'bulletins/detail')
})
afterAll(() => server && server.stop())

async function eventually(check, what) {
  for (let i = 0; i < 100; i += 1) {
    const value = await check()
    if (value) return value
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`never happened: ${what}`)
}

needs(...BULLETINS)('a bulletin reaches the villager’s feed and the read receipt reaches the stats', async () => {
  const asChief = await login(server, chief.openid)
  const voiceFile = path.join(__dirname, '..', 'fixtures', 'voice.mp3')
  const voice = await asChief.upload(voiceFile, 'voice')
  const draft = await asChief.post('/api/v1/bulletins', {
    voice_media_id: voice.id,
    category: '反诈宣传',
    title: '警惕冒充公检法的诈骗电话',
    body: '公安机关不会通过电话要求转账到“安全账户”。接到这类电话请立即挂断，拨打110核实。',
    important: true,
    audience: { areas: [villager.area_id] },
  })
  // Scheduled two seconds ahead rather than "now": a bulletin published for now is 'sending'
  // before its release job has made the deliveries, and the delivery loop can mark it 'sent'
  // with nobody reached (race reported to the lead).
  await asChief.post(`/api/v1/bulletins/${draft.id}/publish`, { at: new Date(Date.now() + 2000).toISOString() })
  const asVillager = await login(server, villager.openid)
  await eventually(async () => (await asVillager.get('/api/v1/feed')).items.some((b) => b.id === draft.id), 'feed')

  const phone = new Phone(server, villager.openid)
  const home = await openPage('index', phone)
  const index = home.instance.data.feed.findIndex((b) => b.id === draft.id)
  expect(index).toBeGreaterThanOrEqual(0)
  expect(text(home)).toContain('警惕冒充公检法的诈骗电话')
  expect(home.instance.data.feed[index].read).toBe(false)
  await tap(home, phone, '.bulletin', index)
  expect(text(home)).toContain('安全账户')
  expect(home.instance.data.feed[index].read).toBe(true)
  keepForScreenshot('01-villager-home', 'index', home)
  // Opened from its subscribe message.
  const detail = await openPage('bulletins/detail', phone, { id: draft.id })
  expect(text(detail)).toContain('警惕冒充公检法的诈骗电话')
  expect(detail.querySelector('.play')).toBeTruthy()
  keepForScreenshot('01c-bulletin-detail', 'bulletins/detail', detail)

  const stats = await eventually(async () => {
    const s = await asChief.get(`/api/v1/bulletins/${draft.id}/stats`)
    return s.read >= 1 ? s : null
  }, 'read receipt in stats')
  expect(stats.read).toBe(1)

  // The 联户长 sees which of their households nobody has read it in yet — not the villager's.
  const home2 = (await asVillager.get('/api/v1/me')).memberships[0].household.address
  const leaderPhone = new Phone(server, leader.openid)
  const bench = await openPage('leader', leaderPhone)
  const unread = bench.instance.data.unread.find((u) => u.id === draft.id)
  expect(unread).toBeTruthy()
  expect(unread.count).toBeGreaterThan(0)
  expect(unread.households.map((h) => h.line).join()).not.toContain(home2)
  expect(text(bench)).toContain('户未读')
  keepForScreenshot('05b-leader-unread-households', 'leader', bench)
})

needs(...BULLETINS, 'GET /api/v1/media/{media_id}')('a villager who does not read plays the bulletin’s voice version', async () => {
  const asChief = await login(server, chief.openid)
  const voiceFile = path.join(__dirname, '..', 'fixtures', 'voice.mp3')
  const voice = await asChief.upload(voiceFile, 'voice')
  const draft = await asChief.post('/api/v1/bulletins', {
    voice_media_id: voice.id,
    category: '风险提示',
    title: '雨季防汛，远离河道',
    body: '近期连续降雨，请不要到河边、水库边玩耍钓鱼。',
    audience: { areas: [villager.area_id] },
  })
  await asChief.post(`/api/v1/bulletins/${draft.id}/publish`, { at: new Date(Date.now() + 2000).toISOString() })
  const asVillager = await login(server, villager.openid)
  await eventually(async () => (await asVillager.get('/api/v1/feed')).items.some((b) => b.id === draft.id), 'feed')
  const phone = new Phone(server, villager.openid)
  const detail = await openPage('bulletins/detail', phone, { id: draft.id })
  await tap(detail, phone, '.play')
  expect(phone.modals).toEqual([])
  expect(fs.statSync(phone.played).size).toBe(fs.statSync(voiceFile).size)
})

needs(...BULLETINS)('a 村警 writes a bulletin for the village’s elderly living alone, previews its reach and publishes', async () => {
  const phone = new Phone(server, villagePolice.openid)
  const home = await openPage('index', phone)
  expect(home.querySelector('.to-compose')).toBeTruthy()
  const compose = await openPage('bulletins/compose', phone)
  expect(compose.instance.data.areas.map((a) => a.name)).toContain('大墅村')
  await tap(compose, phone, '.category', 1) // 风险提示
  compose.querySelector('.title-input').dispatchEvent('input', { detail: { value: '寒潮来袭，注意取暖安全' } })
  compose.querySelector('.body-input').dispatchEvent('input', { detail: { value: '用炭火取暖要开窗通风，谨防一氧化碳中毒。' } })
  await tap(compose, phone, '.tag-chip', 0) // 独居老人
  await tap(compose, phone, '.show-preview')
  const preview = compose.instance.data.preview
  expect(preview.households).toBeGreaterThan(0)
  expect(text(compose)).toContain(`覆盖 ${preview.households} 户`)
  keepForScreenshot('23-compose-preview', 'bulletins/compose', compose)
  await tap(compose, phone, '.publish')
  expect(phone.modals).toEqual([])
  expect(text(compose)).toContain('已发布')
})

needs(...BULLETINS, 'PATCH /api/v1/bulletins/{bulletin_id}')('a 村警 corrects the text after the preview: the same draft is edited, not a second one made', async () => {
  const phone = new Phone(server, villagePolice.openid)
  const compose = await openPage('bulletins/compose', phone)
  const type = async (selector, value) => {
    compose.querySelector(selector).dispatchEvent('input', { detail: { value } })
    await simulate.sleep(0)
  }
  await type('.title-input', '秋收季节防火')
  await type('.body-input', '不要在田里焚烧秸杆。')
  await tap(compose, phone, '.show-preview')
  const first = compose.instance.data.preview
  expect(first.households).toBeGreaterThan(0)
  const draftId = compose.instance.draft.id

  await type('.title-input', '秋收季节严防火灾')
  await type('.body-input', '不要在田里焚烧秸秆，发现火情请立即拨打119。')
  expect(compose.instance.data.preview).toBeNull() // a change asks for a new preview
  await tap(compose, phone, '.show-preview')
  expect(phone.modals).toEqual([])
  expect(compose.instance.draft.id).toBe(draftId)
  const creates = phone.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/bulletins'))
  expect(creates).toHaveLength(1)
  await tap(compose, phone, '.publish')
  expect(text(compose)).toContain('已发布')

  const asPolice = await login(server, villagePolice.openid)
  const bulletin = await asPolice.get(`/api/v1/bulletins/${draftId}`)
  expect(bulletin.title).toBe('秋收季节严防火灾')
  expect(bulletin.body).toContain('119')
  const { items } = await asPolice.get('/api/v1/bulletins?limit=100')
  expect(items.filter((b) => b.title.startsWith('秋收季节'))).toHaveLength(1)
})
