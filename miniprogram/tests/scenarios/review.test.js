// Staff review of content WeChat's check flagged: the area officer finds the case under 待审核 in
// the queue, passes its text after a plain-words confirmation, and the case then shows it passed.
// Nobody but police and the village's 村警 sees the review buttons. The server's own worker runs the text check; the
// emulator answers risky for 刷单返利 (as in tests/cases/moderation/test_review.py).
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
const REVIEW = ['GET /api/v1/cases', 'POST /api/v1/cases', 'GET /api/v1/cases/{case_id}', 'POST /api/v1/cases/{case_id}/review']
const RISKY_TEXT = '有人在群里发刷单返利广告骗老人'
const accounts = demoAccounts()
const leader = accounts.first('group_leader')
const villager = accounts.byRole('villager').find((v) => v.area_id === leader.area_id)
const officer = accounts.byRole('area_officer').find((a) => a.area.startsWith('大墅村'))
const villagePolice = accounts.byRole('village_police').find((a) => a.area === '大墅村')

beforeAll(async () => {
  server = await startServer()
  loadPages('queue', 'cases/detail')
})
afterAll(() => server && server.stop())

// A villager's report whose text the check flags; waits until the worker has flagged it.
async function flaggedCase(words, key) {
  const asVillager = await login(server, villager.openid)
  const created = await asVillager.post('/api/v1/cases', { kind: 'hazard', text: words }, { 'Idempotency-Key': key })
  const deadline = Date.now() + 20000
  for (;;) {
    const c = await asVillager.get(`/api/v1/cases/${created.id}`)
    if (c.review_status === 'flagged') return c
    if (Date.now() > deadline) throw new Error(`case not flagged: review_status ${c.review_status}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

needs(...REVIEW)('the area officer finds a flagged case under 待审核 and passes its text', async () => {
  const flagged = await flaggedCase(`${RISKY_TEXT}，村里好几个老人被骗了`, 'review-1')

  const phone = new Phone(server, officer.openid)
  const queue = await openPage('queue', phone)
  const names = queue.instance.data.filters.map((f) => f.name)
  expect(names).toContain('待审核')
  await tap(queue, phone, '.filter', names.indexOf('待审核'))
  expect(queue.instance.data.items.map((i) => i.id)).toEqual([flagged.id])
  expect(text(queue)).toContain('内容待审核')
  expect(phone.requests.some((r) => r.url.includes('scope=review'))).toBe(true)
  keepForScreenshot('28-officer-review-queue', 'queue', queue)
  await tap(queue, phone, '.queue-row')
  expect(phone.lastNavigation()).toBe(`/pages/cases/detail?id=${flagged.id}`)

  const detail = await openPage('cases/detail', phone, { id: flagged.id })
  expect(detail.instance.data.reviewItems.map((i) => i.key)).toEqual(['text'])
  expect(text(detail)).toContain('内容审核：待审核')
  expect(detail.querySelector('.review-pass')).toBeTruthy()
  expect(detail.querySelector('.review-uphold')).toBeTruthy()
  detail.querySelector('.review-note').dispatchEvent('input', { detail: { value: '已核实，是提醒村民防骗' } })
  await simulate.sleep(0)
  keepForScreenshot('29-officer-review-controls', 'cases/detail', detail)

  // 不予公开, then 再想想: nothing is sent.
  phone.modalConfirms = false
  const sent = phone.requests.length
  await tap(detail, phone, '.review-uphold')
  expect(phone.lastModal().title).toBe('确认不予公开？')
  expect(phone.lastModal().content).toContain('这件事照常办理')
  expect(phone.requests.length).toBe(sent)
  expect(detail.instance.data.reviewItems).toHaveLength(1)

  phone.modalConfirms = true
  await tap(detail, phone, '.review-pass')
  expect(phone.lastModal().content).toContain('所有能看到这件事的人都能看到')
  expect(phone.modals).toHaveLength(2) // the two confirmations, no error
  expect(phone.toasts).toContain('已通过')
  expect(JSON.parse(phone.storage.get('jht.pending'))).toEqual({})
  const review = phone.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/cases/${flagged.id}/review`))
  expect(review).toHaveLength(1)

  // The detail was loaded again: nothing left to review, and the decision is on the timeline.
  expect(detail.instance.data.reviewItems).toEqual([])
  expect(detail.querySelector('.review-pass')).toBeFalsy()
  const shown = text(detail)
  expect(shown).toContain('内容审核：已通过')
  expect(shown).toContain('文字：通过（已核实，是提醒村民防骗）')

  const asOfficer = await login(server, officer.openid)
  const queueNow = await asOfficer.get('/api/v1/cases?scope=review')
  expect(queueNow.items.map((c) => c.id)).not.toContain(flagged.id)
  expect((await asOfficer.get(`/api/v1/cases/${flagged.id}`)).review_status).toBe('passed')
})

needs(...REVIEW)('the reporter and the 联户长 never see the review buttons; the 村警 does', async () => {
  const flagged = await flaggedCase(`${RISKY_TEXT}，请派出所管一管`, 'review-2')

  for (const who of [villager, leader]) {
    const phone = new Phone(server, who.openid)
    const detail = await openPage('cases/detail', phone, { id: flagged.id })
    expect(detail.instance.data.c).toBeTruthy()
    expect(detail.instance.data.reviewer).toBe(false)
    expect(detail.querySelector('.review-pass')).toBeFalsy()
    expect(detail.querySelector('.review-uphold')).toBeFalsy()
    expect(text(detail)).not.toContain('内容审核')
    expect(phone.modals).toEqual([])
  }

  // The 村警 reviews for the station in their own village: 待审核 and the buttons are theirs too.
  const phone = new Phone(server, villagePolice.openid)
  const queue = await openPage('queue', phone)
  const names = queue.instance.data.filters.map((f) => f.name)
  expect(names).toContain('待审核')
  await tap(queue, phone, '.filter', names.indexOf('待审核'))
  expect(queue.instance.data.items.map((i) => i.id)).toContain(flagged.id)
  const detail = await openPage('cases/detail', phone, { id: flagged.id })
  expect(detail.instance.data.reviewer).toBe(true)
  expect(detail.querySelector('.review-pass')).toBeTruthy()
  expect(detail.querySelector('.review-uphold')).toBeTruthy()
})
