// 叶某's unsafe house, played through the pages: on a round the 联户长 records a visit to two
// households by voice — the recording starts on the second tap from the 工作台 — and finds that
// an old man's house is unsafe; the hazard is created from the visit with one call. The 村警
// grades it 重大 and tells the 村主任 (from the village roster) to act within three days; the
// 联户长 reports the move with a photo; the 村警 accepts and closes it with evidence. Then the
// 村警 opens the 纵横斜 roster and calls the 主任 (the clear number comes from the audited read),
// records a visit of their own, and sees it counted in their 五件事; the area officer opens the
// 五件事 of the 村警 under them.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
const VISITS = ['POST /api/v1/visits', 'GET /api/v1/visits/{visit_id}', 'GET /api/v1/areas/{area_id}/unvisited']
const HAZARDS = [
  'POST /api/v1/hazards',
  'GET /api/v1/hazards',
  'GET /api/v1/hazards/{hazard_id}',
  'POST /api/v1/hazards/{hazard_id}/notify',
  'POST /api/v1/hazards/{hazard_id}/report-rectified',
  'POST /api/v1/hazards/{hazard_id}/accept',
  'POST /api/v1/hazards/{hazard_id}/close',
  'GET /api/v1/areas/{area_id}/roster',
]
const ROSTER = ['GET /api/v1/areas/{area_id}/roster', 'GET /api/v1/roster-members/{member_id}/phone']
const WORK = ['GET /api/v1/work-summary', 'POST /api/v1/visits']
const accounts = demoAccounts()
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')
const leader = accounts.byRole('group_leader').find((l) => l.area === '大墅村第1微网格')
const officer = accounts.byRole('area_officer').find((o) => o.area.startsWith('大墅村'))

const story = {}

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'fieldvisit', 'hazards/new', 'hazards/index', 'hazards/detail', 'roster', 'work')
})
afterAll(() => server && server.stop())

async function holdToTalk(page, phone) {
  page.querySelector('.talk').dispatchEvent('touchstart')
  await simulate.sleep(0)
  page.querySelector('.talk').dispatchEvent('touchend')
  await simulate.sleep(10)
  await phone.settle()
}

function type(page, selector, value) {
  page.querySelector(selector).dispatchEvent('input', { detail: { value } })
  return simulate.sleep(0)
}

const indexOf = (items, test) => {
  const i = items.findIndex(test)
  if (i < 0) throw new Error('not on the page')
  return i
}

needs(...VISITS, ...HAZARDS)('a 联户长 records a visit by voice, finds an unsafe house, and the hazard goes from 重大 to closed', async () => {
  // -- the round: 工作台 → 走访登记 (tap 1) → 按住说话 (tap 2) ---------------------------------
  const leaderPhone = new Phone(server, leader.openid)
  const home = await openPage('index', leaderPhone)
  await tap(home, leaderPhone, '.to-fieldvisit')
  expect(leaderPhone.lastNavigation()).toBe('/pages/fieldvisit/fieldvisit')
  const visit = await openPage('fieldvisit', leaderPhone)
  expect(visit.instance.data.place.name).toBe(leader.area) // the 联户长's own micro-grid, no tap
  expect(visit.instance.data.households.length).toBeGreaterThan(2)
  // Those nobody visited in 30 days are marked, and first.
  const round = await (await login(server, leader.openid)).get(`/api/v1/areas/${leader.area_id}/unvisited`)
  const stale = visit.instance.data.households.filter((h) => h.stale).map((h) => h.id)
  expect(stale.sort()).toEqual(round.items.map((i) => i.household.id).sort())
  expect(visit.instance.data.households.slice(0, stale.length).every((h) => h.stale)).toBe(true)
  if (stale.length) expect(text(visit)).toMatch(/30 天内(都)?没人走访过/)
  visit.querySelector('.talk').dispatchEvent('touchstart')
  await simulate.sleep(0)
  expect(leaderPhone.recorder().started).toMatchObject({ format: 'mp3' })
  visit.querySelector('.talk').dispatchEvent('touchend')
  await simulate.sleep(10)
  await leaderPhone.settle()
  expect(visit.instance.data.voices).toHaveLength(1)

  const [first, second] = visit.instance.data.households
  story.elder = second
  await tap(visit, leaderPhone, '.household', 0)
  await tap(visit, leaderPhone, '.household', 1)
  const topics = visit.instance.data.topics
  await tap(visit, leaderPhone, '.topic', indexOf(topics, (t) => t.name === '安全隐患'))
  await tap(visit, leaderPhone, '.topic', indexOf(topics, (t) => t.name === '关爱帮扶'))
  await type(visit, '.met', `${second.head}本人`)
  await type(visit, '.follow-up', '老房子墙体开裂，雨季前要安排老人搬离')
  keepForScreenshot('30-fieldvisit-filled', 'fieldvisit', visit)
  await tap(visit, leaderPhone, '.send')
  expect(leaderPhone.modals).toEqual([])
  expect(text(visit)).toContain('走访已登记')
  story.visitId = visit.instance.data.created.id
  keepForScreenshot('31-fieldvisit-done', 'fieldvisit', visit)

  const asLeader = await login(server, leader.openid)
  const recorded = await asLeader.get(`/api/v1/visits/${story.visitId}`)
  expect(recorded.households.map((h) => h.id).sort()).toEqual([first.id, second.id].sort())
  expect(recorded.topics.sort()).toEqual(['care', 'hazard'])
  expect(recorded.met).toBe(`${second.head}本人`)
  expect(recorded.solved_on_spot).toBe(false)
  expect(recorded.media.map((m) => m.kind)).toEqual(['voice'])

  // -- the finding, with the visit named ----------------------------------------------------
  await tap(visit, leaderPhone, '.finding-hazard')
  expect(leaderPhone.lastNavigation()).toBe(`/pages/hazards/new?visit_id=${story.visitId}`)
  const form = await openPage('hazards/new', leaderPhone, { visit_id: story.visitId })
  expect(form.instance.data.households).toHaveLength(2)
  expect(text(form)).toContain('的走访：大墅村第1微网格')
  await tap(form, leaderPhone, '.kind', indexOf(form.instance.data.kinds, (k) => k.name === '房屋'))
  await tap(form, leaderPhone, '.household', indexOf(form.instance.data.households, (h) => h.id === second.id))
  await tap(form, leaderPhone, '.add-photo')
  await tap(form, leaderPhone, '.grade', 1) // 较大, her first judgement
  await type(form, '.title-input', '老房子墙体开裂，八旬老人独居')
  keepForScreenshot('32-hazard-new-from-visit', 'hazards/new', form)
  await tap(form, leaderPhone, '.send')
  expect(leaderPhone.modals).toEqual([])
  expect(text(form)).toContain('隐患已登记')
  story.hazardId = form.instance.data.created.id
  keepForScreenshot('33-hazard-reported', 'hazards/new', form)

  const asPolice = await login(server, villagePolice.openid)
  const fresh = await asPolice.get(`/api/v1/hazards/${story.hazardId}`)
  expect(fresh.household_id).toBe(second.id)
  expect(fresh.grade).toBe('major')
  expect(fresh.links).toEqual([expect.objectContaining({ type: 'visit', id: story.visitId, direction: 'from' })])
  const back = await asLeader.get(`/api/v1/visits/${story.visitId}`)
  expect(back.findings).toEqual([expect.objectContaining({ type: 'hazard', id: story.hazardId, direction: 'to' })])

  // -- the 村警 grades it 重大 and tells the 村主任 --------------------------------------------
  const policePhone = new Phone(server, villagePolice.openid)
  const bench = await openPage('index', policePhone)
  await tap(bench, policePhone, '.to-hazards')
  const list = await openPage('hazards/index', policePhone)
  const row = indexOf(list.instance.data.items, (h) => h.id === story.hazardId)
  await tap(list, policePhone, '.hazard', row)
  expect(policePhone.lastNavigation()).toBe(`/pages/hazards/detail?id=${story.hazardId}`)
  const detail = await openPage('hazards/detail', policePhone, { id: story.hazardId })
  expect(detail.instance.data.h.can.notify).toBe(true)
  expect(detail.querySelector('.open-accept')).toBeFalsy()
  await tap(detail, policePhone, '.open-notify')
  const members = detail.instance.data.members
  const director = members[indexOf(members, (m) => m.label.includes('主任') && !m.label.includes('妇女'))]
  await tap(detail, policePhone, '.grade', 2) // 重大
  await tap(detail, policePhone, '.member', indexOf(members, (m) => m.id === director.id))
  await tap(detail, policePhone, '.deadline', 0) // 3天内
  await type(detail, '.note', '今天把老人搬到村避灾安置点')
  keepForScreenshot('34-hazard-notify', 'hazards/detail', detail)
  await tap(detail, policePhone, '.send-notify')
  expect(policePhone.modals).toEqual([])
  expect(detail.instance.data.h.statusName).toBe('整改中')
  expect(detail.instance.data.h.gradeName).toBe('重大')
  expect(detail.instance.data.h.responsible.name).toBe(director.name)
  // The 主任 has no WeChat: a phone call is owed, and the page says so.
  expect(detail.instance.data.h.notices.map((n) => n.name)).toEqual([director.name])
  expect(text(detail)).toContain('要打电话告知的人')
  const told = await asPolice.get(`/api/v1/hazards/${story.hazardId}`)
  expect(told.grade).toBe('severe')
  expect(told.responsible).toMatchObject({ kind: 'member', id: director.id })
  // The 村警 phones him from the page (the full number from the audited read) and notes it done.
  await tap(detail, policePhone, '.call-notice', 0)
  await simulate.sleep(10)
  await policePhone.settle()
  const clear = await asPolice.get(`/api/v1/roster-members/${director.id}/phone`)
  expect(policePhone.phoneCalls).toEqual([clear.phone])
  await tap(detail, policePhone, '.notice-done', 0)
  expect(policePhone.modals.map((m) => m.title)).toEqual(['打电话'])
  expect(detail.instance.data.h.notices).toEqual([])
  const phoned = await asPolice.get('/api/v1/phone-notices?status=done')
  expect(phoned.items.map((n) => n.subject_id)).toContain(story.hazardId)

  // -- the 联户长 reports the move with a photo -------------------------------------------------
  const moved = await openPage('hazards/detail', leaderPhone, { id: story.hazardId })
  expect(moved.instance.data.h.can.rectify).toBe(true)
  expect(moved.querySelector('.open-notify')).toBeFalsy()
  await tap(moved, leaderPhone, '.open-rectify')
  await tap(moved, leaderPhone, '.add-photo')
  await type(moved, '.words', '老人已搬到村避灾安置点，老房子已贴封条')
  keepForScreenshot('35-hazard-rectify', 'hazards/detail', moved)
  await tap(moved, leaderPhone, '.send-rectify')
  expect(leaderPhone.modals).toEqual([])
  expect(moved.instance.data.h.statusName).toBe('待验收')

  // -- the 村警 accepts and closes it with evidence --------------------------------------------
  const check = await openPage('hazards/detail', policePhone, { id: story.hazardId })
  expect(check.instance.data.images.length).toBeGreaterThanOrEqual(2) // the finding's and the move's
  await tap(check, policePhone, '.open-accept')
  await type(check, '.note', '现场查看，老人已安全安置')
  await tap(check, policePhone, '.send-accept')
  expect(check.instance.data.h.statusName).toBe('验收通过')
  await tap(check, policePhone, '.open-close')
  await tap(check, policePhone, '.add-photo')
  await type(check, '.words', '危房已封闭停用，老人安置在避灾点')
  await tap(check, policePhone, '.send-close')
  expect(policePhone.modals.map((m) => m.title)).toEqual(['打电话']) // only the call's confirmation
  expect(check.instance.data.h.statusName).toBe('已销号')
  expect(check.instance.data.trail.map((e) => e.what)).toEqual(
    expect.arrayContaining([expect.stringContaining('销号')])
  )
  keepForScreenshot('36-hazard-closed', 'hazards/detail', check)

  const closed = await asPolice.get(`/api/v1/hazards/${story.hazardId}`)
  expect(closed.status).toBe('closed')
  expect(closed.trail.map((e) => e.action)).toEqual(['reported', 'notified', 'rectified', 'accepted', 'closed'])
  expect(closed.trail_intact).toBe(true)
  expect(closed.media.map((m) => m.stage).sort()).toEqual(['closed', 'rectified', 'reported'])
})

needs(...HAZARDS)('the hazard list filters by status and grade and marks the overdue', async () => {
  const phone = new Phone(server, villagePolice.openid)
  const asPolice = await login(server, villagePolice.openid)
  const mine = (await asPolice.get('/api/v1/me')).roles[0].area
  const made = await asPolice.post(
    '/api/v1/hazards',
    { kind: 'electrical', grade: 'severe', title: '村口变压器旁电线老化', area_id: mine.id, place: '村口变压器' },
    { 'Idempotency-Key': 'mp-hazard-list-1' }
  )
  const list = await openPage('hazards/index', phone)
  expect(list.instance.data.items.map((h) => h.id)).toContain(made.id)
  await tap(list, phone, '.grade-filter', indexOf(list.instance.data.grades, (g) => g.name === '重大'))
  expect(list.instance.data.items.every((h) => h.grade === 'severe')).toBe(true)
  await tap(list, phone, '.status-filter', indexOf(list.instance.data.statuses, (s) => s.name === '已登记'))
  expect(list.instance.data.items.map((h) => h.id)).toEqual([made.id])
  await tap(list, phone, '.status-filter', 0)
  await tap(list, phone, '.grade-filter', 0)
  keepForScreenshot('37-hazard-list', 'hazards/index', list)
  await tap(list, phone, '.overdue-filter')
  expect(phone.requests[phone.requests.length - 1].url).toContain('overdue=true')
  expect(list.instance.data.items.map((h) => h.id)).not.toContain(made.id) // its deadline is not set yet
  expect(list.instance.data.items.every((h) => h.overdue)).toBe(true)
})

needs(...ROSTER)('the 村警 opens the roster and calls the 主任: the number dialled is the clear one from the server', async () => {
  const phone = new Phone(server, villagePolice.openid)
  const home = await openPage('index', phone)
  await tap(home, phone, '.to-roster')
  expect(phone.lastNavigation()).toBe('/pages/roster/roster')
  const roster = await openPage('roster', phone)
  expect(roster.instance.data.village).toBe('大墅村') // the 村警's own village, no tap
  const people = roster.instance.data.vertical
  const at = indexOf(people, (m) => m.label.includes('主任') && !m.label.includes('妇女'))
  const director = people[at]
  expect(director.phone).toContain('****') // masked on the page
  expect(text(roster)).not.toMatch(/1[3-9]\d{9}/)
  keepForScreenshot('38-roster', 'roster', roster)
  await tap(roster, phone, '.call', at)
  await simulate.sleep(10)
  await phone.settle()
  expect(phone.modals.map((m) => m.content)).toEqual([`拨打${director.label}${director.name}的电话吗？`])
  const asPolice = await login(server, villagePolice.openid)
  const clear = await asPolice.get(`/api/v1/roster-members/${director.id}/phone`)
  expect(clear.phone).toMatch(/^1[3-9]\d{9}$/)
  expect(phone.phoneCalls).toEqual([clear.phone])

  // 斜: the cameras, with the contact to call.
  await tap(roster, phone, '.axis', 2)
  expect(roster.instance.data.cameras.length).toBeGreaterThan(0)
  keepForScreenshot('39-roster-cameras', 'roster', roster)

  // Saying 再想想 dials nothing.
  phone.modalConfirms = false
  await tap(roster, phone, '.axis', 0)
  await tap(roster, phone, '.call', at)
  await simulate.sleep(10)
  await phone.settle()
  expect(phone.phoneCalls).toHaveLength(1)
})

needs(...WORK, ...VISITS)('the 村警 records a visit in a micro-grid of the village and sees it in the month’s 五件事', async () => {
  const phone = new Phone(server, villagePolice.openid)
  const visit = await openPage('fieldvisit', phone)
  // A 村警 picks one of the village's micro-grids (all grids' at once), then households.
  const grids = visit.instance.data.placeChoices
  expect(grids.length).toBeGreaterThan(3)
  expect(grids.every((a) => a.level === 'micro_grid')).toBe(true)
  keepForScreenshot('40-fieldvisit-village-police', 'fieldvisit', visit)
  await tap(visit, phone, '.place', indexOf(grids, (a) => a.name === '大墅村第2微网格'))
  expect(visit.instance.data.place.name).toBe('大墅村第2微网格')
  await holdToTalk(visit, phone)
  await tap(visit, phone, '.household', 0)
  await tap(visit, phone, '.topic', indexOf(visit.instance.data.topics, (t) => t.name === '政策宣传'))
  await tap(visit, phone, '.solved-yes')
  await tap(visit, phone, '.send')
  expect(phone.modals).toEqual([])
  expect(text(visit)).toContain('走访已登记')

  const work = await openPage('work', phone)
  const one = work.instance.data.one
  expect(one.name).toBe(villagePolice.name)
  const information = one.things.find((t) => t.key === 'information')
  expect(information.parts.find((p) => p.key === 'visits').line).toContain('走访 1 件')
  expect(text(work)).toContain('信息一件事')
  keepForScreenshot('41-work-village-police', 'work', work)

  // The area officer sees the 村警 of their villages and opens this one's month.
  const officerPhone = new Phone(server, officer.openid)
  const all = await openPage('work', officerPhone)
  expect(all.instance.data.one).toBe(null)
  const row = indexOf(all.instance.data.items, (p) => p.id === one.id)
  keepForScreenshot('42-work-officer', 'work', all)
  await tap(all, officerPhone, '.police', row)
  const url = officerPhone.lastNavigation()
  expect(url).toContain(`person_id=${one.id}`)
  const theirs = await openPage('work', officerPhone, { person_id: one.id, month: all.instance.data.month })
  expect(theirs.instance.data.one.total).toBe(one.total)
})
