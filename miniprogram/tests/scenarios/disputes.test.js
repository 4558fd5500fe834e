// The land-boundary quarrel (大墅村, 29 July), played through the pages: on her round the 联户长
// hears of two neighbours quarrelling over a plot's boundary and records it from the visit, with
// both parties and their phones; the village's 村警 hands it (交办) to the area officer, who
// comes the same day, checks the boundary on the ground, records the session, photographs the
// signed agreement, and visits back. A 联户长 hands a smaller quarrel to the village mediator on
// the roster; a wrong phone number is refused with the server's words; what a villager asks for
// on a visit becomes 社情民意 with one call.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
const VISITS = ['POST /api/v1/visits', 'GET /api/v1/visits/{visit_id}', 'GET /api/v1/areas/{area_id}/unvisited']
const DISPUTES = [
  'POST /api/v1/disputes',
  'GET /api/v1/disputes',
  'GET /api/v1/disputes/{dispute_id}',
  'POST /api/v1/disputes/{dispute_id}/assign',
  'POST /api/v1/disputes/{dispute_id}/mediate',
  'POST /api/v1/disputes/{dispute_id}/settle',
  'POST /api/v1/disputes/{dispute_id}/follow-up',
  'GET /api/v1/disputes/{dispute_id}/parties/{party_id}/phone',
  'GET /api/v1/staff',
]
const SENTIMENTS = ['POST /api/v1/sentiments', 'GET /api/v1/sentiments/{item_id}']
const accounts = demoAccounts()
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')
const leader = accounts.byRole('group_leader').find((l) => l.area === '大墅村第1微网格')
const otherLeader = accounts.byRole('group_leader').find((l) => l.area === '大墅村第2微网格')
const officer = accounts.byRole('area_officer').find((o) => o.area.startsWith('大墅村'))

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'fieldvisit', 'disputes/new', 'disputes/index', 'disputes/detail', 'sentiments/new', 'sentiments/detail')
})
afterAll(() => server && server.stop())

function type(page, selector, value, index = 0) {
  page.querySelectorAll(selector)[index].dispatchEvent('input', { detail: { value } })
  return simulate.sleep(0)
}

async function holdToTalk(page, phone) {
  page.querySelector('.talk').dispatchEvent('touchstart')
  await simulate.sleep(0)
  page.querySelector('.talk').dispatchEvent('touchend')
  await simulate.sleep(10)
  await phone.settle()
}

const indexOf = (items, test) => {
  const i = items.findIndex(test)
  if (i < 0) throw new Error('not on the page')
  return i
}

// The 联户长's round: a visit to these households of her micro-grid about these topics.
async function visitAbout(phone, households, topicNames) {
  const visit = await openPage('fieldvisit', phone)
  await holdToTalk(visit, phone)
  for (const i of households) await tap(visit, phone, '.household', i)
  for (const name of topicNames) await tap(visit, phone, '.topic', indexOf(visit.instance.data.topics, (t) => t.name === name))
  await tap(visit, phone, '.send')
  expect(phone.modals).toEqual([])
  return visit
}

needs(...VISITS, ...DISPUTES)('the land-boundary quarrel: recorded by the 联户长, handed to the area officer, mediated on the ground, settled and visited back', async () => {
  const leaderPhone = new Phone(server, leader.openid)
  const visit = await visitAbout(leaderPhone, [2, 3], ['矛盾纠纷'])
  const visitId = visit.instance.data.created.id
  const [east, west] = visit.instance.data.households.slice(2, 4)
  await tap(visit, leaderPhone, '.finding-dispute')
  expect(leaderPhone.lastNavigation()).toBe(`/pages/disputes/new?visit_id=${visitId}`)

  // -- the record, with both parties ------------------------------------------------------
  const form = await openPage('disputes/new', leaderPhone, { visit_id: visitId })
  expect(form.instance.data.households).toHaveLength(2)
  await tap(form, leaderPhone, '.category', indexOf(form.instance.data.categories, (c) => c.name === '土地山林'))
  await holdToTalk(form, leaderPhone)
  await tap(form, leaderPhone, '.add-photo')
  await type(form, '.party-name', east.head, 0)
  await type(form, '.party-phone', '13800001111', 0)
  const chips = form.instance.data.households // each party's card offers the visit's households
  await tap(form, leaderPhone, '.party-household', indexOf(chips, (h) => h.id === east.id))
  await type(form, '.party-name', west.head, 1)
  await type(form, '.party-phone', '138 0000 2222', 1)
  await tap(form, leaderPhone, '.party-household', chips.length + indexOf(chips, (h) => h.id === west.id))
  await type(form, '.summary', '两户因承包地地界争执，差点动手')
  keepForScreenshot('43-dispute-new-from-visit', 'disputes/new', form)
  await tap(form, leaderPhone, '.send')
  expect(leaderPhone.modals).toEqual([])
  expect(text(form)).toContain('纠纷已登记')
  const disputeId = form.instance.data.created.id

  const asPolice = await login(server, villagePolice.openid)
  const recorded = await asPolice.get(`/api/v1/disputes/${disputeId}`)
  expect(recorded.parties.map((p) => [p.name, p.side, p.phone, p.household_id])).toEqual([
    [east.head, '申请人', '138****1111', east.id],
    [west.head, '被申请人', '138****2222', west.id],
  ])
  expect(recorded.level_name).toBe('联户网格')
  expect(recorded.links).toEqual([expect.objectContaining({ type: 'visit', id: visitId, direction: 'from' })])

  // The 联户长 may pass it up: to the 村警 or the area officer over her grid (never to herself),
  // to the roster (the village mediator first) or to a unit.
  const hers = await openPage('disputes/detail', leaderPhone, { id: disputeId })
  expect(hers.instance.data.d.can.assign).toBe(true)
  await tap(hers, leaderPhone, '.open-assign')
  expect(hers.querySelector('.to-officer')).toBeTruthy()
  const offered = hers.instance.data.staff.map((s) => s.name)
  expect(offered).toEqual(expect.arrayContaining([officer.name, villagePolice.name]))
  expect(offered).not.toContain(leader.name)
  expect(hers.instance.data.members[0].label).toContain('调解员') // the village mediator first

  // -- the 村警 hands it to the area officer, to come today ----------------------------------
  const policePhone = new Phone(server, villagePolice.openid)
  const home = await openPage('index', policePhone)
  await tap(home, policePhone, '.to-disputes')
  expect(policePhone.lastNavigation()).toBe('/pages/disputes/index')
  const list = await openPage('disputes/index', policePhone)
  await tap(list, policePhone, '.dispute', indexOf(list.instance.data.items, (d) => d.id === disputeId))
  const detail = await openPage('disputes/detail', policePhone, { id: disputeId })
  await tap(detail, policePhone, '.open-assign')
  expect(detail.instance.data.to).toBe('officer')
  await tap(detail, policePhone, '.officer', indexOf(detail.instance.data.staff, (s) => s.name === officer.name))
  await tap(detail, policePhone, '.deadline', 0) // 今天
  await type(detail, '.note', '两家情绪激动，请马上来')
  keepForScreenshot('44-dispute-assign', 'disputes/detail', detail)
  await tap(detail, policePhone, '.send-assign')
  expect(policePhone.modals).toEqual([])
  expect(detail.instance.data.d.statusName).toBe('已交办')
  expect(detail.instance.data.d.assignee.name).toBe(officer.name)
  expect(detail.instance.data.d.level).toBe('派出所')

  // -- the officer comes, checks the boundary, and they sign ----------------------------------
  const officerPhone = new Phone(server, officer.openid)
  const mine = await openPage('disputes/index', officerPhone)
  await tap(mine, officerPhone, '.mine-filter')
  expect(officerPhone.requests[officerPhone.requests.length - 1].url).toContain('assigned_to_me=true')
  expect(mine.instance.data.items.map((d) => d.id)).toEqual([disputeId])
  keepForScreenshot('45-disputes-assigned-to-me', 'disputes/index', mine)
  const onSite = await openPage('disputes/detail', officerPhone, { id: disputeId })
  // He calls the first party before going: the clear number from the audited read.
  await tap(onSite, officerPhone, '.call-party', 0)
  await simulate.sleep(10)
  await officerPhone.settle()
  const asOfficer = await login(server, officer.openid)
  const clear = await asOfficer.get(`/api/v1/disputes/${disputeId}/parties/${recorded.parties[0].id}/phone`)
  expect(clear.phone).toBe('13800001111')
  expect(officerPhone.phoneCalls).toEqual(['13800001111'])

  await tap(onSite, officerPhone, '.open-mediate')
  expect(onSite.instance.data.mediators).toBe(officer.name)
  expect(onSite.instance.data.attendees).toBe(`${east.head}、${west.head}`)
  await tap(onSite, officerPhone, '.on-site')
  await type(onSite, '.words', '听双方讲了地界来历，到地里按老田埂核对了界桩')
  await type(onSite, '.agreed-input', '界桩移回老田埂，两家各种各的')
  await tap(onSite, officerPhone, '.add-photo')
  keepForScreenshot('46-dispute-mediate', 'disputes/detail', onSite)
  await tap(onSite, officerPhone, '.send-mediate')
  expect(onSite.instance.data.d.statusName).toBe('调解中')
  expect(onSite.instance.data.d.sessions[0].onSite).toBe(true)

  await tap(onSite, officerPhone, '.open-settle')
  await tap(onSite, officerPhone, '.add-photo')
  await type(onSite, '.words', '双方同意以老田埂为界，界桩当场移回，今后互不侵占')
  await tap(onSite, officerPhone, '.send-settle')
  expect(onSite.instance.data.d.statusName).toBe('已调解')
  expect(text(onSite)).toContain('调解协议')
  keepForScreenshot('47-dispute-settled', 'disputes/detail', onSite)

  await tap(onSite, officerPhone, '.open-follow-up')
  await type(onSite, '.words', '界桩没再动过，两家和好')
  await tap(onSite, officerPhone, '.send-follow-up')
  expect(officerPhone.modals.map((m) => m.title)).toEqual(['打电话'])
  expect(onSite.instance.data.d.statusName).toBe('已结案')

  const final = await asPolice.get(`/api/v1/disputes/${disputeId}`)
  expect(final.trail.map((e) => e.action)).toEqual(['recorded', 'assigned', 'mediated', 'settled', 'followed_up'])
  expect(final.trail_intact).toBe(true)
  expect(final.level).toBe('station')
  expect(final.follow_up).toMatchObject({ satisfied: true, by: { name: officer.name } })
  expect(final.media.map((m) => m.stage).sort()).toEqual(['agreement', 'mediation', 'recorded', 'recorded'])
  expect(final.agreement_media_ids).toHaveLength(1)
})

needs(...DISPUTES)('a 联户长 hands a quarrel to the village mediator on the roster, who is owed a phone call', async () => {
  const phone = new Phone(server, otherLeader.openid)
  const form = await openPage('disputes/new', phone)
  expect(form.instance.data.areas).toHaveLength(1) // her micro-grid, chosen already
  await tap(form, phone, '.category', indexOf(form.instance.data.categories, (c) => c.name === '邻里纠纷'))
  await type(form, '.party-name', '方大伯', 0)
  await type(form, '.party-name', '方二婶', 1)
  await type(form, '.description', '鸡跑进菜地，两家吵了几句')
  await tap(form, phone, '.send')
  expect(phone.modals).toEqual([])
  const id = form.instance.data.created.id
  expect(form.instance.data.created.summary).toBe('方大伯与方二婶邻里纠纷')

  const detail = await openPage('disputes/detail', phone, { id })
  await tap(detail, phone, '.open-assign')
  await tap(detail, phone, '.to-member')
  const mediator = detail.instance.data.members[0]
  await tap(detail, phone, '.member', 0)
  await tap(detail, phone, '.deadline', 2) // 7天内
  await tap(detail, phone, '.send-assign')
  expect(phone.modals).toEqual([])
  expect(detail.instance.data.d.assignee.name).toBe(mediator.name)
  expect(detail.instance.data.d.level).toBe('村')
  // Handed on, it is the mediator's now: she may still record a session, not hand it again.
  expect(detail.instance.data.d.can.assign).toBe(false)
  const asPolice = await login(server, villagePolice.openid)
  const owed = (await asPolice.get(`/api/v1/disputes/${id}`)).phone_notices
  expect(owed.map((n) => [n.name, n.status])).toEqual([[mediator.name, 'pending']])
})

needs(...DISPUTES)('a party’s phone in a wrong format is refused with the server’s words, and nothing is recorded', async () => {
  const phone = new Phone(server, otherLeader.openid)
  const asLeader = await login(server, otherLeader.openid)
  const before = (await asLeader.get('/api/v1/disputes?limit=100')).items.length
  const form = await openPage('disputes/new', phone)
  await tap(form, phone, '.category', 0)
  await type(form, '.party-name', '方大伯', 0)
  await type(form, '.party-phone', '12345', 0)
  await tap(form, phone, '.send')
  expect(phone.modals).toHaveLength(1)
  expect(phone.modals[0].content).toContain('电话号码格式不正确')
  expect(form.instance.data.created).toBe(null)
  expect((await asLeader.get('/api/v1/disputes?limit=100')).items).toHaveLength(before)
})

needs(...VISITS, ...SENTIMENTS)('what a villager asks for on a visit becomes 社情民意 with one call, urgent to the area officer', async () => {
  const phone = new Phone(server, leader.openid)
  const visit = await visitAbout(phone, [4], ['社情民意'])
  const visitId = visit.instance.data.created.id
  await tap(visit, phone, '.finding-sentiment')
  expect(phone.lastNavigation()).toBe(`/pages/sentiments/new?visit_id=${visitId}`)
  const form = await openPage('sentiments/new', phone, { visit_id: visitId })
  expect(form.instance.data.householdId).toBe(visit.instance.data.households[4].id) // the only one
  await holdToTalk(form, phone)
  await tap(form, phone, '.category', indexOf(form.instance.data.categories, (c) => c.name === '不稳定因素'))
  await tap(form, phone, '.urgent-yes')
  await tap(form, phone, '.topic', indexOf(form.instance.data.topics, (t) => t.name === '土地'))
  await type(form, '.text', '征地补偿没谈拢，几户说要去镇里讨说法')
  keepForScreenshot('48-sentiment-from-visit', 'sentiments/new', form)
  await tap(form, phone, '.send')
  expect(phone.modals).toEqual([])
  expect(text(form)).toContain('防区民警已收到通知')
  const id = form.instance.data.created.id

  const asOfficer = await login(server, officer.openid)
  const item = await asOfficer.get(`/api/v1/sentiments/${id}`)
  expect(item).toMatchObject({ category: 'instability', urgency: 'urgent', topics: ['土地'] })
  expect(item.linked).toEqual([expect.objectContaining({ type: 'visit', id: visitId })])
  const told = await asOfficer.get('/api/v1/notifications?limit=50')
  const notice = told.items.find((n) => n.link && n.link.includes(id))
  expect(notice.link).toBe(`pages/sentiments/detail?id=${id}`)

  // The officer opens it from the notice and notes what was done.
  const officerPhone = new Phone(server, officer.openid)
  const detail = await openPage('sentiments/detail', officerPhone, { id })
  await type(detail, '.note', '已约村委和镇国土所明天上门解释补偿标准')
  await tap(detail, officerPhone, '.handle')
  expect(officerPhone.modals).toEqual([])
  expect(detail.instance.data.s.statusName).toBe('已处理')
  keepForScreenshot('49-sentiment-handled', 'sentiments/detail', detail)
})
