// 上门服务 and 代办预约: a 村警 books a home visit for an elderly villager (代办), choosing the
// household and the member; the area officer over the village confirms a time and, after the
// visit, marks it done; the villager sees each step.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
// What these scenarios need from the server (skipped, with the reason, when it lacks any).
const VISITS = [
  'GET /api/v1/appointments',
  'POST /api/v1/appointments',
  'POST /api/v1/appointments/{appointment_id}/confirm',
  'POST /api/v1/appointments/{appointment_id}/complete',
]
const PROXY = ['POST /api/v1/appointments', 'GET /api/v1/households', 'GET /api/v1/households/{household_id}']
const accounts = demoAccounts()
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')
const officer = accounts.byRole('area_officer').find((o) => o.area.startsWith('大墅村'))
const elder = accounts.byRole('villager')[2]
const villager = accounts.byRole('villager')[3]

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'proxy', 'visits', 'appointments')
})
afterAll(() => server && server.stop())

async function homeVisitService(asSomeone) {
  const { items } = await asSomeone.get('/api/v1/appointment-services')
  return items.find((s) => s.home_visit)
}

needs(...PROXY)('a 村警 finds an elderly villager’s household and books a home visit on their behalf', async () => {
  const asElder = await login(server, elder.openid)
  const home = (await asElder.get('/api/v1/me')).memberships.find((m) => m.status === 'active').household
  const service = await homeVisitService(asElder)

  const phone = new Phone(server, villagePolice.openid)
  const start = await openPage('index', phone)
  expect(start.querySelector('.to-proxy')).toBeTruthy()
  keepForScreenshot('23b-village-police-home', 'index', start)
  const page = await openPage('proxy', phone)
  page.querySelector('.search-input').dispatchEvent('input', { detail: { value: home.address } })
  await simulate.sleep(0)
  await tap(page, phone, '.search')
  const found = page.instance.data.households.findIndex((h) => h.id === home.id)
  expect(found).toBeGreaterThanOrEqual(0)
  await tap(page, phone, '.household', found)
  const member = page.instance.data.members.findIndex((m) => m.name === elder.name)
  expect(member).toBeGreaterThanOrEqual(0)
  await tap(page, phone, '.member', member)
  await tap(page, phone, '.service', page.instance.data.services.findIndex((s) => s.id === service.id))
  page.querySelector('.reason').dispatchEvent('input', { detail: { value: '老人中风卧床，不能到所里' } })
  await simulate.sleep(0)
  keepForScreenshot('24-proxy-booking', 'proxy', page)
  await tap(page, phone, '.book')
  expect(phone.modals).toEqual([])
  expect(text(page)).toContain(`已为 ${elder.name} 代办：${service.name}`)
  expect(page.instance.data.mine.some((a) => a.person === elder.name)).toBe(true)
  keepForScreenshot('25-proxy-done', 'proxy', page)

  // The villager sees the booking as theirs, made by the 村警.
  const elderPhone = new Phone(server, elder.openid)
  const theirs = await openPage('appointments', elderPhone)
  expect(text(theirs)).toContain(`村警${villagePolice.name}代办`)
  const [appointment] = (await asElder.get('/api/v1/appointments')).items
  expect(appointment.on_behalf).toBe(true)
  expect(appointment.booked_by.name).toBe(villagePolice.name)
})

needs(...VISITS)('the area officer sets a time for a requested home visit and, after it, marks it done', async () => {
  const asVillager = await login(server, villager.openid)
  const service = await homeVisitService(asVillager)
  const asked = await asVillager.post(
    '/api/v1/appointments',
    { service_id: service.id, reason: '腿脚不便，想办居住证明' },
    { 'Idempotency-Key': 'mp-visit-1' }
  )
  expect(asked.assignee && asked.assignee.name).toBe(officer.name)

  const phone = new Phone(server, officer.openid)
  const start = await openPage('index', phone)
  expect(start.querySelector('.to-visits')).toBeTruthy()
  const page = await openPage('visits', phone)
  const index = () => page.instance.data.items.findIndex((v) => v.id === asked.id)
  expect(index()).toBeGreaterThanOrEqual(0)
  expect(page.instance.data.items[0].waiting).toBe(true) // requests waiting for a time come first
  await tap(page, phone, '.arrange', page.instance.data.items.filter((v, i) => v.waiting && i < index()).length)
  await tap(page, phone, '.visit-day', 0) // 明天
  await tap(page, phone, '.visit-hour', 3) // 14:00
  keepForScreenshot('26-officer-visit-time', 'visits', page)
  await tap(page, phone, '.confirm-visit')
  expect(phone.modals).toEqual([])
  const confirmed = page.instance.data.items[index()]
  expect(confirmed.scheduled).toBe(true)
  expect(confirmed.when).toContain('14:00')
  const seen = await asVillager.get(`/api/v1/appointments/${asked.id}`)
  expect(seen.status).toBe('confirmed')
  keepForScreenshot('27-officer-visits', 'visits', page)

  phone.modalText = '已上门办好居住证明，证件已交给本人'
  const scheduledBefore = page.instance.data.items.filter((v, i) => v.scheduled && i < index()).length
  await tap(page, phone, '.complete-visit', scheduledBefore)
  await simulate.sleep(10)
  await phone.settle()
  expect(phone.modals.map((m) => m.title)).toEqual(['办结'])
  const done = page.instance.data.items.find((v) => v.id === asked.id)
  expect(done.status).toBe('completed')
  const after = await asVillager.get(`/api/v1/appointments/${asked.id}`)
  expect(after.status).toBe('completed')
  expect(after.note).toBe('已上门办好居住证明，证件已交给本人')
})
