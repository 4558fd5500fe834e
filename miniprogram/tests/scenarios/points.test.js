// 积分制, played through the pages. The night-time domestic dispute: the duty room dispatches it to
// the 联户长 nearest the address, who accepts, arrives and feeds back (twice) on the case page; the
// server's award sweep (a periodic job every 30 s) gives the rule's 20 points once, and 我的积分
// shows +20 with its reason. She claims points for taking a neighbour to hospital — by voice, a
// photo and a few words (the first answer lost on the way back: the retry is one claim); the
// village's 村警 reads who she is and where she lives on the claim itself, plays her voice and sees
// the photo from the claim's expiring links, and approves it with 20. At
// 兑换 she picks the towel, changes her mind and cancels (the points come back), then redeems
// 洗衣粉: her code in large digits and as a QR. At the 警务室 the 村警 types the code and is told
// what to hand to whom; scanning it again shows the server's refusal. The 光荣榜 shows her with
// her name (masked to a neighbour, whole to staff, who print the PDF). A villager's claim is
// rejected with a reason she reads. A neighbour who does not type claims by voice alone.
const fs = require('fs')
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot, simulate } = require('../support/pages')

let server
const STORY = [
  'POST /api/v1/dispatches',
  'POST /api/v1/cases/{case_id}/feedback',
  'GET /api/v1/points/me',
  'GET /api/v1/points/entries',
  'POST /api/v1/points/claims',
  'GET /api/v1/points/claims',
  'POST /api/v1/points/claims/{claim_id}/approve',
  'GET /api/v1/rewards',
  'POST /api/v1/redemptions',
  'GET /api/v1/redemptions',
  'GET /api/v1/redemptions/{redemption_id}/code.png',
  'POST /api/v1/redemptions/{redemption_id}/cancel',
  'POST /api/v1/redemptions/fulfil',
  'GET /api/v1/points/leaderboard',
  'GET /api/v1/points/leaderboard.pdf',
]
const REJECT = ['POST /api/v1/points/claims', 'POST /api/v1/points/claims/{claim_id}/reject']
const BY_VOICE = ['POST /api/v1/media', 'POST /api/v1/points/claims', 'GET /api/v1/points/claims', 'POST /api/v1/points/claims/{claim_id}/approve']
const accounts = demoAccounts()
const duty = accounts.first('duty_room')
const leader = accounts.first('group_leader')
const villagePolice = accounts.byRole('village_police').find((p) => p.area === '大墅村')
const neighbour = accounts.byRole('villager').find((v) => v.area_id === leader.area_id)
// The sweep runs every 30 s from the server's start (jobs/engine.py: the next run is due 30 s
// after the last one); the worker polls every second. Waiting 75 s leaves room for a slow run.
const SWEEP_WAIT_MS = 75000
const STORY_TIMEOUT_MS = 180000

beforeAll(async () => {
  server = await startServer()
  loadPages('index', 'leader', 'cases/detail', 'points', 'points/claim', 'points/rewards', 'points/leaderboard', 'points/review', 'points/fulfil')
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

// A media link as the page uses it (<image src>, InnerAudioContext.src): no token, the link alone.
async function fetchLink(url) {
  const res = await global.nodeFetch(url, { headers: { connection: 'close' } })
  return { status: res.status, type: res.headers.get('content-type') || '', size: (await res.arrayBuffer()).byteLength }
}

const indexOf = (items, test) => {
  const i = items.findIndex(test)
  if (i < 0) throw new Error('not on the page')
  return i
}

async function waitFor(check, ms) {
  const started = Date.now()
  while (Date.now() - started < ms) {
    const value = await check()
    if (value) return { value, waited: Date.now() - started }
    await new Promise((r) => setTimeout(r, 1000))
  }
  throw new Error(`not within ${ms} ms`)
}

// Going to a page from the home page's button, as the person would.
async function fromHome(phone, selector, url) {
  const home = await openPage('index', phone)
  await tap(home, phone, selector)
  expect(phone.lastNavigation()).toBe(url)
  return home
}

const story = {}

needs(...STORY)(
  'the 联户长 who calms a dispatched domestic dispute earns 20 points once, claims more, redeems 洗衣粉, is handed it once, and is on the 光荣榜',
  async () => {
    // -- the duty room dispatches the call to the 联户长 nearest the address ------------------
    const asLeader = await login(server, leader.openid)
    const me = await asLeader.get('/api/v1/me')
    const home = await asLeader.get(`/api/v1/households/${me.memberships[0].household_id}`)
    const asDuty = await login(server, duty.openid)
    const dispatched = await asDuty.post(
      '/api/v1/dispatches',
      { kind: 'dispute', summary: '110转来：夫妻深夜争吵，丈夫摔东西，邻居报警', location: { lat: home.lat, lng: home.lng, address: '大墅自然村' } },
      { 'Idempotency-Key': 'points-dispatch-1' }
    )
    expect(dispatched.assignee.name).toBe(leader.name)
    story.number = dispatched.number

    // -- she accepts, arrives and feeds back from her workbench (and adds a word later) -------
    const leaderPhone = new Phone(server, leader.openid)
    const bench = await openPage('leader', leaderPhone)
    await tap(bench, leaderPhone, '.incident', indexOf(bench.instance.data.incidents, (i) => i.id === dispatched.id))
    expect(leaderPhone.lastNavigation()).toBe(`/pages/cases/detail?id=${dispatched.id}`)
    const handling = await openPage('cases/detail', leaderPhone, { id: dispatched.id })
    await tap(handling, leaderPhone, '.accept')
    await tap(handling, leaderPhone, '.arrive')
    for (const words of ['已劝开双方，丈夫已道歉，情绪稳定', '第二天上门看过，两人和好']) {
      await tap(handling, leaderPhone, '.open-feedback')
      await type(handling, '.note', words)
      await tap(handling, leaderPhone, '.send-feedback')
      expect(leaderPhone.modals).toEqual([])
    }

    // -- the award sweep (a periodic job on the server's worker) ------------------------------
    const { waited } = await waitFor(async () => (await asLeader.get('/api/v1/points/me')).balance > 0, SWEEP_WAIT_MS)
    console.log(`award sweep: the 20 points arrived ${Math.round(waited / 1000)} s after the feedback`)

    await fromHome(leaderPhone, '.to-points', '/pages/points/points')
    const mine = await openPage('points', leaderPhone)
    expect(mine.instance.data.balance).toBe(20)
    const entries = mine.instance.data.entries
    expect(entries).toHaveLength(1) // two feedbacks, one award (一案一奖)
    expect(entries[0]).toMatchObject({ name: '接警到场并反馈', points: '+20' })
    expect(entries[0].reason).toContain(`接警到场处置纠纷并反馈（${story.number}）`)
    expect(text(mine)).toContain('本月已得 20 分，还可得 280 分（每月最多 300 分）')
    expect(mine.instance.data.kinds.find((k) => k.key === 'dispatch_feedback').line).toBe('已得 20 分，还可得 180 分')
    expect(mine.instance.data.household).toEqual({ balance: 20 })
    keepForScreenshot('50-points-after-dispatch', 'points', mine)

    // -- 申报积分: the first answer is lost; the retry sends the same key -----------------------
    await tap(mine, leaderPhone, '.to-claim')
    expect(leaderPhone.lastNavigation()).toBe('/pages/points/claim')
    const claim = await openPage('points/claim', leaderPhone)
    const words = '夜里邻居胡奶奶发高烧，我开车送她去镇卫生院'
    await holdToTalk(claim, leaderPhone)
    expect(leaderPhone.recorder().started).toMatchObject({ format: 'mp3' }) // after her press only
    await type(claim, '.claim-text', words)
    await tap(claim, leaderPhone, '.add-photo')
    await tap(claim, leaderPhone, '.day', 1) // 昨天
    expect(claim.instance.data.photos).toHaveLength(1)
    expect(claim.instance.data.voices).toHaveLength(1)
    keepForScreenshot('51-claim-filled', 'points/claim', claim)
    leaderPhone.dropResponses = 1
    await tap(claim, leaderPhone, '.send')
    expect(leaderPhone.lastModal().content).toContain('网络恢复后会自动重新提交')
    expect(text(claim)).toContain('重新提交')
    await tap(claim, leaderPhone, '.send')
    expect(text(claim)).toContain('申报已提交')
    const claims = (await asLeader.get('/api/v1/points/claims?scope=mine')).items.filter((c) => c.text === words)
    expect(claims).toHaveLength(1)
    expect(claims[0].media_ids).toHaveLength(2)
    expect(claims[0].media.map((m) => m.kind).sort()).toEqual(['image', 'voice'])
    expect(claims[0].happened_on).toBe(claim.instance.data.days[1].value)
    expect(claim.instance.data.claims[0].outcome).toBe('等待村警或民警审核')
    keepForScreenshot('52-claim-sent', 'points/claim', claim)

    // -- the village's 村警 approves it with 20 points ----------------------------------------
    const policePhone = new Phone(server, villagePolice.openid)
    await fromHome(policePhone, '.to-review', '/pages/points/review')
    const review = await openPage('points/review', policePhone)
    const row = indexOf(review.instance.data.claims, (c) => c.id === claims[0].id)
    const shown = review.instance.data.claims[row]
    expect(shown).toMatchObject({ name: leader.name, text: words, pending: true })
    // On the claim itself: the village, and the address (alone when it already names the village).
    expect(shown.place).toBe(home.address.includes(villagePolice.area) ? home.address : `${villagePolice.area} · ${home.address}`)
    // Nothing fetched besides the claims: no household read, no media downloaded with the token.
    expect(policePhone.requests.filter((r) => /\/households\/|\/api\/v1\/media\//.test(r.url))).toEqual([])
    expect(shown.images).toHaveLength(1)
    const photo = await fetchLink(shown.images[0].url)
    expect(photo.status).toBe(200)
    expect(photo.type).toMatch(/^image\//)
    expect(shown.sounds).toHaveLength(1)
    await tap(review, policePhone, '.sound', indexOf(review.instance.data.claims.flatMap((c) => c.sounds.map(() => c.id)), (id) => id === shown.id))
    expect(policePhone.played).toBe(shown.sounds[0].url)
    expect((await fetchLink(shown.sounds[0].url)).type).toMatch(/^audio\//)
    await tap(review, policePhone, '.pts', 2 + row * 5) // 20 分 (five choices per claim)
    expect(review.instance.data.claims[row].pts).toBe(20)
    keepForScreenshot('53-review-claim', 'points/review', review)
    await tap(review, policePhone, '.approve', row)
    expect(policePhone.lastModal()).toEqual({ title: '通过申报', content: expect.stringContaining(`给${leader.name}记 20 分`) })
    expect(policePhone.toasts).toContain('已通过，记 20 分')
    expect(review.instance.data.claims.map((c) => c.id)).not.toContain(claims[0].id)
    expect(await asLeader.get(`/api/v1/points/claims/${claims[0].id}`)).toMatchObject({ status: 'approved', points: 20 })

    // -- 兑换: the towel first (then cancelled), then 洗衣粉 ----------------------------------
    await fromHome(leaderPhone, '.to-rewards', '/pages/points/rewards')
    const shop = await openPage('points/rewards', leaderPhone)
    expect(shop.instance.data.available).toMatchObject({ mine: 40, head: true }) // she heads her household
    const names = shop.instance.data.rewards.map((r) => r.name)
    ;['洗衣粉', '毛巾', '大米', '食用油', '体检券'].forEach((goods) => expect(names.some((n) => n.includes(goods))).toBe(true))
    keepForScreenshot('54-rewards-catalogue', 'points/rewards', shop)
    const towel = indexOf(shop.instance.data.rewards, (r) => r.name.includes('毛巾'))
    await tap(shop, leaderPhone, '.redeem', towel)
    expect(leaderPhone.lastModal().content).toContain(`我的积分 20 分兑换「${shop.instance.data.rewards[towel].name}」`)
    expect(shop.instance.data.codes).toHaveLength(1)
    await tap(shop, leaderPhone, '.cancel', 0)
    expect(leaderPhone.lastModal().content).toContain('20 分会退回')
    expect(shop.instance.data.codes).toHaveLength(0)
    expect(shop.instance.data.history[0].statusName).toBe('已取消')
    expect(shop.instance.data.available.mine).toBe(40)

    const soap = indexOf(shop.instance.data.rewards, (r) => r.name.includes('洗衣粉'))
    const soapName = shop.instance.data.rewards[soap].name
    await tap(shop, leaderPhone, '.redeem', soap)
    expect(leaderPhone.lastModal()).toEqual({ title: '确认兑换', content: expect.stringContaining(`我的积分 30 分兑换「${soapName}」`) })
    const [code] = shop.instance.data.codes
    expect(code).toMatchObject({ reward: soapName, points: 30 })
    expect(code.code).toMatch(/^\d{10}$/)
    expect(text(shop)).toContain(code.codeShown)
    // The QR came from code.png with her token, to a local file the page shows.
    expect(fs.readFileSync(code.qr).subarray(1, 4).toString()).toBe('PNG')
    expect(shop.instance.data.available.mine).toBe(10)
    const rice = indexOf(shop.instance.data.rewards, (r) => r.name.includes('大米'))
    expect(shop.instance.data.rewards[rice].enough).toBe(false)
    const asked = leaderPhone.requests.length
    await tap(shop, leaderPhone, '.redeem', rice)
    expect(leaderPhone.requests.length).toBe(asked) // 积分不够: said on the phone, nothing sent
    expect(leaderPhone.toasts[leaderPhone.toasts.length - 1]).toBe('积分不够：要 80 分，可用 10 分')
    keepForScreenshot('55-my-code', 'points/rewards', shop)

    // -- 兑换核销 at the 警务室: typed, then the same code scanned again --------------------------
    await fromHome(policePhone, '.to-fulfil', '/pages/points/fulfil')
    const desk = await openPage('points/fulfil', policePhone)
    await type(desk, '.code-input', code.codeShown) // read out in groups: "809 560 2349"
    await tap(desk, policePhone, '.send')
    expect(desk.instance.data.handed).toMatchObject({ person: leader.name, reward: soapName, points: 30, status: 'fulfilled' })
    expect(text(desk)).toContain(`请交给 ${leader.name}`)
    expect(desk.instance.data.today.map((r) => r.id)).toContain(code.id)
    keepForScreenshot('56-fulfil-handed', 'points/fulfil', desk)
    const modals = policePhone.modals.length
    policePhone.scanned = code.code
    await tap(desk, policePhone, '.scan')
    expect(policePhone.modals).toHaveLength(modals + 1)
    const refusal = policePhone.lastModal().content
    expect(refusal).toMatch(new RegExp(`已于.*由${villagePolice.name}核销.*不能再次核销`))
    expect(desk.instance.data.refused).toBe(refusal)
    expect(desk.instance.data.handed).toBe(null)
    keepForScreenshot('57-fulfil-refused', 'points/fulfil', desk)

    const after = await openPage('points/rewards', leaderPhone)
    expect(after.instance.data.codes).toHaveLength(0)
    expect(after.instance.data.history[0]).toMatchObject({ reward: soapName, statusName: '已领取', fulfilledBy: villagePolice.name })

    // -- 我的积分 again: still one award for the dispatch, whatever the sweeps since ------------
    const ledger = await openPage('points', leaderPhone)
    expect(ledger.instance.data.balance).toBe(10)
    expect(ledger.instance.data.entries.map((e) => e.points)).toEqual(['−30', '+20', '−20', '+20', '+20'])
    expect(ledger.instance.data.entries.filter((e) => e.reason.includes(story.number))).toHaveLength(1)

    // -- 光荣榜: her own name to her, masked to a neighbour, whole to staff (and the PDF) -------
    await tap(ledger, leaderPhone, '.to-board')
    expect(leaderPhone.lastNavigation()).toBe('/pages/points/leaderboard')
    const board = await openPage('points/leaderboard', leaderPhone)
    expect(board.instance.data.label).toMatch(/^\d{4}年第.季度$/)
    const [first] = board.instance.data.groups
    expect(first).toMatchObject({ name: leader.area, mine: true })
    expect(first.entries[0]).toMatchObject({ rank: 1, name: leader.name, points: 40, me: true }) // earnings only
    keepForScreenshot('58-leaderboard-leader', 'points/leaderboard', board)
    await tap(board, leaderPhone, '.period', 1)
    expect(board.instance.data.label).toMatch(/^\d{4}年度$/)
    expect(board.instance.data.groups[0].entries[0]).toMatchObject({ name: leader.name, points: 40 })
    expect(board.querySelector('.print')).toBeFalsy()

    const neighbourPhone = new Phone(server, neighbour.openid)
    await fromHome(neighbourPhone, '.to-points', '/pages/points/points')
    const seen = await openPage('points/leaderboard', neighbourPhone)
    const her = seen.instance.data.groups.find((g) => g.name === leader.area).entries[0]
    expect(her.name).toBe(leader.name[0] + '*'.repeat(leader.name.length - 1))

    const staffBoard = await openPage('points/leaderboard', policePhone)
    expect(staffBoard.instance.data.groups[0].entries[0]).toMatchObject({ name: leader.name, points: 40, me: false })
    keepForScreenshot('59-leaderboard-staff', 'points/leaderboard', staffBoard)
    await tap(staffBoard, policePhone, '.print')
    expect(policePhone.documents).toHaveLength(1)
    expect(fs.readFileSync(policePhone.documents[0].filePath).subarray(0, 5).toString()).toBe('%PDF-')
  },
  STORY_TIMEOUT_MS
)

needs(...REJECT)('a claim the 村警 rejects shows the villager the reason', async () => {
  const asNeighbour = await login(server, neighbour.openid)
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const claim = await asNeighbour.post('/api/v1/points/claims', { text: '帮村里打扫了文化礼堂', happened_on: today }, { 'Idempotency-Key': 'points-claim-n1' })

  const policePhone = new Phone(server, villagePolice.openid)
  const review = await openPage('points/review', policePhone)
  const row = indexOf(review.instance.data.claims, (c) => c.id === claim.id)
  expect(review.instance.data.claims[row].name).toBe(neighbour.name)
  policePhone.modalText = '' // an empty reason is not sent
  await tap(review, policePhone, '.reject', row)
  expect(policePhone.toasts[policePhone.toasts.length - 1]).toBe('请写明不通过的原因')
  expect((await asNeighbour.get(`/api/v1/points/claims/${claim.id}`)).status).toBe('pending')
  policePhone.modalText = '文化礼堂是村里安排的保洁员打扫的，已按保洁工作记录'
  await tap(review, policePhone, '.reject', row)
  expect(review.instance.data.claims.map((c) => c.id)).not.toContain(claim.id)

  // It is under 未通过 now, with the reason.
  await tap(review, policePhone, '.status', 2)
  const decided = review.instance.data.claims.find((c) => c.id === claim.id)
  expect(decided.outcome).toBe('未通过：文化礼堂是村里安排的保洁员打扫的，已按保洁工作记录')

  const phone = new Phone(server, neighbour.openid)
  const mine = await openPage('points/claim', phone)
  expect(text(mine)).toContain('未通过：文化礼堂是村里安排的保洁员打扫的')
  keepForScreenshot('60-claim-rejected', 'points/claim', mine)
})

needs(...BY_VOICE)('a neighbour who does not type claims by voice alone; the 村警 plays it and approves', async () => {
  const phone = new Phone(server, neighbour.openid)
  const claim = await openPage('points/claim', phone)
  const asked = phone.requests.length
  await tap(claim, phone, '.send')
  expect(phone.toasts[phone.toasts.length - 1]).toBe('请说一段话、拍张照片或写几个字')
  expect(phone.requests.length).toBe(asked) // nothing sent
  await holdToTalk(claim, phone)
  expect(claim.instance.data.voices).toHaveLength(1)
  await tap(claim, phone, '.send')
  expect(text(claim)).toContain('申报已提交')
  const [mine] = claim.instance.data.claims
  expect(mine).toMatchObject({ text: '（语音、照片申报）', brought: '语音 1 段', outcome: '等待村警或民警审核' })
  expect(mine.sounds).toHaveLength(1)

  const policePhone = new Phone(server, villagePolice.openid)
  const review = await openPage('points/review', policePhone)
  const row = indexOf(review.instance.data.claims, (c) => c.id === mine.id)
  const shown = review.instance.data.claims[row]
  expect(shown).toMatchObject({ name: neighbour.name, text: '', summary: '语音、照片申报', images: [] })
  expect(shown.sounds).toHaveLength(1)
  expect(review.querySelectorAll('.claim-text')).toHaveLength(review.instance.data.claims.filter((c) => c.text).length)
  await tap(review, policePhone, '.approve', row)
  expect(policePhone.lastModal().content).toContain(`给${neighbour.name}记 10 分？（语音、照片申报）`)
  expect(policePhone.toasts).toContain('已通过，记 10 分')
  const entries = await (await login(server, neighbour.openid)).get('/api/v1/points/entries')
  expect(entries.items.filter((e) => e.reason.includes('申报经审核通过：（1段语音）'))).toHaveLength(1)
})
