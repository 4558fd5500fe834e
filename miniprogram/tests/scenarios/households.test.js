// 一户一码: a newcomer scans the door-plate code, the 联户长 approves on their workbench.
const { startServer, demoAccounts } = require('../support/server')
const { Phone } = require('../support/phone')
const { needs } = require('../support/offers')
const { login } = require('../support/http')
const { loadPages, openPage, tap, text, keepForScreenshot } = require('../support/pages')

let server
// What these scenarios need from the server (skipped, with the reason, when it lacks any).
const JOINING = [
  'POST /api/v1/households/bind',
  'GET /api/v1/households/{household_id}/code',
  'POST /api/v1/memberships/{membership_id}/approve',
]
const accounts = demoAccounts()
const leader = accounts.first('group_leader')
// A demo villager living in the 联户长's micro-grid: their household's code is the one scanned.
const neighbour = accounts.byRole('villager').find((v) => v.area_id === leader.area_id)

beforeAll(async () => {
  server = await startServer()
  loadPages('join', 'leader', 'index')
})
afterAll(() => server && server.stop())

async function sceneOfNeighbourHousehold() {
  const me = await (await login(server, neighbour.openid)).get('/api/v1/me')
  const householdId = me.memberships[0].household_id
  const asLeader = await login(server, leader.openid)
  const code = await asLeader.get(`/api/v1/households/${householdId}/code`)
  return { scene: code.scene, address: me.memberships[0].household.address }
}


needs(...JOINING)('a newcomer scans a household code, asks to join, and the 联户长 approves it', async () => {
  const { scene, address } = await sceneOfNeighbourHousehold()

  const newcomer = new Phone(server, 'mp-test-newcomer-1')
  // WeChat hands the scanned scene over URL-encoded.
  const join = await openPage('join', newcomer, { scene: encodeURIComponent(scene) })
  expect(text(join)).toContain('已扫到门牌码')
  await tap(join, newcomer, '.relation', 2) // 子女
  await tap(join, newcomer, '.send')
  expect(newcomer.modals).toEqual([])
  expect(text(join)).toContain('等待联户长审核')
  expect(text(join)).toContain(address)
  keepForScreenshot('04-join-pending', 'join', join)
  await tap(join, newcomer, '.notify-me')
  expect(newcomer.subscribeRequests).toEqual([['tmpl_membership']])
  expect(text(join)).toContain('审核有结果时会通过微信通知您')

  const leaderPhone = new Phone(server, leader.openid)
  const bench = await openPage('leader', leaderPhone)
  const requests = bench.instance.data.requests
  expect(requests.map((r) => r.address)).toContain(address)
  expect(text(bench)).toContain('（子女）')
  keepForScreenshot('05-leader-workbench', 'leader', bench)
  const index = requests.findIndex((r) => r.address === address)
  await tap(bench, leaderPhone, '.approve', index)
  expect(leaderPhone.modals).toEqual([])
  expect(bench.instance.data.requests.map((r) => r.address)).not.toContain(address)
  expect(text(bench)).toContain('已同意')

  const home = await openPage('index', newcomer)
  expect(text(home)).toContain(`我的家：${address}`)
  expect(text(home)).not.toContain('还没有加入家庭')
})

needs(...JOINING)('a typed code that does not exist is refused with the server’s reason in Chinese', async () => {
  const phone = new Phone(server, 'mp-test-newcomer-2')
  const join = await openPage('join', phone)
  join.querySelector('.code-input').dispatchEvent('input', { detail: { value: 'hNOSUCHCODE000000000000' } })
  await tap(join, phone, '.relation', 0)
  await tap(join, phone, '.send')
  expect(phone.lastModal().content).toMatch(/[\u4e00-\u9fa5]/)
  expect(text(join)).toContain('申请加入')
  keepForScreenshot('03-join-typed', 'join', join)
})
