// 改时间: a villager moves a counter booking to another free slot; a slot someone else took in the
// meantime is refused with the server's words and nothing changes; the area officer moves a home
// visit to another day and hour (the villager may not, and is told to ask the officer); the
// village's 村警 moves a villager's counter booking on 上门服务 when the villager phones, and the
// villager is told; staff of another village neither see it nor may move it.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
// What these scenarios need from the server (skipped, with the reason, when it lacks any).
const RESCHEDULE = [
  'GET /api/v1/appointments',
  'POST /api/v1/appointments',
  'GET /api/v1/appointment-services/{service_id}/slots',
  'POST /api/v1/appointment-services/{service_id}/slots',
  'POST /api/v1/appointments/{appointment_id}/confirm',
  'POST /api/v1/appointments/{appointment_id}/reschedule',
]
const accounts = demoAccounts()
const admin = accounts.first('admin')
const villager = accounts.byRole('villager')[1]
const neighbour = accounts.byRole('villager')[0]
const elder = accounts.byRole('villager')[3]
const officer = accounts.byRole('area_officer').find((o) => o.area.startsWith('大墅村'))
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')
const otherVillagePolice = accounts.byRole('village_police').find((p) => p.area !== '大墅村')

beforeAll(async () => {
  server = await startServer()
  loadPages('appointments', 'visits')
})
afterAll(() => server && server.stop())

function dayInChina(offset) {
  return new Date(Date.now() + 8 * 3600 * 1000 + offset * 86400000).toISOString().slice(0, 10)
}

let keys = 0
function once() {
  keys += 1
  return { 'Idempotency-Key': `mp-reschedule-${keys}` }
}

// A day at the counter (`offset` days ahead): 09:00 (the villager's), 14:00 with room, 16:00 for one.
async function counterWithSlots(offset) {
  const asAdmin = await login(server, admin.openid)
  const { items } = await asAdmin.get('/api/v1/appointment-services')
  const counter = items.find((s) => !s.home_visit)
  const slot = async (start, end, capacity) =>
    asAdmin.post(`/api/v1/appointment-services/${counter.id}/slots`, { date: dayInChina(offset), start, end, capacity })
  return { counter, nine: await slot('09:00', '10:00', 5), two: await slot('14:00', '15:00', 2), four: await slot('16:00', '17:00', 1) }
}

async function openMover(phone, bookingId, offset) {
  const page = await openPage('appointments', phone)
  const movable = page.instance.data.mine.filter((a) => a.movable)
  await tap(page, phone, '.move', movable.findIndex((a) => a.id === bookingId))
  await tap(page, phone, '.move-day', offset) // 1 明天, 2 后天
  return page
}

function slotIndex(page, time) {
  return page.instance.data.moveSlots.findIndex((s) => s.time === time)
}

needs(...RESCHEDULE)('a villager moves a counter booking to a free slot and sees the new time', async () => {
  const { counter, nine, two } = await counterWithSlots(1)
  const asVillager = await login(server, villager.openid)
  const booked = await asVillager.post('/api/v1/appointments', { service_id: counter.id, slot_id: nine.id }, once())

  const phone = new Phone(server, villager.openid)
  const page = await openMover(phone, booked.id, 1)
  const current = page.instance.data.moveSlots.find((s) => s.time === '09:00-10:00')
  expect(current.current && !current.bookable).toBe(true) // the slot they already have
  await tap(page, phone, '.move-slot', slotIndex(page, '14:00-15:00'))
  keepForScreenshot('27b-villager-reschedule', 'appointments', page)
  await tap(page, phone, '.send-move')
  expect(phone.modals.map((m) => m.title)).toEqual(['改时间']) // the confirmation, and no error
  expect(phone.modals[0].content).toContain('14:00-15:00')

  const mine = page.instance.data.mine.find((a) => a.id === booked.id)
  expect(mine.when).toContain('14:00-15:00')
  expect(mine.statusName).toBe('已改约')
  expect(text(page)).toContain('已改到')
  keepForScreenshot('27c-villager-rescheduled', 'appointments', page)

  // The server agrees: the booking holds the 14:00 slot, and the 09:00 place is free again.
  const seen = await asVillager.get(`/api/v1/appointments/${booked.id}`)
  expect(seen.status).toBe('rescheduled')
  expect(seen.slot.id).toBe(two.id)
  const { items: slots } = await asVillager.get(`/api/v1/appointment-services/${counter.id}/slots?date=${dayInChina(1)}`)
  expect(slots.find((s) => s.id === nine.id).free).toBe(5)
  expect(slots.find((s) => s.id === two.id).free).toBe(1)
})

needs(...RESCHEDULE)('a slot taken while the villager was choosing is refused with the server’s words; nothing changes', async () => {
  const { counter, nine, four } = await counterWithSlots(2)
  const asVillager = await login(server, villager.openid)
  const booked = await asVillager.post('/api/v1/appointments', { service_id: counter.id, slot_id: nine.id }, once())

  const phone = new Phone(server, villager.openid)
  const page = await openMover(phone, booked.id, 2)
  await tap(page, phone, '.move-slot', slotIndex(page, '16:00-17:00'))
  expect(page.instance.data.moveSlotId).toBe(four.id)
  // Meanwhile a neighbour takes the last place at 16:00.
  const asNeighbour = await login(server, neighbour.openid)
  await asNeighbour.post('/api/v1/appointments', { service_id: counter.id, slot_id: four.id }, once())

  await tap(page, phone, '.send-move')
  expect(phone.modals.map((m) => m.title)).toEqual(['改时间', '提示'])
  expect(phone.lastModal().content).toBe('这个时段已约满，请选择其他时段')
  const mine = page.instance.data.mine.find((a) => a.id === booked.id)
  expect(mine.when).toContain('09:00-10:00')
  expect(mine.statusName).toBe('已确认')
  expect(page.instance.data.moveSlots.find((s) => s.id === four.id).bookable).toBe(false) // shown full now

  const seen = await asVillager.get(`/api/v1/appointments/${booked.id}`)
  expect(seen.status).toBe('confirmed')
  expect(seen.slot.id).toBe(nine.id)
})

needs(...RESCHEDULE)('the area officer moves a home visit to another day and hour; the villager sees it and may not move it', async () => {
  const asElder = await login(server, elder.openid)
  const { items: services } = await asElder.get('/api/v1/appointment-services')
  const service = services.find((s) => s.home_visit)
  const asked = await asElder.post('/api/v1/appointments', { service_id: service.id, reason: '腿脚不便，想办居住证明' }, once())
  const asOfficer = await login(server, officer.openid)
  await asOfficer.post(`/api/v1/appointments/${asked.id}/confirm`, { scheduled_at: `${dayInChina(1)}T10:00:00+08:00` }, once())

  // The villager has no 改时间 for a home visit (the server would refuse it): they are told whom to ask.
  const elderPhone = new Phone(server, elder.openid)
  const theirs = await openPage('appointments', elderPhone)
  expect(theirs.instance.data.mine.find((a) => a.id === asked.id).movable).toBe(false)
  expect(text(theirs)).toContain('上门时间如需改动，请联系民警')

  const phone = new Phone(server, officer.openid)
  const page = await openPage('visits', phone)
  const index = () => page.instance.data.items.findIndex((v) => v.id === asked.id)
  const before = page.instance.data.items.filter((v, i) => v.scheduled && v.homeVisit && i < index()).length
  await tap(page, phone, '.move-visit', before)
  expect(page.instance.data.arranging).toBe(asked.id)
  await tap(page, phone, '.visit-day', 1) // 后天
  await tap(page, phone, '.visit-hour', 3) // 14:00
  page.querySelector('.move-reason').dispatchEvent('input', { detail: { value: '那天要去县里开会' } })
  await simulate.sleep(0)
  keepForScreenshot('27d-officer-reschedule', 'visits', page)
  await tap(page, phone, '.reschedule-visit')
  expect(phone.modals.map((m) => m.title)).toEqual(['改上门时间'])
  expect(phone.modals[0].content).toContain('10:00')
  expect(phone.modals[0].content).toContain('14:00')

  const moved = page.instance.data.items[index()]
  expect(moved.statusName).toBe('已改约')
  expect(moved.when).toContain('14:00')
  const seen = await asElder.get(`/api/v1/appointments/${asked.id}`)
  expect(seen.status).toBe('rescheduled')
  expect(new Date(seen.scheduled_at).getTime()).toBe(new Date(`${dayInChina(2)}T14:00:00+08:00`).getTime())
  // The villager is told the new time and why.
  const told = (await asElder.get('/api/v1/notifications')).items.find((n) => n.kind === 'appointment.rescheduled')
  expect(told.body).toContain('14:00')
  expect(told.body).toContain('那天要去县里开会')

  elderPhone.use()
  await theirs.instance.loadMine()
  const mine = theirs.instance.data.mine.find((a) => a.id === asked.id)
  expect(mine.statusName).toBe('已改约')
  expect(mine.when).toContain('14:00')
})

needs(...RESCHEDULE)('the 村警 moves a villager’s counter booking when they phone; the villager is told; another village’s 村警 may not', async () => {
  const { counter, nine, two } = await counterWithSlots(3)
  const asVillager = await login(server, villager.openid)
  const booked = await asVillager.post('/api/v1/appointments', { service_id: counter.id, slot_id: nine.id }, once())

  // Staff of another village: the booking is not on their 上门服务, and the server refuses a move.
  const outsiderPhone = new Phone(server, otherVillagePolice.openid)
  const theirs = await openPage('visits', outsiderPhone)
  expect(theirs.instance.data.counter.map((a) => a.id)).not.toContain(booked.id)
  const asOutsider = await login(server, otherVillagePolice.openid)
  await expect(
    asOutsider.post(`/api/v1/appointments/${booked.id}/reschedule`, { slot_id: two.id }, once())
  ).rejects.toThrow(/404/)

  // The village's 村警 finds it under 到所办理的预约 and moves it to 14:00 with the reason.
  const phone = new Phone(server, villagePolice.openid)
  const page = await openPage('visits', phone)
  const index = page.instance.data.counter.findIndex((a) => a.id === booked.id)
  expect(index).toBeGreaterThanOrEqual(0)
  expect(page.instance.data.counter[index].person).toBe(villager.name)
  expect(text(page)).toContain('到所办理的预约')
  await tap(page, phone, '.move', index)
  await tap(page, phone, '.move-day', 3) // three days ahead
  const current = page.instance.data.moveSlots.find((s) => s.id === nine.id)
  expect(current.current && !current.bookable).toBe(true)
  await tap(page, phone, '.move-slot', slotIndex(page, '14:00-15:00'))
  page.querySelector('.move-why').dispatchEvent('input', { detail: { value: '村民来电说上午要去看病' } })
  await simulate.sleep(0)
  keepForScreenshot('27e-village-police-move-counter', 'visits', page)
  await tap(page, phone, '.send-move')
  expect(phone.modals.map((m) => m.title)).toEqual(['改时间']) // the confirmation, and no error
  expect(phone.modals[0].content).toContain(villager.name)
  expect(phone.modals[0].content).toContain('14:00-15:00')
  expect(phone.modals[0].content).toContain(`会通知${villager.name}`)
  expect(JSON.parse(phone.storage.get('jht.pending'))).toEqual({})

  const row = page.instance.data.counter.find((a) => a.id === booked.id)
  expect(row.when).toContain('14:00-15:00')
  expect(row.statusName).toBe('已改约')
  expect(text(page)).toContain('已改到')

  // The server holds the new slot; the villager is told the new time and why, and sees it.
  const seen = await asVillager.get(`/api/v1/appointments/${booked.id}`)
  expect(seen.status).toBe('rescheduled')
  expect(seen.slot.id).toBe(two.id)
  const told = (await asVillager.get('/api/v1/notifications')).items.filter((n) => n.kind === 'appointment.rescheduled')
  expect(told).toHaveLength(1)
  expect(told[0].body).toContain('14:00')
  expect(told[0].body).toContain('村民来电说上午要去看病')
  const villagerPhone = new Phone(server, villager.openid)
  const mine = await openPage('appointments', villagerPhone)
  const theirBooking = mine.instance.data.mine.find((a) => a.id === booked.id)
  expect(theirBooking.when).toContain('14:00-15:00')
  expect(theirBooking.statusName).toBe('已改约')
})
