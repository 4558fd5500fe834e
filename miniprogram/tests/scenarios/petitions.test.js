// 所长直通车: a villager writes to the chief by voice and words; the chief reads it in the inbox
// and replies; the villager sees the answer.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
// What these scenarios need from the server (skipped, with the reason, when it lacks any).
const PETITIONS = [
  'POST /api/v1/petitions',
  'GET /api/v1/petitions/{petition_id}',
  'POST /api/v1/petitions/{petition_id}/messages',
]
const accounts = demoAccounts()
const villager = accounts.first('villager')
const chief = accounts.first('chief')

beforeAll(async () => {
  server = await startServer()
  loadPages('petitions/index', 'petitions/detail')
})
afterAll(() => server && server.stop())

needs(...PETITIONS)('the chief reads a villager’s letter in the inbox and replies; the villager sees the answer', async () => {
  const phone = new Phone(server, villager.openid)
  const letters = await openPage('petitions/index', phone)
  await tap(letters, phone, '.write')
  letters.querySelector('.talk').dispatchEvent('touchstart')
  await simulate.sleep(0)
  letters.querySelector('.talk').dispatchEvent('touchend')
  await simulate.sleep(10)
  await phone.settle()
  const words = '所长您好，村里路灯坏了三个月，晚上老人出门不安全'
  letters.querySelector('.letter').dispatchEvent('input', { detail: { value: words } })
  await simulate.sleep(0)
  keepForScreenshot('13-petition-compose', 'petitions/index', letters)
  await tap(letters, phone, '.send')
  expect(phone.modals).toEqual([])
  expect(text(letters)).toContain('已送到所长信箱')
  expect(letters.instance.data.items).toHaveLength(1)

  const chiefPhone = new Phone(server, chief.openid)
  const inbox = await openPage('petitions/index', chiefPhone)
  expect(text(inbox)).toContain('所长信箱')
  const index = inbox.instance.data.items.findIndex((p) => p.sender === villager.name)
  expect(index).toBeGreaterThanOrEqual(0)
  expect(inbox.instance.data.items[index].unread).toBe(true)
  keepForScreenshot('14-chief-inbox', 'petitions/index', inbox)
  await tap(inbox, chiefPhone, '.letter-row', index)
  const id = chiefPhone.lastNavigation().split('id=')[1]

  const letter = await openPage('petitions/detail', chiefPhone, { id })
  expect(text(letter)).toContain(words)
  expect(letter.instance.data.p.read).toBe(true)
  letter.querySelector('.reply').dispatchEvent('input', { detail: { value: '收到，已安排村警明天查看，一周内修好' } })
  await simulate.sleep(0)
  await tap(letter, chiefPhone, '.send-reply')
  expect(chiefPhone.modals).toEqual([])
  expect(text(letter)).toContain('所长 ' + chief.name)
  keepForScreenshot('15-chief-reply', 'petitions/detail', letter)

  const mine = await openPage('petitions/detail', phone, { id })
  expect(text(mine)).toContain('收到，已安排村警明天查看，一周内修好')
  keepForScreenshot('16-villager-letter', 'petitions/detail', mine)
})
