// 所长直通车: a villager writes to the chief by voice and words; the chief reads it in the inbox
// and replies; the villager sees the answer.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
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
const officer = accounts.byRole('area_officer').find((o) => o.area.startsWith('大墅村'))

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'petitions/index', 'petitions/detail')
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

needs(...PETITIONS, 'GET /api/v1/staff', 'POST /api/v1/petitions/{petition_id}/assign')(
  'the chief hands a letter to the village’s area officer with a deadline; the officer answers it',
  async () => {
    const asVillager = await login(server, villager.openid)
    const words = '村口小卖部晚上有人聚众赌博，吵得老人睡不着'
    const sent = await asVillager.post('/api/v1/petitions', { text: words }, { 'Idempotency-Key': 'mp-assign-1' })

    const chiefPhone = new Phone(server, chief.openid)
    const letter = await openPage('petitions/detail', chiefPhone, { id: sent.id })
    await tap(letter, chiefPhone, '.open-assign')
    const officers = letter.instance.data.officers
    expect(officers.length).toBeGreaterThan(0)
    expect(officers.every((o) => !o.line.includes('所长'))).toBe(true)
    const index = officers.findIndex((o) => o.name === officer.name)
    expect(index).toBe(0) // the area officer over the letter's village comes first
    expect(officers[index].line).toContain('防区民警')
    await tap(letter, chiefPhone, '.officer', index)
    await tap(letter, chiefPhone, '.deadline', 0) // 3天内
    letter.querySelector('.assign-note').dispatchEvent('input', { detail: { value: '请三天内上门核实，答复来信人' } })
    await simulate.sleep(0)
    expect(text(letter)).toContain('前答复来信人')
    keepForScreenshot('15b-chief-assign', 'petitions/detail', letter)
    // Anyone at the station can be chosen too; the choice made stays.
    await tap(letter, chiefPhone, '.whole-station')
    expect(letter.instance.data.officers.length).toBeGreaterThan(officers.length)
    expect(letter.instance.data.assigneeId).toBe(officers[index].id)
    await tap(letter, chiefPhone, '.send-assign')
    expect(chiefPhone.modals).toEqual([])
    expect(letter.instance.data.p.assignee).toBe(officer.name)
    expect(letter.instance.data.p.statusName).toContain('已交办')
    expect(text(letter)).toContain(`承办：${officer.name}`)

    const officerPhone = new Phone(server, officer.openid)
    const home = await openPage('index', officerPhone)
    await tap(home, officerPhone, '.to-assigned')
    expect(officerPhone.lastNavigation()).toBe('/pages/petitions/index?box=assigned')
    const mine = await openPage('petitions/index', officerPhone, { box: 'assigned' })
    expect(text(mine)).toContain('交办给我的来信')
    const row = mine.instance.data.items.findIndex((p) => p.id === sent.id)
    expect(row).toBeGreaterThanOrEqual(0)
    expect(text(mine)).toContain('前答复')
    keepForScreenshot('15c-officer-assigned-letters', 'petitions/index', mine)
    const answer = await openPage('petitions/detail', officerPhone, { id: sent.id })
    expect(answer.querySelector('.open-assign')).toBeFalsy()
    answer.querySelector('.reply').dispatchEvent('input', { detail: { value: '已上门核实并劝散，今后会加强夜间巡逻' } })
    await simulate.sleep(0)
    await tap(answer, officerPhone, '.send-reply')
    expect(officerPhone.modals).toEqual([])
    expect(text(answer)).toContain(`承办民警 ${officer.name}`)

    const seen = await asVillager.get(`/api/v1/petitions/${sent.id}`)
    expect(seen.messages.map((m) => m.text)).toContain('已上门核实并劝散，今后会加强夜间巡逻')
  }
)
