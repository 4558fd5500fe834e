// 值班, played through the pages. The chief opens 值班表 from the 工作台, picks 大墅村 and puts its
// 村警 on duty today and tomorrow (a second tap for a day already planned shows the server's
// refusal and plans nothing). The 村警 opens 值班表: his village, this month's shifts with his own
// counted, and today's big 到岗签到 — which he taps, once; tomorrow's shift offers no check-in.
// The chief takes tomorrow's shift off again before its day. A 联户长 has no 值班表.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
const DUTY = [
  'GET /api/v1/duty-shifts/villages',
  'GET /api/v1/duty-shifts',
  'POST /api/v1/duty-shifts',
  'POST /api/v1/duty-shifts/{shift_id}/check-in',
  'DELETE /api/v1/duty-shifts/{shift_id}',
]
const accounts = demoAccounts()
const chief = accounts.first('chief')
const leader = accounts.first('group_leader')
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')
const CHINA_MS = 8 * 3600 * 1000

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'points/duty')
})
afterAll(() => server && server.stop())

const indexOf = (items, test) => {
  const i = items.findIndex(test)
  if (i < 0) throw new Error('not on the page')
  return i
}

function chinaDay(offset = 0) {
  return new Date(Date.now() + CHINA_MS + offset * 86400000).toISOString().slice(0, 10)
}

function dayName(day) {
  const [, m, d] = day.split('-')
  return `${Number(m)}月${Number(d)}日`
}

async function pickDay(page, day) {
  page.querySelector('.plan-picker').dispatchEvent('change', { detail: { value: day } })
  await simulate.sleep(0)
}

// The page shows `day`'s month (this month or the next): tap its chip if it is not shown.
async function showMonthOf(page, phone, day) {
  if (page.instance.data.month === day.slice(0, 7)) return
  await tap(page, phone, '.month', indexOf(page.instance.data.months, (m) => m.value === day.slice(0, 7)))
}

needs(...DUTY)('the chief puts the 村警 on duty, the 村警 checks in on the day, and a shift is taken off before its day', async () => {
  const today = chinaDay()
  const tomorrow = chinaDay(1)

  const leaderHome = await openPage('index', new Phone(server, leader.openid))
  expect(leaderHome.querySelector('.to-duty')).toBeFalsy()

  // -- the chief plans today and tomorrow for 大墅村's 村警 ------------------------------------
  const chiefPhone = new Phone(server, chief.openid)
  const home = await openPage('index', chiefPhone)
  await tap(home, chiefPhone, '.to-duty')
  expect(chiefPhone.lastNavigation()).toBe('/pages/points/duty')
  const roster = await openPage('points/duty', chiefPhone)
  expect(roster.instance.data.villages.length).toBeGreaterThan(1) // the station's villages
  roster.querySelector('.village-picker').dispatchEvent('change', { detail: { value: String(indexOf(roster.instance.data.villages, (v) => v.name === '大墅村')) } })
  await simulate.sleep(0)
  await chiefPhone.settle()
  expect(roster.instance.data).toMatchObject({ villageName: '大墅村', canPlan: true })
  expect(text(roster)).toContain('大墅村村级治理中心值班表')
  expect(roster.instance.data.police.map((p) => p.name)).toContain(villagePolice.name)
  if (roster.instance.data.planFor !== villagePolice.id) {
    await tap(roster, chiefPhone, '.police', indexOf(roster.instance.data.police, (p) => p.name === villagePolice.name))
  }
  expect(roster.instance.data.planDay).toBe(today) // today first
  expect(text(roster)).toContain(`今天 ${dayName(today)}`)
  await tap(roster, chiefPhone, '.plan')
  expect(chiefPhone.toasts[chiefPhone.toasts.length - 1]).toBe(`已排班：${villagePolice.name} ${dayName(today)}`)
  const planned = roster.instance.data.shifts.find((s) => s.day === today)
  expect(planned).toMatchObject({ name: villagePolice.name, status: 'today', canCheckIn: false, canRemove: false })

  await pickDay(roster, tomorrow)
  await tap(roster, chiefPhone, '.plan')
  expect(roster.instance.data.month).toBe(tomorrow.slice(0, 7)) // the month of the day planned
  const next = roster.instance.data.shifts.find((s) => s.day === tomorrow)
  expect(next).toMatchObject({ status: 'planned', statusName: '待值班', canRemove: true })
  const modals = chiefPhone.modals.length
  await tap(roster, chiefPhone, '.plan') // the same day again
  expect(chiefPhone.modals).toHaveLength(modals + 1)
  expect(chiefPhone.lastModal().content).toBe('这位村警这一天已经排了班')
  expect(roster.instance.data.shifts.filter((s) => s.day === tomorrow)).toHaveLength(1)
  keepForScreenshot('67-duty-chief-plan', 'points/duty', roster)

  // -- the 村警 checks in today -------------------------------------------------------------
  const policePhone = new Phone(server, villagePolice.openid)
  await tap(await openPage('index', policePhone), policePhone, '.to-duty')
  expect(policePhone.lastNavigation()).toBe('/pages/points/duty')
  const mine = await openPage('points/duty', policePhone)
  expect(mine.instance.data.villages.map((v) => v.name)).toEqual(['大墅村']) // his own village
  expect(mine.querySelector('.village-picker')).toBeFalsy() // nothing to choose
  expect(mine.instance.data.month).toBe(today.slice(0, 7)) // this month first
  const ownToday = mine.instance.data.shifts.find((s) => s.day === today)
  expect(ownToday).toMatchObject({ mine: true, canCheckIn: true })
  expect(mine.instance.data.mine).toMatch(new RegExp(`^${Number(today.slice(5, 7))}月我值班 [12] 天：`))
  expect(text(mine)).toContain('今天是您的值班日')
  await tap(mine, policePhone, '.check-in-today')
  expect(policePhone.toasts[policePhone.toasts.length - 1]).toBe('已签到')
  expect(mine.instance.data.todayShift).toMatchObject({ status: 'checked_in', statusName: '已签到', canCheckIn: false })
  expect(mine.querySelector('.check-in-today')).toBeFalsy()
  expect(text(mine)).toContain('已签到：')
  keepForScreenshot('66-duty-village-police', 'points/duty', mine)
  await showMonthOf(mine, policePhone, tomorrow)
  expect(mine.instance.data.shifts.find((s) => s.day === tomorrow)).toMatchObject({ mine: true, canCheckIn: false })
  const asPolice = await login(server, villagePolice.openid)
  const shifts = await asPolice.get(`/api/v1/duty-shifts?village_id=${mine.instance.data.villageId}&month=${today.slice(0, 7)}`)
  expect(shifts.items.find((s) => s.day === today).status).toBe('checked_in')

  // -- the chief takes tomorrow's shift off before its day -------------------------------------
  const again = await openPage('points/duty', chiefPhone, { village_id: mine.instance.data.villageId })
  await showMonthOf(again, chiefPhone, tomorrow)
  await tap(again, chiefPhone, '.remove-shift', indexOf(again.instance.data.shifts.filter((s) => s.canRemove), (s) => s.day === tomorrow))
  expect(chiefPhone.lastModal()).toEqual({ title: '删除班次', content: expect.stringContaining(`不再安排${villagePolice.name}在${dayName(tomorrow)}`) })
  expect(chiefPhone.toasts[chiefPhone.toasts.length - 1]).toBe('已删除')
  expect(again.instance.data.shifts.find((s) => s.day === tomorrow)).toBeUndefined()
  const left = await asPolice.get(`/api/v1/duty-shifts?village_id=${mine.instance.data.villageId}&month=${tomorrow.slice(0, 7)}`)
  expect(left.items.filter((s) => s.day === tomorrow)).toEqual([])
})
