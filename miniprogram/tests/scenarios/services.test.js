// 我要办事 and 消息: a villager books a counter slot the station opened, and asks for a home visit;
// the notifications the server wrote show up in the 消息 page.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
// What these scenarios need from the server (skipped, with the reason, when it lacks any).
const SERVICES = [
  'POST /api/v1/appointments',
  'GET /api/v1/appointment-services',
  'POST /api/v1/appointment-services/{service_id}/slots',
]
const accounts = demoAccounts()
const villager = accounts.byRole('villager')[1]
const admin = accounts.first('admin')

beforeAll(async () => {
  server = await startServer()
  loadPages('appointments', 'notices')
})
afterAll(() => server && server.stop())

function tomorrowInChina() {
  return new Date(Date.now() + 8 * 3600 * 1000 + 86400000).toISOString().slice(0, 10)
}

needs(...SERVICES)('a villager books a counter slot for tomorrow and can cancel it', async () => {
  const asAdmin = await login(server, admin.openid)
  const { items: services } = await asAdmin.get('/api/v1/appointment-services')
  const counter = services.find((s) => !s.home_visit)
  await asAdmin.post(`/api/v1/appointment-services/${counter.id}/slots`, {
    date: tomorrowInChina(),
    start: '09:00',
    end: '10:00',
    capacity: 5,
  })

  const phone = new Phone(server, villager.openid)
  const page = await openPage('appointments', phone)
  expect(text(page)).toContain(counter.name)
  keepForScreenshot('19-services', 'appointments', page)
  await tap(page, phone, '.service', services.indexOf(counter))
  await tap(page, phone, '.day', 1) // 明天
  expect(page.instance.data.slots).toHaveLength(1)
  await tap(page, phone, '.slot', 0)
  keepForScreenshot('20-booking', 'appointments', page)
  await tap(page, phone, '.book')
  expect(phone.modals).toEqual([])
  expect(text(page)).toContain(`已预约：${counter.name}`)
  expect(page.instance.data.mine).toHaveLength(1)
  expect(page.instance.data.mine[0].when).toContain('09:00-10:00')
  keepForScreenshot('21-my-appointments', 'appointments', page)

  await tap(page, phone, '.cancel', 0)
  await simulate.sleep(10)
  await phone.settle()
  expect(page.instance.data.mine[0].cancellable).toBe(false)
})

needs(...SERVICES)('a villager asks for a home visit, and the 消息 page lists what the server told them', async () => {
  const phone = new Phone(server, villager.openid)
  const page = await openPage('appointments', phone)
  const index = page.instance.data.services.findIndex((s) => s.home_visit)
  if (index < 0) return console.warn('skipped: no home-visit service in the demo data')
  await tap(page, phone, '.service', index)
  page.querySelector('.reason').dispatchEvent('input', { detail: { value: '老人腿骨折，行动不便' } })
  await simulate.sleep(0)
  await tap(page, phone, '.book')
  expect(phone.modals).toEqual([])
  expect(page.instance.data.mine.some((a) => a.when === '等待民警安排时间')).toBe(true)

  const notices = await openPage('notices', phone)
  keepForScreenshot('22-notices', 'notices', notices)
  const unread = notices.instance.data.items.filter((n) => !n.read)
  if (unread.length) {
    await tap(notices, phone, '.notice-row', notices.instance.data.items.indexOf(unread[0]))
    expect(notices.instance.data.items.find((n) => n.id === unread[0].id).read).toBe(true)
  }
})
