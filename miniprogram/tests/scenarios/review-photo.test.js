// Staff review of a photo WeChat's check flagged: a villager reports with a photo, WeChat judges
// the photo risky (the test plays WeChat's push, tests/support/wechat.js), the area officer finds
// it on the case detail and passes it or keeps it back (不予公开), and the 联户长 over that place
// then sees the photo or does not. The report's words are harmless and pass the text check, so
// the photo is the only item under review.
const path = require('path')
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { pushMediaVerdict } = require('../support/wechat')
const { loadPages, openPage, tap, keepForScreenshot, simulate } = require('../support/pages')

let server
const REVIEW = [
  'POST /api/v1/media',
  'POST /api/v1/cases',
  'GET /api/v1/cases/{case_id}',
  'POST /api/v1/cases/{case_id}/review',
  'GET /api/v1/media/{media_id}',
  'POST /wechat/push',
]
const PHOTO = path.join(__dirname, '..', 'fixtures', 'photo.jpg')
const CALM = '村口路灯倒了，晚上很黑'
const accounts = demoAccounts()
const leader = accounts.first('group_leader')
const villager = accounts.byRole('villager').find((v) => v.area_id === leader.area_id)
const officer = accounts.byRole('area_officer').find((a) => a.area.startsWith('大墅村'))

beforeAll(async () => {
  server = await startServer()
  loadPages('cases/detail')
})
afterAll(() => server && server.stop())

// A villager's hazard report with a photo WeChat then judges risky; waits until the case is
// under review (the server's worker carries the verdict to the case).
async function caseWithFlaggedPhoto(key) {
  const asVillager = await login(server, villager.openid)
  const photo = await asVillager.upload(PHOTO, 'image')
  const created = await asVillager.post('/api/v1/cases', { kind: 'hazard', text: CALM, media_ids: [photo.id] }, { 'Idempotency-Key': key })
  await pushMediaVerdict(server, photo.id, 'risky')
  const deadline = Date.now() + 20000
  for (;;) {
    const c = await asVillager.get(`/api/v1/cases/${created.id}`)
    if (c.review_status === 'flagged') return { caseId: created.id, photoId: photo.id }
    if (Date.now() > deadline) throw new Error(`case not flagged: review_status ${c.review_status}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

// Whether this person may open the photo itself (the server redirects to a signed link, or 404).
async function photoStatus(who, photoId) {
  return (await login(server, who.openid)).status(`/api/v1/media/${photoId}`)
}

async function photosSeenBy(who, caseId) {
  const phone = new Phone(server, who.openid)
  const detail = await openPage('cases/detail', phone, { id: caseId })
  expect(detail.instance.data.c).toBeTruthy()
  return { detail, ids: detail.instance.data.images.map((i) => i.id) }
}

// The officer opens the case: one item to decide, the photo itself, shown so they can look at it.
async function officerOpens(caseId, photoId) {
  const phone = new Phone(server, officer.openid)
  const detail = await openPage('cases/detail', phone, { id: caseId })
  expect(detail.instance.data.reviewer).toBe(true)
  const items = detail.instance.data.reviewItems
  expect(items.map((i) => i.mediaId)).toEqual([photoId])
  expect(items[0].kind).toBe('image')
  expect(items[0].label).toBe('上传的照片')
  expect(items[0].url).toBeTruthy()
  expect(detail.querySelector('.review-item .case-img')).toBeTruthy()
  return { phone, detail }
}

function reviewPosts(phone, caseId) {
  return phone.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`/cases/${caseId}/review`))
}

// The decision as the server recorded it on the case's trail (read by the officer).
async function decisionOnTrail(caseId) {
  const asOfficer = await login(server, officer.openid)
  const c = await asOfficer.get(`/api/v1/cases/${caseId}`)
  return c.timeline.filter((e) => e.type === 'content_reviewed').map((e) => e.payload)
}

needs(...REVIEW)('the area officer passes a flagged photo and the 联户长 then sees it', async () => {
  const { caseId, photoId } = await caseWithFlaggedPhoto('review-photo-1')

  // While it is under review the 联户长 does not see the photo, nor may open it.
  const before = await photosSeenBy(leader, caseId)
  expect(before.ids).not.toContain(photoId)
  expect(before.detail.querySelector('.review-pass')).toBeFalsy()
  expect(await photoStatus(leader, photoId)).toBe(404)

  const { phone, detail } = await officerOpens(caseId, photoId)
  keepForScreenshot('29b-officer-review-photo', 'cases/detail', detail)
  detail.querySelector('.review-note').dispatchEvent('input', { detail: { value: '是路灯的照片，没有问题' } })
  await simulate.sleep(0)
  await tap(detail, phone, '.review-pass')
  expect(phone.modals.map((m) => m.title)).toEqual(['确认通过？']) // the confirmation, no error
  expect(phone.lastModal().content).toContain('这张照片')
  expect(phone.toasts).toContain('已通过')
  expect(reviewPosts(phone, caseId)).toHaveLength(1)
  expect(await decisionOnTrail(caseId)).toEqual([{ decision: 'pass', media_id: photoId, note: '是路灯的照片，没有问题' }])
  expect(JSON.parse(phone.storage.get('jht.pending'))).toEqual({})
  // Reloaded: nothing left to decide, the officer still sees the photo.
  expect(detail.instance.data.reviewItems).toEqual([])
  expect(detail.querySelector('.review-pass')).toBeFalsy()
  expect(detail.instance.data.images.map((i) => i.id)).toContain(photoId)

  const after = await photosSeenBy(leader, caseId)
  expect(after.ids).toContain(photoId)
  expect(await photoStatus(leader, photoId)).toBe(200)
})

needs(...REVIEW)('the area officer keeps a flagged photo back (不予公开) and the 联户长 never sees it', async () => {
  const { caseId, photoId } = await caseWithFlaggedPhoto('review-photo-2')

  const { phone, detail } = await officerOpens(caseId, photoId)
  // 不予公开, then 再想想: nothing is sent.
  phone.modalConfirms = false
  await tap(detail, phone, '.review-uphold')
  expect(phone.lastModal().title).toBe('确认不予公开？')
  expect(phone.lastModal().content).toContain('这张照片')
  expect(reviewPosts(phone, caseId)).toHaveLength(0)
  expect(detail.instance.data.reviewItems).toHaveLength(1)

  phone.modalConfirms = true
  await tap(detail, phone, '.review-uphold')
  expect(phone.modals.map((m) => m.title)).toEqual(['确认不予公开？', '确认不予公开？']) // no error
  expect(phone.toasts).toContain('已设为不予公开')
  expect(reviewPosts(phone, caseId)).toHaveLength(1)
  expect(await decisionOnTrail(caseId)).toEqual([expect.objectContaining({ decision: 'uphold', media_id: photoId })])
  expect(detail.instance.data.reviewItems).toEqual([])
  expect(detail.querySelector('.review-uphold')).toBeFalsy()
  expect(detail.instance.data.images.map((i) => i.id)).toContain(photoId) // police still see it

  // The 联户长 sees the case but not the photo, and may not open it; the villager who took it may.
  const leaderView = await photosSeenBy(leader, caseId)
  expect(leaderView.ids).not.toContain(photoId)
  expect(await photoStatus(leader, photoId)).toBe(404)
  const ownView = await photosSeenBy(villager, caseId)
  expect(ownView.ids).toContain(photoId)
  expect(await photoStatus(villager, photoId)).toBe(200)

  // Decided for good: the server refuses a later pass.
  const asOfficer = await login(server, officer.openid)
  await expect(
    asOfficer.post(`/api/v1/cases/${caseId}/review`, { decision: 'pass', media_id: photoId }, { 'Idempotency-Key': 'review-photo-2-again' })
  ).rejects.toThrow(/409/)
})
