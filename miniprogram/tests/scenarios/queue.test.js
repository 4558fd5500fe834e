// The duty room dispatches an incident by location; the area officer's queue shows escalated
// cases marked and first.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
// What these scenarios need from the server (skipped, with the reason, when it lacks any).
const QUEUE = [
  'POST /api/v1/dispatches',
  'GET /api/v1/cases',
  'POST /api/v1/cases/{case_id}/escalate',
]
const accounts = demoAccounts()
const duty = accounts.first('duty_room')
const leader = accounts.first('group_leader')
const villager = accounts.byRole('villager').find((v) => v.area_id === leader.area_id)
const officer = accounts.byRole('area_officer').find((a) => a.area.startsWith('大墅村'))

beforeAll(async () => {
  server = await startServer()
  loadPages('queue', 'index', 'cases/detail')
})
afterAll(() => server && server.stop())

needs(...QUEUE)('the duty room pushes an incident to the nearest 联户长 from the queue page', async () => {
  const phone = new Phone(server, duty.openid)
  const home = await openPage('index', phone)
  expect(home.querySelector('.to-queue')).toBeTruthy()
  const queue = await openPage('queue', phone)
  await tap(queue, phone, '.open-dispatch')
  await tap(queue, phone, '.dispatch-kind', 1) // 纠纷
  queue.querySelector('.summary').dispatchEvent('input', { detail: { value: '村民来电：邻居两家因宅基地争吵' } })
  await tap(queue, phone, '.choose-place')
  keepForScreenshot('17-duty-dispatch', 'queue', queue)
  await tap(queue, phone, '.send-dispatch')
  expect(phone.modals).toEqual([])
  expect(text(queue)).toContain('已推送')
  expect(JSON.parse(phone.storage.get('jht.pending'))).toEqual({})
})

needs(...QUEUE)('an escalated case is marked and comes first in the area officer’s queue', async () => {
  const asVillager = await login(server, villager.openid)
  const quiet = await asVillager.post('/api/v1/cases', { kind: 'help', text: '家里老人走失了' }, { 'Idempotency-Key': 'q-1' })
  const urgent = await asVillager.post('/api/v1/cases', { kind: 'dispute', text: '邻居吵架快打起来了' }, { 'Idempotency-Key': 'q-2' })
  // The 联户长 passes it up from the case page, with a reason typed into the dialog.
  const leaderPhone = new Phone(server, leader.openid)
  const handling = await openPage('cases/detail', leaderPhone, { id: urgent.id })
  leaderPhone.modalText = '双方情绪激动，需要民警到场'
  await tap(handling, leaderPhone, '.escalate')
  await simulate.sleep(10)
  await leaderPhone.settle()
  expect(handling.instance.data.c.escalated).toBe(true)

  const phone = new Phone(server, officer.openid)
  const queue = await openPage('queue', phone)
  const items = queue.instance.data.items
  expect(items[0].id).toBe(urgent.id)
  expect(items.map((i) => i.id)).toContain(quiet.id)
  expect(text(queue)).toContain('已升级 1 级')
  expect(queue.querySelector('.open-dispatch')).toBeFalsy()
  keepForScreenshot('18-officer-queue', 'queue', queue)
  await tap(queue, phone, '.filter', 1) // 待接单
  await simulate.sleep(0)
  expect(phone.modals).toEqual([])
})
