// 考评, played through the pages. The 大墅村 村警 records a visit this month; the chief computes the
// month's sheets from the records and the 村警's draft shows the visit behind its 走访 item (a
// draft of a month not over offers no 确认: the sheet's can_confirm says so). Last month's sheet:
// the chief confirms it, the 村警 — told he may appeal within 3 working days — appeals with a
// reason, and the chief upholds the appeal with a new total, which the 村警 reads with the
// decision. Every button comes from the sheet's own can_* / may_appeal, not from GET /me.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
const EVALUATION = [
  'POST /api/v1/evaluations/compute',
  'GET /api/v1/evaluations',
  'GET /api/v1/evaluations/{sheet_id}',
  'POST /api/v1/evaluations/{sheet_id}/confirm',
  'POST /api/v1/evaluations/{sheet_id}/appeal',
  'POST /api/v1/evaluations/{sheet_id}/decide',
  'POST /api/v1/visits',
]
const accounts = demoAccounts()
const chief = accounts.first('chief')
const leader = accounts.first('group_leader')
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'points/evaluation', 'points/sheet')
})
afterAll(() => server && server.stop())

function type(page, selector, value) {
  page.querySelector(selector).dispatchEvent('input', { detail: { value } })
  return simulate.sleep(0)
}

const indexOf = (items, test) => {
  const i = items.findIndex(test)
  if (i < 0) throw new Error('not on the page')
  return i
}

// The chief computes the month shown from the records, then opens the 村警's sheet.
async function chiefOpens(phone, list) {
  await tap(list, phone, '.compute')
  expect(phone.lastModal().title).toBe('计算考评')
  expect(list.instance.data.computed).toMatch(/^已计算 \d+ 张/)
  const row = indexOf(list.instance.data.sheets, (s) => s.name === villagePolice.name)
  await tap(list, phone, '.sheet', row)
  const id = list.instance.data.sheets[row].id
  expect(phone.lastNavigation()).toBe(`/pages/points/sheet?id=${id}`)
  return openPage('points/sheet', phone, { id })
}

needs(...EVALUATION)('a 村警’s month adds up from his records; last month’s sheet is confirmed, appealed and the appeal upheld', async () => {
  // -- this month: a visit recorded, the draft shows it -------------------------------------
  const asLeader = await login(server, leader.openid)
  const household = (await asLeader.get('/api/v1/me')).memberships[0].household_id
  const asPolice = await login(server, villagePolice.openid)
  const visit = await asPolice.post(
    '/api/v1/visits',
    { household_ids: [household], topics: ['care'], met: `${leader.name}本人`, text: '了解家中老人身体情况' },
    { 'Idempotency-Key': 'evaluation-visit-1' }
  )

  const leaderHome = await openPage('index', new Phone(server, leader.openid))
  expect(leaderHome.querySelector('.to-evaluation')).toBeFalsy() // 联户长 earn points, not sheets

  const chiefPhone = new Phone(server, chief.openid)
  const home = await openPage('index', chiefPhone)
  await tap(home, chiefPhone, '.to-evaluation')
  expect(chiefPhone.lastNavigation()).toBe('/pages/points/evaluation')
  const list = await openPage('points/evaluation', chiefPhone)
  expect(list.instance.data.month).toBe(list.instance.data.months[1].value) // last month first
  await tap(list, chiefPhone, '.month', 0) // 本月
  const draft = await chiefOpens(chiefPhone, list)
  const visits = draft.instance.data.s.items.find((i) => i.key === 'visits')
  expect(visits).toMatchObject({ name: '走访', count: 1, points: '+0.5' })
  expect(visits.records).toHaveLength(1)
  expect(visits.records[0].label).toContain('走访')
  expect(draft.instance.data.s).toMatchObject({ base: '60', score: '60.5', status: 'draft' })
  // Recorded this month: the page's item names the record the server lists (its id).
  expect(visits.records[0].key).toBe(`visit-${visit.id}`)
  // Not confirmable before the month ends: no button, and the page says when.
  expect(draft.instance.data.s).toMatchObject({ status: 'draft', canConfirm: false, canDecide: false })
  expect(draft.querySelector('.confirm-sheet')).toBeFalsy()
  expect(text(draft)).toContain('本月结束后由所长确认')
  expect(chiefPhone.requests.filter((r) => r.url.endsWith('/api/v1/me'))).toHaveLength(1) // the home page's only

  const policePhone = new Phone(server, villagePolice.openid)
  const ownList = await openPage('points/evaluation', policePhone, { month: list.instance.data.months[0].value })
  expect(ownList.instance.data.sheets.map((s) => s.name)).toEqual([villagePolice.name]) // his own only
  expect(ownList.querySelector('.compute')).toBeFalsy()
  const own = await openPage('points/sheet', policePhone, { id: ownList.instance.data.sheets[0].id })
  expect(own.querySelector('.confirm-sheet')).toBeFalsy()
  expect(own.querySelector('.appeal')).toBeFalsy() // a draft cannot be appealed yet
  expect(text(own)).toContain('走访（1 件）')
  keepForScreenshot('61-evaluation-draft-village-police', 'points/sheet', own)

  // -- last month: the chief confirms ------------------------------------------------------
  const lastMonth = await openPage('points/evaluation', chiefPhone)
  keepForScreenshot('62-evaluation-chief-list', 'points/evaluation', lastMonth)
  const sheet = await chiefOpens(chiefPhone, lastMonth)
  const before = sheet.instance.data.s.score
  expect(sheet.instance.data.s.canConfirm).toBe(true)
  expect(text(sheet)).not.toContain('由所长确认')
  await tap(sheet, chiefPhone, '.confirm-sheet')
  expect(chiefPhone.lastModal().content).toContain(`确认${villagePolice.name}`)
  expect(sheet.instance.data.s.status).toBe('confirmed')
  expect(sheet.instance.data.s.deadline).toMatch(/^\d+月\d+日 24:00$/)
  expect(sheet.querySelector('.confirm-sheet')).toBeFalsy()

  // -- the 村警 appeals within the window ----------------------------------------------------
  await tap(await openPage('index', policePhone), policePhone, '.to-evaluation')
  const mine = await openPage('points/evaluation', policePhone)
  await tap(mine, policePhone, '.sheet', 0)
  const appealing = await openPage('points/sheet', policePhone, { id: sheet.instance.data.s.id })
  expect(appealing.instance.data.s.mayAppeal).toBe(true)
  expect(text(appealing)).toContain(`申诉截止：${sheet.instance.data.s.deadline}`)
  policePhone.modalText = ''
  await tap(appealing, policePhone, '.appeal')
  expect(policePhone.toasts[policePhone.toasts.length - 1]).toBe('请写明申诉理由')
  const reason = '上月在村治理中心值班 8 次、走访 12 户，记录在纸质台账上，系统未录入'
  policePhone.modalText = reason
  await tap(appealing, policePhone, '.appeal')
  expect(appealing.instance.data.s.appeal).toMatchObject({ reason, pending: true, outcome: '等待所长裁决' })
  expect(appealing.instance.data.s.status).toBe('appealed')
  expect(appealing.querySelector('.appeal')).toBeFalsy() // once per sheet
  expect(appealing.querySelector('.decide')).toBeFalsy() // the chief decides, not he
  keepForScreenshot('63-evaluation-appealed', 'points/sheet', appealing)

  // -- the chief decides: upheld, with the score after -------------------------------------
  const deciding = await openPage('points/sheet', chiefPhone, { id: sheet.instance.data.s.id })
  expect(deciding.querySelector('.decide')).toBeTruthy()
  await tap(deciding, chiefPhone, '.uphold')
  expect(chiefPhone.toasts[chiefPhone.toasts.length - 1]).toBe('请写明裁决意见')
  await type(deciding, '.decision', '经核对纸质台账，补计走访 12 户（封顶前）及值班')
  await type(deciding, '.score-after', '66')
  keepForScreenshot('64-evaluation-decide', 'points/sheet', deciding)
  await tap(deciding, chiefPhone, '.uphold')
  expect(chiefPhone.lastModal().content).toBe(`${villagePolice.name}的总分由 ${before} 分改为 66 分？`)
  expect(deciding.instance.data.s).toMatchObject({ score: '66', status: 'final' })
  expect(deciding.instance.data.s.appeal).toMatchObject({ pending: false, upheld: true, outcome: '申诉成立，总分改为 66 分' })
  expect(deciding.querySelector('.decide')).toBeFalsy()

  const decided = await openPage('points/sheet', policePhone, { id: sheet.instance.data.s.id })
  expect(text(decided)).toContain('申诉成立，总分改为 66 分')
  expect(text(decided)).toContain('裁决意见：经核对纸质台账')
  expect(text(decided)).toContain(chief.name)
  keepForScreenshot('65-evaluation-decided', 'points/sheet', decided)
})
